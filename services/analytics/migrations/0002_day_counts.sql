-- Appeals counted by Kyiv day of receipt, territory and classifier item,
-- kept by the projector in the transaction that writes appeal_facts (an
-- appeal's old contribution out, its new one in), so the classifier report
-- sums a period's days instead of reading every appeal: a quarter of the
-- oblast is a few thousand rows, not a hundred thousand appeals.
CREATE TABLE appeal_day_counts (
  received_day   date NOT NULL,
  territory_code text NOT NULL,
  -- 'total', 'channel', 'attribute', 'kind', 'form', 'sex', 'subject',
  -- 'social_status', 'status', 'reason', 'author_category'
  dimension      text NOT NULL,
  value          integer NOT NULL,
  n              bigint NOT NULL,
  signatories    bigint NOT NULL,
  PRIMARY KEY (received_day, territory_code, dimension, value)
);

-- Each appeal once per code it raises: every topic's own code and its
-- heading ("106.012" counts under "106.012" and "106").
CREATE TABLE topic_day_counts (
  received_day   date NOT NULL,
  territory_code text NOT NULL,
  code           text NOT NULL,
  n              bigint NOT NULL,
  PRIMARY KEY (received_day, territory_code, code)
);

-- What a database projected before this migration already holds.
INSERT INTO appeal_day_counts
SELECT received_day, territory_code, d, v, count(*), sum(CASE WHEN d = 'subject' THEN signatories ELSE 0 END)
FROM appeal_facts,
     LATERAL (VALUES ('total', 0), ('channel', channel::int), ('attribute', attribute::int),
                     ('kind', kind::int), ('form', form::int), ('sex', sex::int),
                     ('subject', subject::int), ('social_status', social_status::int),
                     ('status', status::int), ('reason', not_considered_reason::int)) AS x(d, v)
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

-- Cases counted alike, by Kyiv day of receipt, territory, body and result,
-- kept by triggers on case_facts: every change takes the case's old
-- contribution out and puts its new one in, so the counts never drift from
-- the rows. `is_open` (no answer yet, not closed or left without
-- consideration) is set by the projector.
ALTER TABLE case_facts ADD COLUMN is_open boolean NOT NULL DEFAULT true;
UPDATE case_facts SET is_open = false WHERE first_answered_at IS NOT NULL OR result <> 0;
-- The open cases, for "overdue now" (which depends on today).
CREATE INDEX case_facts_open ON case_facts (received_day, statutory_control_date)
  WHERE is_open;
-- The answered cases' days, for the 90th percentile.
CREATE INDEX case_facts_answered ON case_facts (received_day)
  INCLUDE (territory_code, executor_id, days_to_answer) WHERE days_to_answer IS NOT NULL;

CREATE TABLE case_day_counts (
  received_day   date NOT NULL,
  territory_code text NOT NULL,
  executor_id    text NOT NULL,
  result         smallint NOT NULL,
  n              bigint NOT NULL,   -- cases
  on_time        bigint NOT NULL,   -- first answer by the statutory control date
  late           bigint NOT NULL,   -- first answer after it
  extended       bigint NOT NULL,
  reworks        bigint NOT NULL,
  answered       bigint NOT NULL,
  days_sum       double precision NOT NULL,  -- receipt to first answer, summed
  open           bigint NOT NULL,
  PRIMARY KEY (received_day, territory_code, executor_id, result)
);

CREATE FUNCTION case_day_counts_add(c case_facts, sign integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO case_day_counts AS d
  VALUES (c.received_day, c.territory_code, c.executor_id, c.result, sign,
          sign * coalesce((c.first_answer_day <= c.statutory_control_date)::int, 0),
          sign * coalesce((c.first_answer_day > c.statutory_control_date)::int, 0),
          sign * c.extended::int, sign * c.reworks,
          sign * (c.days_to_answer IS NOT NULL)::int, sign * coalesce(c.days_to_answer, 0),
          sign * c.is_open::int)
  ON CONFLICT (received_day, territory_code, executor_id, result) DO UPDATE SET
    n = d.n + EXCLUDED.n, on_time = d.on_time + EXCLUDED.on_time,
    late = d.late + EXCLUDED.late, extended = d.extended + EXCLUDED.extended,
    reworks = d.reworks + EXCLUDED.reworks, answered = d.answered + EXCLUDED.answered,
    days_sum = d.days_sum + EXCLUDED.days_sum, open = d.open + EXCLUDED.open
$$;

CREATE FUNCTION case_day_counts_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM case_day_counts_add(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM case_day_counts_add(NEW, 1); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER case_day_counts AFTER INSERT OR UPDATE OR DELETE ON case_facts
  FOR EACH ROW EXECUTE FUNCTION case_day_counts_trigger();

INSERT INTO case_day_counts
SELECT received_day, territory_code, executor_id, result, count(*),
       count(*) FILTER (WHERE first_answer_day <= statutory_control_date),
       count(*) FILTER (WHERE first_answer_day > statutory_control_date),
       count(*) FILTER (WHERE extended), sum(reworks),
       count(days_to_answer), coalesce(sum(days_to_answer), 0), count(*) FILTER (WHERE is_open)
FROM case_facts GROUP BY 1, 2, 3, 4;

-- Appeals forwarded, and re-routed, alike (a trigger on routing_facts).
CREATE TABLE routing_day_counts (
  received_day   date NOT NULL,
  territory_code text NOT NULL,
  n              bigint NOT NULL,
  rerouted       bigint NOT NULL,
  PRIMARY KEY (received_day, territory_code)
);

CREATE FUNCTION routing_day_counts_add(r routing_facts, sign integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO routing_day_counts AS d
  VALUES (r.received_day, r.territory_code, sign, sign * (r.reroutes > 0)::int)
  ON CONFLICT (received_day, territory_code) DO UPDATE SET
    n = d.n + EXCLUDED.n, rerouted = d.rerouted + EXCLUDED.rerouted
$$;

CREATE FUNCTION routing_day_counts_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM routing_day_counts_add(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM routing_day_counts_add(NEW, 1); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER routing_day_counts AFTER INSERT OR UPDATE OR DELETE ON routing_facts
  FOR EACH ROW EXECUTE FUNCTION routing_day_counts_trigger();

INSERT INTO routing_day_counts
SELECT received_day, territory_code, count(*), count(*) FILTER (WHERE reroutes > 0)
FROM routing_facts GROUP BY 1, 2;
