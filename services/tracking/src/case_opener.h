// Applies routing's events: each routed appeal opens a case at its executor
// with its statutory term, and CaseOpened is written with it; a re-routed
// appeal moves its case to the new executor, FORWARDED again, keeping the
// original receipt time and term. A duplicate (дублетне) joins the first
// appeal's open case instead of opening its own.
#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "case_manager.h"
#include "case_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/v1/eventlog.pb.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/refdata/author_categories.h"
#include "deadline.h"

namespace contactcenter::tracking {

class CaseOpener {
 public:
  // `categories`: what each author category gives (priority, first head).
  CaseOpener(CaseStore* store, CaseManager* manager, eventlog::Producer* events,
             const Clock* clock, const TermRules* rules,
             const refdata::AuthorCategories* categories)
      : store_(store),
        manager_(manager),
        events_(events),
        clock_(clock),
        rules_(rules),
        categories_(categories) {}

  // Routing's AppealRouted: opens the case (once).
  absl::Status OnAppealRouted(db::Tx& tx, const routing::v1::AppealRouted& routed,
                              const eventlog::EventMeta& event);
  // Routing's AppealRerouted: moves the case to the new executor, or opens
  // it there if it was never opened here.
  absl::Status OnAppealRerouted(db::Tx& tx, const routing::v1::AppealRerouted& rerouted,
                                const eventlog::EventMeta& event);
  // Registers both for routing's log.
  void FollowRouting(eventlog::Dispatcher& d);

 private:
  // A duplicate (AppealRouted.duplicate_of_appeal_id) joins the first
  // appeal's open case, with a history entry and CaseAppealJoined: true
  // when it joined (now or before); false when there is no open case to
  // join, and it opens its own.
  absl::StatusOr<bool> JoinDuplicate(db::Tx& tx, const routing::v1::AppealRouted& routed,
                                     const eventlog::EventMeta& event);

  CaseStore* store_;
  CaseManager* manager_;
  eventlog::Producer* events_;
  const Clock* clock_;
  const TermRules* rules_;
  const refdata::AuthorCategories* categories_;
};

}  // namespace contactcenter::tracking
