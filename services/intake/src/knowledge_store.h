// The knowledge base's and the consultations' SQL.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::intake {

class KnowledgeStore {
 public:
  explicit KnowledgeStore(db::Pool* pool) : pool_(pool) {}

  // A validated article; returns it as stored.
  absl::StatusOr<v1::Article> Create(const v1::Article& article, const std::string& by,
                                     absl::Time now);
  // NOT_FOUND when there is no such article.
  absl::StatusOr<v1::Article> Update(const v1::Article& article, const std::string& by,
                                     absl::Time now);
  // Articles matching `tsquery` (PrefixTsQuery), valid on `day`, on
  // `topic_code` when not empty; by ts_rank, then title and id.
  absl::StatusOr<std::vector<v1::ArticleHit>> Search(const std::string& tsquery,
                                                     const std::string& topic_code,
                                                     absl::CivilDay day, int limit);
  // A validated consultation; INVALID_ARGUMENT naming each article id that
  // does not exist.
  absl::StatusOr<v1::Consultation> RecordConsultation(const v1::Consultation& c,
                                                      const std::string& by, absl::Time now);
  // Consultations in [from, to): total and by topic.
  absl::StatusOr<v1::CountConsultationsResponse> Count(absl::Time from, absl::Time to);

 private:
  db::Pool* pool_;
};

}  // namespace contactcenter::intake
