#include "report_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "day_histogram.h"

namespace contactcenter::analytics {
namespace {

// $1 from, $2 to (Kyiv days, half-open), $3 territories (empty: all).
constexpr char kPeriodWhere[] = R"sql(
  received_day >= $1::date AND received_day < $2::date
  AND (cardinality($3::text[]) = 0 OR territory_code = ANY($3::text[])))sql";

// The appeals' side of the classifier report, from the day counts.
constexpr char kDayCountsSql[] = R"sql(
SELECT dimension, value, sum(n)::bigint, sum(signatories)::bigint
FROM appeal_day_counts WHERE )sql";

constexpr char kTopicsSql[] = R"sql(
SELECT code, sum(n)::bigint FROM topic_day_counts WHERE )sql";

// Cases by result at closing, and against the statutory term.
constexpr char kCasesSql[] = R"sql(
SELECT result::int, sum(n)::bigint, sum(on_time)::bigint, sum(late)::bigint,
       sum(extended)::bigint, sum(open)::bigint
FROM case_day_counts WHERE )sql";

// $4 today (Kyiv): open cases past their statutory control date.
constexpr char kOverdueSql[] = R"sql(
SELECT count(*)::bigint FROM case_facts
WHERE is_open AND $4::date > statutory_control_date AND )sql";

// Cases left without consideration by the body (Art. 8, after routing) and
// closed "answered, not confirmed": few, read from their partial index
// (migration 0004), whose predicate names the status by its number.
static_assert(tracking::v1::CASE_STATUS_NOT_CONSIDERED == 8);
constexpr char kLeftOrUnconfirmedSql[] = R"sql(
SELECT count(*) FILTER (WHERE status = 8)::bigint,
       count(*) FILTER (WHERE closed_not_confirmed)::bigint
FROM case_facts WHERE (status = 8 OR closed_not_confirmed) AND )sql";

// Joined duplicates (migration 0007) received in the period, each with
// the case it joined: its result, its answer against the case's statutory
// term, open, overdue now ($4), left without consideration, closed
// unconfirmed. Found among the period's appeals marked дублетне (item 2.3,
// attribute 3, the partial index appeal_facts_duplicates): only those join
// a case.
static_assert(common::v1::APPEAL_ATTRIBUTE_DUPLICATE == 3);
constexpr char kJoinedSql[] = R"sql(
SELECT c.result::int, count(*)::bigint,
       count(*) FILTER (WHERE c.first_answer_day <= c.statutory_control_date)::bigint,
       count(*) FILTER (WHERE c.first_answer_day > c.statutory_control_date)::bigint,
       count(*) FILTER (WHERE c.extended)::bigint,
       count(*) FILTER (WHERE c.is_open)::bigint,
       count(*) FILTER (WHERE c.is_open AND $4::date > c.statutory_control_date)::bigint,
       count(*) FILTER (WHERE c.status = 8)::bigint,
       count(*) FILTER (WHERE c.closed_not_confirmed)::bigint
FROM appeal_facts a
JOIN case_joined_appeals j ON j.appeal_id = a.appeal_id
JOIN case_facts c ON c.case_id = j.case_id
WHERE a.attribute = 3 AND a.received_day >= $1::date AND a.received_day < $2::date
  AND (cardinality($3::text[]) = 0 OR a.territory_code = ANY($3::text[]))
GROUP BY 1)sql";

constexpr char kForwardedSql[] = R"sql(
SELECT coalesce(sum(n), 0)::bigint, coalesce(sum(rerouted), 0)::bigint
FROM routing_day_counts WHERE )sql";

