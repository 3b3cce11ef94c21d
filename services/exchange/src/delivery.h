// Outbound, second half: sends the queued status messages to the other
// side, per card in sequence order, at least once (the sequence number
// makes a repeat harmless there), and matches each receipt to what was sent.
//
// A failed attempt (the other side down, a timeout, a receipt that does not
// match or has a code we do not know) is retried after a backoff
// (libs/client Backoff: doubling, jittered) until --delivery_max_attempts;
// then the message is a dead letter, and the card's later messages wait
// behind it (order before progress) until an operator replays it. A refusal
// (RECEIPT_CODE_REJECTED) is a dead letter at once.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"
#include "exchange_metrics.h"
#include "exchange_store.h"
#include "gcc_port.h"

namespace contactcenter::exchange {

// Reads a case's answer when an ANSWERED message is sent (the answer's text
// is not copied into the outbox: tracking keeps it).
class CaseReader {
 public:
  virtual ~CaseReader() = default;
  virtual absl::StatusOr<tracking::v1::Case> GetCaseByAppeal(const std::string& appeal_id) = 0;
};

class GrpcCaseReader final : public CaseReader {
 public:
  GrpcCaseReader(const std::string& tracking_addr, std::string token);
  absl::StatusOr<tracking::v1::Case> GetCaseByAppeal(const std::string& appeal_id) override;

 private:
  std::unique_ptr<tracking::v1::TrackingService::Stub> stub_;
  std::string token_;
};

struct DeliveryPolicy {
  // Attempts in all before a message becomes a dead letter.
  int max_attempts = 30;
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(5);
};

struct DeliveryRun {
  int delivered = 0;
  int failed = 0;
  int dead = 0;
};

class Delivery {
 public:
  Delivery(db::Pool* pool, ExchangeStore* store, GovernmentContactCenter* gcc, CaseReader* cases,
           const Clock* clock, ExchangeMetrics* metrics, DeliveryPolicy policy)
      : pool_(pool),
        store_(store),
        gcc_(gcc),
        cases_(cases),
        clock_(clock),
        metrics_(metrics),
        policy_(policy) {}

  // Sends what is due, card by card, until nothing due is left (or a pass
  // delivered nothing); then refreshes the gauges.
  absl::StatusOr<DeliveryRun> RunOnce();

  // The wait before attempt `attempts` + 1.
  absl::Duration BackoffAfter(int attempts) const;

 private:
  // One message: send, then record the outcome.
  absl::Status DeliverOne(const OutboxRow& row, DeliveryRun& run);
  absl::Status Failed(const OutboxRow& row, const std::string& error, bool for_good,
                      DeliveryRun& run);

  db::Pool* pool_;
  ExchangeStore* store_;
  GovernmentContactCenter* gcc_;
  CaseReader* cases_;
  const Clock* clock_;
  ExchangeMetrics* metrics_;
  const DeliveryPolicy policy_;
};

}  // namespace contactcenter::exchange
