// The use case of routing decisions: each appeal intake registers gets one,
// recorded with its event (AppealRouted or AppealNeedsManualRouting);
// re-routing when an executor declines an appeal (tracking's events); and
// reading a decision back. The event handlers run in the consumer's
// transaction (it moves the cursor in the same one); GetDecision owns its
// own. The manual queue is ManualQueue's (manual_queue.h).
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
#include "decisions.h"
#include "directories.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace contactcenter::routing {

// routing_decisions_total{kind, outcome}, the one family every decision is
// counted in; null when `registry` is.
prometheus::Counter* DecisionCounter(prometheus::Registry* registry, const std::string& kind,
                                     const std::string& outcome);

// Counts once `tx` commits (a retried transaction is not counted twice).
void CountOnCommit(db::Tx& tx, prometheus::Counter* counter);

class AppealRouter {
 public:
  // `registry` may be null; with one, decisions are counted
  // (routing_decisions_total by kind and outcome).
  AppealRouter(Directories* directories, DecisionStore* store, eventlog::Producer* events,
               db::Pool* pool, const Clock* clock, prometheus::Registry* registry = nullptr);

  // Intake's AppealRegistered: the appeal's routing decision.
  absl::Status OnAppealRegistered(db::Tx& tx, const intake::v1::AppealRegistered& registered,
                                  const eventlog::EventMeta& event);
  // Intake's AppealExclusionProposed for a repeat (Art. 8: "одним і тим же
  // органом"): which body the rules in force would send it to, written as
  // ExclusionProposalRouted for intake to compare with the body that
  // resolved the earlier appeal. Nothing is routed or recorded as a
  // decision: the appeal is not registered for consideration.
  absl::Status OnAppealExclusionProposed(db::Tx& tx,
                                         const intake::v1::AppealExclusionProposed& proposed,
                                         const eventlog::EventMeta& event);
  // Registers OnAppealRegistered and OnAppealExclusionProposed for intake's
  // log.
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

  // The decision of an appeal with its hand-overs; NOT_FOUND until routing
  // has seen the appeal. One read-only transaction.
  absl::StatusOr<v1::GetRoutingDecisionResponse> GetDecision(const std::string& appeal_id);

 private:
  Directories* directories_;
  DecisionStore* store_;
  eventlog::Producer* events_;
  db::Pool* pool_;
  const Clock* clock_;
  // first: first decisions; reroute: after a decline.
  prometheus::Counter* routed_ = nullptr;
  prometheus::Counter* queued_ = nullptr;
  prometheus::Counter* rerouted_ = nullptr;
  prometheus::Counter* requeued_ = nullptr;
};

}  // namespace contactcenter::routing
