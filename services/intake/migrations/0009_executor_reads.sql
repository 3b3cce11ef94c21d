-- Executors read the appeals their body holds or held (Art. 10: the
-- information goes to those who resolve the case). The audit names the body
-- an executor acted for, and records a refused read too (an executor asking
-- for an existing appeal its body never held): nothing was disclosed, so
-- its fields are empty.
ALTER TABLE personal_data_reads
  ADD COLUMN executor_id text,
  ADD COLUMN refused boolean NOT NULL DEFAULT false;
CREATE INDEX personal_data_reads_executor ON personal_data_reads (executor_id, read_at)
  WHERE executor_id IS NOT NULL;