// By body and by parent (a body without a parent is its own parent): the
// counts from case_day_counts, "overdue now" from the open cases. The 90th
// percentile comes from kAnswerDaysSql.
constexpr char kTimelinessSql[] = R"sql(
WITH k AS (
  SELECT executor_id, sum(n) AS n, sum(on_time) AS on_time, sum(late) AS late,
         sum(open) AS open, sum(extended) AS extended, sum(reworks) AS reworks,
         sum(answered) AS answered, sum(days_sum) AS days_sum
  FROM case_day_counts
  WHERE received_day >= $1::date AND received_day < $2::date
    AND (cardinality($3::text[]) = 0 OR territory_code = ANY($3::text[]))
  GROUP BY executor_id),
o AS (
  SELECT executor_id, count(*) AS overdue FROM case_facts
  WHERE is_open AND $4::date > statutory_control_date
    AND received_day >= $1::date AND received_day < $2::date
    AND (cardinality($3::text[]) = 0 OR territory_code = ANY($3::text[]))
  GROUP BY executor_id),
d AS (
  SELECT executor_id, count(*) AS n FROM case_declines
  WHERE received_day >= $1::date AND received_day < $2::date
    AND (cardinality($3::text[]) = 0 OR territory_code = ANY($3::text[]))
  GROUP BY executor_id),
b AS (
  SELECT coalesce(k.executor_id, d.executor_id) AS executor_id,
         coalesce(nullif(e.parent_id, ''), coalesce(k.executor_id, d.executor_id)) AS parent,
         coalesce(k.n, 0) AS n, coalesce(k.on_time, 0) AS on_time, coalesce(k.late, 0) AS late,
         coalesce(k.open, 0) AS open, coalesce(o.overdue, 0) AS overdue,
         coalesce(k.extended, 0) AS extended, coalesce(k.reworks, 0) AS reworks,
         coalesce(k.answered, 0) AS answered, coalesce(k.days_sum, 0) AS days_sum,
         coalesce(d.n, 0) AS declined
  FROM k FULL JOIN d USING (executor_id)
  LEFT JOIN o ON o.executor_id = coalesce(k.executor_id, d.executor_id)
  LEFT JOIN executors e ON e.executor_id = coalesce(k.executor_id, d.executor_id)),
g AS (
  SELECT 'body' AS level, executor_id AS id, n, on_time, late, open, overdue, extended, reworks,
         answered, days_sum, declined FROM b
  UNION ALL
  SELECT 'parent', parent, sum(n), sum(on_time), sum(late), sum(open), sum(overdue),
         sum(extended), sum(reworks), sum(answered), sum(days_sum), sum(declined)
  FROM b GROUP BY parent)
SELECT g.level, g.id, coalesce(e.name, ''), g.n::bigint, g.on_time::bigint, g.late::bigint,
       g.open::bigint, g.overdue::bigint,
       CASE WHEN g.answered > 0 THEN g.days_sum / g.answered ELSE 0 END::float8,
       g.extended::bigint, g.reworks::bigint, g.declined::bigint
FROM g LEFT JOIN executors e ON e.executor_id = g.id
ORDER BY 1 DESC, 2)sql";

// The period's histograms of days to the first answer (migration 0004):
// (body, its parent, the day's histogram). Summed here rather than by
// unnest in SQL, which took several times as long for a quarter.
constexpr char kAnswerDaysSql[] = R"sql(
SELECT h.executor_id, coalesce(nullif(e.parent_id, ''), h.executor_id),
       array_replace(h.days, NULL, 0)
FROM case_answer_days h LEFT JOIN executors e USING (executor_id)
WHERE h.received_day >= $1::date AND h.received_day < $2::date
  AND (cardinality($3::text[]) = 0 OR h.territory_code = ANY($3::text[])))sql";

constexpr char kExecutorNamesSql[] = "SELECT executor_id, name FROM executors";

