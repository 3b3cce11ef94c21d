-- Issue 12 (left over).
--
-- Retention (services/exchange/README.md, "Retention"): the periodic job
-- deletes delivered status messages of cards long final (each card's last
-- message stays, for reconciliation) and personal-data transfer records past
-- their retention, oldest first, in batches; these indexes find them.
CREATE INDEX status_outbox_delivered ON status_outbox (delivered_at) WHERE state = 'delivered';
CREATE INDEX personal_data_transfers_at ON personal_data_transfers (at, id);

-- A card whose appeal is a duplicate (дублетне) joined the case of an
-- earlier appeal in tracking (CaseAppealJoined): the case's events name that
-- appeal, so the card follows them through it.
ALTER TABLE cards ADD COLUMN case_appeal_id uuid;
CREATE INDEX cards_case_appeal ON cards (case_appeal_id) WHERE case_appeal_id IS NOT NULL;
