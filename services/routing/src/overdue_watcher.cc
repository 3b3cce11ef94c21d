#include "overdue_watcher.h"

#include "contactcenter/log/log.h"

namespace contactcenter::routing {

OverdueWatcher::OverdueWatcher(AppealRouter* router, db::Pool* pool,
                               prometheus::Registry* registry, absl::Duration interval)
    : router_(router), pool_(pool), interval_(interval) {
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
  absl::StatusOr<int> n = pool_->Write([&](db::Tx& tx) { return router_->ReportOverdue(tx); });
  if (n.ok() && *n > 0) {
    if (overdue_total_ != nullptr) overdue_total_->Increment(*n);
    CC_LOG(Warning) << *n << " appeal(s) in the manual routing queue passed the 5-day term";
  }
  return n;
}

void OverdueWatcher::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      lock.unlock();
      absl::StatusOr<int> n = CheckOnce();
      // Before migrations ran the pool says "not ready": the next pass retries.
      if (!n.ok() && pool_->ready()) CC_LOG(Warning) << "overdue check failed: " << n.status();
      lock.lock();
      wake_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stop_; });
    }
  });
}

void OverdueWatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace contactcenter::routing
