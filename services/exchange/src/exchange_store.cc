#include "exchange_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::exchange {
namespace {

constexpr char kCardColumns[] =
    "card_number, state, card, response, appeal_id::text AS appeal_id, registration_number, "
    "registration_date, resolve_by, received_at, updated_at, next_sequence, last_code, final, "
    "control_date, executor_id, case_appeal_id::text AS case_appeal_id";

constexpr char kSaveCardSql[] =
    "INSERT INTO cards (card_number, state, card, response, appeal_id, registration_number, "
    "  registration_date, resolve_by, received_at, updated_at, next_sequence, last_code, final, "
    "  control_date, executor_id, case_appeal_id) "
    "VALUES ($1, $2, CASE WHEN $3 THEN $4::bytea END, CASE WHEN $5 THEN $6::bytea END, "
    "  NULLIF($7, '')::uuid, NULLIF($8, ''), NULLIF($9, '')::date, NULLIF($10, '')::date, $11, "
    "  $12, $13, $14, $15, NULLIF($16, '')::date, NULLIF($17, ''), NULLIF($18, '')::uuid) "
    "ON CONFLICT (card_number) DO UPDATE SET state = EXCLUDED.state, card = EXCLUDED.card, "
    "  response = EXCLUDED.response, appeal_id = EXCLUDED.appeal_id, "
    "  registration_number = EXCLUDED.registration_number, "
    "  registration_date = EXCLUDED.registration_date, resolve_by = EXCLUDED.resolve_by, "
    "  updated_at = EXCLUDED.updated_at, next_sequence = EXCLUDED.next_sequence, "
    "  last_code = EXCLUDED.last_code, final = EXCLUDED.final, "
    "  control_date = EXCLUDED.control_date, executor_id = EXCLUDED.executor_id, "
    "  case_appeal_id = EXCLUDED.case_appeal_id";

constexpr char kOutboxColumns[] =
    "update, state, attempts, last_error, created_at, next_attempt_at, dead_at";

const char* StateName(CardState s) {
  switch (s) {
    case CardState::kReceived: return "received";
    case CardState::kRegistered: return "registered";
    case CardState::kRejected: return "rejected";
    case CardState::kReturned: return "returned";
  }
  return "received";
}

CardState StateOf(const std::string& s) {
  if (s == "registered") return CardState::kRegistered;
  if (s == "rejected") return CardState::kRejected;
  if (s == "returned") return CardState::kReturned;
  return CardState::kReceived;
}

std::string Text(const pqxx::field& f) { return f.is_null() ? "" : f.c_str(); }

std::optional<absl::CivilDay> Day(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return db::DateFromField(f);
}

std::string DayText(const std::optional<absl::CivilDay>& d) {
  return d ? db::ToSqlDate(*d) : "";
}

absl::StatusOr<CardRow> RowToCard(const pqxx::row& r) {
  CardRow c;
  c.card_number = r["card_number"].c_str();
  c.state = StateOf(r["state"].c_str());
  if (!r["card"].is_null()) {
    ASSIGN_OR_RETURN(c.card, db::ParseStoredProto<v1::Card>(r["card"], "card"));
  }
  if (!r["response"].is_null()) {
    ASSIGN_OR_RETURN(c.response,
                     db::ParseStoredProto<v1::PushCardResponse>(r["response"], "card response"));
  }
  c.appeal_id = Text(r["appeal_id"]);
  c.registration_number = Text(r["registration_number"]);
  c.registration_date = Day(r["registration_date"]);
  c.resolve_by = Day(r["resolve_by"]);
  c.received_at = db::TimeFromField(r["received_at"]);
  c.updated_at = db::TimeFromField(r["updated_at"]);
  c.next_sequence = r["next_sequence"].as<int64_t>();
  c.last_code = static_cast<v1::StatusCode>(r["last_code"].as<int>());
  c.final = r["final"].as<bool>();
  c.control_date = Day(r["control_date"]);
  c.executor_id = Text(r["executor_id"]);
  c.case_appeal_id = Text(r["case_appeal_id"]);
  return c;
}

absl::StatusOr<std::vector<CardRow>> RowsToCards(const pqxx::result& rows) {
  std::vector<CardRow> out;
  for (const pqxx::row& r : rows) {
    ASSIGN_OR_RETURN(CardRow c, RowToCard(r));
    out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<std::vector<OutboxRow>> RowsToLetters(const pqxx::result& rows) {
  std::vector<OutboxRow> out;
  for (const pqxx::row& r : rows) {
    OutboxRow o;
    ASSIGN_OR_RETURN(o.update, db::ParseStoredProto<v1::StatusUpdate>(r["update"], "status"));
    const std::string state = r["state"].c_str();
    o.state = state == "delivered" ? LetterState::kDelivered
              : state == "dead"    ? LetterState::kDead
                                   : LetterState::kPending;
    o.attempts = r["attempts"].as<int>();
    o.last_error = Text(r["last_error"]);
    o.created_at = db::TimeFromField(r["created_at"]);
    o.next_attempt_at = db::TimeFromField(r["next_attempt_at"]);
    if (!r["dead_at"].is_null()) o.dead_at = db::TimeFromField(r["dead_at"]);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::optional<CardRow>> ExchangeStore::LockCard(db::Tx& tx,
                                                               const std::string& card_number) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<CardRow>> {
    pqxx::result r =
        tx.Exec("exchange_lock_card",
                absl::StrCat("SELECT ", kCardColumns, " FROM cards WHERE card_number = $1 "
                             "FOR UPDATE"),
                card_number);
    if (r.empty()) return std::nullopt;
    ASSIGN_OR_RETURN(CardRow c, RowToCard(r[0]));
    return c;
  });
}

absl::StatusOr<std::optional<CardRow>> ExchangeStore::GetCard(db::Tx& tx,
                                                              const std::string& card_number) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<CardRow>> {
    pqxx::result r = tx.Exec(
        "exchange_get_card",
        absl::StrCat("SELECT ", kCardColumns, " FROM cards WHERE card_number = $1"), card_number);
    if (r.empty()) return std::nullopt;
    ASSIGN_OR_RETURN(CardRow c, RowToCard(r[0]));
    return c;
  });
}

absl::StatusOr<std::optional<CardRow>> ExchangeStore::LockByAppeal(db::Tx& tx,
                                                                   const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<CardRow>> {
    pqxx::result r = tx.Exec(
        "exchange_lock_by_appeal",
        absl::StrCat("SELECT ", kCardColumns, " FROM cards WHERE appeal_id = $1::uuid FOR UPDATE"),
        appeal_id);
    if (r.empty()) return std::nullopt;
    ASSIGN_OR_RETURN(CardRow c, RowToCard(r[0]));
    return c;
  });
}

