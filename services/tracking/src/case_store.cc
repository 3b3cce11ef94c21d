#include "case_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/values.h"

namespace contactcenter::tracking {
namespace {

constexpr char kCaseColumns[] =
    "id, appeal_id, registration_number, executor_id, status, received_at, control_date, "
    "needs_no_extra_study, emergency, topic_code, territory_code, opened_at";

constexpr char kOpenSql[] =
    "INSERT INTO cases (appeal_id, registration_number, executor_id, status, received_at, "
    "  control_date, needs_no_extra_study, emergency, topic_code, territory_code, opened_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
    "ON CONFLICT (appeal_id) DO NOTHING RETURNING id";
constexpr char kHistorySql[] =
    "INSERT INTO case_history (case_id, at, actor, from_status, to_status, note) "
    "VALUES ($1, $2, $3, NULL, $4, $5)";

v1::Case RowToCase(const pqxx::row& r) {
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
  return c;
}

}  // namespace

std::optional<v1::Case> CaseStore::Open(db::Tx& tx, const v1::Case& c, const std::string& actor) {
  const std::string opened_at = db::ToSqlTime(FromTimestamp(c.opened_at()));
  pqxx::result r = tx.Exec(
      "tracking_open_case", kOpenSql, c.appeal_id(), c.registration_number(), c.executor_id(),
      static_cast<int>(c.status()), db::ToSqlTime(FromTimestamp(c.received_at())),
      db::ToSqlDate(FromDate(c.control_date())), c.needs_no_extra_study(), c.emergency(),
      c.topic_code(), c.territory_code(), opened_at);
  if (r.empty()) return std::nullopt;
  v1::Case opened = c;
  opened.set_id(r[0][0].c_str());
  tx.Exec("tracking_history", kHistorySql, opened.id(), opened_at, actor,
          static_cast<int>(c.status()), absl::StrCat("sent to ", c.executor_id()));
  return opened;
}

absl::StatusOr<v1::Case> CaseStore::GetById(const std::string& case_id) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<v1::Case> {
    pqxx::result rows = tx.Exec("tracking_get_case",
                                absl::StrCat("SELECT ", kCaseColumns, " FROM cases WHERE id = $1"),
                                case_id);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no case ", case_id));
    return RowToCase(rows[0]);
  });
}

absl::StatusOr<v1::Case> CaseStore::GetByAppealId(const std::string& appeal_id) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<v1::Case> {
    pqxx::result rows = tx.Exec(
        "tracking_get_case_by_appeal",
        absl::StrCat("SELECT ", kCaseColumns, " FROM cases WHERE appeal_id = $1"), appeal_id);
    if (rows.empty()) {
      return absl::NotFoundError(absl::StrCat("no case for appeal ", appeal_id));
    }
    return RowToCase(rows[0]);
  });
}

absl::StatusOr<CasePage> CaseStore::List(const CaseFilter& filter,
                                         const std::optional<PagePosition>& after, int page_size) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<CasePage> {
    // Keyset paging, newest first: stable while cases are being opened.
    pqxx::result rows = tx.Exec(
        "tracking_list_cases",
        absl::StrCat("SELECT ", kCaseColumns,
                     " FROM cases"
                     " WHERE ($1 = '' OR executor_id = $1) AND ($2 = 0 OR status = $2)"
                     "   AND (NULLIF($3, '') IS NULL OR"
                     "        (opened_at, id) < ($4::timestamptz, NULLIF($3, '')::uuid))"
                     " ORDER BY opened_at DESC, id DESC LIMIT $5"),
        filter.executor_id, static_cast<int>(filter.status), after ? after->id : "",
        db::ToSqlTime(after ? after->opened_at : absl::UnixEpoch()), page_size + 1);
    CasePage page;
    for (const auto& row : rows) {
      if (static_cast<int>(page.cases.size()) == page_size) {
        const v1::Case& last = page.cases.back();
        page.next = PagePosition{FromTimestamp(last.opened_at()), last.id()};
        break;
      }
      page.cases.push_back(RowToCase(row));
    }
    return page;
  });
}

}  // namespace contactcenter::tracking
