// Watches the terms: notices cases whose early warning or term has passed,
// emits CaseDueSoon and CaseOverdue exactly once per term (a flag set in the
// same transaction as the event; cleared when the term changes), and keeps
// gauges of open, due-soon and overdue cases. It owns its transactions.
#pragma once

#include "absl/status/status.h"
#include "case_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/producer.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace contactcenter::tracking {

struct MonitorCounts {
  int due_soon = 0;  // CaseDueSoon emitted in this pass
  int overdue = 0;   // CaseOverdue emitted in this pass
};

class DeadlineMonitor {
 public:
  // `registry` may be null (no metrics).
  DeadlineMonitor(db::Pool* pool, CaseStore* store, eventlog::Producer* events,
                  const Clock* clock, prometheus::Registry* registry);

  // One pass at the clock's now: notices what is due, a batch per write
  // transaction, then refreshes the gauges in a read transaction.
  absl::StatusOr<MonitorCounts> RunOnce();

 private:
  db::Pool* pool_;
  CaseStore* store_;
  eventlog::Producer* events_;
  const Clock* clock_;
  prometheus::Family<prometheus::Gauge>* open_ = nullptr;
  prometheus::Gauge* overdue_ = nullptr;
  prometheus::Gauge* due_soon_ = nullptr;
  prometheus::Family<prometheus::Counter>* notices_ = nullptr;
};

}  // namespace contactcenter::tracking
