-- Notices to applicants (issue 17): an outbox written in the transaction of
-- their cause (registration, a supervisor's decision, routing's or
-- tracking's event) and sent by the periodic job "notice_delivery" at least
-- once, with retries and backoff. No personal data here: the address is
-- read from `appeals` when a notice is sent, and the text is rendered from
-- the templates then.

-- The channel each appeal's notices take, resolved at registration from the
-- applicant's choice and contacts (AppealCard.notice_channel): 1 e-mail,
-- 2 SMS, 3 post (the mail room's letter batch). No row: no contact at all,
-- so nothing can be sent.
CREATE TABLE notice_channels (
  appeal_id  uuid PRIMARY KEY REFERENCES appeals (id),
  channel    smallint NOT NULL CHECK (channel IN (1, 2, 3))
);

CREATE TABLE notices (
  -- Deduplicates delivery: the e-mail's Message-ID and the SMS gateway's
  -- client reference are made of it, so a retry is the same message.
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  appeal_id        uuid NOT NULL REFERENCES appeals (id),
  kind             smallint NOT NULL,   -- intake.v1.NoticeKind
  -- What caused it: "registration", "decision", or the routing or tracking
  -- event's id. A replayed event adds nothing.
  cause            text NOT NULL,
  channel          smallint NOT NULL,   -- intake.v1.NoticeChannel
  -- The placeholders that are not personal (body, reason, new term), as
  -- text; the number and the date come from the appeal.
  body_name        text,
  reason           text,
  new_term         date,
  created_at       timestamptz NOT NULL,
  -- The last day (Kyiv) the law gives to send it; NULL when none.
  due_date         date,
  status           smallint NOT NULL DEFAULT 1,  -- intake.v1.NoticeStatus
  attempts         integer NOT NULL DEFAULT 0,
  -- When it may be tried next (a claim moves it past the send timeout, so
  -- two senders never send it at once, and a sender that died mid-send
  -- leaves it to be retried).
  next_attempt_at  timestamptz NOT NULL,
  last_error       text,
  sent_at          timestamptz,
  -- A letter's outgoing number, given when it enters the mail room's batch.
  outgoing_number  text UNIQUE,
  UNIQUE (appeal_id, kind, cause)
);
CREATE INDEX notices_due ON notices (next_attempt_at) WHERE status = 1;
CREATE INDEX notices_failed ON notices (created_at, id) WHERE status = 3;
CREATE INDEX notices_appeal ON notices (appeal_id, created_at);
CREATE INDEX notices_letters ON notices (sent_at) WHERE outgoing_number IS NOT NULL;

-- The per-year counter of the letters' outgoing numbers.
CREATE TABLE notice_letter_numbers (
  year  integer PRIMARY KEY,
  last  bigint NOT NULL
);

-- The last statutory term tracking told for each appeal (CaseOpened,
-- CaseStatusChanged): a later one is the head's extension (Art. 20), which
-- the applicant is told of; an earlier one (the applicant's own shortening)
-- is not.
CREATE TABLE notice_case_terms (
  appeal_id     uuid PRIMARY KEY,
  control_date  date NOT NULL
);
