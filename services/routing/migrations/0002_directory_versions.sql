-- The directory of executive bodies and the competence rules, as versions:
-- each import is checked whole and swapped in by closing the version in
-- force (valid_to) and opening the next, in one transaction. A decision
-- records the version it was taken by, so it stays explainable.
CREATE TABLE directory_versions (
  version        bigserial PRIMARY KEY,
  valid_from     timestamptz NOT NULL,
  valid_to       timestamptz,                 -- NULL for the version in force
  executors_csv  text NOT NULL,
  rules_csv      text NOT NULL,
  source         text NOT NULL,               -- who or what imported it
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
-- At most one version in force.
CREATE UNIQUE INDEX directory_versions_in_force ON directory_versions ((true))
  WHERE valid_to IS NULL;

ALTER TABLE routing_decisions
  ADD COLUMN directory_version bigint REFERENCES directory_versions (version),
  -- The whole RoutingDecision (candidates and all), as GetRoutingDecision shows it.
  ADD COLUMN decision bytea,
  -- intake's AppealRegistered, for what later hand-overs need to carry.
  ADD COLUMN registered bytea;

ALTER TABLE manual_routing_queue
  -- Set once the 5-day forwarding term (Art. 7) has been reported missed.
  ADD COLUMN overdue_reported_at timestamptz;
