-- A duplicate (дублетне) joins the first appeal's case in tracking
-- (CaseAppealJoined) and gets no case of its own: when that case closes,
-- the duplicate is closed with it (for the history, the attribute and the
-- Art. 8 repeat), so case_resolutions holds a row per appeal of the case.
CREATE TABLE case_joins (
  appeal_id  uuid PRIMARY KEY,
  case_id    text NOT NULL
);
CREATE INDEX case_joins_case ON case_joins (case_id);
ALTER TABLE case_resolutions DROP CONSTRAINT case_resolutions_pkey;
ALTER TABLE case_resolutions ADD PRIMARY KEY (case_id, appeal_id);
