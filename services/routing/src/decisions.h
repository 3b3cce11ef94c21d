// What routing writes and shows for a decision, as pure functions: the
// events it appends (with what tracking needs from the appeal as intake
// registered it) and a queued appeal with its forwarding term. No I/O.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/routing/v1/routing.pb.h"

namespace contactcenter::routing {

// Art. 7: an appeal outside a body's competence is forwarded within 5 days.
inline constexpr absl::Duration kForwardingTerm = absl::Hours(5 * 24);

// A queued appeal, as the queue's readers need it.
struct QueuedAppeal {
  std::string appeal_id;
  std::string registration_number;
  std::string reason;
  std::string topic_code;
  std::string territory_code;
  absl::Time received_at;
  absl::Time queued_at;
};

// `decision` sent the appeal to its executor for the first time.
v1::AppealRouted RoutedEvent(const intake::v1::AppealRegistered& registered,
                             const v1::RoutingDecision& decision);
// `decision` moved the appeal from `from_executor_id` (which declined it) to
// its executor; the statutory term still runs from the original receipt.
v1::AppealRerouted ReroutedEvent(const intake::v1::AppealRegistered& registered,
                                 const v1::RoutingDecision& decision,
                                 const std::string& from_executor_id);
// `decision` left the appeal for a supervisor.
v1::AppealNeedsManualRouting NeedsManualRoutingEvent(
    const intake::v1::AppealRegistered& registered, const v1::RoutingDecision& decision);
// `queued` passed the forwarding term; noticed at `now`.
v1::ManualRoutingOverdue OverdueEvent(const QueuedAppeal& queued, absl::Time now);

// A queue entry as ListManualRoutingQueue shows it at `now`: the end of the
// forwarding term and the seconds left (negative when late).
v1::ManualRoutingItem QueueItem(const QueuedAppeal& queued, absl::Time now);

}  // namespace contactcenter::routing
