// Applies routing's events: each routed appeal opens a case at its executor
// with its statutory control date, and CaseOpened is written with it.
#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "case_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/v1/eventlog.pb.h"

namespace contactcenter::tracking {

class CaseOpener {
 public:
  CaseOpener(CaseStore* store, eventlog::Producer* events, const Clock* clock,
             const absl::TimeZone* tz)
      : store_(store), events_(events), clock_(clock), tz_(tz) {}

  // The eventlog::Handler for routing's log.
  absl::Status Handle(db::Tx& tx, const eventlog::v1::Event& event);

 private:
  CaseStore* store_;
  eventlog::Producer* events_;
  const Clock* clock_;
  const absl::TimeZone* tz_;
};

}  // namespace contactcenter::tracking
