// The only place SQL appears in the exchange: cards, the status outbox and
// the personal-data transfer audit. Every method runs in db::Guarded.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "list_pages.h"
#include "contactcenter/exchange/v1/exchange.pb.h"

namespace contactcenter::exchange {

enum class CardState { kReceived, kRegistered, kRejected, kReturned };

struct CardRow {
  std::string card_number;
  CardState state = CardState::kReceived;
  // The card itself: set while registration is to come or the card is
  // rejected; cleared once intake holds it.
  std::optional<v1::Card> card;
  // PushCard's answer, repeated to a redelivery.
  std::optional<v1::PushCardResponse> response;
  std::string appeal_id;
  std::string registration_number;
  std::optional<absl::CivilDay> registration_date;
  std::optional<absl::CivilDay> resolve_by;
  absl::Time received_at;
  absl::Time updated_at;
  int64_t next_sequence = 1;
  v1::StatusCode last_code = v1::STATUS_CODE_UNSPECIFIED;
  bool final = false;
  std::optional<absl::CivilDay> control_date;
  std::string executor_id;
  // When the card's appeal joined another appeal's case as a duplicate:
  // that appeal (the case's events name it).
  std::string case_appeal_id;
};

enum class LetterState { kPending, kDelivered, kDead };

struct OutboxRow {
  v1::StatusUpdate update;
  LetterState state = LetterState::kPending;
  int attempts = 0;
  std::string last_error;
  absl::Time created_at;
  absl::Time next_attempt_at;
  std::optional<absl::Time> dead_at;
};

// What we delivered last for a card, for reconciliation.
struct Delivered {
  int64_t sequence = 0;
  v1::StatusCode code = v1::STATUS_CODE_UNSPECIFIED;
};

// The on-disk size of the tables retention keeps in check (with their
// indexes and TOAST), in bytes.
struct TableSizes {
  int64_t outbox_bytes = 0;
  int64_t audit_bytes = 0;
};

class ExchangeStore {
 public:
  // The card's row, locked for the transaction; nullopt if unknown.
  absl::StatusOr<std::optional<CardRow>> LockCard(db::Tx& tx, const std::string& card_number);
  // The card's row, not locked (for reads).
  absl::StatusOr<std::optional<CardRow>> GetCard(db::Tx& tx, const std::string& card_number);
  // The card registered as `appeal_id`, locked; nullopt when none (the
  // appeal did not come from the other side).
  absl::StatusOr<std::optional<CardRow>> LockByAppeal(db::Tx& tx, const std::string& appeal_id);
  // The cards whose appeal's case is the case of `appeal_id`: its own card
  // and those of duplicates that joined it; locked, by card number.
  absl::StatusOr<std::vector<CardRow>> LockByCaseAppeal(db::Tx& tx, const std::string& appeal_id);
  // Inserts or replaces the row (by card number).
  absl::Status SaveCard(db::Tx& tx, const CardRow& row);
  // Cards whose registration with intake is still to come, oldest first.
  absl::StatusOr<std::vector<CardRow>> PendingCards(db::Tx& tx, int limit);
  // Whether a card received at or before `at` still waits for registration.
  absl::StatusOr<bool> AnyPendingSince(db::Tx& tx, absl::Time at);
  // Rejected cards, oldest first (received_at, card number), after `after`
  // (nullopt: from the first).
  absl::StatusOr<std::vector<CardRow>> RejectedCards(db::Tx& tx,
                                                     const std::optional<ListPosition>& after,
                                                     int limit);
  // Cards whose last queued status is not final.
  absl::StatusOr<std::vector<CardRow>> OpenCards(db::Tx& tx);

  // Queues a status message (the card row's next_sequence is the caller's).
  absl::Status Enqueue(db::Tx& tx, const v1::StatusUpdate& update, absl::Time now);
  // Per card, its earliest undelivered message when it is pending and due
  // (a dead one holds the card's later messages back, to keep the order).
  absl::StatusOr<std::vector<OutboxRow>> DueHeads(db::Tx& tx, absl::Time now, int limit);
  absl::Status MarkDelivered(db::Tx& tx, const std::string& card_number, int64_t sequence,
                             const std::string& receipt_id, absl::Time now);
  absl::Status MarkRetry(db::Tx& tx, const std::string& card_number, int64_t sequence,
                         int attempts, absl::Time next_attempt_at, const std::string& error);
  absl::Status MarkDead(db::Tx& tx, const std::string& card_number, int64_t sequence,
                        int attempts, const std::string& error, absl::Time now);
  // Messages of the card from `from_sequence` on that were delivered or
  // dead go back to pending (the other side lost them); returns how many.
  absl::StatusOr<int> Resend(db::Tx& tx, const std::string& card_number, int64_t from_sequence,
                             absl::Time now);
  // Dead letters, oldest first (dead_at, card number, sequence), after
  // `after` (nullopt: from the first).
  absl::StatusOr<std::vector<OutboxRow>> DeadLetters(db::Tx& tx,
                                                     const std::optional<ListPosition>& after,
                                                     int limit);
  // Dead letters (of one card, or all when empty) back to pending, attempts
  // from zero; returns how many.
  absl::StatusOr<int> ReplayDead(db::Tx& tx, const std::string& card_number, absl::Time now);
  absl::StatusOr<int64_t> CountDead(db::Tx& tx);

  // --- Retention.
  // Deletes up to `limit` delivered messages of cards final since before
  // `before`, delivered before it, never a card's last message; how many.
  absl::StatusOr<int64_t> DeleteDeliveredBefore(db::Tx& tx, absl::Time before, int limit);
  // Deletes up to `limit` transfer records made before `before`, oldest
  // first; how many.
  absl::StatusOr<int64_t> DeleteTransfersBefore(db::Tx& tx, absl::Time before, int limit);
  absl::StatusOr<TableSizes> Sizes(db::Tx& tx);
  // The oldest pending message's creation time, if any (delivery lag).
  absl::StatusOr<std::optional<absl::Time>> OldestPending(db::Tx& tx);
  absl::StatusOr<std::map<std::string, Delivered>> LastDelivered(db::Tx& tx);

  // The audit of personal data moved: `direction` is from_gcc, to_intake or
  // to_gcc.
  absl::Status AddTransfer(db::Tx& tx, const std::string& card_number,
                           const std::string& direction, const std::vector<std::string>& fields,
                           absl::Time now);
};

}  // namespace contactcenter::exchange