// CountAppeals: each dimension's value as text over the joined rows.
std::string DimensionExpression(const std::string& d) {
  if (d == "channel" || d == "attribute" || d == "kind" || d == "form" || d == "sex" ||
      d == "subject" || d == "social_status" || d == "status") {
    return absl::StrCat("a.", d, "::text");
  }
  if (d == "author_category") return "ac.cat::text";
  if (d == "topic") return "tp.topic";
  if (d == "main_topic") return "a.topic_code";
  if (d == "topic_heading") return "split_part(a.topic_code, '.', 1)";
  if (d == "territory") return "a.territory_code";
  if (d == "result") return "coalesce(c.result, 0)::text";
  if (d == "executor") return "coalesce(c.executor_id, '')";
  if (d == "parent_executor") return "coalesce(nullif(e.parent_id, ''), c.executor_id, '')";
  if (d == "month") return "to_char(a.received_day, 'YYYY-MM')";
  if (d == "timeliness") {
    return "CASE WHEN c.appeal_id IS NULL THEN 'none' "
           "WHEN c.first_answer_day IS NOT NULL THEN "
           "CASE WHEN c.first_answer_day <= c.statutory_control_date THEN 'on_time' "
           "ELSE 'late' END "
           "WHEN c.status = $6 OR c.status = $7 THEN 'none' "
           "WHEN $5::date > c.statutory_control_date THEN 'overdue' ELSE 'open' END";
  }
  return "NULL::text";
}

// One statement for every dimension and filter: the dimensions are chosen
// by $1 and $2, each filter is an array parameter ($8...; empty: no
// filter), so callers cannot make the service prepare new statements.
std::string CountSql() {
  auto choose = [](const std::string& param) {
    std::string s = absl::StrCat("CASE ", param);
    for (const std::string& d : Dimensions()) {
      absl::StrAppend(&s, " WHEN '", d, "' THEN ", DimensionExpression(d));
    }
    absl::StrAppend(&s, " ELSE '' END");
    return s;
  };
  std::string where =
      "a.received_day >= $3::date AND a.received_day < $4::date";
  int param = 8;
  for (const std::string& d : Dimensions()) {
    const std::string p = absl::StrCat("$", param++, "::text[]");
    std::string test;
    if (d == "topic") {
      test = absl::StrCat("a.topic_codes && ", p);
    } else if (d == "author_category") {
      test = absl::StrCat("a.author_categories && ", p, "::smallint[]");
    } else {
      test = absl::StrCat("(", DimensionExpression(d), ") = ANY(", p, ")");
    }
    absl::StrAppend(&where, "\n  AND (cardinality(", p, ") = 0 OR ", test, ")");
  }
  return absl::StrCat(
      "SELECT g1, g2, count(*)::bigint FROM (\n"
      "SELECT ", choose("$1::text"), " AS g1,\n", choose("$2::text"), " AS g2\n"
      "FROM appeal_facts a\n"
      // A joined duplicate (migration 0007) takes the case it joined.
      "LEFT JOIN case_joined_appeals j ON j.appeal_id = a.appeal_id\n"
      "LEFT JOIN case_facts c ON c.appeal_id = coalesce(j.case_appeal_id, a.appeal_id)\n"
      "LEFT JOIN executors e ON e.executor_id = c.executor_id\n"
      "CROSS JOIN LATERAL unnest(CASE WHEN 'topic' IN ($1::text, $2::text) THEN a.topic_codes "
      "ELSE ARRAY[NULL::text] END) AS tp(topic)\n"
      "CROSS JOIN LATERAL unnest(CASE WHEN 'author_category' IN ($1::text, $2::text) "
      "THEN a.author_categories ELSE ARRAY[NULL::smallint] END) AS ac(cat)\n"
      "WHERE ", where, ") x\nGROUP BY g1, g2 ORDER BY g1, g2");
}

constexpr int kClosed = tracking::v1::CASE_STATUS_CLOSED;
constexpr int kNotConsidered = tracking::v1::CASE_STATUS_NOT_CONSIDERED;

}  // namespace

ReportStore::ReportStore() : count_sql_(CountSql()) {}

