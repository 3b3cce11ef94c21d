#include "reconciler.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "card_mapping.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::exchange {
namespace {
constexpr int kMaxOffered = 500;
}  // namespace

absl::StatusOr<v1::ReconcileResponse> Reconciler::Run() {
  ASSIGN_OR_RETURN(std::vector<v1::OpenCard> theirs, gcc_->ListOpenCards());
  std::map<std::string, v1::OpenCard> their_open;
  for (v1::OpenCard& c : theirs) their_open[c.card_number()] = std::move(c);

  struct Ours {
    std::vector<CardRow> open;
    std::map<std::string, Delivered> delivered;
    std::set<std::string> known;
  };
  ASSIGN_OR_RETURN(Ours ours, pool_->Read([&](db::Tx& tx) -> absl::StatusOr<Ours> {
    Ours o;
    ASSIGN_OR_RETURN(o.open, store_->OpenCards(tx));
    ASSIGN_OR_RETURN(o.delivered, store_->LastDelivered(tx));
    for (const auto& [number, open] : their_open) {
      ASSIGN_OR_RETURN(std::optional<CardRow> row, store_->GetCard(tx, number));
      if (row) o.known.insert(number);
    }
    return o;
  }));

  v1::ReconcileResponse out;
  *out.mutable_checked_at() = ToTimestamp(clock_->Now());
  std::map<std::string, v1::Card> offered;
  bool offered_read = false;
  absl::Status offered_status;

  for (const auto& [number, open] : their_open) {
    if (ours.known.count(number) == 0) {
      v1::Difference* d = out.add_differences();
      d->set_card_number(number);
      d->set_kind(v1::DIFFERENCE_KIND_MISSING_HERE);
      d->set_theirs(open.last_status());
      if (!offered_read) {
        offered_read = true;
        absl::StatusOr<std::vector<v1::Card>> cards = gcc_->ListOfferedCards(kMaxOffered);
        if (cards.ok()) {
          for (v1::Card& c : *cards) offered[c.card_number()] = std::move(c);
        } else {
          offered_status = cards.status();
        }
      }
      auto it = offered.find(number);
      if (it == offered.end()) {
        d->set_action(offered_status.ok()
                          ? "left: its feed does not offer the card; ask it to send it again"
                          : absl::StrCat("left: its feed is unavailable (",
                                         offered_status.message(), ")"));
        continue;
      }
      absl::StatusOr<v1::PushCardResponse> r = intake_->Receive(it->second);
      d->set_action(r.ok() ? absl::StrCat("taken from its feed: ",
                                          v1::CardOutcome_Name(r->outcome()))
                           : absl::StrCat("taking it from its feed failed: ",
                                          r.status().message()));
      continue;
    }
    auto mine = ours.delivered.find(number);
    const Delivered delivered = mine == ours.delivered.end() ? Delivered{} : mine->second;
    if (open.last_sequence() < delivered.sequence) {
      v1::Difference* d = out.add_differences();
      d->set_card_number(number);
      d->set_kind(v1::DIFFERENCE_KIND_STATUS_DIFFERS);
      d->set_ours(delivered.code);
      d->set_theirs(open.last_status());
      const int64_t from = open.last_sequence() + 1;
      // A structured binding cannot be captured before C++20's P1091 (clang 16).
      const std::string& card = number;
      absl::StatusOr<int> resent = pool_->Write(
          [&](db::Tx& tx) { return store_->Resend(tx, card, from, clock_->Now()); });
      d->set_action(resent.ok() ? absl::StrCat("sent again from sequence ", from, " (",
                                               *resent, " messages)")
                                : absl::StrCat("sending again failed: ",
                                               resent.status().message()));
    }
  }
  for (const CardRow& row : ours.open) {
    if (their_open.count(row.card_number) > 0) continue;
    v1::Difference* d = out.add_differences();
    d->set_card_number(row.card_number);
    d->set_kind(v1::DIFFERENCE_KIND_MISSING_THERE);
    d->set_ours(row.last_code);
    d->set_action("reported: only the other side can say why it no longer lists the card");
  }
  CC_LOG(Info) << "reconciliation: " << their_open.size() << " open there, " << ours.open.size()
               << " open here, " << out.differences_size() << " differences";
  return out;
}

}  // namespace contactcenter::exchange
