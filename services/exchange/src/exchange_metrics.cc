#include "exchange_metrics.h"

#include "absl/strings/ascii.h"
#include "card_mapping.h"

namespace contactcenter::exchange {

ExchangeMetrics::ExchangeMetrics(prometheus::Registry* registry) {
  if (registry == nullptr) return;
  received_ = &prometheus::BuildCounter()
                   .Name("exchange_cards_received_total")
                   .Help("Cards received from the Government Contact Center, by outcome")
                   .Register(*registry);
  sent_ = &prometheus::BuildCounter()
               .Name("exchange_statuses_sent_total")
               .Help("Status messages the Government Contact Center acknowledged, by status")
               .Register(*registry);
  lag_ = &prometheus::BuildHistogram()
              .Name("exchange_delivery_lag_seconds")
              .Help("From a status message queued to its receipt")
              .Register(*registry)
              .Add({}, prometheus::Histogram::BucketBoundaries{0.1, 0.5, 1, 5, 15, 60, 300, 1800,
                                                               3600, 21600, 86400});
  retries_ = &prometheus::BuildCounter()
                  .Name("exchange_delivery_retries_total")
                  .Help("Failed delivery attempts of status messages, to be retried")
                  .Register(*registry)
                  .Add({});
  dead_total_ = &prometheus::BuildCounter()
                     .Name("exchange_dead_letters_total")
                     .Help("Status messages moved to the dead letters")
                     .Register(*registry)
                     .Add({});
  dead_ = &prometheus::BuildGauge()
               .Name("exchange_dead_letters")
               .Help("Status messages waiting in the dead letters for an operator's replay")
               .Register(*registry)
               .Add({});
  retention_deleted_ = &prometheus::BuildCounter()
                            .Name("exchange_retention_deleted_total")
                            .Help("Rows the retention job deleted, by table")
                            .Register(*registry);
  table_bytes_ = &prometheus::BuildGauge()
                      .Name("exchange_table_bytes")
                      .Help("Size on disk of the outbox and the transfer audit, by table")
                      .Register(*registry);
  oldest_pending_ = &prometheus::BuildGauge()
                         .Name("exchange_oldest_pending_status_age_seconds")
                         .Help("Age of the oldest status message not yet acknowledged")
                         .Register(*registry)
                         .Add({});
}

void ExchangeMetrics::CardReceived(v1::CardOutcome outcome) {
  if (received_ == nullptr) return;
  std::string name = v1::CardOutcome_Name(outcome);
  if (name.rfind("CARD_OUTCOME_", 0) == 0) name = name.substr(13);
  received_->Add({{"outcome", absl::AsciiStrToLower(name)}}).Increment();
}

void ExchangeMetrics::StatusSent(v1::StatusCode code, double lag_seconds) {
  if (sent_ == nullptr) return;
  sent_->Add({{"status", absl::AsciiStrToLower(StatusCodeName(code))}}).Increment();
  lag_->Observe(lag_seconds);
}

void ExchangeMetrics::Retry() {
  if (retries_ != nullptr) retries_->Increment();
}

void ExchangeMetrics::DeadLetter() {
  if (dead_total_ != nullptr) dead_total_->Increment();
}

void ExchangeMetrics::SetDeadLetters(double n) {
  if (dead_ != nullptr) dead_->Set(n);
}

void ExchangeMetrics::SetOldestPendingAge(double seconds) {
  if (oldest_pending_ != nullptr) oldest_pending_->Set(seconds);
}

void ExchangeMetrics::RetentionDeleted(const std::string& table, int64_t rows) {
  if (retention_deleted_ == nullptr) return;
  retention_deleted_->Add({{"table", table}}).Increment(static_cast<double>(rows));
}

void ExchangeMetrics::SetTableBytes(const std::string& table, double bytes) {
  if (table_bytes_ == nullptr) return;
  table_bytes_->Add({{"table", table}}).Set(bytes);
}

}  // namespace contactcenter::exchange