absl::StatusOr<ClassifierCounts> ReportStore::Classifier(db::Tx& tx, const ReportQuery& q,
                                                         absl::CivilDay today) {
  return db::Guarded([&]() -> absl::StatusOr<ClassifierCounts> {
    static const std::string kDayCounts =
        absl::StrCat(kDayCountsSql, kPeriodWhere, " GROUP BY 1, 2");
    static const std::string kTopics = absl::StrCat(kTopicsSql, kPeriodWhere, " GROUP BY 1");
    static const std::string kCases = absl::StrCat(kCasesSql, kPeriodWhere, " GROUP BY 1");
    static const std::string kForwarded = absl::StrCat(kForwardedSql, kPeriodWhere);
    static const std::string kOverdue = absl::StrCat(kOverdueSql, kPeriodWhere);
    static const std::string kLeftOrUnconfirmed = absl::StrCat(kLeftOrUnconfirmedSql, kPeriodWhere);
    const std::string from = db::ToSqlDate(q.period.from);
    const std::string to = db::ToSqlDate(q.period.to);
    const std::string territories = db::ToSqlTextArray(q.territories);
    ClassifierCounts out;
    for (const auto& row :
         tx.Exec("analytics_report_day_counts", kDayCounts, from, to, territories)) {
      const std::string dimension = row[0].as<std::string>();
      const int value = row[1].as<int>();
      const int64_t n = row[2].as<int64_t>();
      if (dimension == "total") {
        out.total = n;
        continue;
      }
      out.by_value[{dimension, value}] = n;
      if (dimension == "subject" && value == common::v1::APPEAL_SUBJECT_COLLECTIVE) {
        out.collective_signatories = row[3].as<int64_t>();
      }
    }
    for (const auto& row : tx.Exec("analytics_report_topics", kTopics, from, to, territories)) {
      out.topics[row[0].as<std::string>()] = row[1].as<int64_t>();
    }
    for (const auto& row : tx.Exec("analytics_report_cases", kCases, from, to, territories)) {
      out.results[row[0].as<int>()] += row[1].as<int64_t>();
      out.answered_on_time += row[2].as<int64_t>();
      out.answered_late += row[3].as<int64_t>();
      out.extended += row[4].as<int64_t>();
      out.open += row[5].as<int64_t>();
    }
    out.overdue_now = tx.Exec("analytics_report_overdue", kOverdue, from, to, territories,
                              db::ToSqlDate(today))[0][0]
                          .as<int64_t>();
    pqxx::result l = tx.Exec("analytics_report_left_or_unconfirmed", kLeftOrUnconfirmed, from, to,
                             territories);
    out.left_by_body = l[0][0].as<int64_t>();
    out.closed_not_confirmed = l[0][1].as<int64_t>();
    // A joined duplicate is an appeal of the period like any other (item 2.3
    // counts it), considered with the case it joined: it takes that case's
    // result and timeliness, never those of an unanswered case of its own.
    for (const auto& row : tx.Exec("analytics_report_joined", kJoinedSql, from, to, territories,
                                   db::ToSqlDate(today))) {
      out.results[row[0].as<int>()] += row[1].as<int64_t>();
      out.answered_on_time += row[2].as<int64_t>();
      out.answered_late += row[3].as<int64_t>();
      out.extended += row[4].as<int64_t>();
      out.open += row[5].as<int64_t>();
      out.overdue_now += row[6].as<int64_t>();
      out.left_by_body += row[7].as<int64_t>();
      out.closed_not_confirmed += row[8].as<int64_t>();
    }
    pqxx::result f = tx.Exec("analytics_report_forwarded", kForwarded, from, to, territories);
    out.forwarded = f[0][0].as<int64_t>();
    out.rerouted = f[0][1].as<int64_t>();
    return out;
  });
}

