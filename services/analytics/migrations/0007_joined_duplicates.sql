-- tracking's CaseAppealJoined: a duplicate appeal (дублетне) joined the
-- case of an earlier appeal of the same person on the same issue instead of
-- opening a case of its own; it is considered with that case, by its body
-- and under its statutory term. One row per joined appeal; its result,
-- answer and term are the case's (case_facts, by case_id), so it is never
-- an open or overdue case of its own.
CREATE TABLE case_joined_appeals (
  appeal_id      uuid PRIMARY KEY,
  case_id        uuid NOT NULL,
  case_appeal_id uuid NOT NULL,   -- the case's own (first) appeal
  joined_at      timestamptz NOT NULL
);

-- The classifier report counts a period's joined duplicates with their
-- cases: it finds them among the period's appeals of classifier item 2.3
-- «Дублетне» (common.v1.APPEAL_ATTRIBUTE_DUPLICATE, 3: intake names an
-- earlier appeal to join only for an appeal it marks so), few, from this
-- partial index rather than the period's every appeal.
CREATE INDEX appeal_facts_duplicates ON appeal_facts (received_day)
  INCLUDE (territory_code) WHERE attribute = 3;
