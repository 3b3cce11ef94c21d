#include "holder_change.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::intake {
namespace {

absl::StatusOr<HolderChange> Change(absl::string_view type, const std::string& appeal_id,
                                    const std::string& executor_id, bool executor_required,
                                    const google::protobuf::Timestamp& decided_at,
                                    bool has_decided_at, const eventlog::EventMeta& meta) {
  if (!IsUuid(appeal_id)) {
    return absl::DataLossError(
        absl::StrCat(type, " at position ", meta.position, " has no appeal id"));
  }
  if (executor_required && executor_id.empty()) {
    return absl::DataLossError(
        absl::StrCat(type, " at position ", meta.position, " names no executor"));
  }
  return HolderChange{appeal_id, executor_id,
                      has_decided_at ? FromTimestamp(decided_at) : meta.occurred_at};
}

}  // namespace

absl::StatusOr<HolderChange> HolderChangeOf(const routing::v1::AppealRouted& e,
                                            const eventlog::EventMeta& meta) {
  return Change("AppealRouted", e.appeal_id(), e.executor_id(), true, e.decided_at(),
                e.has_decided_at(), meta);
}

absl::StatusOr<HolderChange> HolderChangeOf(const routing::v1::AppealRerouted& e,
                                            const eventlog::EventMeta& meta) {
  return Change("AppealRerouted", e.appeal_id(), e.to_executor_id(), true, e.decided_at(),
                e.has_decided_at(), meta);
}

absl::StatusOr<HolderChange> HolderChangeOf(const routing::v1::AppealNeedsManualRouting& e,
                                            const eventlog::EventMeta& meta) {
  return Change("AppealNeedsManualRouting", e.appeal_id(), "", false, e.decided_at(),
                e.has_decided_at(), meta);
}

bool HoldsOrHeld(const std::vector<Holding>& holdings, const std::string& executor_id) {
  if (executor_id.empty()) return false;
  for (const Holding& h : holdings) {
    if (h.executor_id == executor_id) return true;
  }
  return false;
}

}  // namespace contactcenter::intake
