#include "decisions.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"

namespace contactcenter::routing {
namespace {

// The parts every decision taken by the directory shares.
v1::RoutingDecision FromChoice(const std::string& appeal_id,
                               const intake::v1::AppealRegistered& registered, Choice& choice,
                               int64_t directory_version, absl::Time now) {
  v1::RoutingDecision decision;
  decision.set_appeal_id(appeal_id);
  decision.set_outcome(choice.routed ? v1::ROUTING_OUTCOME_ROUTED
                                     : v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  decision.set_executor_id(choice.executor_id);
  decision.set_rule_id(choice.rule_id);
  decision.set_reason(choice.reason);
  *decision.mutable_decided_at() = ToTimestamp(now);
  decision.set_directory_version(directory_version);
  for (v1::RoutingCandidate& c : choice.candidates) *decision.add_candidates() = std::move(c);
  decision.set_contested_executor_id(registered.contested_executor_id());
  for (const std::string& id : choice.information_executor_ids) {
    decision.add_information_executor_ids(id);
  }
  return decision;
}

}  // namespace

AppealToRoute ToRoute(const intake::v1::AppealRegistered& registered,
                      std::set<std::string> declined) {
  AppealToRoute appeal;
  appeal.topic = registered.topic_code();
  appeal.territory = registered.territory_code();
  appeal.kind = registered.kind();
  appeal.contested_executor_id = registered.contested_executor_id();
  appeal.excluded_executor_ids = std::move(declined);
  return appeal;
}

AppealToRoute ToRoute(const intake::v1::AppealExclusionProposed& proposed) {
  AppealToRoute appeal;
  appeal.topic = proposed.topic_code();
  appeal.territory = proposed.territory_code();
  appeal.kind = proposed.kind();
  return appeal;
}

v1::ExclusionProposalRouted ProposalRoutedEvent(const intake::v1::AppealExclusionProposed& proposed,
                                                const Choice& choice, int64_t directory_version,
                                                absl::Time now) {
  v1::ExclusionProposalRouted e;
  e.set_appeal_id(proposed.appeal_id());
  e.set_registration_number(proposed.registration_number());
  if (choice.routed) {
    e.set_executor_id(choice.executor_id);
    e.set_rule_id(choice.rule_id);
  }
  e.set_reason(choice.reason);
  e.set_directory_version(directory_version);
  *e.mutable_decided_at() = ToTimestamp(now);
  return e;
}

v1::RoutingDecision FirstDecision(const intake::v1::AppealRegistered& registered, Choice choice,
                                  int64_t directory_version, absl::Time now) {
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
  return FromChoice(registered.appeal_id(), registered, choice, directory_version, now);
}

v1::RoutingDecision RerouteDecision(const tracking::v1::CaseReturnedToRouting& returned,
                                    const intake::v1::AppealRegistered& registered, Choice choice,
                                    const std::set<std::string>& declined,
                                    int64_t directory_version, absl::Time now) {
  choice.reason =
      absl::StrCat(returned.executor_id(), " declined it as not within its competence (",
                   returned.reason(), "); ", choice.reason);
  v1::RoutingDecision decision =
      FromChoice(returned.appeal_id(), registered, choice, directory_version, now);
  for (const std::string& id : declined) decision.add_declined_executor_ids(id);
  return decision;
}

v1::RoutingDecision AssignedDecision(const std::string& appeal_id, const std::string& executor_id,
                                     const std::string& note, const std::string& who,
                                     const intake::v1::AppealRegistered& registered,
                                     const std::set<std::string>& declined,
                                     int64_t directory_version, absl::Time now) {
  v1::RoutingDecision decision;
  decision.set_appeal_id(appeal_id);
  decision.set_outcome(v1::ROUTING_OUTCOME_ROUTED);
  decision.set_executor_id(executor_id);
  decision.set_reason(absl::StrCat("assigned to ", executor_id, " by supervisor ", who,
                                   note.empty() ? "" : ": ", note));
  *decision.mutable_decided_at() = ToTimestamp(now);
  decision.set_directory_version(directory_version);
  decision.set_contested_executor_id(registered.contested_executor_id());
  decision.set_assigned_by(who);
  for (const std::string& id : declined) decision.add_declined_executor_ids(id);
  return decision;
}

v1::HandOver HandOverOf(const v1::RoutingDecision& decision, const std::string& from_executor_id) {
  v1::HandOver hand_over;
  hand_over.set_from_executor_id(from_executor_id);
  hand_over.set_to_executor_id(decision.executor_id());
  hand_over.set_rule_id(decision.rule_id());
  hand_over.set_reason(decision.reason());
  *hand_over.mutable_handed_at() = decision.decided_at();
  return hand_over;
}

v1::AppealRouted RoutedEvent(const intake::v1::AppealRegistered& registered,
                             const v1::RoutingDecision& decision) {
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
  routed.set_duplicate_of_appeal_id(registered.duplicate_of_appeal_id());
  if (registered.has_resolve_by()) *routed.mutable_resolve_by() = registered.resolve_by();
  return routed;
}

v1::AppealRerouted ReroutedEvent(const intake::v1::AppealRegistered& registered,
                                 const v1::RoutingDecision& decision,
                                 const std::string& from_executor_id) {
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
  if (registered.has_resolve_by()) *rerouted.mutable_resolve_by() = registered.resolve_by();
  return rerouted;
}

v1::AppealNeedsManualRouting NeedsManualRoutingEvent(const intake::v1::AppealRegistered& registered,
                                                     const v1::RoutingDecision& decision) {
  v1::AppealNeedsManualRouting manual;
  manual.set_appeal_id(decision.appeal_id());
  manual.set_registration_number(registered.registration_number());
  manual.set_reason(decision.reason());
  *manual.mutable_received_at() = registered.received_at();
  *manual.mutable_decided_at() = decision.decided_at();
  manual.set_topic_code(registered.topic_code());
  manual.set_territory_code(registered.territory_code());
  return manual;
}

v1::ManualRoutingOverdue OverdueEvent(const QueuedAppeal& q, absl::Time now) {
  v1::ManualRoutingOverdue overdue;
  overdue.set_appeal_id(q.appeal_id);
  overdue.set_registration_number(q.registration_number);
  *overdue.mutable_received_at() = ToTimestamp(q.received_at);
  *overdue.mutable_forward_by() = ToTimestamp(q.received_at + kForwardingTerm);
  *overdue.mutable_detected_at() = ToTimestamp(now);
  return overdue;
}

v1::ManualRoutingItem QueueItem(const QueuedAppeal& q, absl::Time now) {
  v1::ManualRoutingItem item;
  item.set_appeal_id(q.appeal_id);
  item.set_registration_number(q.registration_number);
  item.set_reason(q.reason);
  *item.mutable_received_at() = ToTimestamp(q.received_at);
  *item.mutable_queued_at() = ToTimestamp(q.queued_at);
  const absl::Time forward_by = q.received_at + kForwardingTerm;
  *item.mutable_forward_by() = ToTimestamp(forward_by);
  item.set_seconds_left(absl::ToInt64Seconds(forward_by - now));
  item.set_topic_code(q.topic_code);
  item.set_territory_code(q.territory_code);
  return item;
}

}  // namespace contactcenter::routing
