#include "outbox.h"

#include "card_mapping.h"
#include "contactcenter/clock/proto_time.h"

namespace contactcenter::exchange {

absl::Status QueueStatus(db::Tx& tx, ExchangeStore& store, CardRow& row, v1::StatusUpdate update,
                         absl::Time now) {
  update.set_card_number(row.card_number);
  update.set_sequence(row.next_sequence);
  update.set_registration_number(row.registration_number);
  if (row.registration_date) *update.mutable_registration_date() = ToDate(*row.registration_date);
  if (!update.has_changed_at()) *update.mutable_changed_at() = ToTimestamp(now);
  if (!update.executor_id().empty()) row.executor_id = update.executor_id();
  if (update.has_control_date()) row.control_date = FromDate(update.control_date());
  row.next_sequence += 1;
  row.last_code = update.code();
  row.final = IsFinal(update.code());
  row.updated_at = now;
  return store.Enqueue(tx, update, now);
}

}  // namespace contactcenter::exchange
