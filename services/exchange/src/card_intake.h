// Inbound: a card from the Government Contact Center becomes an appeal, once.
//
//   Receive   validate; keep the card (rejected: for an operator; outside
//             the oblast's competence: sent back, Art. 7; else received),
//             then register it with intake
//   Register  intake's RegisterAppeal with the card number as the
//             idempotency key; on success the card's personal data is
//             dropped here (intake keeps it) and REGISTERED is queued for
//             the other side in the same transaction
//   Resubmit  an operator's corrected rejected card, the same way
//
// A card whose registration failed for a reason that is not the card's
// (intake unavailable) stays "received" and RetryPending registers it later:
// nothing is lost, and the idempotency key keeps it one appeal.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/exchange/v1/exchange.pb.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/refdata/classifier.h"
#include "exchange_metrics.h"
#include "exchange_store.h"
#include "gcc_port.h"
#include "outbox.h"

namespace contactcenter::exchange {

// Intake's RegisterAppeal, as the exchange needs it (a port: gRPC in the
// service, an in-process double in database tests).
class AppealRegistrar {
 public:
  virtual ~AppealRegistrar() = default;
  virtual absl::StatusOr<intake::v1::RegisterAppealResponse> Register(
      const intake::v1::RegisterAppealRequest& request) = 0;
};

// Over gRPC with libs/client: UNAVAILABLE is retried within the budget
// (safe: the idempotency key makes a repeat harmless).
class GrpcAppealRegistrar final : public AppealRegistrar {
 public:
  GrpcAppealRegistrar(const std::string& intake_addr, std::string token);
  absl::StatusOr<intake::v1::RegisterAppealResponse> Register(
      const intake::v1::RegisterAppealRequest& request) override;

 private:
  std::unique_ptr<intake::v1::IntakeService::Stub> stub_;
  std::string token_;
};

class CardIntake {
 public:
  CardIntake(db::Pool* pool, ExchangeStore* store, AppealRegistrar* registrar,
             const refdata::Classifier* classifier, const Clock* clock, ExchangeMetrics* metrics)
      : pool_(pool),
        store_(store),
        registrar_(registrar),
        classifier_(classifier),
        clock_(clock),
        metrics_(metrics) {}

  // A card delivered by the other side (pushed or pulled from its feed).
  absl::StatusOr<v1::PushCardResponse> Receive(const v1::Card& card);
  // An operator's corrected card for one kept as rejected (NOT_FOUND when
  // no card of that number is rejected).
  absl::StatusOr<v1::PushCardResponse> Resubmit(const v1::Card& card);
  // Registers a received card with intake.
  absl::StatusOr<v1::PushCardResponse> Register(const std::string& card_number);
  // Registers the cards still waiting (a periodic job); how many succeeded.
  absl::StatusOr<int> RetryPending();
  // Rejected cards, oldest first: a page of at most `page_size` after
  // `after`, with the position after it when more follow.
  absl::StatusOr<ListPage<v1::RejectedCard>> ListRejected(
      const std::optional<ListPosition>& after, int page_size);
  // Takes the cards the other side's feed offers (a periodic job, where it
  // offers one); how many were new.
  absl::StatusOr<int> TakeFromFeed(GovernmentContactCenter& gcc);

 private:
  // Stores a card that passed no check yet (or an operator's correction):
  // rejected, returned, or received (then to be registered: true).
  absl::StatusOr<bool> Keep(db::Tx& tx, const v1::Card& card, std::optional<CardRow> row,
                            v1::PushCardResponse* response);

  db::Pool* pool_;
  ExchangeStore* store_;
  AppealRegistrar* registrar_;
  const refdata::Classifier* classifier_;
  const Clock* clock_;
  ExchangeMetrics* metrics_;
};

}  // namespace contactcenter::exchange
