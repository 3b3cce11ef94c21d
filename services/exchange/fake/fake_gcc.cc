#include "fake/fake_gcc.h"

#include <algorithm>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/clock/proto_time.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace contactcenter::exchange::fake {
namespace {

using S = v1::StatusCode;

// The other side's own table of legal successions (written apart from the
// exchange's, so that the two check each other).
bool Legal(S last, S next) {
  static const auto* const kAllowed = new std::set<std::pair<S, S>>{
      {S::STATUS_CODE_UNSPECIFIED, S::STATUS_CODE_REGISTERED},
      {S::STATUS_CODE_UNSPECIFIED, S::STATUS_CODE_RETURNED},
      {S::STATUS_CODE_REGISTERED, S::STATUS_CODE_FORWARDED},
      {S::STATUS_CODE_REGISTERED, S::STATUS_CODE_RETURNED},
      {S::STATUS_CODE_REGISTERED, S::STATUS_CODE_NOT_CONSIDERED},
      {S::STATUS_CODE_FORWARDED, S::STATUS_CODE_FORWARDED},
      {S::STATUS_CODE_FORWARDED, S::STATUS_CODE_ACCEPTED},
      {S::STATUS_CODE_FORWARDED, S::STATUS_CODE_EXTENDED},
      {S::STATUS_CODE_FORWARDED, S::STATUS_CODE_NOT_CONSIDERED},
      {S::STATUS_CODE_ACCEPTED, S::STATUS_CODE_FORWARDED},
      {S::STATUS_CODE_ACCEPTED, S::STATUS_CODE_EXTENDED},
      {S::STATUS_CODE_ACCEPTED, S::STATUS_CODE_ANSWERED},
      {S::STATUS_CODE_ACCEPTED, S::STATUS_CODE_NOT_CONSIDERED},
      {S::STATUS_CODE_EXTENDED, S::STATUS_CODE_EXTENDED},
      {S::STATUS_CODE_EXTENDED, S::STATUS_CODE_ACCEPTED},
      {S::STATUS_CODE_EXTENDED, S::STATUS_CODE_FORWARDED},
      {S::STATUS_CODE_EXTENDED, S::STATUS_CODE_ANSWERED},
      {S::STATUS_CODE_EXTENDED, S::STATUS_CODE_NOT_CONSIDERED},
      {S::STATUS_CODE_ANSWERED, S::STATUS_CODE_CALL_BACK_PLANNED},
      {S::STATUS_CODE_CALL_BACK_PLANNED, S::STATUS_CODE_CLOSED},
      {S::STATUS_CODE_CALL_BACK_PLANNED, S::STATUS_CODE_REWORK},
      {S::STATUS_CODE_REWORK, S::STATUS_CODE_ACCEPTED},
      {S::STATUS_CODE_REWORK, S::STATUS_CODE_ANSWERED},
      {S::STATUS_CODE_REWORK, S::STATUS_CODE_EXTENDED},
  };
  return kAllowed->count({last, next}) > 0;
}

// Art. 7: an appeal outside the competence is sent on within five days.
constexpr absl::Duration kReturnTerm = absl::Hours(24 * 5);

}  // namespace

class FakeGovernmentContactCenter::Service final : public v1::GovernmentContactCenter::Service {
 public:
  explicit Service(FakeGovernmentContactCenter* fake) : fake_(fake) {}

  grpc::Status ListOfferedCards(grpc::ServerContext*, const v1::ListOfferedCardsRequest* req,
                                v1::ListOfferedCardsResponse* resp) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    std::vector<std::pair<v1::Card, bool>> cards;
    for (size_t i = 0; i < fake_->offered_.size(); ++i) {
      if (fake_->cards_[fake_->offered_[i].card_number()].taken) continue;
      cards.push_back({fake_->offered_[i], fake_->duplicate_[i]});
    }
    if (fake_->reverse_) std::reverse(cards.begin(), cards.end());
    const int max = req->max_cards() > 0 ? req->max_cards() : 50;
    for (const auto& [card, duplicate] : cards) {
      if (resp->cards_size() >= max) break;
      *resp->add_cards() = card;
      if (duplicate && resp->cards_size() < max) *resp->add_cards() = card;
    }
    return grpc::Status::OK;
  }

  grpc::Status SendStatus(grpc::ServerContext*, const v1::SendStatusRequest* req,
                          v1::SendStatusResponse* resp) override {
    bool unavailable = false;
    absl::Duration delay = absl::ZeroDuration();
    v1::Receipt receipt;
    {
      std::lock_guard<std::mutex> lock(fake_->mu_);
      receipt = fake_->Apply(req->update(), &unavailable, &delay);
    }
    if (unavailable) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "scripted error");
    if (delay > absl::ZeroDuration()) absl::SleepFor(delay);
    *resp->mutable_receipt() = receipt;
    return grpc::Status::OK;
  }

  grpc::Status ListOpenCards(grpc::ServerContext*, const v1::ListOpenCardsRequest*,
                             v1::ListOpenCardsResponse* resp) override {
    std::lock_guard<std::mutex> lock(fake_->mu_);
    for (const auto& [number, c] : fake_->cards_) {
      if (c.last_code == S::STATUS_CODE_CLOSED || c.last_code == S::STATUS_CODE_RETURNED ||
          c.last_code == S::STATUS_CODE_NOT_CONSIDERED) {
        continue;
      }
      v1::OpenCard* o = resp->add_cards();
      o->set_card_number(number);
      o->set_last_status(c.last_code);
      o->set_last_sequence(c.last_sequence);
    }
    return grpc::Status::OK;
  }

 private:
  FakeGovernmentContactCenter* fake_;
};

