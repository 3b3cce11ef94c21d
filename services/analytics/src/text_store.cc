#include "text_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"

namespace contactcenter::analytics {
namespace {

constexpr char kPendingSql[] = R"sql(
SELECT f.appeal_id::text FROM appeal_facts f
WHERE NOT EXISTS (SELECT 1 FROM appeal_terms t WHERE t.appeal_id = f.appeal_id)
ORDER BY f.received_at, f.appeal_id LIMIT $1)sql";

constexpr char kStoreSql[] = R"sql(
INSERT INTO appeal_terms (appeal_id, lemmas, phrases, analysed_at)
VALUES ($1::uuid, $2::text[], $3::text[], $4::timestamptz)
ON CONFLICT (appeal_id) DO NOTHING)sql";

// $1 baseline from, $2 period from, $3 to, $4 territories (empty: all),
// $5 topic ("" any; a heading takes its sub-topics).
constexpr char kScope[] = R"sql(
  FROM appeal_facts f JOIN appeal_terms t USING (appeal_id)
  WHERE f.received_day >= $1::date AND f.received_day < $3::date
    AND (cardinality($4::text[]) = 0 OR f.territory_code = ANY($4::text[]))
    AND ($5 = '' OR EXISTS (SELECT 1 FROM unnest(f.topic_codes) c
                            WHERE c = $5 OR c LIKE $5 || '.%')))sql";

std::string CountAnalysedSql() {
  return absl::StrCat(
      "SELECT count(*) FILTER (WHERE f.received_day >= $2::date)::bigint, "
      "count(*) FILTER (WHERE f.received_day < $2::date)::bigint",
      kScope);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> TextStore::PendingAppeals(db::Tx& tx, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<std::string>> {
    std::vector<std::string> out;
    for (const pqxx::row& r : tx.Exec("analytics_text_pending", kPendingSql, limit)) {
      out.push_back(r[0].c_str());
    }
    return out;
  });
}

absl::Status TextStore::StoreTerms(db::Tx& tx, const std::string& appeal_id,
                                   const std::vector<std::string>& lemmas,
                                   const std::vector<std::string>& phrases, absl::Time now) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("analytics_text_store", kStoreSql, appeal_id, db::ToSqlTextArray(lemmas),
            db::ToSqlTextArray(phrases), db::ToSqlTime(now));
    return absl::OkStatus();
  });
}

namespace {

// The lateral that gives each term of an appeal once.
std::string Lateral(bool phrases) {
  return phrases ? " CROSS JOIN LATERAL unnest(t.phrases) AS x(term) "
                 : " CROSS JOIN LATERAL (SELECT DISTINCT unnest(t.lemmas) AS term) AS x ";
}

std::string TermCountsSql(bool phrases, const std::string& tail) {
  // kScope starts with FROM ... JOIN; the lateral goes after the join.
  std::string scope = kScope;
  const std::string join = "JOIN appeal_terms t USING (appeal_id)";
  scope.replace(scope.find(join), join.size(), join + Lateral(phrases));
  return absl::StrCat(
      "SELECT x.term, count(*) FILTER (WHERE f.received_day >= $2::date)::bigint AS n, "
      "count(*) FILTER (WHERE f.received_day < $2::date)::bigint AS b",
      scope, " GROUP BY x.term ", tail);
}

}  // namespace

absl::StatusOr<std::pair<int64_t, int64_t>> TextStore::CountAnalysed(db::Tx& tx,
                                                                     const ContentScope& s) {
  return db::Guarded([&]() -> absl::StatusOr<std::pair<int64_t, int64_t>> {
    pqxx::row r = tx.Exec("analytics_text_count", CountAnalysedSql(), db::ToSqlDate(s.baseline_from),
                          db::ToSqlDate(s.period.from), db::ToSqlDate(s.period.to),
                          db::ToSqlTextArray(s.territories), s.topic)[0];
    return std::pair{r[0].as<int64_t>(), r[1].as<int64_t>()};
  });
}

absl::StatusOr<std::vector<TermRow>> TextStore::TopTerms(db::Tx& tx, const ContentScope& s,
                                                         bool phrases, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<TermRow>> {
    static const std::string kTerms =
        TermCountsSql(false, "HAVING count(*) FILTER (WHERE f.received_day >= $2::date) > 0 "
                             "ORDER BY n DESC, x.term LIMIT $6");
    static const std::string kPhrases =
        TermCountsSql(true, "HAVING count(*) FILTER (WHERE f.received_day >= $2::date) > 0 "
                            "ORDER BY n DESC, x.term LIMIT $6");
    std::vector<TermRow> out;
    for (const pqxx::row& r :
         tx.Exec(phrases ? "analytics_text_top_phrases" : "analytics_text_top_terms",
                 phrases ? kPhrases : kTerms, db::ToSqlDate(s.baseline_from),
                 db::ToSqlDate(s.period.from), db::ToSqlDate(s.period.to),
                 db::ToSqlTextArray(s.territories), s.topic, limit)) {
      out.push_back({r[0].c_str(), r[1].as<int64_t>(), r[2].as<int64_t>()});
    }
    return out;
  });
}

absl::StatusOr<std::vector<TermRow>> TextStore::TermsWithBaseline(db::Tx& tx,
                                                                  const ContentScope& s,
                                                                  int min_appeals) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<TermRow>> {
    static const std::string kSql = TermCountsSql(
        false, "HAVING count(*) FILTER (WHERE f.received_day >= $2::date) >= $6");
    std::vector<TermRow> out;
    for (const pqxx::row& r :
         tx.Exec("analytics_text_emerging", kSql, db::ToSqlDate(s.baseline_from),
                 db::ToSqlDate(s.period.from), db::ToSqlDate(s.period.to),
                 db::ToSqlTextArray(s.territories), s.topic, min_appeals)) {
      out.push_back({r[0].c_str(), r[1].as<int64_t>(), r[2].as<int64_t>()});
    }
    return out;
  });
}

absl::StatusOr<std::vector<TrainingRow>> TextStore::TrainingRows(db::Tx& tx, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<TrainingRow>> {
    static constexpr char kSql[] = R"sql(
SELECT f.topic_code, t.lemmas FROM appeal_facts f JOIN appeal_terms t USING (appeal_id)
WHERE f.topic_code <> '' AND cardinality(t.lemmas) > 0
ORDER BY f.received_at DESC LIMIT $1)sql";
    std::vector<TrainingRow> out;
    for (const pqxx::row& r : tx.Exec("analytics_text_training", kSql, limit)) {
      out.push_back({r[0].c_str(), db::TextArrayFromField(r[1])});
    }
    return out;
  });
}

}  // namespace contactcenter::analytics
