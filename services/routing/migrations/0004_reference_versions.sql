-- The classifier's topics and the territory tree are versioned with the
-- directory they were checked against. NULL (versions written before this
-- migration): the reference data the service started with.
ALTER TABLE directory_versions
  ADD COLUMN topics_csv text,
  ADD COLUMN territories_csv text;
