// Watches the 5-day forwarding term (Art. 7) of the manual routing queue:
// each CheckOnce() reports queued appeals past the term, once each
// (ManualRoutingOverdue, and the counter routing_manual_overdue_appeals_total).
// main.cc runs it as the periodic job "overdue_check" every
// --overdue_check_interval.
#pragma once

#include "absl/status/statusor.h"
#include "manual_queue.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace contactcenter::routing {

class OverdueWatcher {
 public:
  // `registry` may be null.
  OverdueWatcher(ManualQueue* queue, prometheus::Registry* registry);

  // One pass; returns how many appeals it reported.
  absl::StatusOr<int> CheckOnce();

 private:
  ManualQueue* queue_;
  prometheus::Counter* overdue_total_ = nullptr;
};

}  // namespace contactcenter::routing
