#include "decisions.h"

#include "contactcenter/clock/proto_time.h"

namespace contactcenter::routing {

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
  return rerouted;
}

v1::AppealNeedsManualRouting NeedsManualRoutingEvent(
    const intake::v1::AppealRegistered& registered, const v1::RoutingDecision& decision) {
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
