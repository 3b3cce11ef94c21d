// Applies intake's events: each registered appeal gets a routing decision,
// recorded with its event (AppealRouted or AppealNeedsManualRouting) in the
// consumer's transaction.
#pragma once

#include "absl/status/status.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/v1/eventlog.pb.h"
#include "decision_store.h"
#include "directory.h"

namespace contactcenter::routing {

class AppealRouter {
 public:
  AppealRouter(const Directory* directory, DecisionStore* store, eventlog::Producer* events,
               const Clock* clock)
      : directory_(directory), store_(store), events_(events), clock_(clock) {}

  // The eventlog::Handler for intake's log.
  absl::Status Handle(db::Tx& tx, const eventlog::v1::Event& event);

 private:
  const Directory* directory_;
  DecisionStore* store_;
  eventlog::Producer* events_;
  const Clock* clock_;
};

}  // namespace contactcenter::routing
