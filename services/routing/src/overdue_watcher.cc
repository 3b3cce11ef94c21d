#include "overdue_watcher.h"

#include "contactcenter/log/log.h"

namespace contactcenter::routing {

OverdueWatcher::OverdueWatcher(ManualQueue* queue, prometheus::Registry* registry)
    : queue_(queue) {
  if (registry != nullptr) {
    overdue_total_ = &prometheus::BuildCounter()
                          .Name("routing_manual_overdue_appeals_total")
                          .Help("Appeals that waited in the manual routing queue past the "
                                "5-day forwarding term (Art. 7), each counted once.")
                          .Register(*registry)
                          .Add({});
  }
}

absl::StatusOr<int> OverdueWatcher::CheckOnce() {
  absl::StatusOr<int> n = queue_->ReportOverdue();
  if (n.ok() && *n > 0) {
    if (overdue_total_ != nullptr) overdue_total_->Increment(*n);
    CC_LOG(Warning) << *n << " appeal(s) in the manual routing queue passed the 5-day term";
  }
  return n;
}

}  // namespace contactcenter::routing
