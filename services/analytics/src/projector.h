// The projection: applies intake's, routing's and tracking's events to the
// de-identified tables, inside each consumer's transaction (libs/eventlog
// moves the cursor in it, a batch at a time, so every event is applied
// exactly once). Keeps no name, address, contact or essence: the events
// carry none, and of the free text they do carry (a reason, a note) nothing
// is kept.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "contactcenter/clock/clock.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "projection_store.h"
#include "rebuild_progress.h"

namespace contactcenter::analytics {

class Projector {
 public:
  // The projection's lag and the events applied are libs/eventlog's
  // metrics (eventlog_consumer_lag_seconds, eventlog_consumer_applied_total,
  // by producer).
  Projector(ProjectionStore* store, const Clock* clock) : store_(store), clock_(clock) {}

  void FollowIntake(eventlog::Dispatcher& d);
  void FollowRouting(eventlog::Dispatcher& d);
  void FollowTracking(eventlog::Dispatcher& d);

  // The consumer's before_replay for `producer` (--rebuild): empties the
  // tables that producer fills and starts logging the rebuild's progress
  // against the cursor it had.
  absl::Status BeforeReplay(db::Tx& tx, const std::string& producer);

 private:
  // Every applied event: the rebuild's progress once it commits.
  void Applied(db::Tx& tx, const eventlog::EventMeta& m);

  ProjectionStore* store_;
  const Clock* clock_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<RebuildProgress>> rebuilds_;
};

}  // namespace contactcenter::analytics
