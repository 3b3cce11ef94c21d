// Outbound, first half: follows tracking's and intake's logs and queues, for each case
// that came from the other side, every change it must know, in the
// consumer's transaction (the cursor moves with the outbox rows, so a crash
// neither loses nor repeats one). Forwarding comes from CaseOpened (with the
// control date) and re-routing from CaseStatusChanged, so routing's own
// events add nothing the other side needs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/intake/v1/intake.pb.h"
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
  // A card's appeal joined an earlier appeal's case as a duplicate: the
  // card is FORWARDED to the case's body with its term, and follows that
  // case's events from now on (they name the earlier appeal).
  absl::Status OnCaseAppealJoined(db::Tx& tx, const tracking::v1::CaseAppealJoined& e,
                                  const eventlog::EventMeta& meta);

  // Intake's log: what intake decides about a card's appeal after
  // registering it reaches the other side too, not only through
  // reconciliation. A supervisor's confirmed exclusion (Art. 8) is
  // AppealNotConsidered (an overruled or withdrawn one is AppealRegistered,
  // and the card goes on to FORWARDED through tracking's events); a return
  // (Art. 5) is AppealReturnedToApplicant. A status already queued at
  // registration (the card's last one is final) is not sent twice.
  void FollowIntake(eventlog::Dispatcher& d);
  absl::Status OnAppealNotConsidered(db::Tx& tx, const intake::v1::AppealNotConsidered& e,
                                     const eventlog::EventMeta& meta);
  absl::Status OnAppealReturned(db::Tx& tx, const intake::v1::AppealReturnedToApplicant& e,
                                const eventlog::EventMeta& meta);

 private:
  // The card of `appeal_id`, locked; nullopt when the appeal is not from the
  // other side. UNAVAILABLE (the consumer retries) while a card received
  // before the event still waits for its registration: its appeal id is not
  // known yet and the event may be its.
  absl::StatusOr<std::optional<CardRow>> CardOf(db::Tx& tx, const std::string& appeal_id,
                                                const eventlog::EventMeta& meta);
  // The same for a case's event: the cards of the case's appeal and of the
  // duplicates that joined it (empty when none is ours).
  absl::StatusOr<std::vector<CardRow>> CardsOfCase(db::Tx& tx, const std::string& appeal_id,
                                                   const eventlog::EventMeta& meta);

  // Queues `u` for the card of `appeal_id` when it is one of ours, not
  // final, and `u`'s code may follow its last one.
  absl::Status QueueForAppeal(db::Tx& tx, const std::string& appeal_id, v1::StatusUpdate u,
                              const eventlog::EventMeta& meta);

  ExchangeStore* store_;
};

}  // namespace contactcenter::exchange
