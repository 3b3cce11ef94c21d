-- Cards from the Government Contact Center, what we send back, and the audit
-- of every personal-data transfer. See services/exchange/README.md.

-- One row per card number: the idempotency key of the whole exchange.
CREATE TABLE cards (
  card_number          text PRIMARY KEY,
  -- received: registration with intake to come; registered; rejected (kept
  -- for an operator); returned (outside the oblast's competence, Art. 7).
  state                text NOT NULL
                       CHECK (state IN ('received', 'registered', 'rejected', 'returned')),
  -- The card as received (personal data): kept only while it is needed,
  -- i.e. until intake holds it (then NULL) or while an operator must fix it.
  card                 bytea,
  -- The answer PushCard gave (no personal data), repeated to a redelivery.
  response             bytea,
  appeal_id            uuid UNIQUE,
  registration_number  text,
  registration_date    date,
  -- "Вирішити до" of the card.
  resolve_by           date,
  received_at          timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  -- The next status message's sequence number (1, 2, ...).
  next_sequence        bigint NOT NULL DEFAULT 1,
  -- The last status queued for it, and whether that status is final.
  last_code            smallint NOT NULL DEFAULT 0,
  final                boolean NOT NULL DEFAULT false,
  -- The control date last sent (to tell an extension from a note).
  control_date         date,
  executor_id          text
);
CREATE INDEX cards_pending ON cards (received_at) WHERE state = 'received';
CREATE INDEX cards_rejected ON cards (received_at) WHERE state = 'rejected';

-- Status messages to the other side, in order per card: the outbox. A row
-- is written in the same transaction as the change (and the consumer's
-- cursor) it reports.
CREATE TABLE status_outbox (
  card_number      text NOT NULL REFERENCES cards (card_number),
  sequence         bigint NOT NULL,
  code             smallint NOT NULL,
  -- The StatusUpdate as queued (no applicant data; an answer's text is read
  -- from tracking when it is sent).
  update           bytea NOT NULL,
  -- pending, delivered, dead (after the retry budget or a refusal).
  state            text NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  last_error       text,
  created_at       timestamptz NOT NULL,
  delivered_at     timestamptz,
  dead_at          timestamptz,
  receipt_id       text,
  PRIMARY KEY (card_number, sequence)
);
CREATE INDEX status_outbox_pending ON status_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX status_outbox_dead ON status_outbox (dead_at) WHERE state = 'dead';

-- Every transfer of personal data, either way: which card, which fields,
-- when, and where to or from.
CREATE TABLE personal_data_transfers (
  id           bigserial PRIMARY KEY,
  card_number  text NOT NULL,
  -- from_gcc (a card in), to_intake (registered), to_gcc (a status out).
  direction    text NOT NULL CHECK (direction IN ('from_gcc', 'to_intake', 'to_gcc')),
  fields       text[] NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX personal_data_transfers_card ON personal_data_transfers (card_number, at);
