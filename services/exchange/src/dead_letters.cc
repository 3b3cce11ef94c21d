#include "dead_letters.h"

#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::exchange {
namespace {
constexpr int kMaxListed = 500;
}  // namespace

absl::StatusOr<std::vector<v1::DeadLetter>> DeadLetters::List() {
  ASSIGN_OR_RETURN(std::vector<OutboxRow> rows, pool_->Read([&](db::Tx& tx) {
                     return store_->DeadLetters(tx, kMaxListed);
                   }));
  std::vector<v1::DeadLetter> out;
  for (OutboxRow& row : rows) {
    v1::DeadLetter d;
    *d.mutable_update() = std::move(row.update);
    d.set_attempts(row.attempts);
    d.set_last_error(row.last_error);
    if (row.dead_at) *d.mutable_dead_at() = ToTimestamp(*row.dead_at);
    out.push_back(std::move(d));
  }
  return out;
}

absl::StatusOr<int> DeadLetters::Replay(const std::string& card_number) {
  return pool_->Write(
      [&](db::Tx& tx) { return store_->ReplayDead(tx, card_number, clock_->Now()); });
}

}  // namespace contactcenter::exchange
