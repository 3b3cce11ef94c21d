#include "case_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "contactcenter/status/macros.h"
#include "lifecycle.h"

namespace contactcenter::tracking {
namespace {

constexpr char kCaseColumns[] =
    "id, appeal_id, registration_number, executor_id, status, received_at, control_date, "
    "needs_no_extra_study, emergency, topic_code, territory_code, opened_at, due_at, warn_at, "
    "rework_count, result, author_categories, "
    "priority, first_head, extended, answer, updated_at, statutory_control_date, "
    "statutory_due_at, executor_received_at, unreached_call_backs, closed_not_confirmed, "
    "call_back_planned_date";
// The case of an appeal: its own, or the one it joined as a duplicate.
constexpr char kCaseOfAppealWhere[] =
    " FROM cases WHERE id = coalesce((SELECT id FROM cases WHERE appeal_id = $1), "
    "  (SELECT case_id FROM case_joined_appeals WHERE appeal_id = $1))";
constexpr char kJoinSql[] =
    "INSERT INTO case_joined_appeals (appeal_id, case_id, registration_number, joined_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (appeal_id) DO NOTHING";

constexpr char kOpenSql[] =
    "INSERT INTO cases (appeal_id, registration_number, executor_id, status, received_at, "
    "  control_date, needs_no_extra_study, emergency, topic_code, territory_code, opened_at, "
    "  due_at, warn_at, author_categories, priority, first_head, updated_at, "
    "  statutory_control_date, statutory_due_at, executor_received_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::smallint[], $15, $16, "
    "  $11, $17, $18, $19) "
    "ON CONFLICT (appeal_id) DO NOTHING RETURNING id";
constexpr char kReceiptSql[] =
    "INSERT INTO case_receipts (case_id, executor_id, received_at) VALUES ($1, $2, $3)";
// from_status is NULL for the entry that opens the case (from $7,
// UNSPECIFIED).
constexpr char kHistorySql[] =
    "INSERT INTO case_history (case_id, at, actor, from_status, to_status, note) "
    "VALUES ($1, $2, $3, NULLIF($4::smallint, $7::smallint), $5, $6)";
constexpr char kUpdateSql[] =
    "UPDATE cases SET executor_id = $2, status = $3, control_date = $4, due_at = $5, "
    "  warn_at = $6, rework_count = $7, result = $8, extended = $9, "
    "  answer = CASE WHEN $13 THEN $10::bytea ELSE NULL END, "
    "  updated_at = $11, statutory_control_date = $14, statutory_due_at = $15, "
    "  executor_received_at = $16, unreached_call_backs = $17, closed_not_confirmed = $18, "
    "  call_back_planned_date = NULLIF($19, '')::date, "
    "  due_soon_noticed = due_soon_noticed AND NOT $12, "
    "  overdue_noticed = overdue_noticed AND NOT $12 "
    "WHERE id = $1";

constexpr char kCallBackColumns[] =
    "id, planned_date, planned_by, planned_at, called_by, called_at, confirmed, grade, comment, "
    "reached";

// The statuses for which `pred` holds (lifecycle.h is their one
// definition), as an int array parameter: the SQL names no enum number.
std::string StatusesWhere(bool (*pred)(v1::CaseStatus)) {
  std::vector<int> out;
  for (int s = v1::CaseStatus_MIN; s <= v1::CaseStatus_MAX; ++s) {
    if (v1::CaseStatus_IsValid(s) && pred(static_cast<v1::CaseStatus>(s))) out.push_back(s);
  }
  return db::ToSqlIntArray(out);
}

bool IsFinal(v1::CaseStatus s) { return s != v1::CASE_STATUS_UNSPECIFIED && !IsOpen(s); }

absl::StatusOr<v1::Case> RowToCase(const pqxx::row& r) {
  v1::Case c;
  c.set_id(r["id"].c_str());
  c.set_appeal_id(r["appeal_id"].c_str());
  c.set_registration_number(r["registration_number"].c_str());
  c.set_executor_id(r["executor_id"].c_str());
  c.set_status(static_cast<v1::CaseStatus>(r["status"].as<int>()));
  *c.mutable_received_at() = ToTimestamp(db::TimeFromField(r["received_at"]));
  *c.mutable_control_date() = ToDate(db::DateFromField(r["control_date"]));
  c.set_needs_no_extra_study(r["needs_no_extra_study"].as<bool>());
  c.set_emergency(r["emergency"].as<bool>());
  c.set_topic_code(r["topic_code"].c_str());
  c.set_territory_code(r["territory_code"].c_str());
  *c.mutable_opened_at() = ToTimestamp(db::TimeFromField(r["opened_at"]));
  *c.mutable_due_at() = ToTimestamp(db::TimeFromField(r["due_at"]));
  *c.mutable_warn_at() = ToTimestamp(db::TimeFromField(r["warn_at"]));
  c.set_rework_count(r["rework_count"].as<int>());
  c.set_result(static_cast<v1::CaseResult>(r["result"].as<int>()));
  for (int64_t category : db::IntArrayFromField(r["author_categories"])) {
    c.add_author_categories(static_cast<common::v1::AuthorCategory>(category));
  }
  c.set_priority(r["priority"].as<bool>());
  c.set_first_head(r["first_head"].as<bool>());
  c.set_extended(r["extended"].as<bool>());
  // NULL until the executor answers.
  if (!r["answer"].is_null()) {
    ASSIGN_OR_RETURN(
        *c.mutable_answer(),
        db::ParseStoredProto<v1::CaseAnswer>(r["answer"], absl::StrCat("answer of case ", c.id())));
  }
  *c.mutable_updated_at() = ToTimestamp(db::TimeFromField(r["updated_at"]));
  *c.mutable_statutory_control_date() = ToDate(db::DateFromField(r["statutory_control_date"]));
  *c.mutable_statutory_due_at() = ToTimestamp(db::TimeFromField(r["statutory_due_at"]));
  *c.mutable_executor_received_at() = ToTimestamp(db::TimeFromField(r["executor_received_at"]));
  c.set_unreached_call_backs(r["unreached_call_backs"].as<int>());
  c.set_closed_not_confirmed(r["closed_not_confirmed"].as<bool>());
  if (!r["call_back_planned_date"].is_null()) {
    *c.mutable_call_back_planned_date() = ToDate(db::DateFromField(r["call_back_planned_date"]));
  }
  return c;
}

absl::StatusOr<std::vector<v1::Case>> RowsToCases(const pqxx::result& rows) {
  std::vector<v1::Case> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(v1::Case c, RowToCase(r));
    out.push_back(std::move(c));
  }
  return out;
}

// A page of cases from rows fetched with LIMIT FetchLimit(page_size); the
// rows are converted first, as a case that does not read fails the page.
absl::StatusOr<CasePage> RowsToPage(const pqxx::result& rows, int page_size,
                                    absl::Time (*sort_key)(const v1::Case&)) {
  ASSIGN_OR_RETURN(std::vector<v1::Case> cases, RowsToCases(rows));
  return CutPage(
      cases, page_size, [](const v1::Case& c) { return c; },
      [&](const v1::Case& last) {
        return KeysetPosition{sort_key(last), last.id()};
      });
}

CallBack RowToCallBack(const pqxx::row& r) {
  CallBack cb;
  cb.id = r["id"].as<int64_t>();
  cb.planned_date = db::DateFromField(r["planned_date"]);
  cb.planned_by = r["planned_by"].c_str();
  cb.planned_at = db::TimeFromField(r["planned_at"]);
  if (!r["called_by"].is_null()) cb.called_by = r["called_by"].c_str();
  if (!r["called_at"].is_null()) cb.called_at = db::TimeFromField(r["called_at"]);
  if (!r["confirmed"].is_null()) cb.confirmed = r["confirmed"].as<bool>();
  if (!r["grade"].is_null()) cb.grade = r["grade"].as<int>();
  cb.comment = r["comment"].c_str();
  cb.reached = r["reached"].as<bool>();
  return cb;
}

}  // namespace

