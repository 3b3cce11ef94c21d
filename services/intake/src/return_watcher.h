// Watches the Art. 5 term of returned appeals (the letter within 10 days of
// receipt): each CheckOnce() reports returns whose letter is not recorded
// by their last day, once each (AppealReturnOverdue, and the counter
// intake_return_overdue_appeals_total), as routing reports overdue manual
// routing. main.cc runs it as the periodic job "return_overdue_check".
#pragma once

#include "absl/status/statusor.h"
#include "appeal_registry.h"
#include "contactcenter/clock/clock.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace contactcenter::intake {

class ReturnOverdueWatcher {
 public:
  // `registry` may be null.
  ReturnOverdueWatcher(AppealRegistry* appeals, const Clock* clock,
                       prometheus::Registry* registry);

  // One pass; returns how many appeals it reported.
  absl::StatusOr<int> CheckOnce();

 private:
  AppealRegistry* appeals_;
  const Clock* clock_;
  prometheus::Counter* overdue_total_ = nullptr;
};

}  // namespace contactcenter::intake
