#include "delivery.h"

#include "absl/strings/str_cat.h"
#include "card_mapping.h"
#include "contactcenter/client/client.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::exchange {
namespace {

constexpr int kBatch = 100;
constexpr int kMaxPasses = 50;

std::string ResultName(tracking::v1::CaseResult r) {
  const std::string& full = tracking::v1::CaseResult_Name(r);
  return full.rfind("CASE_RESULT_", 0) == 0 ? full.substr(12) : full;
}

}  // namespace

GrpcCaseReader::GrpcCaseReader(const std::string& tracking_addr, std::string token)
    : stub_(tracking::v1::TrackingService::NewStub(client::MakeChannel(tracking_addr))),
      token_(std::move(token)) {}

absl::StatusOr<tracking::v1::Case> GrpcCaseReader::GetCaseByAppeal(const std::string& appeal_id) {
  client::CallOptions o;
  o.token = token_;
  o.retry_unavailable = true;  // a read
  tracking::v1::GetCaseRequest req;
  req.set_appeal_id(appeal_id);
  tracking::v1::GetCaseResponse resp;
  grpc::Status s =
      client::Call(o, [&](grpc::ClientContext& ctx) { return stub_->GetCase(&ctx, req, &resp); });
  if (!s.ok()) return FromGrpcStatus(s);
  return resp.case_();
}

absl::Duration Delivery::BackoffAfter(int attempts) const {
  client::Backoff backoff(policy_.initial_backoff, policy_.max_backoff);
  absl::Duration wait = backoff.Next();
  for (int i = 1; i < attempts; ++i) wait = backoff.Next();
  return wait;
}

absl::StatusOr<DeliveryRun> Delivery::RunOnce() {
  DeliveryRun run;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    ASSIGN_OR_RETURN(std::vector<OutboxRow> heads, pool_->Read([&](db::Tx& tx) {
                       return store_->DueHeads(tx, clock_->Now(), kBatch);
                     }));
    if (heads.empty()) break;
    const int before = run.delivered;
    for (const OutboxRow& row : heads) RETURN_IF_ERROR(DeliverOne(row, run));
    if (run.delivered == before) break;  // the rest waits for its backoff
  }
  RETURN_IF_ERROR(pool_->Read([&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(int64_t dead, store_->CountDead(tx));
    metrics_->SetDeadLetters(static_cast<double>(dead));
    ASSIGN_OR_RETURN(std::optional<absl::Time> oldest, store_->OldestPending(tx));
    metrics_->SetOldestPendingAge(
        oldest ? absl::ToDoubleSeconds(clock_->Now() - *oldest) : 0.0);
    return absl::OkStatus();
  }));
  return run;
}

absl::Status Delivery::Failed(const OutboxRow& row, const std::string& error, bool for_good,
                              DeliveryRun& run) {
  const v1::StatusUpdate& u = row.update;
  const int attempts = row.attempts + 1;
  const absl::Time now = clock_->Now();
  if (for_good || attempts >= policy_.max_attempts) {
    ++run.dead;
    metrics_->DeadLetter();
    CC_LOG(Warning) << "status message " << u.sequence() << " of a card ("
                    << StatusCodeName(u.code()) << ") is a dead letter after " << attempts
                    << " attempts";
    return pool_->Write([&](db::Tx& tx) {
      return store_->MarkDead(tx, u.card_number(), u.sequence(), attempts, error, now);
    });
  }
  ++run.failed;
  metrics_->Retry();
  return pool_->Write([&](db::Tx& tx) {
    return store_->MarkRetry(tx, u.card_number(), u.sequence(), attempts,
                             now + BackoffAfter(attempts), error);
  });
}

absl::Status Delivery::DeliverOne(const OutboxRow& row, DeliveryRun& run) {
  v1::StatusUpdate update = row.update;
  std::vector<std::string> personal;
  if (update.code() == v1::STATUS_CODE_ANSWERED) {
    ASSIGN_OR_RETURN(std::optional<CardRow> card, pool_->Read([&](db::Tx& tx) {
                       return store_->GetCard(tx, update.card_number());
                     }));
    absl::StatusOr<tracking::v1::Case> c =
        card ? cases_->GetCaseByAppeal(card->appeal_id)
             : absl::StatusOr<tracking::v1::Case>(absl::NotFoundError("no card"));
    if (!c.ok()) return Failed(row, absl::StrCat("reading the answer: ", c.status().message()),
                               false, run);
    const tracking::v1::CaseAnswer& a = c->answer();
    v1::AnswerData* out = update.mutable_answer();
    if (a.has_answer_date()) *out->mutable_answer_date() = a.answer_date();
    out->set_outgoing_number(a.outgoing_number());
    out->set_text(a.text());
    out->set_result(ResultName(a.result()));
    out->set_signer(a.signer());
    personal = {"answer.text", "answer.signer"};
  }
  absl::StatusOr<v1::Receipt> receipt = gcc_->SendStatus(update);
  if (!receipt.ok()) {
    return Failed(row, absl::StrCat("sending: ", receipt.status().ToString()), false, run);
  }
  if (receipt->card_number() != update.card_number() || receipt->sequence() != update.sequence()) {
    return Failed(row, "the receipt names another message", false, run);
  }
  const absl::Time now = clock_->Now();
  switch (receipt->code()) {
    case v1::RECEIPT_CODE_ACCEPTED:
      break;
    case v1::RECEIPT_CODE_OUT_OF_ORDER:
      if (receipt->expected_sequence() > update.sequence()) break;  // it has this one
      if (receipt->expected_sequence() < 1) {
        return Failed(row, "out of order without an expected sequence", false, run);
      }
      // It lost earlier ones: they go again, in order, before this one.
      ++run.failed;
      metrics_->Retry();
      return pool_->Write([&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(int resent, store_->Resend(tx, update.card_number(),
                                                    receipt->expected_sequence(), now));
        CC_LOG(Warning) << "the other side expects sequence " << receipt->expected_sequence()
                        << ", not " << update.sequence() << ": " << resent << " sent again";
        return absl::OkStatus();
      });
    case v1::RECEIPT_CODE_REJECTED:
      return Failed(row, absl::StrCat("refused: ", receipt->reason()), true, run);
    default:
      return Failed(row, absl::StrCat("unknown receipt code ", static_cast<int>(receipt->code())),
                    false, run);
  }
  ++run.delivered;
  metrics_->StatusSent(update.code(), absl::ToDoubleSeconds(now - row.created_at));
  return pool_->Write([&](db::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(store_->MarkDelivered(tx, update.card_number(), update.sequence(),
                                          receipt->receipt_id(), now));
    return store_->AddTransfer(tx, update.card_number(), "to_gcc", personal, now);
  });
}

}  // namespace contactcenter::exchange
