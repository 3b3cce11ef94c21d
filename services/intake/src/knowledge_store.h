// The knowledge base's and the consultations' SQL. No pool: every method
// runs in the caller's transaction and returns a status, never throws.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::intake {

class KnowledgeStore {
 public:
  // A validated article; returns it as stored.
  absl::StatusOr<v1::Article> InsertArticle(db::Tx& tx, const v1::Article& article,
                                            const std::string& by, absl::Time now);
  // NOT_FOUND when there is no such article.
  absl::StatusOr<v1::Article> UpdateArticle(db::Tx& tx, const v1::Article& article,
                                            const std::string& by, absl::Time now);
  // Articles matching `tsquery` (PrefixTsQuery), valid on `day`, on
  // `topic_code` when not empty; by ts_rank, then title and id.
  absl::StatusOr<std::vector<v1::ArticleHit>> SearchArticles(db::Tx& tx, const std::string& tsquery,
                                                             const std::string& topic_code,
                                                             absl::CivilDay day, int limit);
  absl::StatusOr<bool> ArticleExists(db::Tx& tx, const std::string& id);
  // A consultation whose articles exist; returns its id.
  absl::StatusOr<std::string> InsertConsultation(db::Tx& tx, const v1::Consultation& c,
                                                 const std::string& by, absl::Time now);
  // Consultations in [from, to): total and by topic.
  absl::StatusOr<v1::CountConsultationsResponse> CountConsultations(db::Tx& tx, absl::Time from,
                                                                    absl::Time to);
};

}  // namespace contactcenter::intake
