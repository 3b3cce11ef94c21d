#include "case_opener.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "deadline.h"

namespace contactcenter::tracking {

absl::Status CaseOpener::Handle(db::Tx& tx, const eventlog::v1::Event& event) {
  if (!event.payload().Is<routing::v1::AppealRouted>()) return absl::OkStatus();
  routing::v1::AppealRouted routed;
  if (!event.payload().UnpackTo(&routed)) {
    // Blocks the log until fixed, rather than lose a case.
    return absl::DataLossError(
        absl::StrCat("undecodable AppealRouted at position ", event.position()));
  }
  const absl::Time now = clock_->Now();
  v1::Case c;
  c.set_appeal_id(routed.appeal_id());
  c.set_registration_number(routed.registration_number());
  c.set_executor_id(routed.executor_id());
  c.set_status(v1::CASE_STATUS_FORWARDED);
  *c.mutable_received_at() = routed.received_at();
  *c.mutable_control_date() = ToDate(
      ControlDate(FromTimestamp(routed.received_at()), routed.needs_no_extra_study(), *tz_));
  c.set_needs_no_extra_study(routed.needs_no_extra_study());
  c.set_emergency(routed.emergency());
  c.set_topic_code(routed.topic_code());
  c.set_territory_code(routed.territory_code());
  *c.mutable_opened_at() = ToTimestamp(now);

  std::optional<v1::Case> opened = store_->Open(tx, c, "routing");
  if (!opened) return absl::OkStatus();  // opened before

  v1::CaseOpened e;
  e.set_case_id(opened->id());
  e.set_appeal_id(opened->appeal_id());
  e.set_executor_id(opened->executor_id());
  *e.mutable_received_at() = opened->received_at();
  *e.mutable_control_date() = opened->control_date();
  *e.mutable_opened_at() = opened->opened_at();
  e.set_topic_code(opened->topic_code());
  e.set_territory_code(opened->territory_code());
  events_->Append(tx, opened->id(), e, now);
  return absl::OkStatus();
}

}  // namespace contactcenter::tracking
