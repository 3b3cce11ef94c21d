-- Issue 10: free text leaves intake only through its audited GetAppeal.
-- AppealRegistered no longer carries masked_essence (field 18, reserved), and
-- the copies of the event routing kept in its decisions lose it too. Routing
-- never read it: it keeps the event for what a hand-over carries (number,
-- kind, topic, territory, receipt time, flags, author categories), and all
-- of that stays.
UPDATE routing_decisions SET registered = eventlog_drop_proto_field(registered, 18)
WHERE registered IS NOT NULL;
