-- The producer's side of retention (issue 14 item 5): each durable consumer
-- of this service's log, as its principal (the authenticated service) and
-- the name it subscribes with (one service may keep two cursors), and the
-- last position it has said it applied. The pruner keeps every event above
-- the lowest applied_position here; a consumer that is gone for good is
-- forgotten by deleting its row (libs/eventlog README, "Retention").
CREATE TABLE event_consumers (
  principal        text NOT NULL,
  consumer         text NOT NULL,
  applied_position bigint NOT NULL CHECK (applied_position >= 0),
  reported_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, consumer)
);
