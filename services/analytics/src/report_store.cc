#include "report_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::analytics {
namespace {

// $1 from, $2 to (Kyiv days, half-open), $3 territories (empty: all).
constexpr char kPeriodWhere[] = R"sql(
  received_day >= $1::date AND received_day < $2::date
  AND (cardinality($3::text[]) = 0 OR territory_code = ANY($3::text[])))sql";

// The grouped columns, in GROUPING() order.
const char* const kAppealColumns[] = {"channel", "attribute", "kind", "form", "sex",
                                      "subject", "social_status", "status",
                                      "not_considered_reason"};
constexpr int kAppealColumnCount = 9;

std::string AppealsByValueSql() {
  std::vector<std::string> sets;
  for (const char* c : kAppealColumns) sets.push_back(absl::StrCat("(", c, ")"));
  return absl::StrCat(
      "SELECT GROUPING(", absl::StrJoin(kAppealColumns, ", "), ")::int, ",
      absl::StrJoin(kAppealColumns, ", "),
      ", count(*)::bigint, coalesce(sum(signatories), 0)::bigint\n"
      "FROM appeal_facts WHERE ",
      kPeriodWhere, "\nGROUP BY GROUPING SETS (", absl::StrJoin(sets, ", "), ", ())");
}

constexpr char kCategoriesSql[] = R"sql(
SELECT c::int, count(*)::bigint
FROM appeal_facts, unnest(author_categories) AS c
WHERE )sql";

// Each appeal once per code: every topic's own code and its heading.
constexpr char kTopicsSql[] = R"sql(
SELECT x, count(*)::bigint
FROM appeal_facts a,
     LATERAL (SELECT DISTINCT v.x FROM unnest(a.topic_codes) AS t,
              LATERAL (VALUES (split_part(t, '.', 1)), (t)) AS v(x)) AS codes
WHERE )sql";

// $4 today (Kyiv), $5 CLOSED, $6 NOT_CONSIDERED (cases no longer open).
constexpr char kCasesSql[] = R"sql(
SELECT result::int, count(*)::bigint,
  count(*) FILTER (WHERE first_answer_day <= statutory_control_date)::bigint,
  count(*) FILTER (WHERE first_answer_day > statutory_control_date)::bigint,
  count(*) FILTER (WHERE extended)::bigint,
  count(*) FILTER (WHERE first_answered_at IS NULL AND status <> $5 AND status <> $6)::bigint,
  count(*) FILTER (WHERE first_answered_at IS NULL AND status <> $5 AND status <> $6
                   AND $4::date > statutory_control_date)::bigint
FROM case_facts WHERE )sql";

constexpr char kForwardedSql[] = R"sql(
SELECT count(*)::bigint, count(*) FILTER (WHERE reroutes > 0)::bigint
FROM routing_facts WHERE )sql";

// By body and by parent (a body without a parent is its own parent).
constexpr char kTimelinessSql[] = R"sql(
WITH c AS (
  SELECT f.*, coalesce(nullif(e.parent_id, ''), f.executor_id) AS parent
  FROM case_facts f LEFT JOIN executors e USING (executor_id)
  WHERE f.received_day >= $1::date AND f.received_day < $2::date
    AND (cardinality($3::text[]) = 0 OR f.territory_code = ANY($3::text[]))),
d AS (
  SELECT f.executor_id, coalesce(nullif(e.parent_id, ''), f.executor_id) AS parent,
         count(*)::bigint AS n
  FROM case_declines f LEFT JOIN executors e USING (executor_id)
  WHERE f.received_day >= $1::date AND f.received_day < $2::date
    AND (cardinality($3::text[]) = 0 OR f.territory_code = ANY($3::text[]))
  GROUP BY 1, 2),
g AS (
  SELECT CASE WHEN GROUPING(executor_id) = 0 THEN 'body' ELSE 'parent' END AS level,
         CASE WHEN GROUPING(executor_id) = 0 THEN executor_id ELSE parent END AS id,
         count(*)::bigint AS received,
         count(*) FILTER (WHERE first_answer_day <= statutory_control_date)::bigint AS on_time,
         count(*) FILTER (WHERE first_answer_day > statutory_control_date)::bigint AS late,
         count(*) FILTER (WHERE first_answered_at IS NULL AND status <> $5 AND status <> $6)::bigint
           AS open,
         count(*) FILTER (WHERE first_answered_at IS NULL AND status <> $5 AND status <> $6
                          AND $4::date > statutory_control_date)::bigint AS overdue,
         coalesce(avg(days_to_answer), 0)::float8 AS mean_days,
         coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY days_to_answer), 0)::float8
           AS p90_days,
         count(*) FILTER (WHERE extended)::bigint AS extended,
         coalesce(sum(reworks), 0)::bigint AS reworks
  FROM c GROUP BY GROUPING SETS ((executor_id), (parent))),