absl::StatusOr<std::vector<CardRow>> ExchangeStore::LockByCaseAppeal(
    db::Tx& tx, const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<CardRow>> {
    return RowsToCards(tx.Exec(
        "exchange_lock_by_case_appeal",
        absl::StrCat("SELECT ", kCardColumns,
                     " FROM cards WHERE appeal_id = $1::uuid OR case_appeal_id = $1::uuid "
                     "ORDER BY card_number FOR UPDATE"),
        appeal_id));
  });
}

absl::Status ExchangeStore::SaveCard(db::Tx& tx, const CardRow& c) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("exchange_save_card", kSaveCardSql, c.card_number, StateName(c.state),
            c.card.has_value(), pqxx::binarystring(c.card ? c.card->SerializeAsString() : ""),
            c.response.has_value(),
            pqxx::binarystring(c.response ? c.response->SerializeAsString() : ""), c.appeal_id,
            c.registration_number, DayText(c.registration_date), DayText(c.resolve_by),
            db::ToSqlTime(c.received_at), db::ToSqlTime(c.updated_at), c.next_sequence,
            static_cast<int>(c.last_code), c.final, DayText(c.control_date), c.executor_id,
            c.case_appeal_id);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<CardRow>> ExchangeStore::PendingCards(db::Tx& tx, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<CardRow>> {
    return RowsToCards(tx.Exec("exchange_pending_cards",
                               absl::StrCat("SELECT ", kCardColumns,
                                            " FROM cards WHERE state = 'received' "
                                            "ORDER BY received_at, card_number LIMIT $1"),
                               limit));
  });
}

absl::StatusOr<bool> ExchangeStore::AnyPendingSince(db::Tx& tx, absl::Time at) {
  return db::Guarded([&]() -> absl::StatusOr<bool> {
    pqxx::result r = tx.Exec(
        "exchange_any_pending",
        "SELECT EXISTS (SELECT 1 FROM cards WHERE state = 'received' AND received_at <= $1)",
        db::ToSqlTime(at));
    return r[0][0].as<bool>();
  });
}

