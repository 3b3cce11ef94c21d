// Applies routing's events: each routed appeal opens a case at its executor
// with its statutory term, and CaseOpened is written with it; a re-routed
// appeal moves its case to the new executor, FORWARDED again, keeping the
// original receipt time and term.
#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "case_manager.h"
#include "case_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/v1/eventlog.pb.h"
#include "deadline.h"

namespace contactcenter::tracking {

class CaseOpener {
 public:
  CaseOpener(CaseStore* store, CaseManager* manager, eventlog::Producer* events,
             const Clock* clock, const TermRules* rules)
      : store_(store), manager_(manager), events_(events), clock_(clock), rules_(rules) {}

  // The eventlog::Handler for routing's log.
  absl::Status Handle(db::Tx& tx, const eventlog::v1::Event& event);

 private:
  absl::Status Open(db::Tx& tx, const eventlog::v1::Event& event);
  absl::Status Reroute(db::Tx& tx, const eventlog::v1::Event& event);

  CaseStore* store_;
  CaseManager* manager_;
  eventlog::Producer* events_;
  const Clock* clock_;
  const TermRules* rules_;
};

}  // namespace contactcenter::tracking