absl::StatusOr<std::optional<v1::Case>> CaseStore::Open(db::Tx& tx, const v1::Case& c,
                                                        const std::string& actor) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<v1::Case>> {
    const std::string opened_at = db::ToSqlTime(FromTimestamp(c.opened_at()));
    pqxx::result r = tx.Exec(
        "tracking_open_case", kOpenSql, c.appeal_id(), c.registration_number(), c.executor_id(),
        static_cast<int>(c.status()), db::ToSqlTime(FromTimestamp(c.received_at())),
        db::ToSqlDate(FromDate(c.control_date())), c.needs_no_extra_study(), c.emergency(),
        c.topic_code(), c.territory_code(), opened_at, db::ToSqlTime(FromTimestamp(c.due_at())),
        db::ToSqlTime(FromTimestamp(c.warn_at())), db::ToSqlIntArray(c.author_categories()),
        c.priority(), c.first_head(), db::ToSqlDate(FromDate(c.statutory_control_date())),
        db::ToSqlTime(FromTimestamp(c.statutory_due_at())),
        db::ToSqlTime(FromTimestamp(c.executor_received_at())));
    if (r.empty()) return std::nullopt;
    v1::Case opened = c;
    opened.set_id(r[0][0].c_str());
    RETURN_IF_ERROR(
        AddReceipt(tx, opened.id(), c.executor_id(), FromTimestamp(c.executor_received_at())));
    *opened.mutable_updated_at() = c.opened_at();
    RETURN_IF_ERROR(AddHistory(tx, opened.id(),
                               {FromTimestamp(c.opened_at()), actor, v1::CASE_STATUS_UNSPECIFIED,
                                c.status(), absl::StrCat("sent to ", c.executor_id())}));
    return opened;
  });
}

