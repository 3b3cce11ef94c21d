// Applies intake's events: each registered appeal gets a routing decision,
// recorded with its event (AppealRouted or AppealNeedsManualRouting) in the
// consumer's transaction. Also the supervisor's side of the manual queue:
// assigning an executor, and reporting appeals past the 5-day term; and
// re-routing when an executor declines an appeal (tracking's events).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/v1/eventlog.pb.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "decision_store.h"
#include "directories.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace contactcenter::routing {

// Art. 7: an appeal outside a body's competence is forwarded within 5 days.
inline constexpr absl::Duration kForwardingTerm = absl::Hours(5 * 24);

class AppealRouter {
 public:
  // `registry` may be null; with one, decisions are counted
  // (routing_decisions_total by kind and outcome).
  AppealRouter(Directories* directories, DecisionStore* store, eventlog::Producer* events,
               const Clock* clock, prometheus::Registry* registry = nullptr);

  // Intake's AppealRegistered: the appeal's routing decision.
  absl::Status OnAppealRegistered(db::Tx& tx, const intake::v1::AppealRegistered& registered,
                                  const eventlog::EventMeta& event);
  // Registers OnAppealRegistered for intake's log.
  void FollowIntake(eventlog::Dispatcher& d);

  // Tracking's CaseReturnedToRouting (the executor declined the case as not
  // within its competence) re-routes the appeal, never to a body that
  // declined it, or queues it; the hand-over is logged and AppealRerouted
  // (or AppealNeedsManualRouting) written.
  absl::Status OnCaseReturnedToRouting(db::Tx& tx,
                                       const tracking::v1::CaseReturnedToRouting& returned,
                                       const eventlog::EventMeta& event);
  // Registers OnCaseReturnedToRouting for tracking's log.
  void FollowTracking(eventlog::Dispatcher& d);

  // A supervisor (`who`) sends a queued appeal to `executor_id`, which must
  // be an active body of the directory in force (INVALID_ARGUMENT naming it
  // otherwise); NOT_FOUND when the appeal is not queued.
  absl::StatusOr<v1::RoutingDecision> Assign(db::Tx& tx, const std::string& appeal_id,
                                             const std::string& executor_id,
                                             const std::string& note, const std::string& who);

  // Reports, once each, queued appeals past the forwarding term
  // (ManualRoutingOverdue); returns how many.
  absl::StatusOr<int> ReportOverdue(db::Tx& tx);

 private:
  void AppendRerouted(db::Tx& tx, const intake::v1::AppealRegistered& registered,
                      const v1::RoutingDecision& decision, const std::string& from_executor_id,
                      absl::Time now);
  void AppendNeedsManualRouting(db::Tx& tx, const intake::v1::AppealRegistered& registered,
                                const v1::RoutingDecision& decision, absl::Time now);
  void AppendRouted(db::Tx& tx, const intake::v1::AppealRegistered& registered,
                    const v1::RoutingDecision& decision, absl::Time now);

  // Counts once the transaction commits (a retried one is not counted twice).
  void Count(db::Tx& tx, prometheus::Counter* counter);

  Directories* directories_;
  DecisionStore* store_;
  eventlog::Producer* events_;
  const Clock* clock_;
  // decision: first decisions; reroute: after a decline; assign: by a supervisor.
  prometheus::Counter* routed_ = nullptr;
  prometheus::Counter* queued_ = nullptr;
  prometheus::Counter* rerouted_ = nullptr;
  prometheus::Counter* requeued_ = nullptr;
  prometheus::Counter* assigned_ = nullptr;
};

}  // namespace contactcenter::routing
