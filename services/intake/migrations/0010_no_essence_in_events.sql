-- Issue 10: free text leaves intake only through the audited GetAppeal.
-- AppealRegistered no longer carries masked_essence (field 18, reserved):
-- masking phones and e-mails left the names and addresses people write into
-- the essence. The events already logged lose it too, so that neither a
-- consumer replaying the log nor a copy of this table holds any of it.
UPDATE event_log SET payload = eventlog_drop_proto_field(payload, 18)
WHERE type_url = 'type.googleapis.com/contactcenter.intake.v1.AppealRegistered';
