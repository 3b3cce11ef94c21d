// The knowledge base and the consultations given from it: intake's use
// cases for articles. Each public method is one transaction over
// KnowledgeStore; the rules are in knowledge.h (pure).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "knowledge_store.h"

namespace contactcenter::intake {

class KnowledgeBase {
 public:
  KnowledgeBase(db::Pool* pool, KnowledgeStore* store) : pool_(pool), store_(store) {}

  // A validated article (ValidateArticle) by `by`; returns it as stored.
  absl::StatusOr<v1::Article> CreateArticle(const v1::Article& article, const std::string& by,
                                            absl::Time now);
  // NOT_FOUND when there is no such article.
  absl::StatusOr<v1::Article> UpdateArticle(const v1::Article& article, const std::string& by,
                                            absl::Time now);
  // Articles matching `tsquery` (PrefixTsQuery), valid on `day`, on
  // `topic_code` when not empty, most relevant first.
  absl::StatusOr<std::vector<v1::ArticleHit>> SearchArticles(const std::string& tsquery,
                                                             const std::string& topic_code,
                                                             absl::CivilDay day, int limit);
  // A validated consultation (ValidateConsultation); INVALID_ARGUMENT
  // naming each article id that does not exist, and nothing written.
  absl::StatusOr<v1::Consultation> RecordConsultation(const v1::Consultation& c,
                                                      const std::string& by, absl::Time now);
  // Consultations in [from, to): total and by topic.
  absl::StatusOr<v1::CountConsultationsResponse> CountConsultations(absl::Time from, absl::Time to);

 private:
  db::Pool* pool_;
  KnowledgeStore* store_;
};

}  // namespace contactcenter::intake
