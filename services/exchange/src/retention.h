// Retention of the exchange's own records: the status outbox and the audit
// of personal-data transfers grow with every card; the periodic job
// "retention" deletes what is past its (configurable) retention, in
// batches, and reports the tables' sizes.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "exchange_metrics.h"
#include "exchange_store.h"

namespace contactcenter::exchange {

struct RetentionPolicy {
  // Delivered status messages of a card final for longer than this go;
  // each card's last message stays (reconciliation compares it).
  absl::Duration outbox = absl::Hours(24 * 180);
  // Records of personal-data transfers older than this go.
  absl::Duration audit = absl::Hours(24 * 365 * 5);
  // Rows deleted per transaction.
  int batch_size = 1000;
};

struct RetentionRun {
  int64_t outbox_deleted = 0;
  int64_t audit_deleted = 0;
};

class Retention {
 public:
  Retention(db::Pool* pool, ExchangeStore* store, const Clock* clock, ExchangeMetrics* metrics,
            RetentionPolicy policy)
      : pool_(pool), store_(store), clock_(clock), metrics_(metrics), policy_(policy) {}

  // One pass: deletes batch after batch until nothing is past retention,
  // then sets the size gauges.
  absl::StatusOr<RetentionRun> RunOnce();

 private:
  db::Pool* pool_;
  ExchangeStore* store_;
  const Clock* clock_;
  ExchangeMetrics* metrics_;
  RetentionPolicy policy_;
};

}  // namespace contactcenter::exchange
