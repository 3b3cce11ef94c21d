-- Why personal data was read, when the reader says so: analytics reads
-- essences for content analysis (ReadEssencesForAnalysis), recorded with
-- its purpose. NULL for the reads before this migration and for GetAppeal.
ALTER TABLE personal_data_reads ADD COLUMN purpose text;
