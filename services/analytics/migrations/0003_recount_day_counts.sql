-- Recounts every day count from the facts, set-based: for a bulk load that
-- ran with the count triggers disabled (tests/load/analytics_load), or to
-- repair counts by hand. The same sums the triggers keep row by row.
CREATE FUNCTION recount_day_counts() RETURNS void
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
$$;
