// Routing's decisions as pure functions over the directory's choice: the
// decision recorded (first, after a decline, by a supervisor), the
// hand-over logged, the events appended (with what tracking needs from the
// appeal as intake registered it) and a queued appeal with its forwarding
// term. No I/O: the use cases call them inside their transactions.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "absl/time/time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "directory.h"

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

// What the directory needs to decide for `registered`; `declined` are the
// bodies that declined it (never chosen again).
AppealToRoute ToRoute(const intake::v1::AppealRegistered& registered,
                      std::set<std::string> declined = {});

// What the directory needs to decide for an appeal proposed for exclusion
// as a repeat (the body it would go to).
AppealToRoute ToRoute(const intake::v1::AppealExclusionProposed& proposed);

// The event telling intake which body `choice` names for `proposed`
// (none when the rules choose none).
v1::ExclusionProposalRouted ProposalRoutedEvent(const intake::v1::AppealExclusionProposed& proposed,
                                                const Choice& choice, int64_t directory_version,
                                                absl::Time now);

// The first decision for an appeal: the directory's `choice`, unless the
// operator asked for manual routing, when the rules' answer is only named
// in the reason as advice and the appeal waits for a supervisor.
v1::RoutingDecision FirstDecision(const intake::v1::AppealRegistered& registered, Choice choice,
                                  int64_t directory_version, absl::Time now);

// The decision after `returned` (its executor declined the appeal as not
// within its competence): the directory's `choice` without every body in
// `declined`, the decline named in the reason.
v1::RoutingDecision RerouteDecision(const tracking::v1::CaseReturnedToRouting& returned,
                                    const intake::v1::AppealRegistered& registered, Choice choice,
                                    const std::set<std::string>& declined,
                                    int64_t directory_version, absl::Time now);

// A supervisor `who` sends the appeal to `executor_id` (`note` optional).
v1::RoutingDecision AssignedDecision(const std::string& appeal_id, const std::string& executor_id,
                                     const std::string& note, const std::string& who,
                                     const intake::v1::AppealRegistered& registered,
                                     const std::set<std::string>& declined,
                                     int64_t directory_version, absl::Time now);

// The hand-over `decision` makes from `from_executor_id` (to nobody when it
// queues the appeal).
v1::HandOver HandOverOf(const v1::RoutingDecision& decision, const std::string& from_executor_id);

// `decision` sent the appeal to its executor for the first time.
v1::AppealRouted RoutedEvent(const intake::v1::AppealRegistered& registered,
                             const v1::RoutingDecision& decision);
// `decision` moved the appeal from `from_executor_id` (which declined it) to
// its executor; the statutory term still runs from the original receipt.
v1::AppealRerouted ReroutedEvent(const intake::v1::AppealRegistered& registered,
                                 const v1::RoutingDecision& decision,
                                 const std::string& from_executor_id);
// `decision` left the appeal for a supervisor.
v1::AppealNeedsManualRouting NeedsManualRoutingEvent(const intake::v1::AppealRegistered& registered,
                                                     const v1::RoutingDecision& decision);
// `queued` passed the forwarding term; noticed at `now`.
v1::ManualRoutingOverdue OverdueEvent(const QueuedAppeal& queued, absl::Time now);

// A queue entry as ListManualRoutingQueue shows it at `now`: the end of the
// forwarding term and the seconds left (negative when late).
v1::ManualRoutingItem QueueItem(const QueuedAppeal& queued, absl::Time now);

}  // namespace contactcenter::routing
