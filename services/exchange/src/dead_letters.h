// The dead letters: status messages not delivered within the retry budget
// or refused by the other side, for ops to see and replay.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "exchange_store.h"

namespace contactcenter::exchange {

class DeadLetters {
 public:
  DeadLetters(db::Pool* pool, ExchangeStore* store, const Clock* clock)
      : pool_(pool), store_(store), clock_(clock) {}

  // Oldest first: a page of at most `page_size` after `after`, with the
  // position after it when more follow.
  absl::StatusOr<ListPage<v1::DeadLetter>> List(const std::optional<ListPosition>& after,
                                                int page_size);
  // Back to delivery (a card's, or all when `card_number` is empty), with a
  // fresh retry budget; how many.
  absl::StatusOr<int> Replay(const std::string& card_number);

 private:
  db::Pool* pool_;
  ExchangeStore* store_;
  const Clock* clock_;
};

}  // namespace contactcenter::exchange