absl::StatusOr<v1::Case> CaseStore::GetById(db::Tx& tx, const std::string& case_id) {
  return db::Guarded([&]() -> absl::StatusOr<v1::Case> {
    pqxx::result rows =
        tx.Exec("tracking_get_case",
                absl::StrCat("SELECT ", kCaseColumns, " FROM cases WHERE id = $1"), case_id);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no case ", case_id));
    return RowToCase(rows[0]);
  });
}

absl::StatusOr<v1::Case> CaseStore::GetByAppealId(db::Tx& tx, const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<v1::Case> {
    pqxx::result rows = tx.Exec(
        "tracking_get_case_by_appeal", absl::StrCat("SELECT ", kCaseColumns, kCaseOfAppealWhere),
        appeal_id);
    if (rows.empty()) {
      return absl::NotFoundError(absl::StrCat("no case for appeal ", appeal_id));
    }
    return RowToCase(rows[0]);
  });
}

absl::StatusOr<v1::Case> CaseStore::LockById(db::Tx& tx, const std::string& case_id) {
  return db::Guarded([&]() -> absl::StatusOr<v1::Case> {
    pqxx::result rows = tx.Exec(
        "tracking_lock_case",
        absl::StrCat("SELECT ", kCaseColumns, " FROM cases WHERE id = $1 FOR UPDATE"), case_id);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no case ", case_id));
    return RowToCase(rows[0]);
  });
}

absl::StatusOr<v1::Case> CaseStore::LockByAppealId(db::Tx& tx, const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<v1::Case> {
    pqxx::result rows = tx.Exec(
        "tracking_lock_case_by_appeal",
        absl::StrCat("SELECT ", kCaseColumns, kCaseOfAppealWhere, " FOR UPDATE"), appeal_id);
    if (rows.empty()) {
      return absl::NotFoundError(absl::StrCat("no case for appeal ", appeal_id));
    }
    return RowToCase(rows[0]);
  });
}

