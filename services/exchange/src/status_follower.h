// Outbound, first half: follows tracking's log and queues, for each case
// that came from the other side, every change it must know, in the
// consumer's transaction (the cursor moves with the outbox rows, so a crash
// neither loses nor repeats one). Forwarding comes from CaseOpened (with the
// control date) and re-routing from CaseStatusChanged, so routing's own
// events add nothing the other side needs.
#pragma once

#include "absl/status/status.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "exchange_store.h"

namespace contactcenter::exchange {

class StatusFollower {
 public:
  explicit StatusFollower(ExchangeStore* store) : store_(store) {}

  void FollowTracking(eventlog::Dispatcher& d);

  absl::Status OnCaseOpened(db::Tx& tx, const tracking::v1::CaseOpened& e,
                            const eventlog::EventMeta& meta);
  absl::Status OnCaseStatusChanged(db::Tx& tx, const tracking::v1::CaseStatusChanged& e,
                                   const eventlog::EventMeta& meta);

 private:
  // The card of `appeal_id`, locked; nullopt when the appeal is not from the
  // other side. UNAVAILABLE (the consumer retries) while a card received
  // before the event still waits for its registration: its appeal id is not
  // known yet and the event may be its.
  absl::StatusOr<std::optional<CardRow>> CardOf(db::Tx& tx, const std::string& appeal_id,
                                                const eventlog::EventMeta& meta);

  ExchangeStore* store_;
};

}  // namespace contactcenter::exchange
