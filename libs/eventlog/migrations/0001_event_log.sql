-- The transactional outbox and the consumers' cursors, in every service's
-- own database.
--
-- A producer inserts events with position NULL in the same transaction as
-- the change they describe. Its sequencer then numbers committed rows, one
-- batch at a time under an advisory lock, in its own transaction: positions
-- become visible only in order, with no gaps, so a reader asking for
-- "position > cursor" can never pass over an event that commits later. (A
-- sequence taken inside the writers' transactions would commit out of order.)
CREATE TABLE event_log (
  id           bigserial PRIMARY KEY,   -- insertion order, not delivery order
  position     bigint UNIQUE,           -- delivery order: 1, 2, 3, ...
  event_id     uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  aggregate_id text NOT NULL,
  type_url     text NOT NULL,
  payload      bytea NOT NULL,
  occurred_at  timestamptz NOT NULL
);
CREATE INDEX event_log_unsequenced ON event_log (id) WHERE position IS NULL;

-- One row per producer this service consumes: the last position applied,
-- moved in the same transaction as the effect of the event.
CREATE TABLE event_cursors (
  producer   text PRIMARY KEY,
  position   bigint NOT NULL DEFAULT 0 CHECK (position >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
