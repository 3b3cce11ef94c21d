// Queues a status message for the other side inside the caller's
// transaction: the card's next sequence number, our registration number and
// date on every message, and the card row's memory of what it was told.
#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/exchange/v1/exchange.pb.h"
#include "exchange_store.h"

namespace contactcenter::exchange {

// Fills `update`'s card number, sequence, registration and changed_at (if
// unset), appends it to the outbox and advances `row` (next_sequence,
// last_code, final, executor, control date); the caller saves `row` in the
// same transaction.
absl::Status QueueStatus(db::Tx& tx, ExchangeStore& store, CardRow& row, v1::StatusUpdate update,
                         absl::Time now);

}  // namespace contactcenter::exchange
