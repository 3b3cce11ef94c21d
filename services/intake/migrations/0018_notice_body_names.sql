-- The executive bodies' official names for the notices ("направлено до ..."),
-- from routing's ExecutorDirectoryChanged as each directory version comes
-- into force, so a body created or renamed through routing is named in the
-- letters as routing names it. A body a newer version drops keeps its last
-- name. Bodies not (yet) announced fall back to the reference data's
-- executors.csv, then to their id.
CREATE TABLE notice_body_names (
  executor_id text PRIMARY KEY,
  name_uk text NOT NULL,
  directory_version bigint NOT NULL
);
