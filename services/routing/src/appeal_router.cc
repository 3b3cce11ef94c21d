#include "appeal_router.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::routing {

AppealRouter::AppealRouter(Directories* directories, DecisionStore* store,
                           eventlog::Producer* events, const Clock* clock,
                           prometheus::Registry* registry)
    : directories_(directories), store_(store), events_(events), clock_(clock) {
  if (registry == nullptr) return;
  auto& family = prometheus::BuildCounter()
                     .Name("routing_decisions_total")
                     .Help("Routing decisions by kind (first, reroute, assign) and outcome "
                           "(routed, queued).")
                     .Register(*registry);
  routed_ = &family.Add({{"kind", "first"}, {"outcome", "routed"}});
  queued_ = &family.Add({{"kind", "first"}, {"outcome", "queued"}});
  rerouted_ = &family.Add({{"kind", "reroute"}, {"outcome", "routed"}});
  requeued_ = &family.Add({{"kind", "reroute"}, {"outcome", "queued"}});
  assigned_ = &family.Add({{"kind", "assign"}, {"outcome", "routed"}});
}

void AppealRouter::Count(db::Tx& tx, prometheus::Counter* counter) {
  if (counter != nullptr) tx.OnCommit([counter] { counter->Increment(); });
}

void AppealRouter::AppendRouted(db::Tx& tx, const intake::v1::AppealRegistered& registered,
                                const v1::RoutingDecision& decision, absl::Time now) {
  v1::AppealRouted routed;
  routed.set_appeal_id(decision.appeal_id());
  routed.set_registration_number(registered.registration_number());
  routed.set_executor_id(decision.executor_id());
  routed.set_rule_id(decision.rule_id());
  *routed.mutable_received_at() = registered.received_at();
  *routed.mutable_decided_at() = decision.decided_at();
  routed.set_kind(registered.kind());
  routed.set_topic_code(registered.topic_code());
  routed.set_territory_code(registered.territory_code());
  routed.set_needs_no_extra_study(registered.needs_no_extra_study());
  routed.set_emergency(registered.emergency());
  *routed.mutable_information_executor_ids() = decision.information_executor_ids();
  *routed.mutable_author_categories() = registered.author_categories();
  events_->Append(tx, decision.appeal_id(), routed, now);
}

void AppealRouter::AppendNeedsManualRouting(db::Tx& tx,
                                            const intake::v1::AppealRegistered& registered,
                                            const v1::RoutingDecision& decision, absl::Time now) {
  v1::AppealNeedsManualRouting manual;
  manual.set_appeal_id(decision.appeal_id());
  manual.set_registration_number(registered.registration_number());
  manual.set_reason(decision.reason());
  *manual.mutable_received_at() = registered.received_at();
  *manual.mutable_decided_at() = decision.decided_at();
  manual.set_topic_code(registered.topic_code());
  manual.set_territory_code(registered.territory_code());
  events_->Append(tx, decision.appeal_id(), manual, now);
}

void AppealRouter::AppendRerouted(db::Tx& tx, const intake::v1::AppealRegistered& registered,
                                  const v1::RoutingDecision& decision,
                                  const std::string& from_executor_id, absl::Time now) {
  v1::AppealRerouted rerouted;
  rerouted.set_appeal_id(decision.appeal_id());
  rerouted.set_registration_number(registered.registration_number());
  rerouted.set_from_executor_id(from_executor_id);
  rerouted.set_to_executor_id(decision.executor_id());
  rerouted.set_rule_id(decision.rule_id());
  rerouted.set_reason(decision.reason());
  // The statutory term runs from the original receipt.
  *rerouted.mutable_received_at() = registered.received_at();
  *rerouted.mutable_decided_at() = decision.decided_at();
  rerouted.set_kind(registered.kind());
  rerouted.set_topic_code(registered.topic_code());
  rerouted.set_territory_code(registered.territory_code());
  rerouted.set_needs_no_extra_study(registered.needs_no_extra_study());
  rerouted.set_emergency(registered.emergency());
  *rerouted.mutable_information_executor_ids() = decision.information_executor_ids();
  *rerouted.mutable_author_categories() = registered.author_categories();
  events_->Append(tx, decision.appeal_id(), rerouted, now);
}

