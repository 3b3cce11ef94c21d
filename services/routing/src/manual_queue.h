// The use case of the manual routing queue: what waits for a supervisor, a
// supervisor's assignment (AppealRouted, or AppealRerouted for an appeal
// that came back from a body that declined it), and reporting appeals past
// the 5-day forwarding term (Art. 7). Each method is one transaction.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "decision_store.h"
#include "directories.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace contactcenter::routing {

class ManualQueue {
 public:
  // `registry` may be null; with one, assignments are counted
  // (routing_decisions_total{kind="assign"}).
  ManualQueue(Directories* directories, DecisionStore* store, eventlog::Producer* events,
              db::Pool* pool, const Clock* clock, prometheus::Registry* registry = nullptr);

  // The queue, oldest first, each with the end of its forwarding term and
  // the seconds left now. Read-only.
  absl::StatusOr<std::vector<v1::ManualRoutingItem>> List();

  // A supervisor (`who`) sends a queued appeal to `executor_id`, which must
  // be an active body of the directory in force, not the body a complaint
  // contests and not one that declined the appeal (INVALID_ARGUMENT naming
  // executor_id otherwise); NOT_FOUND when the appeal is not queued.
  absl::StatusOr<v1::RoutingDecision> Assign(const std::string& appeal_id,
                                             const std::string& executor_id,
                                             const std::string& note, const std::string& who);

  // Reports, once each, queued appeals past the forwarding term
  // (ManualRoutingOverdue); returns how many.
  absl::StatusOr<int> ReportOverdue();

 private:
  Directories* directories_;
  DecisionStore* store_;
  eventlog::Producer* events_;
  db::Pool* pool_;
  const Clock* clock_;
  prometheus::Counter* assigned_ = nullptr;
};

}  // namespace contactcenter::routing
