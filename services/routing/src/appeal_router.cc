#include "appeal_router.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::routing {

absl::Status AppealRouter::Handle(db::Tx& tx, const eventlog::v1::Event& event) {
  intake::v1::AppealRegistered registered;
  if (!event.payload().Is<intake::v1::AppealRegistered>()) return absl::OkStatus();
  if (!event.payload().UnpackTo(&registered)) {
    // Blocks the log until fixed, rather than lose an appeal.
    return absl::DataLossError(absl::StrCat("undecodable AppealRegistered at position ",
                                            event.position()));
  }
  const absl::Time now = clock_->Now();
  const Choice choice = directory_->Decide(registered.topic_code(), registered.territory_code());

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
  if (!store_->Record(tx, facts, decision)) return absl::OkStatus();  // decided before

  if (choice.routed) {
    v1::AppealRouted routed;
    routed.set_appeal_id(registered.appeal_id());
    routed.set_registration_number(registered.registration_number());
    routed.set_executor_id(choice.executor_id);
    routed.set_rule_id(choice.rule_id);
    *routed.mutable_received_at() = registered.received_at();
    *routed.mutable_decided_at() = decision.decided_at();
    routed.set_kind(registered.kind());
    routed.set_topic_code(registered.topic_code());
    routed.set_territory_code(registered.territory_code());
    routed.set_needs_no_extra_study(registered.needs_no_extra_study());
    routed.set_emergency(registered.emergency());
    events_->Append(tx, registered.appeal_id(), routed, now);
  } else {
    v1::AppealNeedsManualRouting manual;
    manual.set_appeal_id(registered.appeal_id());
    manual.set_registration_number(registered.registration_number());
    manual.set_reason(choice.reason);
    *manual.mutable_received_at() = registered.received_at();
    *manual.mutable_decided_at() = decision.decided_at();
    manual.set_topic_code(registered.topic_code());
    manual.set_territory_code(registered.territory_code());
    events_->Append(tx, registered.appeal_id(), manual, now);
  }
  return absl::OkStatus();
}

}  // namespace contactcenter::routing
