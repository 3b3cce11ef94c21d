// Bounded event logs (issue 14 item 5): the producer deletes events every
// known durable consumer has applied and that are older than the retention,
// in short transactions, and tells how big its log is and who holds it.
//
// A durable consumer is recorded (event_consumers) when it subscribes, with
// the position it subscribes after as applied; its stream ends after
// StreamLimits::max_age so it subscribes again and reports its progress. A
// consumer that stops holds the log from its last report on: nothing it has
// not applied is ever deleted. It shows in eventlog_consumer_holding_log
// (the EventLogConsumerHoldsLog alert) until it catches up or an operator
// forgets it (the SQL in libs/eventlog/README.md).
//
// The head (highest position) is never deleted: the sequencer numbers on
// from it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace contactcenter::eventlog {

struct RetentionOptions {
  // Events younger than this are kept even when every consumer applied
  // them: --event_log_retention.
  absl::Duration retention = absl::Hours(30 * 24);
  // Most events deleted in one transaction (one short lock on those rows):
  // --event_log_prune_batch.
  int batch_size = 1000;
  // Most batches in one run; the rest waits for the next run.
  int max_batches = 100;
};

// A durable consumer as the producer knows it.
struct KnownConsumer {
  std::string principal;
  std::string consumer;
  int64_t applied_position = 0;
  absl::Time reported_at;
};

struct PruneResult {
  int64_t deleted = 0;
  int batches = 0;
  // The oldest and highest kept positions after the run (0 and 0: no events).
  int64_t oldest = 0;
  int64_t head = 0;
};

// Records (or updates) a durable consumer and the position it has applied.
absl::Status RecordConsumer(db::Pool& pool, const std::string& principal,
                            const std::string& consumer, int64_t applied_position);

// Every durable consumer known, by principal and name.
absl::StatusOr<std::vector<KnownConsumer>> KnownConsumers(db::Pool& pool);

// The lowest position still kept (0 when the log is empty).
absl::StatusOr<int64_t> OldestKeptPosition(db::Pool& pool);

class Retention {
 public:
  // `producer` names the log in metrics; `registry` may be null.
  Retention(std::string producer, db::Pool* pool, RetentionOptions options,
            prometheus::Registry* registry);

  // One run, the periodic job: deletes what may go (at most max_batches
  // batches), then sets the gauges.
  absl::StatusOr<PruneResult> Run(absl::Time now);

 private:
  // Sets the gauges and result's bounds.
  absl::Status UpdateGauges(absl::Time now, PruneResult* result);

  const std::string producer_;
  db::Pool* pool_;
  const RetentionOptions options_;

  prometheus::Counter* pruned_total_ = nullptr;
  prometheus::Gauge* events_gauge_ = nullptr;
  prometheus::Gauge* oldest_age_gauge_ = nullptr;
  prometheus::Gauge* retention_gauge_ = nullptr;
  prometheus::Family<prometheus::Gauge>* lag_events_family_ = nullptr;
  prometheus::Family<prometheus::Gauge>* lag_seconds_family_ = nullptr;
  prometheus::Family<prometheus::Gauge>* holding_family_ = nullptr;
  struct ConsumerGauges {
    prometheus::Gauge* lag_events;
    prometheus::Gauge* lag_seconds;
    prometheus::Gauge* holding;
  };
  std::map<std::pair<std::string, std::string>, ConsumerGauges> consumer_gauges_;
};

}  // namespace contactcenter::eventlog
