-- A case tracking closed as "answered, not confirmed" (the applicant could
-- not be reached for the call-back: CaseClosed.not_confirmed) is answered,
-- but nobody confirmed that it was resolved on its merits: Art. 8 excludes
-- a repeat only "якщо перше вирішено по суті", so such a closure does not
-- make the next appeal a proposed exclusion.
ALTER TABLE case_resolutions ADD COLUMN not_confirmed boolean NOT NULL DEFAULT false;
