// Who acts on cases, and on whose: shared by the use-case objects.
#pragma once

#include <string>

#include "contactcenter/auth/auth.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::tracking {

struct Actor {
  // A principal id, or "routing" for routing's events.
  std::string id;
  // Set for an executor's principal: it may see and touch only this
  // executor's cases; any other case is NOT_FOUND, as a missing one.
  std::string only_executor;
};

// The actor a call's principal is (only an executor has an executor_id).
inline Actor ActorOf(const auth::Principal& who) { return Actor{who.id, who.executor_id}; }

// False when `who` must not see `c` (the caller answers NOT_FOUND).
inline bool MaySee(const Actor& who, const v1::Case& c) {
  return who.only_executor.empty() || c.executor_id() == who.only_executor;
}

}  // namespace contactcenter::tracking
