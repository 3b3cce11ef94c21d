-- Every read of an applicant's personal data by anyone other than the
-- principal who registered the appeal: who, when, which appeal, which fields.
CREATE TABLE personal_data_reads (
  id          bigserial PRIMARY KEY,
  appeal_id   uuid NOT NULL REFERENCES appeals (id),
  reader      text NOT NULL,
  reader_role text NOT NULL,
  read_at     timestamptz NOT NULL,
  fields      text[] NOT NULL
);
CREATE INDEX personal_data_reads_appeal ON personal_data_reads (appeal_id, read_at);
CREATE INDEX personal_data_reads_reader ON personal_data_reads (reader, read_at);
