#include "return_watcher.h"

#include "contactcenter/log/log.h"

namespace contactcenter::intake {

ReturnOverdueWatcher::ReturnOverdueWatcher(AppealRegistry* appeals, const Clock* clock,
                                           prometheus::Registry* registry)
    : appeals_(appeals), clock_(clock) {
  if (registry != nullptr) {
    overdue_total_ = &prometheus::BuildCounter()
                          .Name("intake_return_overdue_appeals_total")
                          .Help("Returned appeals whose return letter was not recorded within "
                                "the 10-day term (Art. 5), each counted once.")
                          .Register(*registry)
                          .Add({});
  }
}

absl::StatusOr<int> ReturnOverdueWatcher::CheckOnce() {
  absl::StatusOr<int> n = appeals_->ReportOverdueReturns(clock_->Now());
  if (n.ok() && *n > 0) {
    if (overdue_total_ != nullptr) overdue_total_->Increment(*n);
    CC_LOG(Warning) << *n << " returned appeal(s) passed the 10-day term without a letter";
  }
  return n;
}

}  // namespace contactcenter::intake
