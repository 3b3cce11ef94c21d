// Who holds an appeal, as routing's events say (pure): the change each
// event makes, and whether a body holds or held an appeal. Intake keeps this
// so that the body considering an appeal can read it (Law 393/96-ВР Art. 10:
// the information goes to those who resolve the case) without ever trusting
// a caller's word about who that is.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/routing/v1/routing.pb.h"

namespace contactcenter::intake {

// One event's change: from `at`, `executor_id` holds the appeal ("" when no
// body does: it waits in routing's manual queue), and whoever held it
// before no longer does.
struct HolderChange {
  std::string appeal_id;
  std::string executor_id;
  absl::Time at;
};

// The change of AppealRouted (first decision or a supervisor's assignment),
// AppealRerouted (to_executor_id takes it from from_executor_id) and
// AppealNeedsManualRouting (nobody holds it; after a decline, the body that
// declined no longer does). `at` is the event's decided_at, else when it
// was logged. DATA_LOSS for an event without an appeal id, or a routed one
// without its executor: the consumer retries it rather than skip it.
absl::StatusOr<HolderChange> HolderChangeOf(const routing::v1::AppealRouted& e,
                                            const eventlog::EventMeta& meta);
absl::StatusOr<HolderChange> HolderChangeOf(const routing::v1::AppealRerouted& e,
                                            const eventlog::EventMeta& meta);
absl::StatusOr<HolderChange> HolderChangeOf(const routing::v1::AppealNeedsManualRouting& e,
                                            const eventlog::EventMeta& meta);

// One body's holding of an appeal.
struct Holding {
  std::string executor_id;
  absl::Time from;
  // Unset while it holds it.
  std::optional<absl::Time> until;
};

// Whether `executor_id` holds or held the appeal (any of `holdings`).
bool HoldsOrHeld(const std::vector<Holding>& holdings, const std::string& executor_id);

}  // namespace contactcenter::intake
