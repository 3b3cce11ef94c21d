// Watches the 5-day forwarding term (Art. 7) of the manual routing queue: a
// thread that, every `interval`, reports queued appeals past the term, once
// each (ManualRoutingOverdue, and the counter
// routing_manual_overdue_appeals_total).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "appeal_router.h"
#include "contactcenter/db/pool.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace contactcenter::routing {

class OverdueWatcher {
 public:
  // `registry` may be null.
  OverdueWatcher(AppealRouter* router, db::Pool* pool, prometheus::Registry* registry,
                 absl::Duration interval);
  ~OverdueWatcher() { Stop(); }

  // One pass; returns how many appeals it reported.
  absl::StatusOr<int> CheckOnce();

  void Start();
  void Stop();

 private:
  AppealRouter* router_;
  db::Pool* pool_;
  prometheus::Counter* overdue_total_ = nullptr;
  const absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace contactcenter::routing
