-- Spikes of appeals the daily detection found (src/detect, src/spike_detection.*),
-- for an analyst to confirm or dismiss; a confirmed one is what the oblast
-- administration is told about. Codes and counts only, like the rest of
-- the projection; the decision's reason is the analyst's own text about
-- the signal.
CREATE TABLE spike_signals (
  signal_id       uuid PRIMARY KEY,
  method          smallint NOT NULL,        -- SignalMethod
  topic_code      text NOT NULL,
  territory_codes text[] NOT NULL,          -- sorted; empty: the whole oblast
  detected_on     date NOT NULL,            -- the Kyiv day analysed
  first_day       date NOT NULL,
  observed        bigint NOT NULL,
  expected        double precision NOT NULL,
  statistic       double precision NOT NULL,
  p_value         double precision NOT NULL,
  recurrence_days double precision NOT NULL,
  status          smallint NOT NULL,        -- SignalStatus
  created_at      timestamptz NOT NULL,
  decided_by      text,
  decided_at      timestamptz,
  decision_reason text,
  UNIQUE (method, topic_code, territory_codes, detected_on)
);
-- ListSignals: newest first, by status.
CREATE INDEX spike_signals_listing ON spike_signals (created_at DESC, signal_id DESC);
CREATE INDEX spike_signals_status ON spike_signals (status, created_at DESC);

-- Every decision, with who, when and why (the audit; a signal is decided
-- once, so this is one row a signal today).
CREATE TABLE spike_signal_decisions (
  signal_id  uuid NOT NULL REFERENCES spike_signals,
  status     smallint NOT NULL,
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL,
  reason     text NOT NULL,
  PRIMARY KEY (signal_id, decided_at)
);

-- The days analysed, so the hourly job analyses each day once whatever
-- the number of replicas.
CREATE TABLE spike_detection_runs (
  day     date PRIMARY KEY,
  ran_at  timestamptz NOT NULL,
  signals integer NOT NULL
);
