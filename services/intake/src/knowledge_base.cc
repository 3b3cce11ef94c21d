#include "knowledge_base.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::intake {

absl::StatusOr<v1::Article> KnowledgeBase::CreateArticle(const v1::Article& article,
                                                         const std::string& by, absl::Time now) {
  return pool_->Write([&](db::Tx& tx) { return store_->InsertArticle(tx, article, by, now); });
}

absl::StatusOr<v1::Article> KnowledgeBase::UpdateArticle(const v1::Article& article,
                                                         const std::string& by, absl::Time now) {
  return pool_->Write([&](db::Tx& tx) { return store_->UpdateArticle(tx, article, by, now); });
}

absl::StatusOr<std::vector<v1::ArticleHit>> KnowledgeBase::SearchArticles(
    const std::string& tsquery, const std::string& topic_code, absl::CivilDay day, int limit) {
  return pool_->Read(
      [&](db::Tx& tx) { return store_->SearchArticles(tx, tsquery, topic_code, day, limit); });
}

absl::StatusOr<v1::Consultation> KnowledgeBase::RecordConsultation(const v1::Consultation& c,
                                                                   const std::string& by,
                                                                   absl::Time now) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::Consultation> {
    FieldViolations v;
    for (int i = 0; i < c.article_ids_size(); ++i) {
      ASSIGN_OR_RETURN(const bool exists, store_->ArticleExists(tx, c.article_ids(i)));
      if (!exists) v.Add(absl::StrCat("consultation.article_ids[", i, "]"), "no such article");
    }
    if (!v.empty()) return v.ToStatus("invalid consultation");
    ASSIGN_OR_RETURN(std::string id, store_->InsertConsultation(tx, c, by, now));
    v1::Consultation out = c;
    out.set_id(std::move(id));
    out.set_consulted_by(by);
    *out.mutable_consulted_at() = ToTimestamp(now);
    return out;
  });
}

absl::StatusOr<v1::CountConsultationsResponse> KnowledgeBase::CountConsultations(absl::Time from,
                                                                                 absl::Time to) {
  return pool_->Read([&](db::Tx& tx) { return store_->CountConsultations(tx, from, to); });
}

}  // namespace contactcenter::intake
