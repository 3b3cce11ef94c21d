-- Issue 11: every directory version is announced in routing's event log
-- (ExecutorDirectoryChanged, for analytics' names and parents of the bodies)
-- in the transaction that writes it, which sets this. Versions written
-- before the event existed stay false; at start-up routing announces the
-- version in force once if it is one of them.
ALTER TABLE directory_versions ADD COLUMN announced boolean NOT NULL DEFAULT false;
