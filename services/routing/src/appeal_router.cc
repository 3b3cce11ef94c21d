#include "appeal_router.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::routing {

prometheus::Counter* DecisionCounter(prometheus::Registry* registry, const std::string& kind,
                                     const std::string& outcome) {
  if (registry == nullptr) return nullptr;
  return &prometheus::BuildCounter()
              .Name("routing_decisions_total")
              .Help("Routing decisions by kind (first, reroute, assign) and outcome "
                    "(routed, queued).")
              .Register(*registry)
              .Add({{"kind", kind}, {"outcome", outcome}});
}

void CountOnCommit(db::Tx& tx, prometheus::Counter* counter) {
  if (counter != nullptr) tx.OnCommit([counter] { counter->Increment(); });
}

AppealRouter::AppealRouter(Directories* directories, DecisionStore* store,
                           eventlog::Producer* events, db::Pool* pool, const Clock* clock,
                           prometheus::Registry* registry)
    : directories_(directories),
      store_(store),
      events_(events),
      pool_(pool),
      clock_(clock),
      routed_(DecisionCounter(registry, "first", "routed")),
      queued_(DecisionCounter(registry, "first", "queued")),
      rerouted_(DecisionCounter(registry, "reroute", "routed")),
      requeued_(DecisionCounter(registry, "reroute", "queued")) {}

absl::StatusOr<v1::GetRoutingDecisionResponse> AppealRouter::GetDecision(
    const std::string& appeal_id) {
  return pool_->Read([&](db::Tx& tx) { return store_->Get(tx, appeal_id); });
}

absl::Status AppealRouter::OnCaseReturnedToRouting(
    db::Tx& tx, const tracking::v1::CaseReturnedToRouting& returned,
    const eventlog::EventMeta& event) {
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(std::optional<DecisionStore::Locked> locked,
                   store_->Lock(tx, returned.appeal_id()));
  if (!locked) {
    // Tracking only has cases routing sent: this blocks the log until explained.
    return absl::FailedPreconditionError(
        absl::StrCat("CaseReturnedToRouting at position ", event.position, " for appeal ",
                     returned.appeal_id(), ", which routing never decided"));
  }
  const absl::Time declined_at =
      returned.has_returned_at() ? FromTimestamp(returned.returned_at()) : now;
  ASSIGN_OR_RETURN(bool new_decline,
                   store_->RecordDecline(tx, returned.appeal_id(), returned.executor_id(),
                                         returned.reason(), declined_at));
  if (!new_decline) return absl::OkStatus();  // the same event again
  v1::RoutingDecision& previous = locked->decision;
  if (previous.outcome() != v1::ROUTING_OUTCOME_ROUTED ||
      previous.executor_id() != returned.executor_id()) {
    // A stale decline (the appeal moved on since): remembered, nothing to move.
    return absl::OkStatus();
  }
  const intake::v1::AppealRegistered& registered = locked->registered;
  ASSIGN_OR_RETURN(std::shared_ptr<const Directory> directory, directories_->Current(tx, now));
  ASSIGN_OR_RETURN(std::set<std::string> declined, store_->Declined(tx, returned.appeal_id()));
  const v1::RoutingDecision decision =
      RerouteDecision(returned, registered, directory->Decide(ToRoute(registered, declined)),
                      declined, directory->version(), now);
  RETURN_IF_ERROR(store_->Update(tx, decision));
  RETURN_IF_ERROR(
      store_->LogHandOver(tx, returned.appeal_id(), HandOverOf(decision, returned.executor_id())));

  const bool routed = decision.outcome() == v1::ROUTING_OUTCOME_ROUTED;
  CountOnCommit(tx, routed ? rerouted_ : requeued_);
  if (routed) {
    RETURN_IF_ERROR(events_->Append(
        tx, decision.appeal_id(), ReroutedEvent(registered, decision, returned.executor_id()), now));
  } else {
    RETURN_IF_ERROR(store_->Requeue(tx, returned.appeal_id(), decision.reason(), now,
                                    returned.executor_id()));
    RETURN_IF_ERROR(events_->Append(tx, decision.appeal_id(),
                                    NeedsManualRoutingEvent(registered, decision), now));
  }
  return absl::OkStatus();
}

absl::Status AppealRouter::OnAppealRegistered(db::Tx& tx,
                                               const intake::v1::AppealRegistered& registered,
                                               const eventlog::EventMeta& /*event*/) {
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(std::shared_ptr<const Directory> directory, directories_->Current(tx, now));
  const v1::RoutingDecision decision = FirstDecision(
      registered, directory->Decide(ToRoute(registered)), directory->version(), now);
  AppealFacts facts{registered.appeal_id(), registered.registration_number(),
                    static_cast<int>(registered.kind()), registered.topic_code(),
                    registered.territory_code(), FromTimestamp(registered.received_at())};
  ASSIGN_OR_RETURN(bool recorded, store_->Record(tx, facts, decision, registered));
  if (!recorded) return absl::OkStatus();  // decided before

  const bool routed = decision.outcome() == v1::ROUTING_OUTCOME_ROUTED;
  CountOnCommit(tx, routed ? routed_ : queued_);
  if (routed) {
    RETURN_IF_ERROR(
        events_->Append(tx, decision.appeal_id(), RoutedEvent(registered, decision), now));
  } else {
    RETURN_IF_ERROR(events_->Append(tx, decision.appeal_id(),
                                    NeedsManualRoutingEvent(registered, decision), now));
  }
  return absl::OkStatus();
}

absl::Status AppealRouter::OnAppealExclusionProposed(
    db::Tx& tx, const intake::v1::AppealExclusionProposed& proposed,
    const eventlog::EventMeta& /*event*/) {
  if (proposed.reason() != intake::v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED) {
    return absl::OkStatus();  // the body plays no part in the other grounds
  }
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(std::shared_ptr<const Directory> directory, directories_->Current(tx, now));
  RETURN_IF_ERROR(events_->Append(tx, proposed.appeal_id(),
                                  ProposalRoutedEvent(proposed, directory->Decide(ToRoute(proposed)),
                                                      directory->version(), now),
                                  now));
  return absl::OkStatus();
}

void AppealRouter::FollowIntake(eventlog::Dispatcher& d) {
  d.On(this, &AppealRouter::OnAppealRegistered);
  d.On(this, &AppealRouter::OnAppealExclusionProposed);
}

void AppealRouter::FollowTracking(eventlog::Dispatcher& d) {
  d.On(this, &AppealRouter::OnCaseReturnedToRouting);
}

}  // namespace contactcenter::routing