dl AS (
  SELECT 'body' AS level, executor_id AS id, sum(n)::bigint AS n FROM d GROUP BY executor_id
  UNION ALL
  SELECT 'parent', parent, sum(n)::bigint FROM d GROUP BY parent)
SELECT coalesce(g.level, dl.level), coalesce(g.id, dl.id), coalesce(e.name, ''),
       coalesce(g.received, 0), coalesce(g.on_time, 0), coalesce(g.late, 0),
       coalesce(g.open, 0), coalesce(g.overdue, 0), coalesce(g.mean_days, 0),
       coalesce(g.p90_days, 0), coalesce(g.extended, 0), coalesce(g.reworks, 0),
       coalesce(dl.n, 0)
FROM g FULL JOIN dl ON dl.level = g.level AND dl.id = g.id
LEFT JOIN executors e ON e.executor_id = coalesce(g.id, dl.id)
ORDER BY 1 DESC, 2)sql";

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
      "LEFT JOIN case_facts c ON c.appeal_id = a.appeal_id\n"
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
    static const std::string kByValue = AppealsByValueSql();
    static const std::string kCategories = absl::StrCat(kCategoriesSql, kPeriodWhere,
                                                        " GROUP BY 1");
    static const std::string kTopics = absl::StrCat(kTopicsSql, kPeriodWhere, " GROUP BY 1");
    static const std::string kCases = absl::StrCat(kCasesSql, kPeriodWhere, " GROUP BY 1");
    static const std::string kForwarded = absl::StrCat(kForwardedSql, kPeriodWhere);
    const std::string from = db::ToSqlDate(q.period.from);
    const std::string to = db::ToSqlDate(q.period.to);
    const std::string territories = db::ToSqlTextArray(q.territories);
    ClassifierCounts out;
    for (const auto& row :
         tx.Exec("analytics_report_by_value", kByValue, from, to, territories)) {
      const int grouping = row[0].as<int>();
      const int64_t n = row[kAppealColumnCount + 1].as<int64_t>();
      if (grouping == (1 << kAppealColumnCount) - 1) {
        out.total = n;
        continue;
      }
      for (int i = 0; i < kAppealColumnCount; ++i) {
        // GROUPING() has a 0 bit for the grouped column, the first column
        // in the highest bit.
        if ((grouping & (1 << (kAppealColumnCount - 1 - i))) != 0) continue;
        std::string dimension = kAppealColumns[i];
        if (dimension == "not_considered_reason") dimension = "reason";
        const int value = row[i + 1].as<int>();
        out.by_value[{dimension, value}] = n;
        if (dimension == "subject" && value == common::v1::APPEAL_SUBJECT_COLLECTIVE) {
          out.collective_signatories = row[kAppealColumnCount + 2].as<int64_t>();
        }
      }
    }
    for (const auto& row :
         tx.Exec("analytics_report_categories", kCategories, from, to, territories)) {
      out.by_value[{"author_category", row[0].as<int>()}] = row[1].as<int64_t>();
    }
    for (const auto& row : tx.Exec("analytics_report_topics", kTopics, from, to, territories)) {
      out.topics[row[0].as<std::string>()] = row[1].as<int64_t>();
    }
    for (const auto& row : tx.Exec("analytics_report_cases", kCases, from, to, territories,
                                   db::ToSqlDate(today), kClosed, kNotConsidered)) {
      out.results[row[0].as<int>()] += row[1].as<int64_t>();
      out.answered_on_time += row[2].as<int64_t>();
      out.answered_late += row[3].as<int64_t>();
      out.extended += row[4].as<int64_t>();
      out.open += row[5].as<int64_t>();
      out.overdue_now += row[6].as<int64_t>();
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
    std::vector<v1::TimelinessRow> out;
    for (const auto& row :
         tx.Exec("analytics_report_timeliness", kTimelinessSql, db::ToSqlDate(q.period.from),
                 db::ToSqlDate(q.period.to), db::ToSqlTextArray(q.territories),
                 db::ToSqlDate(today), kClosed, kNotConsidered)) {
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
      r.set_p90_days_to_answer(row[9].as<double>());
      r.set_extended(row[10].as<int64_t>());
      r.set_reworks(row[11].as<int64_t>());
      r.set_declined_not_competent(row[12].as<int64_t>());
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
