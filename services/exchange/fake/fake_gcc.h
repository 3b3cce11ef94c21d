// A faithful fake of the Government Contact Center, for tests: it serves
// contactcenter.exchange.v1.GovernmentContactCenter on loopback only, offers
// cards (its feed, and pushes to our ExchangeService), takes our status
// messages and enforces what the real one would (each card's sequence
// numbers in order with no gap, a repeat acknowledged and not applied again,
// only legal status transitions, Art. 7's five days for a return), returns
// receipts, keeps a journal of what it applied for assertions, and injects
// scripted faults: duplicate and reordered cards, late or missing receipts,
// errors, timeouts, unknown receipt codes, being down for a while.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/exchange/v1/exchange.grpc.pb.h"
#include "contactcenter/tls/tls.h"
#include "grpcpp/server.h"

namespace contactcenter::exchange::fake {

// One status message the fake applied, in the order it applied them.
struct JournalEntry {
  std::string card_number;
  int64_t sequence = 0;
  v1::StatusCode code = v1::STATUS_CODE_UNSPECIFIED;
  absl::Time at;
  // The message as applied, for assertions on its data.
  v1::StatusUpdate update;
};

// What to do to the next status messages (each fault is used up once per
// message it hits, in this order of precedence).
struct Faults {
  // Answer UNAVAILABLE without applying.
  int errors = 0;
  // Apply, then answer only after `receipt_delay` (past the caller's
  // deadline: a late receipt, so a missing one to the caller).
  int late_receipts = 0;
  absl::Duration receipt_delay = absl::Seconds(6);
  // Apply, answer with a receipt code no version knows (99).
  int unknown_receipt_codes = 0;
  // Refuse (RECEIPT_CODE_REJECTED) without applying.
  int refusals = 0;
  // Forget the last message applied for the card before applying (as if
  // it lost it): the next one is answered OUT_OF_ORDER.
  int forget_last = 0;
};

class FakeGovernmentContactCenter {
 public:
  // Serves with `tls`: its own certificate and CA, as the other party's
  // server would (tls::PlaintextForTestsOnly() only where transport is not
  // what is tested).
  explicit FakeGovernmentContactCenter(tls::Config tls);
  ~FakeGovernmentContactCenter();

  // Listens on 127.0.0.1:`port` (0: a free one). Again after Stop(): the
  // same port as before ("down for a while, then back").
  absl::Status Start(int port = 0);
  void Stop();
  int port() const { return port_; }
  std::string address() const;

  // Cards it offers in its feed (ListOfferedCards) until one is taken (any
  // status for it arrives). `duplicate` offers it twice in one answer.
  void Offer(const v1::Card& card, bool duplicate = false);
  // Offers the queued cards in reverse order from now on (a reordered feed).
  void ReverseFeed(bool reverse);
  // Pushes a card to our ExchangeService as the other side would, with
  // `token` (role system), over a channel with `exchange_tls` (our CA); our
  // answer.
  absl::StatusOr<v1::PushCardResponse> Push(const std::string& exchange_addr,
                                            const tls::Config& exchange_tls,
                                            const std::string& token, const v1::Card& card);

  void SetFaults(const Faults& faults);
  // The journal: every status applied, in order.
  std::vector<JournalEntry> Journal() const;
  std::vector<v1::StatusCode> JournalOf(const std::string& card_number) const;
  // Every message received (applied or not), for counting repeats.
  int received_messages() const;
  // Messages refused as illegal transitions or gaps, with why.
  std::vector<std::string> Violations() const;
  // Drops a card from what it lists as open (a planted difference).
  void ForgetCard(const std::string& card_number);
  // Marks a card open with the given last status (a planted difference).
  void SetOpen(const std::string& card_number, v1::StatusCode last, int64_t sequence);

 private:
  class Service;
  struct CardState {
    int64_t last_sequence = 0;
    v1::StatusCode last_code = v1::STATUS_CODE_UNSPECIFIED;
    absl::Time offered_at;
    bool taken = false;
  };

  // The service's logic, under mu_.
  v1::Receipt Apply(const v1::StatusUpdate& u, bool* unavailable, absl::Duration* delay);

  mutable std::mutex mu_;
  std::map<std::string, CardState> cards_;
  std::deque<v1::Card> offered_;
  std::vector<bool> duplicate_;
  bool reverse_ = false;
  Faults faults_;
  std::vector<JournalEntry> journal_;
  std::vector<std::string> violations_;
  int received_ = 0;
  int64_t receipts_ = 0;

  const tls::Config tls_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace contactcenter::exchange::fake
