// The only place the SQL of appeal_holders lives: which executive bodies
// held each appeal, and when (routing's events, applied by AppealHolders).
// No pool: every method runs in the caller's transaction and returns a
// status, never throws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "contactcenter/db/pool.h"
#include "holder_change.h"

namespace contactcenter::intake {

class HolderStore {
 public:
  // Applies `change`, announced by routing's event `event_id`: the current
  // holding (a body's, or the manual queue's) ends at change.at, and the new
  // one begins. False, and nothing written, when that event was applied
  // before (a replay of routing's log).
  absl::StatusOr<bool> Apply(db::Tx& tx, const HolderChange& change, const std::string& event_id);

  // The bodies that held the appeal, the first first; empty when none has.
  absl::StatusOr<std::vector<Holding>> HoldersOf(db::Tx& tx, const std::string& appeal_id);

  // The body holding the appeal now; nullopt when none does (not routed
  // yet, or waiting in the manual queue).
  absl::StatusOr<std::optional<std::string>> CurrentHolder(db::Tx& tx,
                                                           const std::string& appeal_id);
};

}  // namespace contactcenter::intake
