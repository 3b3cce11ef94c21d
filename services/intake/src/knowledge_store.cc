#include "knowledge_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "knowledge.h"

namespace contactcenter::intake {
namespace {

constexpr char kArticleColumns[] =
    "id::text, title, body, topic_codes, tags, to_char(valid_from, 'YYYY-MM-DD'), "
    "to_char(valid_to, 'YYYY-MM-DD'), updated_by, updated_at";

// Title and tags weigh A, the body B.
constexpr char kSearchVector[] =
    "setweight(to_tsvector('simple', $1), 'A') || setweight(to_tsvector('simple', $2), 'B')";

v1::Article RowToArticle(const pqxx::row& r) {
  v1::Article a;
  a.set_id(r[0].c_str());
  a.set_title(r[1].c_str());
  a.set_body(r[2].c_str());
  for (std::string& t : db::TextArrayFromField(r[3])) a.add_topic_codes(std::move(t));
  for (std::string& t : db::TextArrayFromField(r[4])) a.add_tags(std::move(t));
  *a.mutable_valid_from() = ToDate(db::DateFromField(r[5]));
  if (!r[6].is_null()) *a.mutable_valid_to() = ToDate(db::DateFromField(r[6]));
  a.set_updated_by(r[7].c_str());
  *a.mutable_updated_at() = ToTimestamp(db::TimeFromField(r[8]));
  return a;
}

// $1 title and tags, $2 body (case-folded): the search vector's inputs.
std::string TitleAndTags(const v1::Article& a) {
  return SearchText(absl::StrCat(a.title(), " ", absl::StrJoin(a.tags(), " ")));
}

std::string ValidTo(const v1::Article& a) {
  return a.has_valid_to() ? db::ToSqlDate(FromDate(a.valid_to())) : std::string();
}

}  // namespace

absl::StatusOr<v1::Article> KnowledgeStore::InsertArticle(db::Tx& tx, const v1::Article& a,
                                                          const std::string& by, absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<v1::Article> {
    pqxx::result rows = tx.Exec(
        "intake_create_article",
        absl::StrCat("INSERT INTO articles (title, body, topic_codes, tags, valid_from, valid_to, "
                     "  updated_by, updated_at, search) "
                     "VALUES ($3, $4, $5::text[], $6::text[], $7::date, NULLIF($8, '')::date, "
                     "  $9, $10, ",
                     kSearchVector, ") RETURNING ", kArticleColumns),
        TitleAndTags(a), SearchText(a.body()), a.title(), a.body(),
        db::ToSqlTextArray(a.topic_codes()), db::ToSqlTextArray(a.tags()),
        db::ToSqlDate(FromDate(a.valid_from())), ValidTo(a), by, db::ToSqlTime(now));
    return RowToArticle(rows[0]);
  });
}

absl::StatusOr<v1::Article> KnowledgeStore::UpdateArticle(db::Tx& tx, const v1::Article& a,
                                                          const std::string& by, absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<v1::Article> {
    pqxx::result rows = tx.Exec(
        "intake_update_article",
        absl::StrCat("UPDATE articles SET title = $3, body = $4, "
                     "  topic_codes = $5::text[], tags = $6::text[], valid_from = $7::date, "
                     "  valid_to = NULLIF($8, '')::date, updated_by = $9, updated_at = $10, "
                     "  search = ",
                     kSearchVector, " WHERE id = $11::uuid RETURNING ", kArticleColumns),
        TitleAndTags(a), SearchText(a.body()), a.title(), a.body(),
        db::ToSqlTextArray(a.topic_codes()), db::ToSqlTextArray(a.tags()),
        db::ToSqlDate(FromDate(a.valid_from())), ValidTo(a), by, db::ToSqlTime(now), a.id());
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no article ", a.id()));
    return RowToArticle(rows[0]);
  });
}

absl::StatusOr<std::vector<v1::ArticleHit>> KnowledgeStore::SearchArticles(
    db::Tx& tx, const std::string& tsquery, const std::string& topic_code, absl::CivilDay day,
    int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::ArticleHit>> {
    pqxx::result rows = tx.Exec(
        "intake_search_articles",
        absl::StrCat("SELECT ", kArticleColumns,
                     ", ts_rank(search, q) AS rank "
                     "FROM articles, to_tsquery('simple', $1) q "
                     "WHERE search @@ q AND ($2 = '' OR $2 = ANY (topic_codes)) "
                     "  AND valid_from <= $3::date AND (valid_to IS NULL OR valid_to >= $3::date) "
                     "ORDER BY rank DESC, title, id LIMIT $4"),
        tsquery, topic_code, db::ToSqlDate(day), limit);
    std::vector<v1::ArticleHit> hits;
    for (const pqxx::row& r : rows) {
      v1::ArticleHit h;
      *h.mutable_article() = RowToArticle(r);
      h.set_rank(r["rank"].as<float>());
      hits.push_back(std::move(h));
    }
    return hits;
  });
}

absl::StatusOr<bool> KnowledgeStore::ArticleExists(db::Tx& tx, const std::string& id) {
  return db::Guarded([&]() -> absl::StatusOr<bool> {
    return !tx.Exec("intake_article_exists", "SELECT 1 FROM articles WHERE id = $1::uuid", id)
                .empty();
  });
}

absl::StatusOr<std::string> KnowledgeStore::InsertConsultation(db::Tx& tx,
                                                               const v1::Consultation& c,
                                                               const std::string& by,
                                                               absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<std::string> {
    pqxx::result rows = tx.Exec(
        "intake_record_consultation",
        "INSERT INTO consultations (topic_code, article_ids, note, consulted_by, consulted_at) "
        "VALUES ($1, $2::uuid[], $3, $4, $5) RETURNING id::text",
        c.topic_code(), db::ToSqlTextArray(c.article_ids()), c.note(), by, db::ToSqlTime(now));
    return std::string(rows[0][0].c_str());
  });
}

absl::StatusOr<v1::CountConsultationsResponse> KnowledgeStore::CountConsultations(db::Tx& tx,
                                                                                  absl::Time from,
                                                                                  absl::Time to) {
  return db::Guarded([&]() -> absl::StatusOr<v1::CountConsultationsResponse> {
    pqxx::result rows = tx.Exec(
        "intake_count_consultations",
        "SELECT topic_code, count(*) FROM consultations "
        "WHERE consulted_at >= $1 AND consulted_at < $2 GROUP BY topic_code ORDER BY topic_code",
        db::ToSqlTime(from), db::ToSqlTime(to));
    v1::CountConsultationsResponse resp;
    for (const pqxx::row& r : rows) {
      v1::TopicCount* t = resp.add_by_topic();
      t->set_topic_code(r[0].c_str());
      t->set_count(r[1].as<int64_t>());
      resp.set_total(resp.total() + t->count());
    }
    return resp;
  });
}

}  // namespace contactcenter::intake
