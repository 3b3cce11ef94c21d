-- Re-routing: bodies that declined an appeal as not within their competence
-- (never chosen again for it), and the log of every hand-over.
CREATE TABLE routing_declines (
  appeal_id    uuid NOT NULL REFERENCES routing_decisions (appeal_id),
  executor_id  text NOT NULL,
  reason       text NOT NULL,
  declined_at  timestamptz NOT NULL,
  PRIMARY KEY (appeal_id, executor_id)
);

CREATE TABLE routing_handovers (
  id                bigserial PRIMARY KEY,
  appeal_id         uuid NOT NULL REFERENCES routing_decisions (appeal_id),
  from_executor_id  text NOT NULL,
  to_executor_id    text,            -- NULL: queued for a supervisor
  rule_id           text,            -- NULL when a supervisor chose, or nobody did
  reason            text NOT NULL,
  handed_at         timestamptz NOT NULL
);
CREATE INDEX routing_handovers_by_appeal ON routing_handovers (appeal_id, id);

ALTER TABLE manual_routing_queue
  -- The body that had the appeal before it came back (declined), if any.
  ADD COLUMN previous_executor_id text;
