// Exactly once, counted where it is kept: for each acknowledged appeal, its
// AppealRegistered in intake's log, its decision rows and first-decision
// events in routing's database and log, its case rows and CaseOpened events
// in tracking's; and whether each consumer has applied its producer's whole
// log (so nothing more can still arrive). Read straight from the services'
// databases (Cluster::AdminDsns), not through their APIs, which could hide
// a second row or event.
#pragma once

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "cluster.h"

namespace contactcenter::e2e {

struct PipelineCounts {
  int appeals = 0;
  // Appeals with exactly one of each; the rest are named in `problems`.
  int registered_once = 0;  // AppealRegistered (or another first event) in intake's log
  int decided_once = 0;     // routing_decisions row and one AppealRouted/AppealNeedsManualRouting
  int cased_once = 0;       // routed appeals: cases row and one CaseOpened
  int routed = 0;           // appeals routing routed (the ones a case must follow)
  // Consumers whose cursor is at their producer's last position.
  bool caught_up = false;
  std::vector<std::string> problems;  // "appeal <id>: 2 cases", at most 20
  bool exactly_once() const {
    return registered_once == appeals && decided_once == appeals && cased_once == routed &&
           problems.empty();
  }
  std::string ToString() const;
};

absl::StatusOr<PipelineCounts> CountPipeline(Cluster& cluster,
                                             const std::set<std::string>& appeal_ids);

// Counts until every consumer has caught up and each appeal is decided and
// (if routed) cased, or `timeout`; the last counts either way.
absl::StatusOr<PipelineCounts> WaitForPipeline(Cluster& cluster,
                                               const std::set<std::string>& appeal_ids,
                                               absl::Duration timeout);

}  // namespace contactcenter::e2e
