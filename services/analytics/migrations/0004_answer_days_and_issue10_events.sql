-- Issue 11's leftovers: the histograms of days to the first answer, and
-- what the events issue 10 added to intake and tracking leave in the
-- projection.

-- intake's AppealReturnLetterRecorded / AppealReturnOverdue: where the
-- letter returning an appeal stands (Art. 5: within ten days of receipt).
-- 0 none (not returned, or its term still runs), 1 the letter went within
-- the term, 2 after it, 3 the term passed and no letter yet; counted in
-- appeal_day_counts as the dimension 'return' when not 0.
ALTER TABLE appeal_facts ADD COLUMN return_state smallint NOT NULL DEFAULT 0;

-- tracking's CaseClosed.not_confirmed: closed as "answered, not confirmed"
-- (the applicant could not be reached for the call-back).
ALTER TABLE case_facts ADD COLUMN closed_not_confirmed boolean NOT NULL DEFAULT false;
-- The few cases a report counts by reading them: left without
-- consideration by the body (CASE_STATUS_NOT_CONSIDERED, 8) and closed
-- unconfirmed.
CREATE INDEX case_facts_left_or_unconfirmed ON case_facts (received_day)
  INCLUDE (territory_code, status, closed_not_confirmed)
  WHERE status = 8 OR closed_not_confirmed;

-- Days to the first answer as a histogram per Kyiv day of receipt,
-- territory and body, so that the timeliness report's 90th percentile sums
-- a period's histograms instead of sorting every answered case: a quarter
-- of the oblast is a few thousand short arrays, not a hundred thousand
-- cases. days[k + 1] is the number of cases first answered k days after
-- receipt, days_to_answer rounded to whole days (an element past the end
-- reads as 0; a NULL one, left when the array grew, too).
CREATE TABLE case_answer_days (
  received_day   date NOT NULL,
  territory_code text NOT NULL,
  executor_id    text NOT NULL,
  days           bigint[] NOT NULL,
  PRIMARY KEY (received_day, territory_code, executor_id)
);

-- Kept by triggers on case_facts like case_day_counts: the case's old
-- contribution out, its new one in. Only a change of what the histogram
-- reads fires on UPDATE, so status changes cost nothing here.
CREATE FUNCTION case_answer_days_add(c case_facts, sign integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO case_answer_days AS h (received_day, territory_code, executor_id, days)
  SELECT c.received_day, c.territory_code, c.executor_id,
         array_fill(0::bigint, ARRAY[greatest(0, round(c.days_to_answer)::int)]) || sign::bigint
  WHERE c.days_to_answer IS NOT NULL
  ON CONFLICT (received_day, territory_code, executor_id) DO UPDATE SET
    days[greatest(0, round(c.days_to_answer)::int) + 1] =
      coalesce(h.days[greatest(0, round(c.days_to_answer)::int) + 1], 0) + sign
$$;

CREATE FUNCTION case_answer_days_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM case_answer_days_add(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM case_answer_days_add(NEW, 1); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER case_answer_days AFTER INSERT OR DELETE ON case_facts
  FOR EACH ROW EXECUTE FUNCTION case_answer_days_trigger();
CREATE TRIGGER case_answer_days_update AFTER UPDATE ON case_facts
  FOR EACH ROW
  WHEN (OLD.days_to_answer IS DISTINCT FROM NEW.days_to_answer
        OR OLD.received_day IS DISTINCT FROM NEW.received_day
        OR OLD.territory_code IS DISTINCT FROM NEW.territory_code
        OR OLD.executor_id IS DISTINCT FROM NEW.executor_id)
  EXECUTE FUNCTION case_answer_days_trigger();

-- The histograms, set-based, from case_facts: for what a database projected
-- before this migration, and for recount_day_counts().
CREATE FUNCTION recount_answer_days() RETURNS void
LANGUAGE sql AS $$
DELETE FROM case_answer_days;
INSERT INTO case_answer_days
SELECT received_day, territory_code, executor_id,
       array_agg(coalesce(n, 0) ORDER BY k)
FROM (SELECT b.received_day, b.territory_code, b.executor_id, k, c.n
      FROM (SELECT received_day, territory_code, executor_id,
                   max(greatest(0, round(days_to_answer)::int)) AS top
            FROM case_facts WHERE days_to_answer IS NOT NULL GROUP BY 1, 2, 3) b
      CROSS JOIN LATERAL generate_series(0, b.top) AS k
      LEFT JOIN (SELECT received_day, territory_code, executor_id,
                        greatest(0, round(days_to_answer)::int) AS k, count(*) AS n
                 FROM case_facts WHERE days_to_answer IS NOT NULL GROUP BY 1, 2, 3, 4) c
        USING (received_day, territory_code, executor_id, k)) x
GROUP BY 1, 2, 3;
$$;
SELECT recount_answer_days();

-- recount_day_counts() (migration 0003) recounts the histograms and the
-- return letters too.
CREATE OR REPLACE FUNCTION recount_day_counts() RETURNS void
LANGUAGE sql AS $$
DELETE FROM case_day_counts;
DELETE FROM routing_day_counts;
DELETE FROM appeal_day_counts;
DELETE FROM topic_day_counts;
INSERT INTO case_day_counts
SELECT received_day, territory_code, executor_id, result, count(*),
       count(*) FILTER (WHERE first_answer_day <= statutory_control_date),
       count(*) FILTER (WHERE first_answer_day > statutory_control_date),
       count(*) FILTER (WHERE extended), sum(reworks),
       count(days_to_answer), coalesce(sum(days_to_answer), 0), count(*) FILTER (WHERE is_open)
FROM case_facts GROUP BY 1, 2, 3, 4;
INSERT INTO routing_day_counts
SELECT received_day, territory_code, count(*), count(*) FILTER (WHERE reroutes > 0)
FROM routing_facts GROUP BY 1, 2;
INSERT INTO appeal_day_counts
SELECT received_day, territory_code, d, v, count(*), sum(CASE WHEN d = 'subject' THEN signatories ELSE 0 END)
FROM appeal_facts,
     LATERAL (VALUES ('total', 0), ('channel', channel::int), ('attribute', attribute::int),
                     ('kind', kind::int), ('form', form::int), ('sex', sex::int),
                     ('subject', subject::int), ('social_status', social_status::int),
                     ('status', status::int), ('reason', not_considered_reason::int),
                     ('return', return_state::int)) AS x(d, v)
WHERE d <> 'return' OR v <> 0
GROUP BY 1, 2, 3, 4;
INSERT INTO appeal_day_counts
SELECT received_day, territory_code, 'author_category', c, count(*), 0
FROM appeal_facts, LATERAL (SELECT DISTINCT unnest(author_categories)::int AS c) AS x
GROUP BY 1, 2, 4;
INSERT INTO topic_day_counts
SELECT received_day, territory_code, code, count(*)
FROM appeal_facts,
     LATERAL (SELECT DISTINCT v.x AS code FROM unnest(topic_codes) AS t,
              LATERAL (VALUES (split_part(t, '.', 1)), (t)) AS v(x)) AS codes
GROUP BY 1, 2, 3;
SELECT recount_answer_days();
$$;

-- The answered cases' days were read for the 90th percentile; the
-- histograms answer it now, so the projector no longer keeps this index.
DROP INDEX case_facts_answered;
-- "Overdue now" by body (the timeliness report) reads the open cases'
-- body and territory too: from the index alone, not the table.
DROP INDEX case_facts_open;
CREATE INDEX case_facts_open ON case_facts (received_day, statutory_control_date)
  INCLUDE (territory_code, executor_id) WHERE is_open;
