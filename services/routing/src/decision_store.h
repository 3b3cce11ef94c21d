// The only place routing's SQL lives: decisions and the manual queue.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/routing/v1/routing.pb.h"

namespace contactcenter::routing {

// What routing knows of an appeal, from intake's AppealRegistered.
struct AppealFacts {
  std::string appeal_id;
  std::string registration_number;
  int kind = 0;
  std::string topic_code;
  std::string territory_code;
  absl::Time received_at;
};

class DecisionStore {
 public:
  explicit DecisionStore(db::Pool* pool) : pool_(pool) {}

  // Records the decision (and queues the appeal when it needs manual
  // routing) in `tx`. Returns false, changing nothing, when the appeal
  // already has a decision.
  bool Record(db::Tx& tx, const AppealFacts& appeal, const v1::RoutingDecision& decision);

  absl::StatusOr<v1::RoutingDecision> Get(const std::string& appeal_id);

 private:
  db::Pool* pool_;
};

}  // namespace contactcenter::routing
