// The use case of who holds an appeal: intake follows routing's log
// (AppealRouted, AppealRerouted, AppealNeedsManualRouting) and keeps, per
// appeal, the executive bodies that held it with their dates
// (appeal_holders). The event handlers run in the consumer's transaction;
// the reads own theirs. Inside another use case's transaction, use
// HolderStore directly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "holder_change.h"
#include "holder_store.h"

namespace contactcenter::intake {

class AppealHolders {
 public:
  AppealHolders(db::Pool* pool, HolderStore* store) : pool_(pool), store_(store) {}

  // Routing's events, inside the consumer's transaction; idempotent.
  absl::Status OnAppealRouted(db::Tx& tx, const routing::v1::AppealRouted& e,
                              const eventlog::EventMeta& meta);
  absl::Status OnAppealRerouted(db::Tx& tx, const routing::v1::AppealRerouted& e,
                                const eventlog::EventMeta& meta);
  absl::Status OnAppealNeedsManualRouting(db::Tx& tx,
                                          const routing::v1::AppealNeedsManualRouting& e,
                                          const eventlog::EventMeta& meta);
  // Registers the handlers above for routing's log.
  void FollowRouting(eventlog::Dispatcher& d);

  // The body holding the appeal now (nullopt: none), and every body that
  // held it, the first first. One read-only transaction each.
  absl::StatusOr<std::optional<std::string>> CurrentHolder(const std::string& appeal_id);
  absl::StatusOr<std::vector<Holding>> HoldersOf(const std::string& appeal_id);

 private:
  db::Pool* pool_;
  HolderStore* store_;
};

}  // namespace contactcenter::intake
