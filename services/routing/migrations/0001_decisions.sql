-- Every routing decision, and the appeals waiting for a supervisor.

CREATE TABLE routing_decisions (
  appeal_id            uuid PRIMARY KEY,
  registration_number  text NOT NULL,
  outcome              smallint NOT NULL,          -- routing.v1.RoutingOutcome
  executor_id          text,                       -- NULL when manual routing is needed
  rule_id              text,
  reason               text NOT NULL,
  kind                 smallint NOT NULL,
  topic_code           text NOT NULL,
  territory_code       text NOT NULL,
  received_at          timestamptz NOT NULL,
  decided_at           timestamptz NOT NULL,
  CHECK ((outcome = 1) = (executor_id IS NOT NULL))
);

-- Appeals no rule covers, oldest first, until a supervisor assigns them.
CREATE TABLE manual_routing_queue (
  appeal_id  uuid PRIMARY KEY REFERENCES routing_decisions (appeal_id),
  reason     text NOT NULL,
  queued_at  timestamptz NOT NULL
);
CREATE INDEX manual_routing_queue_oldest ON manual_routing_queue (queued_at, appeal_id);
