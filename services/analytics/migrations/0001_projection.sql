-- analytics' projection of intake's, routing's and tracking's events. It is
-- de-identified: no name, address, phone, e-mail or essence, only the
-- classifier items the reports count. Each producer fills its own tables
-- (so one producer's log can be replayed without touching the others'),
-- and each table carries the Kyiv day of receipt and the territory, so a
-- report over a period reads each table alone, without joins.

-- intake: one row per registered appeal, whatever its status.
CREATE TABLE appeal_facts (
  appeal_id             uuid PRIMARY KEY,
  status                smallint NOT NULL,   -- intake.v1.AppealStatus
  not_considered_reason smallint NOT NULL,   -- intake.v1.NotConsideredReason
  received_at           timestamptz NOT NULL,
  received_day          date NOT NULL,       -- Kyiv date of receipt
  kind                  smallint NOT NULL,
  form                  smallint NOT NULL,
  channel               smallint NOT NULL,
  subject               smallint NOT NULL,
  signatories           integer NOT NULL,
  attribute             smallint NOT NULL,
  sex                   smallint NOT NULL,
  social_status         smallint NOT NULL,
  author_categories     smallint[] NOT NULL,
  topic_code            text NOT NULL,       -- the main topic (routing's)
  topic_codes           text[] NOT NULL,     -- every topic: main, then additional
  territory_code        text NOT NULL
);
CREATE INDEX appeal_facts_day ON appeal_facts (received_day, territory_code);

-- routing: appeals forwarded to an executive body (counted once however
-- often re-routed).
CREATE TABLE routing_facts (
  appeal_id         uuid PRIMARY KEY,
  received_day      date NOT NULL,
  territory_code    text NOT NULL,
  first_executor_id text NOT NULL,
  executor_id       text NOT NULL,            -- the latest
  routed_at         timestamptz NOT NULL,
  reroutes          integer NOT NULL DEFAULT 0
);
CREATE INDEX routing_facts_day ON routing_facts (received_day, territory_code);

-- tracking: the case of each appeal (one per appeal; a re-routed case moves
-- to the new body). statutory_control_date is the last day of the
-- statutory term (Art. 20, with a lawful extension), never a rework term.
CREATE TABLE case_facts (
  appeal_id              uuid PRIMARY KEY,
  case_id                uuid NOT NULL UNIQUE,
  received_at            timestamptz NOT NULL,
  received_day           date NOT NULL,
  territory_code         text NOT NULL,
  topic_code             text NOT NULL,
  executor_id            text NOT NULL,
  status                 smallint NOT NULL,     -- tracking.v1.CaseStatus
  statutory_control_date date NOT NULL,
  extended               boolean NOT NULL DEFAULT false,
  first_answered_at      timestamptz,
  first_answer_day       date,                  -- Kyiv date of the first answer
  days_to_answer         double precision,      -- receipt to first answer
  result                 smallint NOT NULL DEFAULT 0,  -- tracking.v1.CaseResult, at closing
  reworks                integer NOT NULL DEFAULT 0
);
CREATE INDEX case_facts_day ON case_facts (received_day, territory_code);

-- tracking: a body declined a case as not within its competence.
CREATE TABLE case_declines (
  position       bigint PRIMARY KEY,   -- tracking's log position
  appeal_id      uuid NOT NULL,
  executor_id    text NOT NULL,
  received_day   date NOT NULL,
  territory_code text NOT NULL
);
CREATE INDEX case_declines_day ON case_declines (received_day);

-- The directory's bodies and their parents (from the reference data), for
-- names and the parent's totals.
CREATE TABLE executors (
  executor_id text PRIMARY KEY,
  parent_id   text NOT NULL,
  name        text NOT NULL
);