absl::Status CaseStore::Update(db::Tx& tx, const v1::Case& c, bool reset_notices) {
  return db::Guarded([&]() -> absl::Status {
    const pqxx::binarystring answer(c.has_answer() ? c.answer().SerializeAsString() : "");
    tx.Exec("tracking_update_case", kUpdateSql, c.id(), c.executor_id(),
            static_cast<int>(c.status()), db::ToSqlDate(FromDate(c.control_date())),
            db::ToSqlTime(FromTimestamp(c.due_at())), db::ToSqlTime(FromTimestamp(c.warn_at())),
            c.rework_count(), static_cast<int>(c.result()), c.extended(), answer,
            db::ToSqlTime(FromTimestamp(c.updated_at())), reset_notices, c.has_answer(),
            db::ToSqlDate(FromDate(c.statutory_control_date())),
            db::ToSqlTime(FromTimestamp(c.statutory_due_at())),
            db::ToSqlTime(FromTimestamp(c.executor_received_at())), c.unreached_call_backs(),
            c.closed_not_confirmed(),
            c.has_call_back_planned_date()
                ? db::ToSqlDate(FromDate(c.call_back_planned_date()))
                : std::string());
    return absl::OkStatus();
  });
}

absl::Status CaseStore::AddReceipt(db::Tx& tx, const std::string& case_id,
                                   const std::string& executor_id, absl::Time received_at) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("tracking_add_receipt", kReceiptSql, case_id, executor_id,
            db::ToSqlTime(received_at));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<Receipt>> CaseStore::Receipts(db::Tx& tx, const std::string& case_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<Receipt>> {
    pqxx::result rows = tx.Exec("tracking_receipts",
                                "SELECT executor_id, received_at FROM case_receipts "
                                "WHERE case_id = $1 ORDER BY id",
                                case_id);
    std::vector<Receipt> out;
    for (const auto& r : rows) {
      out.push_back({r["executor_id"].c_str(), db::TimeFromField(r["received_at"])});
    }
    return out;
  });
}

absl::StatusOr<bool> CaseStore::JoinAppeal(db::Tx& tx, const std::string& case_id,
                                           const v1::JoinedAppeal& appeal) {
  return db::Guarded([&]() -> absl::StatusOr<bool> {
    return tx.Exec("tracking_join_appeal", kJoinSql, appeal.appeal_id(), case_id,
                   appeal.registration_number(),
                   db::ToSqlTime(FromTimestamp(appeal.joined_at())))
               .affected_rows() == 1;
  });
}

absl::StatusOr<std::vector<v1::JoinedAppeal>> CaseStore::JoinedAppeals(
    db::Tx& tx, const std::string& case_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::JoinedAppeal>> {
    std::vector<v1::JoinedAppeal> out;
    for (const pqxx::row& r :
         tx.Exec("tracking_joined_appeals",
                 "SELECT appeal_id, registration_number, joined_at FROM case_joined_appeals "
                 "WHERE case_id = $1 ORDER BY joined_at, appeal_id",
                 case_id)) {
      v1::JoinedAppeal& j = out.emplace_back();
      j.set_appeal_id(r[0].c_str());
      j.set_registration_number(r[1].c_str());
      *j.mutable_joined_at() = ToTimestamp(db::TimeFromField(r[2]));
    }
    return out;
  });
}

absl::Status CaseStore::AddHistory(db::Tx& tx, const std::string& case_id, const HistoryEntry& e) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("tracking_history", kHistorySql, case_id, db::ToSqlTime(e.at), e.actor,
            static_cast<int>(e.from), static_cast<int>(e.to), e.note,
            static_cast<int>(v1::CASE_STATUS_UNSPECIFIED));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<HistoryEntry>> CaseStore::History(db::Tx& tx,
                                                             const std::string& case_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<HistoryEntry>> {
    pqxx::result rows = tx.Exec("tracking_case_history",
                                "SELECT at, actor, from_status, to_status, note "
                                "FROM case_history WHERE case_id = $1 ORDER BY id",
                                case_id);
    std::vector<HistoryEntry> entries;
    for (const auto& r : rows) {
      const v1::CaseStatus from = r["from_status"].is_null()
                                      ? v1::CASE_STATUS_UNSPECIFIED
                                      : static_cast<v1::CaseStatus>(r["from_status"].as<int>());
      entries.push_back({db::TimeFromField(r["at"]), r["actor"].c_str(), from,
                         static_cast<v1::CaseStatus>(r["to_status"].as<int>()), r["note"].c_str()});
    }
    return entries;
  });
}

