#include "dead_letters.h"

#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::exchange {
absl::StatusOr<ListPage<v1::DeadLetter>> DeadLetters::List(
    const std::optional<ListPosition>& after, int page_size) {
  ASSIGN_OR_RETURN(std::vector<OutboxRow> rows, pool_->Read([&](db::Tx& tx) {
                     return store_->DeadLetters(tx, after, page_size + 1);
                   }));
  ListPage<v1::DeadLetter> page;
  if (static_cast<int>(rows.size()) > page_size) {
    // More follow: the page ends at its last row (read before moving it).
    const OutboxRow& last = rows[page_size - 1];
    page.next = ListPosition{last.dead_at.value_or(absl::UnixEpoch()),
                             last.update.card_number(), last.update.sequence()};
    rows.resize(page_size);
  }
  for (OutboxRow& row : rows) {
    v1::DeadLetter& d = page.items.emplace_back();
    *d.mutable_update() = std::move(row.update);
    d.set_attempts(row.attempts);
    d.set_last_error(row.last_error);
    if (row.dead_at) *d.mutable_dead_at() = ToTimestamp(*row.dead_at);
  }
  return page;
}

absl::StatusOr<int> DeadLetters::Replay(const std::string& card_number) {
  return pool_->Write(
      [&](db::Tx& tx) { return store_->ReplayDead(tx, card_number, clock_->Now()); });
}

}  // namespace contactcenter::exchange
