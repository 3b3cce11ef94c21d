-- ListAppeals pages by receipt time, newest first (keyset on received_at, id).
CREATE INDEX appeals_received_at ON appeals (received_at DESC, id DESC);
