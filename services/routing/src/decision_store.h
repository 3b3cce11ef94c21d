// The only place routing's decision SQL lives: decisions and the manual queue.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "decisions.h"

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

// Every method runs on the caller's transaction and returns a status, never
// throws (db::Guarded). A stored decision or AppealRegistered that does not
// parse is DATA_LOSS. After an error the transaction is unusable: return
// the status to whoever owns it.
class DecisionStore {
 public:
  // Records the decision (and queues the appeal when it needs manual
  // routing), with the event it was taken from. Returns false, changing
  // nothing, when the appeal already has a decision.
  absl::StatusOr<bool> Record(db::Tx& tx, const AppealFacts& appeal,
                              const v1::RoutingDecision& decision,
                              const intake::v1::AppealRegistered& registered);

  // The decision of an appeal with every hand-over; NOT_FOUND when routing
  // has not seen it.
  absl::StatusOr<v1::GetRoutingDecisionResponse> Get(db::Tx& tx, const std::string& appeal_id);

  // The queue, oldest first.
  absl::StatusOr<std::vector<QueuedAppeal>> ListQueue(db::Tx& tx);

  // Takes the appeal out of the queue; nullopt when it is not queued.
  struct Dequeued {
    intake::v1::AppealRegistered registered;
    std::string previous_executor_id;  // the decliner, when it came back
    std::set<std::string> declined;
  };
  absl::StatusOr<std::optional<Dequeued>> Dequeue(db::Tx& tx, const std::string& appeal_id);

  // The decision of an appeal, locked for update, with its
  // AppealRegistered; nullopt when routing never saw the appeal.
  struct Locked {
    v1::RoutingDecision decision;
    intake::v1::AppealRegistered registered;
  };
  absl::StatusOr<std::optional<Locked>> Lock(db::Tx& tx, const std::string& appeal_id);
  // Records that `executor_id` declined the appeal; false when it already had.
  absl::StatusOr<bool> RecordDecline(db::Tx& tx, const std::string& appeal_id,
                                     const std::string& executor_id, const std::string& reason,
                                     absl::Time at);
  absl::StatusOr<std::set<std::string>> Declined(db::Tx& tx, const std::string& appeal_id);
  absl::Status LogHandOver(db::Tx& tx, const std::string& appeal_id,
                           const v1::HandOver& hand_over);
  absl::StatusOr<std::vector<v1::HandOver>> HandOvers(db::Tx& tx, const std::string& appeal_id);
  // Queues an appeal that came back from `previous_executor_id`.
  absl::Status Requeue(db::Tx& tx, const std::string& appeal_id, const std::string& reason,
                       absl::Time at, const std::string& previous_executor_id);
  // Overwrites the decision of an appeal taken out of the queue.
  absl::Status Update(db::Tx& tx, const v1::RoutingDecision& decision);

  // Queued appeals received before `cutoff` whose lateness is not yet
  // reported; marks them reported at `now`.
  absl::StatusOr<std::vector<QueuedAppeal>> TakeNewlyOverdue(db::Tx& tx, absl::Time cutoff,
                                                            absl::Time now);
};

}  // namespace contactcenter::routing