absl::Status AppealRouter::OnCaseReturnedToRouting(
    db::Tx& tx, const tracking::v1::CaseReturnedToRouting& returned,
    const eventlog::EventMeta& event) {
  const absl::Time now = clock_->Now();
  std::optional<DecisionStore::Locked> locked = store_->Lock(tx, returned.appeal_id());
  if (!locked) {
    // Tracking only has cases routing sent: this blocks the log until explained.
    return absl::FailedPreconditionError(
        absl::StrCat("CaseReturnedToRouting at position ", event.position, " for appeal ",
                     returned.appeal_id(), ", which routing never decided"));
  }
  const absl::Time declined_at =
      returned.has_returned_at() ? FromTimestamp(returned.returned_at()) : now;
  if (!store_->RecordDecline(tx, returned.appeal_id(), returned.executor_id(), returned.reason(),
                             declined_at)) {
    return absl::OkStatus();  // the same event again
  }
  v1::RoutingDecision& previous = locked->decision;
  if (previous.outcome() != v1::ROUTING_OUTCOME_ROUTED ||
      previous.executor_id() != returned.executor_id()) {
    // A stale decline (the appeal moved on since): remembered, nothing to move.
    return absl::OkStatus();
  }
  const intake::v1::AppealRegistered& registered = locked->registered;
  absl::StatusOr<std::shared_ptr<const Directory>> directory = directories_->Current(tx, now);
  if (!directory.ok()) return directory.status();
  AppealToRoute appeal;
  appeal.topic = registered.topic_code();
  appeal.territory = registered.territory_code();
  appeal.kind = registered.kind();
  appeal.contested_executor_id = registered.contested_executor_id();
  appeal.excluded_executor_ids = store_->Declined(tx, returned.appeal_id());
  const Choice choice = (*directory)->Decide(appeal);

  v1::RoutingDecision decision;
  decision.set_appeal_id(returned.appeal_id());
  decision.set_outcome(choice.routed ? v1::ROUTING_OUTCOME_ROUTED
                                     : v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  decision.set_executor_id(choice.executor_id);
  decision.set_rule_id(choice.rule_id);
  decision.set_reason(absl::StrCat(returned.executor_id(), " declined it as not within its "
                                   "competence (",
                                   returned.reason(), "); ", choice.reason));
  *decision.mutable_decided_at() = ToTimestamp(now);
  decision.set_directory_version((*directory)->version());
  for (const v1::RoutingCandidate& c : choice.candidates) *decision.add_candidates() = c;
  decision.set_contested_executor_id(registered.contested_executor_id());
  for (const std::string& id : choice.information_executor_ids) {
    decision.add_information_executor_ids(id);
  }
  for (const std::string& id : appeal.excluded_executor_ids) decision.add_declined_executor_ids(id);
  store_->Update(tx, decision);

  v1::HandOver hand_over;
  hand_over.set_from_executor_id(returned.executor_id());
  hand_over.set_to_executor_id(choice.executor_id);
  hand_over.set_rule_id(choice.rule_id);
  hand_over.set_reason(decision.reason());
  *hand_over.mutable_handed_at() = decision.decided_at();
  store_->LogHandOver(tx, returned.appeal_id(), hand_over);

  Count(tx, choice.routed ? rerouted_ : requeued_);
  if (choice.routed) {
    AppendRerouted(tx, registered, decision, returned.executor_id(), now);
  } else {
    store_->Requeue(tx, returned.appeal_id(), decision.reason(), now, returned.executor_id());
    AppendNeedsManualRouting(tx, registered, decision, now);
  }
  return absl::OkStatus();
}

absl::Status AppealRouter::OnAppealRegistered(db::Tx& tx,
                                               const intake::v1::AppealRegistered& registered,
                                               const eventlog::EventMeta& /*event*/) {
  const absl::Time now = clock_->Now();
  absl::StatusOr<std::shared_ptr<const Directory>> directory = directories_->Current(tx, now);
  if (!directory.ok()) return directory.status();
  AppealToRoute appeal;
  appeal.topic = registered.topic_code();
  appeal.territory = registered.territory_code();
  appeal.kind = registered.kind();
  appeal.contested_executor_id = registered.contested_executor_id();
  Choice choice = (*directory)->Decide(appeal);
  if (registered.route_manually()) {
    // The operator's call: the rules' answer is kept as advice only.
    choice.routed = false;
    choice.reason = absl::StrCat("the operator asked for manual routing",
                                 choice.executor_id.empty()
                                     ? ""
                                     : absl::StrCat(" (the rules suggest ", choice.executor_id,
                                                    " by rule ", choice.rule_id, ")"));
    choice.executor_id.clear();
    choice.rule_id.clear();
    choice.information_executor_ids.clear();
  }

  AppealFacts facts{registered.appeal_id(), registered.registration_number(),
                    static_cast<int>(registered.kind()), registered.topic_code(),
                    registered.territory_code(), FromTimestamp(registered.received_at())};
  v1::RoutingDecision decision;
  decision.set_appeal_id(registered.appeal_id());
  decision.set_outcome(choice.routed ? v1::ROUTING_OUTCOME_ROUTED
                                     : v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  decision.set_executor_id(choice.executor_id);
  decision.set_rule_id(choice.rule_id);
  decision.set_reason(choice.reason);
  *decision.mutable_decided_at() = ToTimestamp(now);
  decision.set_directory_version((*directory)->version());
  for (v1::RoutingCandidate& c : choice.candidates) *decision.add_candidates() = std::move(c);
  decision.set_contested_executor_id(registered.contested_executor_id());
  for (const std::string& id : choice.information_executor_ids) {
    decision.add_information_executor_ids(id);
  }
  if (!store_->Record(tx, facts, decision, registered)) return absl::OkStatus();  // decided before

  Count(tx, choice.routed ? routed_ : queued_);
  if (choice.routed) {
    AppendRouted(tx, registered, decision, now);
  } else {
    AppendNeedsManualRouting(tx, registered, decision, now);
  }
  return absl::OkStatus();
}

void AppealRouter::FollowIntake(eventlog::Dispatcher& d) {
  d.On<intake::v1::AppealRegistered>(
      [this](db::Tx& tx, const intake::v1::AppealRegistered& e, const eventlog::EventMeta& m) {
        return OnAppealRegistered(tx, e, m);
      });
}

void AppealRouter::FollowTracking(eventlog::Dispatcher& d) {
  d.On<tracking::v1::CaseReturnedToRouting>(
      [this](db::Tx& tx, const tracking::v1::CaseReturnedToRouting& e,
             const eventlog::EventMeta& m) { return OnCaseReturnedToRouting(tx, e, m); });
}

absl::StatusOr<v1::RoutingDecision> AppealRouter::Assign(db::Tx& tx, const std::string& appeal_id,
                                                         const std::string& executor_id,
                                                         const std::string& note,
                                                         const std::string& who) {
  const absl::Time now = clock_->Now();
  absl::StatusOr<std::shared_ptr<const Directory>> directory = directories_->Current(tx, now);
  if (!directory.ok()) return directory.status();
  const v1::Executor* executor = (*directory)->FindExecutor(executor_id);
  if (executor == nullptr || !executor->active()) {
    FieldViolations v;
    v.Add("executor_id", absl::StrCat(executor == nullptr ? "unknown executor \"" : "executor \"",
                                      executor_id,
                                      executor == nullptr ? "\"" : "\" is not active"));
    return v.ToStatus("invalid request");
  }
  std::optional<DecisionStore::Dequeued> queued = store_->Dequeue(tx, appeal_id);
  if (!queued) {
    return absl::NotFoundError(
        absl::StrCat("appeal ", appeal_id, " is not in the manual routing queue"));
  }
  intake::v1::AppealRegistered* registered = &queued->registered;
  // Errors below roll back the caller's transaction, and with it the dequeue.
  if (!registered->contested_executor_id().empty() &&
      registered->contested_executor_id() == executor_id) {
    FieldViolations v;
    v.Add("executor_id", absl::StrCat("the complaint contests ", executor_id,
                                      "; it goes to a body above it (Art. 7, 16)"));
    return v.ToStatus("invalid request");
  }
  if (queued->declined.count(executor_id) > 0) {
    FieldViolations v;
    v.Add("executor_id", absl::StrCat(executor_id, " already declined the appeal as not within "
                                      "its competence"));
    return v.ToStatus("invalid request");
  }
  v1::RoutingDecision decision;
  decision.set_appeal_id(appeal_id);
  decision.set_outcome(v1::ROUTING_OUTCOME_ROUTED);
  decision.set_executor_id(executor_id);
  decision.set_reason(absl::StrCat("assigned to ", executor_id, " by supervisor ", who,
                                   note.empty() ? "" : ": ", note));
  *decision.mutable_decided_at() = ToTimestamp(now);
  decision.set_directory_version((*directory)->version());
  decision.set_contested_executor_id(registered->contested_executor_id());
  decision.set_assigned_by(who);
  for (const std::string& id : queued->declined) decision.add_declined_executor_ids(id);
  store_->Update(tx, decision);
  Count(tx, assigned_);
  if (queued->previous_executor_id.empty()) {
    AppendRouted(tx, *registered, decision, now);
  } else {
    v1::HandOver hand_over;
    hand_over.set_from_executor_id(queued->previous_executor_id);
    hand_over.set_to_executor_id(executor_id);
    hand_over.set_reason(decision.reason());
    *hand_over.mutable_handed_at() = decision.decided_at();
    store_->LogHandOver(tx, appeal_id, hand_over);
    AppendRerouted(tx, *registered, decision, queued->previous_executor_id, now);
  }
  return decision;
}

absl::StatusOr<int> AppealRouter::ReportOverdue(db::Tx& tx) {
  const absl::Time now = clock_->Now();
  std::vector<QueuedAppeal> late = store_->TakeNewlyOverdue(tx, now - kForwardingTerm, now);
  for (const QueuedAppeal& q : late) {
    v1::ManualRoutingOverdue overdue;
    overdue.set_appeal_id(q.appeal_id);
    overdue.set_registration_number(q.registration_number);
    *overdue.mutable_received_at() = ToTimestamp(q.received_at);
    *overdue.mutable_forward_by() = ToTimestamp(q.received_at + kForwardingTerm);
    *overdue.mutable_detected_at() = ToTimestamp(now);
    events_->Append(tx, q.appeal_id, overdue, now);
  }
  return static_cast<int>(late.size());
}

}  // namespace contactcenter::routing