absl::StatusOr<std::vector<CardRow>> ExchangeStore::RejectedCards(
    db::Tx& tx, const std::optional<ListPosition>& after, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<CardRow>> {
    return RowsToCards(tx.Exec(
        "exchange_rejected_cards",
        absl::StrCat("SELECT ", kCardColumns,
                     " FROM cards WHERE state = 'rejected' "
                     "  AND ($2 = '' OR (received_at, card_number) > ($2::timestamptz, $3)) "
                     "ORDER BY received_at, card_number LIMIT $1"),
        limit, after ? db::ToSqlTime(after->at) : std::string(),
        after ? after->card_number : std::string()));
  });
}

absl::StatusOr<std::vector<CardRow>> ExchangeStore::OpenCards(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<CardRow>> {
    return RowsToCards(tx.Exec(
        "exchange_open_cards",
        absl::StrCat("SELECT ", kCardColumns,
                     " FROM cards WHERE NOT final AND state IN ('registered', 'received') "
                     "ORDER BY card_number")));
  });
}

absl::Status ExchangeStore::Enqueue(db::Tx& tx, const v1::StatusUpdate& update, absl::Time now) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("exchange_enqueue",
            "INSERT INTO status_outbox (card_number, sequence, code, update, next_attempt_at, "
            "  created_at) VALUES ($1, $2, $3, $4, $5, $5)",
            update.card_number(), update.sequence(), static_cast<int>(update.code()),
            pqxx::binarystring(update.SerializeAsString()), db::ToSqlTime(now));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<OutboxRow>> ExchangeStore::DueHeads(db::Tx& tx, absl::Time now,
                                                               int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<OutboxRow>> {
    return RowsToLetters(tx.Exec(
        "exchange_due_heads",
        absl::StrCat("SELECT ", kOutboxColumns,
                     " FROM (SELECT DISTINCT ON (card_number) * FROM status_outbox "
                     "       WHERE state <> 'delivered' ORDER BY card_number, sequence) head "
                     "WHERE state = 'pending' AND next_attempt_at <= $1 "
                     "ORDER BY next_attempt_at, card_number LIMIT $2"),
        db::ToSqlTime(now), limit));
  });
}

absl::Status ExchangeStore::MarkDelivered(db::Tx& tx, const std::string& card_number,
                                          int64_t sequence, const std::string& receipt_id,
                                          absl::Time now) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("exchange_mark_delivered",
            "UPDATE status_outbox SET state = 'delivered', attempts = attempts + 1, "
            "  delivered_at = $3, receipt_id = NULLIF($4, ''), last_error = NULL "
            "WHERE card_number = $1 AND sequence = $2",
            card_number, sequence, db::ToSqlTime(now), receipt_id);
    return absl::OkStatus();
  });
}

absl::Status ExchangeStore::MarkRetry(db::Tx& tx, const std::string& card_number,
                                      int64_t sequence, int attempts, absl::Time next_attempt_at,
                                      const std::string& error) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("exchange_mark_retry",
            "UPDATE status_outbox SET attempts = $3, next_attempt_at = $4, last_error = $5 "
            "WHERE card_number = $1 AND sequence = $2 AND state = 'pending'",
            card_number, sequence, attempts, db::ToSqlTime(next_attempt_at), error);
    return absl::OkStatus();
  });
}

absl::Status ExchangeStore::MarkDead(db::Tx& tx, const std::string& card_number, int64_t sequence,
                                     int attempts, const std::string& error, absl::Time now) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("exchange_mark_dead",
            "UPDATE status_outbox SET state = 'dead', attempts = $3, last_error = $4, "
            "  dead_at = $5 WHERE card_number = $1 AND sequence = $2 AND state = 'pending'",
            card_number, sequence, attempts, error, db::ToSqlTime(now));
    return absl::OkStatus();
  });
}

absl::StatusOr<int> ExchangeStore::Resend(db::Tx& tx, const std::string& card_number,
                                          int64_t from_sequence, absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<int> {
    pqxx::result r = tx.Exec(
        "exchange_resend",
        "UPDATE status_outbox SET state = 'pending', attempts = 0, next_attempt_at = $3, "
        "  dead_at = NULL "
        "WHERE card_number = $1 AND sequence >= $2 AND state <> 'pending'",
        card_number, from_sequence, db::ToSqlTime(now));
    return static_cast<int>(r.affected_rows());
  });
}

absl::StatusOr<std::vector<OutboxRow>> ExchangeStore::DeadLetters(
    db::Tx& tx, const std::optional<ListPosition>& after, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<OutboxRow>> {
    return RowsToLetters(tx.Exec(
        "exchange_dead_letters",
        absl::StrCat("SELECT ", kOutboxColumns,
                     " FROM status_outbox WHERE state = 'dead' "
                     "  AND ($2 = '' OR (dead_at, card_number, sequence) > "
                     "      ($2::timestamptz, $3, $4::bigint)) "
                     "ORDER BY dead_at, card_number, sequence LIMIT $1"),
        limit, after ? db::ToSqlTime(after->at) : std::string(),
        after ? after->card_number : std::string(), after ? after->sequence : int64_t{0}));
  });
}