FakeGovernmentContactCenter::FakeGovernmentContactCenter(tls::Config tls)
    : tls_(std::move(tls)), service_(std::make_unique<Service>(this)) {}

FakeGovernmentContactCenter::~FakeGovernmentContactCenter() { Stop(); }

absl::Status FakeGovernmentContactCenter::Start(int port) {
  if (server_) return absl::OkStatus();
  const int want = port != 0 ? port : port_;
  grpc::ServerBuilder builder;
  int bound = 0;
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", want), tls::ServerCredentials(tls_), &bound);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (!server_ || bound == 0) {
    server_.reset();
    return absl::UnavailableError(absl::StrCat("the fake cannot listen on port ", want));
  }
  port_ = bound;
  return absl::OkStatus();
}

void FakeGovernmentContactCenter::Stop() {
  if (!server_) return;
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  server_->Wait();
  server_.reset();
}

std::string FakeGovernmentContactCenter::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

void FakeGovernmentContactCenter::Offer(const v1::Card& card, bool duplicate) {
  std::lock_guard<std::mutex> lock(mu_);
  offered_.push_back(card);
  duplicate_.push_back(duplicate);
  CardState& c = cards_[card.card_number()];
  if (c.offered_at == absl::Time()) c.offered_at = absl::Now();
}

void FakeGovernmentContactCenter::ReverseFeed(bool reverse) {
  std::lock_guard<std::mutex> lock(mu_);
  reverse_ = reverse;
}

absl::StatusOr<v1::PushCardResponse> FakeGovernmentContactCenter::Push(
    const std::string& exchange_addr, const tls::Config& exchange_tls, const std::string& token,
    const v1::Card& card) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    CardState& c = cards_[card.card_number()];
    if (c.offered_at == absl::Time()) c.offered_at = absl::Now();
  }
  auto stub = v1::ExchangeService::NewStub(
      grpc::CreateChannel(exchange_addr, tls::ChannelCredentials(exchange_tls)));
  v1::PushCardRequest req;
  *req.mutable_card() = card;
  // As the other side does: a push that met UNAVAILABLE (our intake busy or
  // restarting) is sent again; the card number makes the push idempotent.
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  for (int attempt = 1;; ++attempt) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    ctx.set_wait_for_ready(true);
    auth::AttachToken(ctx, token);
    v1::PushCardResponse resp;
    grpc::Status s = stub->PushCard(&ctx, req, &resp);
    if (s.ok()) return resp;
    if (s.error_code() != grpc::StatusCode::UNAVAILABLE || absl::Now() > give_up) {
      return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
    }
    absl::SleepFor(absl::Milliseconds(200 * std::min(attempt, 10)));
  }
}

void FakeGovernmentContactCenter::SetFaults(const Faults& faults) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_ = faults;
}

std::vector<JournalEntry> FakeGovernmentContactCenter::Journal() const {
  std::lock_guard<std::mutex> lock(mu_);
  return journal_;
}

std::vector<v1::StatusCode> FakeGovernmentContactCenter::JournalOf(
    const std::string& card_number) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<v1::StatusCode> out;
  for (const JournalEntry& e : journal_) {
    if (e.card_number == card_number) out.push_back(e.code);
  }
  return out;
}

int FakeGovernmentContactCenter::received_messages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return received_;
}

std::vector<std::string> FakeGovernmentContactCenter::Violations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return violations_;
}

void FakeGovernmentContactCenter::ForgetCard(const std::string& card_number) {
  std::lock_guard<std::mutex> lock(mu_);
  cards_.erase(card_number);
}

