-- Issue 11: the bodies' names and parents come from routing's
-- ExecutorDirectoryChanged (each directory version, as it comes into force)
-- instead of the reference data's executors.csv, and the table is part of
-- routing's projection (emptied and replayed by --rebuild). A body the
-- newest version no longer lists stays with the name and parent it last
-- had, for the appeals and cases it held: its directory_version is then
-- below the newest. Rows written from executors.csv before this migration
-- keep directory_version NULL until routing announces a version naming them.
ALTER TABLE executors
  ADD COLUMN kind integer NOT NULL DEFAULT 0,          -- routing.v1.ExecutorKind
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD COLUMN directory_version bigint;                 -- the last version that listed it