absl::Status CaseStore::AddCallBack(db::Tx& tx, const std::string& case_id, const CallBack& cb) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("tracking_add_callback",
            "INSERT INTO case_callbacks (case_id, planned_date, planned_by, planned_at) "
            "VALUES ($1, $2, $3, $4)",
            case_id, db::ToSqlDate(cb.planned_date), cb.planned_by, db::ToSqlTime(cb.planned_at));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<CallBack>> CaseStore::PendingCallBack(db::Tx& tx,
                                                                   const std::string& case_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<CallBack>> {
    pqxx::result rows =
        tx.Exec("tracking_pending_callback",
                absl::StrCat("SELECT ", kCallBackColumns,
                             " FROM case_callbacks WHERE case_id = $1 AND called_at IS NULL"
                             " ORDER BY id DESC LIMIT 1"),
                case_id);
    if (rows.empty()) return std::nullopt;
    return RowToCallBack(rows[0]);
  });
}

absl::Status CaseStore::RecordCallBack(db::Tx& tx, const CallBack& cb) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec(
        "tracking_record_callback",
        "UPDATE case_callbacks SET called_by = $2, called_at = $3, confirmed = $4, "
        "  grade = $5, comment = $6, reached = $7 WHERE id = $1",
        cb.id, cb.called_by,
        cb.called_at ? std::optional(db::ToSqlTime(*cb.called_at)) : std::optional<std::string>(),
        cb.confirmed, cb.grade, cb.comment, cb.reached);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<CallBack>> CaseStore::CallBacks(db::Tx& tx, const std::string& case_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<CallBack>> {
    pqxx::result rows = tx.Exec("tracking_callbacks",
                                absl::StrCat("SELECT ", kCallBackColumns,
                                             " FROM case_callbacks WHERE case_id = $1 ORDER BY id"),
                                case_id);
    std::vector<CallBack> out;
    for (const auto& r : rows) out.push_back(RowToCallBack(r));
    return out;
  });
}

absl::StatusOr<CasePage> CaseStore::List(db::Tx& tx, const CaseFilter& filter,
                                         const std::optional<KeysetPosition>& after,
                                         int page_size) {
  return db::Guarded([&]() -> absl::StatusOr<CasePage> {
    // Keyset paging, newest first: stable while cases are being opened.
    pqxx::result rows =
        tx.Exec("tracking_list_cases",
                absl::StrCat("SELECT ", kCaseColumns,
                             " FROM cases"
                             " WHERE ($1 = '' OR executor_id = $1)"
                             "   AND ($7 OR status = $2)"
                             "   AND (NOT $6 OR priority OR first_head)"
                             "   AND (NULLIF($3, '') IS NULL OR"
                             "        (opened_at, id) < ($4::timestamptz, NULLIF($3, '')::uuid))"
                             " ORDER BY opened_at DESC, id DESC LIMIT $5"),
                filter.executor_id, static_cast<int>(filter.status), after ? after->id : "",
                db::ToSqlTime(after ? after->at : absl::UnixEpoch()), FetchLimit(page_size),
                filter.priority_only, filter.status == v1::CASE_STATUS_UNSPECIFIED);
    return RowsToPage(rows, page_size,
                      [](const v1::Case& c) { return FromTimestamp(c.opened_at()); });
  });
}

absl::StatusOr<CasePage> CaseStore::ListNeedingAttention(db::Tx& tx, const AttentionFilter& filter,
                                                         absl::Time now,
                                                         const std::optional<KeysetPosition>& after,
                                                         int page_size) {
  return db::Guarded([&]() -> absl::StatusOr<CasePage> {
    // Which list is decided here; the SQL only sees flags and statuses.
    pqxx::result rows =
        tx.Exec("tracking_list_attention",
                absl::StrCat("SELECT ", kCaseColumns,
                             " FROM cases WHERE status = ANY($7::int[])"
                             "   AND ($1 = '' OR executor_id = $1)"
                             "   AND CASE WHEN $2 THEN warn_at <= $3::timestamptz AND due_at > $3"
                             "            WHEN $8 THEN due_at <= $3::timestamptz"
                             "            ELSE status = $9 END"
                             "   AND (NULLIF($4, '') IS NULL OR"
                             "        (due_at, id) > ($5::timestamptz, NULLIF($4, '')::uuid))"
                             " ORDER BY due_at, id LIMIT $6"),
                filter.executor_id, filter.kind == v1::ATTENTION_KIND_DUE_SOON, db::ToSqlTime(now),
                after ? after->id : "", db::ToSqlTime(after ? after->at : absl::UnixEpoch()),
                FetchLimit(page_size), StatusesWhere(AwaitsAnswer),
                filter.kind == v1::ATTENTION_KIND_OVERDUE,
                static_cast<int>(v1::CASE_STATUS_RETURNED_FOR_REWORK));
    return RowsToPage(rows, page_size, [](const v1::Case& c) { return FromTimestamp(c.due_at()); });
  });
}