absl::StatusOr<int> ExchangeStore::ReplayDead(db::Tx& tx, const std::string& card_number,
                                              absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<int> {
    pqxx::result r = tx.Exec(
        "exchange_replay_dead",
        "UPDATE status_outbox SET state = 'pending', attempts = 0, next_attempt_at = $2, "
        "  dead_at = NULL WHERE state = 'dead' AND ($1 = '' OR card_number = $1)",
        card_number, db::ToSqlTime(now));
    return static_cast<int>(r.affected_rows());
  });
}

absl::StatusOr<int64_t> ExchangeStore::CountDead(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<int64_t> {
    pqxx::result r = tx.Exec("exchange_count_dead",
                             "SELECT count(*) FROM status_outbox WHERE state = 'dead'");
    return r[0][0].as<int64_t>();
  });
}

absl::StatusOr<std::optional<absl::Time>> ExchangeStore::OldestPending(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<absl::Time>> {
    pqxx::result r = tx.Exec("exchange_oldest_pending",
                             "SELECT min(created_at) FROM status_outbox WHERE state = 'pending'");
    if (r[0][0].is_null()) return std::nullopt;
    return db::TimeFromField(r[0][0]);
  });
}

absl::StatusOr<std::map<std::string, Delivered>> ExchangeStore::LastDelivered(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<std::map<std::string, Delivered>> {
    pqxx::result r = tx.Exec(
        "exchange_last_delivered",
        "SELECT DISTINCT ON (card_number) card_number, sequence, code FROM status_outbox "
        "WHERE state = 'delivered' ORDER BY card_number, sequence DESC");
    std::map<std::string, Delivered> out;
    for (const pqxx::row& row : r) {
      out[row["card_number"].c_str()] = {row["sequence"].as<int64_t>(),
                                         static_cast<v1::StatusCode>(row["code"].as<int>())};
    }
    return out;
  });
}

absl::Status ExchangeStore::AddTransfer(db::Tx& tx, const std::string& card_number,
                                        const std::string& direction,
                                        const std::vector<std::string>& fields, absl::Time now) {
  if (fields.empty()) return absl::OkStatus();
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("exchange_add_transfer",
            "INSERT INTO personal_data_transfers (card_number, direction, fields, at) "
            "VALUES ($1, $2, $3::text[], $4)",
            card_number, direction, db::ToSqlTextArray(fields), db::ToSqlTime(now));
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> ExchangeStore::DeleteDeliveredBefore(db::Tx& tx, absl::Time before,
                                                              int limit) {
  return db::Guarded([&]() -> absl::StatusOr<int64_t> {
    return static_cast<int64_t>(
        tx.Exec("exchange_retention_outbox",
                "DELETE FROM status_outbox o USING ("
                "  SELECT o.card_number, o.sequence FROM status_outbox o "
                "  JOIN cards c ON c.card_number = o.card_number "
                "  WHERE o.state = 'delivered' AND o.delivered_at < $1 "
                "    AND c.final AND c.updated_at < $1 AND o.sequence < c.next_sequence - 1 "
                "  ORDER BY o.delivered_at LIMIT $2) old "
                "WHERE o.card_number = old.card_number AND o.sequence = old.sequence",
                db::ToSqlTime(before), limit)
            .affected_rows());
  });
}

absl::StatusOr<int64_t> ExchangeStore::DeleteTransfersBefore(db::Tx& tx, absl::Time before,
                                                             int limit) {
  return db::Guarded([&]() -> absl::StatusOr<int64_t> {
    return static_cast<int64_t>(
        tx.Exec("exchange_retention_audit",
                "DELETE FROM personal_data_transfers WHERE id IN ("
                "  SELECT id FROM personal_data_transfers WHERE at < $1 "
                "  ORDER BY at, id LIMIT $2)",
                db::ToSqlTime(before), limit)
            .affected_rows());
  });
}

absl::StatusOr<TableSizes> ExchangeStore::Sizes(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<TableSizes> {
    const pqxx::row r = tx.Exec("exchange_table_sizes",
                                "SELECT pg_total_relation_size('status_outbox'), "
                                "  pg_total_relation_size('personal_data_transfers')")[0];
    return TableSizes{r[0].as<int64_t>(), r[1].as<int64_t>()};
  });
}

}  // namespace contactcenter::exchange
