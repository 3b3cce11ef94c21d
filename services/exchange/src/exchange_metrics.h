// The exchange's own metrics (no card numbers or other data in labels: the
// labels are bounded enums).
#pragma once

#include <cstdint>
#include <string>

#include "contactcenter/exchange/v1/exchange.pb.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace contactcenter::exchange {

class ExchangeMetrics {
 public:
  // `registry` may be null (tests): nothing is counted.
  explicit ExchangeMetrics(prometheus::Registry* registry);

  // exchange_cards_received_total{outcome}
  void CardReceived(v1::CardOutcome outcome);
  // exchange_statuses_sent_total{status}, and the delivery lag (queued to
  // receipt) in exchange_delivery_lag_seconds.
  void StatusSent(v1::StatusCode code, double lag_seconds);
  // exchange_delivery_retries_total
  void Retry();
  // exchange_dead_letters_total (moved to the dead letters) and the
  // exchange_dead_letters gauge (waiting there now).
  void DeadLetter();
  void SetDeadLetters(double n);
  // exchange_oldest_pending_status_age_seconds: 0 when nothing waits.
  void SetOldestPendingAge(double seconds);
  // exchange_retention_deleted_total{table}: rows retention deleted.
  void RetentionDeleted(const std::string& table, int64_t rows);
  // exchange_table_bytes{table}: a table's size on disk.
  void SetTableBytes(const std::string& table, double bytes);

 private:
  prometheus::Family<prometheus::Counter>* received_ = nullptr;
  prometheus::Family<prometheus::Counter>* sent_ = nullptr;
  prometheus::Histogram* lag_ = nullptr;
  prometheus::Counter* retries_ = nullptr;
  prometheus::Counter* dead_total_ = nullptr;
  prometheus::Gauge* dead_ = nullptr;
  prometheus::Gauge* oldest_pending_ = nullptr;
  prometheus::Family<prometheus::Counter>* retention_deleted_ = nullptr;
  prometheus::Family<prometheus::Gauge>* table_bytes_ = nullptr;
};

}  // namespace contactcenter::exchange