absl::StatusOr<std::vector<ExecutorCounts>> CaseStore::CountOverdueByExecutor(db::Tx& tx,
                                                                              absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<ExecutorCounts>> {
    pqxx::result rows =
        tx.Exec("tracking_count_overdue",
                "SELECT executor_id, count(*) FILTER (WHERE due_at <= $1) AS overdue,"
                "  count(*) FILTER (WHERE due_at > $1) AS due_soon"
                " FROM cases WHERE status = ANY($2::int[]) AND warn_at <= $1"
                " GROUP BY executor_id ORDER BY overdue DESC, due_soon DESC, executor_id",
                db::ToSqlTime(now), StatusesWhere(AwaitsAnswer));
    std::vector<ExecutorCounts> out;
    for (const auto& r : rows) {
      out.push_back({r["executor_id"].c_str(), r["overdue"].as<int>(), r["due_soon"].as<int>()});
    }
    return out;
  });
}

absl::StatusOr<std::vector<v1::Case>> CaseStore::TakeDueSoon(db::Tx& tx, absl::Time now,
                                                             int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::Case>> {
    return RowsToCases(
        tx.Exec("tracking_take_due_soon",
                absl::StrCat("UPDATE cases SET due_soon_noticed = true WHERE id IN ("
                             "  SELECT id FROM cases WHERE status = ANY($3::int[])"
                             "    AND NOT due_soon_noticed AND warn_at <= $1"
                             "  ORDER BY warn_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING ",
                             kCaseColumns),
                db::ToSqlTime(now), limit, StatusesWhere(AwaitsAnswer)));
  });
}

absl::StatusOr<std::vector<v1::Case>> CaseStore::TakeOverdue(db::Tx& tx, absl::Time now,
                                                             int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::Case>> {
    return RowsToCases(
        tx.Exec("tracking_take_overdue",
                absl::StrCat("UPDATE cases SET overdue_noticed = true WHERE id IN ("
                             "  SELECT id FROM cases WHERE status = ANY($3::int[])"
                             "    AND NOT overdue_noticed AND due_at <= $1"
                             "  ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING ",
                             kCaseColumns),
                db::ToSqlTime(now), limit, StatusesWhere(AwaitsAnswer)));
  });
}

absl::StatusOr<CaseGauges> CaseStore::Gauges(db::Tx& tx, absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<CaseGauges> {
    CaseGauges g;
    pqxx::result by_status =
        tx.Exec("tracking_gauge_open",
                "SELECT status, count(*) AS n FROM cases WHERE status <> ALL($1::int[]) "
                "GROUP BY status ORDER BY status",
                StatusesWhere(IsFinal));
    for (const auto& r : by_status) {
      g.open_by_status.emplace_back(static_cast<v1::CaseStatus>(r["status"].as<int>()),
                                    r["n"].as<int64_t>());
    }
    pqxx::result late =
        tx.Exec("tracking_gauge_late",
                "SELECT count(*) FILTER (WHERE due_at <= $1) AS overdue,"
                "  count(*) FILTER (WHERE warn_at <= $1 AND due_at > $1) AS due_soon"
                " FROM cases WHERE status = ANY($2::int[])",
                db::ToSqlTime(now), StatusesWhere(AwaitsAnswer));
    g.overdue = late[0]["overdue"].as<int64_t>();
    g.due_soon = late[0]["due_soon"].as<int64_t>();
    return g;
  });
}

}  // namespace contactcenter::tracking