absl::StatusOr<std::vector<v1::TimelinessRow>> ReportStore::Timeliness(db::Tx& tx,
                                                                      const ReportQuery& q,
                                                                      absl::CivilDay today) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::TimelinessRow>> {
    const std::string from = db::ToSqlDate(q.period.from);
    const std::string to = db::ToSqlDate(q.period.to);
    const std::string territories = db::ToSqlTextArray(q.territories);
    // "body:<id>" and "parent:<id>" -> cases by whole days to the first
    // answer (index: days).
    std::map<std::string, std::vector<int64_t>> sums;
    auto add = [&](const std::string& key, const std::vector<int64_t>& h) {
      std::vector<int64_t>& to = sums[key];
      if (to.size() < h.size()) to.resize(h.size());
      for (size_t d = 0; d < h.size(); ++d) to[d] += h[d];
    };
    for (const auto& row :
         tx.Exec("analytics_report_answer_days", kAnswerDaysSql, from, to, territories)) {
      const std::vector<int64_t> h = db::IntArrayFromField(row[2]);
      add(absl::StrCat("body:", row[0].as<std::string>()), h);
      add(absl::StrCat("parent:", row[1].as<std::string>()), h);
    }
    std::map<std::string, DayHistogram> days;
    for (const auto& [key, h] : sums) {
      for (size_t d = 0; d < h.size(); ++d) {
        if (h[d] != 0) days[key][static_cast<int>(d)] = h[d];
      }
    }
    std::vector<v1::TimelinessRow> out;
    for (const auto& row : tx.Exec("analytics_report_timeliness", kTimelinessSql, from, to,
                                   territories, db::ToSqlDate(today))) {
      v1::TimelinessRow& r = out.emplace_back();
      r.set_level(row[0].as<std::string>());
      r.set_executor_id(row[1].as<std::string>());
      r.set_executor_name(row[2].as<std::string>());
      r.set_received(row[3].as<int64_t>());
      r.set_answered_on_time(row[4].as<int64_t>());
      r.set_answered_late(row[5].as<int64_t>());
      r.set_open(row[6].as<int64_t>());
      r.set_overdue_now(row[7].as<int64_t>());
      r.set_mean_days_to_answer(row[8].as<double>());
      auto h = days.find(absl::StrCat(r.level(), ":", r.executor_id()));
      r.set_p90_days_to_answer(h == days.end() ? 0 : PercentileOfHistogram(h->second, 0.9));
      r.set_extended(row[9].as<int64_t>());
      r.set_reworks(row[10].as<int64_t>());
      r.set_declined_not_competent(row[11].as<int64_t>());
    }
    return out;
  });
}

absl::StatusOr<std::vector<CountCell>> ReportStore::Count(db::Tx& tx, const CountQuery& q,
                                                         absl::CivilDay today) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<CountCell>> {
    std::vector<std::string> filters;
    for (const std::string& d : Dimensions()) {
      auto it = q.filters.find(d);
      filters.push_back(db::ToSqlTextArray(it == q.filters.end() ? std::vector<std::string>{}
                                                                  : it->second));
    }
    pqxx::result rows = tx.Exec(
        "analytics_count", count_sql_, q.first, q.second, db::ToSqlDate(q.period.from),
        db::ToSqlDate(q.period.to), db::ToSqlDate(today), kClosed, kNotConsidered, filters[0],
        filters[1], filters[2], filters[3], filters[4], filters[5], filters[6], filters[7],
        filters[8], filters[9], filters[10], filters[11], filters[12], filters[13], filters[14],
        filters[15], filters[16], filters[17]);
    std::vector<CountCell> out;
    for (const auto& row : rows) {
      out.push_back({row[0].is_null() ? "" : row[0].as<std::string>(),
                     row[1].is_null() ? "" : row[1].as<std::string>(), row[2].as<int64_t>()});
    }
    return out;
  });
}

absl::StatusOr<std::map<std::string, std::string>> ReportStore::ExecutorNames(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<std::map<std::string, std::string>> {
    std::map<std::string, std::string> out;
    for (const auto& row : tx.Exec("analytics_executor_names", kExecutorNamesSql)) {
      out[row[0].as<std::string>()] = row[1].as<std::string>();
    }
    return out;
  });
}

}  // namespace contactcenter::analytics