void FakeGovernmentContactCenter::SetOpen(const std::string& card_number, v1::StatusCode last,
                                          int64_t sequence) {
  std::lock_guard<std::mutex> lock(mu_);
  CardState& c = cards_[card_number];
  c.last_code = last;
  c.last_sequence = sequence;
  if (c.offered_at == absl::Time()) c.offered_at = absl::Now();
}

v1::Receipt FakeGovernmentContactCenter::Apply(const v1::StatusUpdate& u, bool* unavailable,
                                               absl::Duration* delay) {
  ++received_;
  v1::Receipt r;
  r.set_card_number(u.card_number());
  r.set_sequence(u.sequence());
  r.set_receipt_id(absl::StrCat("r-", ++receipts_));
  if (faults_.errors > 0) {
    --faults_.errors;
    *unavailable = true;
    return r;
  }
  if (faults_.refusals > 0) {
    --faults_.refusals;
    r.set_code(v1::RECEIPT_CODE_REJECTED);
    r.set_reason("scripted refusal");
    return r;
  }
  auto it = cards_.find(u.card_number());
  if (it == cards_.end()) {
    r.set_code(v1::RECEIPT_CODE_REJECTED);
    r.set_reason("unknown card");
    violations_.push_back(absl::StrCat(u.card_number(), ": unknown card"));
    return r;
  }
  CardState& c = it->second;
  if (faults_.forget_last > 0 && c.last_sequence > 0) {
    --faults_.forget_last;
    // Lost the last one it applied: the journal keeps it, the state not.
    c.last_sequence -= 1;
  }
  if (u.sequence() <= c.last_sequence) {
    r.set_code(v1::RECEIPT_CODE_ACCEPTED);  // a repeat: acknowledged, not applied again
    return r;
  }
  if (u.sequence() != c.last_sequence + 1) {
    r.set_code(v1::RECEIPT_CODE_OUT_OF_ORDER);
    r.set_expected_sequence(c.last_sequence + 1);
    return r;
  }
  // The message after a forgotten one is judged against the journal's
  // state at that point: the code it applied then.
  S last = S::STATUS_CODE_UNSPECIFIED;
  int64_t applied = 0;
  for (const JournalEntry& e : journal_) {
    if (e.card_number == u.card_number() && e.sequence < u.sequence() && e.sequence > applied) {
      applied = e.sequence;
      last = e.code;
    }
  }
  {
    if (!v1::StatusCode_IsValid(u.code()) || !Legal(last, u.code())) {
      r.set_code(v1::RECEIPT_CODE_REJECTED);
      r.set_reason(absl::StrCat("illegal transition ", v1::StatusCode_Name(last), " -> ",
                                static_cast<int>(u.code())));
      violations_.push_back(absl::StrCat(u.card_number(), ": ", r.reason()));
      return r;
    }
    if (u.code() == S::STATUS_CODE_RETURNED && last == S::STATUS_CODE_UNSPECIFIED &&
        FromTimestamp(u.changed_at()) - c.offered_at > kReturnTerm) {
      violations_.push_back(absl::StrCat(u.card_number(), ": returned after Art. 7's 5 days"));
    }
    // The card's call-back block: its planned date comes with the planning.
    if (u.code() == S::STATUS_CODE_CALL_BACK_PLANNED && !u.call_back().has_planned_date()) {
      r.set_code(v1::RECEIPT_CODE_REJECTED);
      r.set_reason("a planned call-back without its planned date");
      violations_.push_back(absl::StrCat(u.card_number(), ": ", r.reason()));
      return r;
    }
    if (u.registration_number().empty() && u.code() != S::STATUS_CODE_RETURNED) {
      r.set_code(v1::RECEIPT_CODE_REJECTED);
      r.set_reason("no registration number");
      violations_.push_back(absl::StrCat(u.card_number(), ": no registration number"));
      return r;
    }
  }
  c.last_sequence = u.sequence();
  c.last_code = u.code();
  c.taken = true;
  bool in_journal = false;
  for (const JournalEntry& e : journal_) {
    if (e.card_number == u.card_number() && e.sequence == u.sequence()) in_journal = true;
  }
  if (!in_journal) journal_.push_back({u.card_number(), u.sequence(), u.code(), absl::Now(), u});
  r.set_code(v1::RECEIPT_CODE_ACCEPTED);
  if (faults_.late_receipts > 0) {
    --faults_.late_receipts;
    *delay = faults_.receipt_delay;
  } else if (faults_.unknown_receipt_codes > 0) {
    --faults_.unknown_receipt_codes;
    r.set_code(static_cast<v1::ReceiptCode>(99));
  }
  return r;
}

}  // namespace contactcenter::exchange::fake
