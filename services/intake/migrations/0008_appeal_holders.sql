-- The executive bodies that held each appeal, learnt from routing's events
-- (AppealRouted, AppealRerouted, AppealNeedsManualRouting), never from a
-- caller: who may read the appeal as the body considering it (Art. 10: the
-- information goes to those who resolve the case). One row per event that
-- changed the holder; held_until is NULL for the current one.
CREATE TABLE appeal_holders (
  id           bigserial PRIMARY KEY,
  appeal_id    uuid NOT NULL,
  -- NULL: no body held it then (it waited in routing's manual queue).
  executor_id  text,
  held_from    timestamptz NOT NULL,
  held_until   timestamptz,
  -- The routing event that handed it over: replaying routing's log adds
  -- nothing twice.
  event_id     text NOT NULL UNIQUE
);
CREATE INDEX appeal_holders_appeal ON appeal_holders (appeal_id, held_from, id);
-- At most one current holder per appeal.
CREATE UNIQUE INDEX appeal_holders_current ON appeal_holders (appeal_id) WHERE held_until IS NULL;
