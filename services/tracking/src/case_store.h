// The only place tracking's SQL (and pqxx) lives.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/status/page_token.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::tracking {

struct CaseFilter {
  std::string executor_id;  // "" for all
  v1::CaseStatus status = v1::CASE_STATUS_UNSPECIFIED;
  bool priority_only = false;
};

// A page of cases; its position is (opened_at, id) for List and (due_at,
// id) for ListNeedingAttention.
using CasePage = Page<v1::Case>;

// One transition, as kept in case_history.
struct HistoryEntry {
  absl::Time at;
  std::string actor;
  v1::CaseStatus from = v1::CASE_STATUS_UNSPECIFIED;  // UNSPECIFIED when opened
  v1::CaseStatus to = v1::CASE_STATUS_UNSPECIFIED;
  std::string note;
};

// A planned or recorded quality call-back.
struct CallBack {
  int64_t id = 0;
  absl::CivilDay planned_date;
  std::string planned_by;
  absl::Time planned_at;
  std::optional<std::string> called_by;  // set once recorded
  std::optional<absl::Time> called_at;
  std::optional<bool> confirmed;
  std::optional<int> grade;
  std::string comment;
  // False for a try that did not reach the applicant.
  bool reached = true;
};

// An executor that received the appeal, and when (its own receipt date).
struct Receipt {
  std::string executor_id;
  absl::Time received_at;
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

// Which supervisor's list (values of v1::AttentionKind).
struct AttentionFilter {
  v1::AttentionKind kind = v1::ATTENTION_KIND_UNSPECIFIED;
  std::string executor_id;  // "" for all
};

struct ExecutorCounts {
  std::string executor_id;
  int overdue = 0;
  int due_soon = 0;
};

// What the monitor gauges.
struct CaseGauges {
  // Open cases by status (CLOSED and NOT_CONSIDERED are not open).
  std::vector<std::pair<v1::CaseStatus, int64_t>> open_by_status;
  // Cases awaiting an answer past their term.
  int64_t overdue = 0;
  // Cases awaiting an answer past the early warning, not yet overdue.
  int64_t due_soon = 0;
};

// Every method runs its statements in the caller's transaction (the
// use-case objects own it) and returns a status, never throws: a pqxx
// exception comes back as its mapped status (db::Guarded), and a stored
// answer that does not parse is DATA_LOSS.
class CaseStore {
 public:
  // Opens `c` (its id is assigned here) with its first history entry.
  // Returns nullopt, changing nothing, when the appeal already has a case.
  absl::StatusOr<std::optional<v1::Case>> Open(db::Tx& tx, const v1::Case& c,
                                               const std::string& actor);

  // NOT_FOUND when there is none. By appeal id: the appeal's own case, or
  // the case it joined as a duplicate.
  absl::StatusOr<v1::Case> GetById(db::Tx& tx, const std::string& case_id);
  absl::StatusOr<v1::Case> GetByAppealId(db::Tx& tx, const std::string& appeal_id);
  absl::StatusOr<CasePage> List(db::Tx& tx, const CaseFilter& filter,
                                const std::optional<KeysetPosition>& after, int page_size);

  // The case, locked until `tx` ends; NOT_FOUND when there is none.
  absl::StatusOr<v1::Case> LockById(db::Tx& tx, const std::string& case_id);
  absl::StatusOr<v1::Case> LockByAppealId(db::Tx& tx, const std::string& appeal_id);

  // Writes the mutable fields of `c` (status, executor and its receipt,
  // both terms, rework count, result, answer, call-back tries, flags,
  // updated_at). `reset_notices` clears the monitor's once-only marks (a
  // new control term).
  absl::Status Update(db::Tx& tx, const v1::Case& c, bool reset_notices);
  // Records that `executor_id` received the appeal at `received_at` (Open
  // records the first executor itself).
  absl::Status AddReceipt(db::Tx& tx, const std::string& case_id, const std::string& executor_id,
                          absl::Time received_at);
  // Every executor that received it, oldest first.
  absl::StatusOr<std::vector<Receipt>> Receipts(db::Tx& tx, const std::string& case_id);
  // Joins `appeal` (a duplicate: its appeal_id, registration_number and
  // joined_at) to the case; false, changing nothing, when it joined before.
  absl::StatusOr<bool> JoinAppeal(db::Tx& tx, const std::string& case_id,
                                  const v1::JoinedAppeal& appeal);
  // The appeals that joined the case, oldest first.
  absl::StatusOr<std::vector<v1::JoinedAppeal>> JoinedAppeals(db::Tx& tx,
                                                              const std::string& case_id);
  absl::Status AddHistory(db::Tx& tx, const std::string& case_id, const HistoryEntry& e);
  // Oldest first.
  absl::StatusOr<std::vector<HistoryEntry>> History(db::Tx& tx, const std::string& case_id);

  absl::Status AddCallBack(db::Tx& tx, const std::string& case_id, const CallBack& cb);
  // The latest call-back not yet recorded, if any.
  absl::StatusOr<std::optional<CallBack>> PendingCallBack(db::Tx& tx, const std::string& case_id);
  absl::Status RecordCallBack(db::Tx& tx, const CallBack& cb);
  // Oldest first.
  absl::StatusOr<std::vector<CallBack>> CallBacks(db::Tx& tx, const std::string& case_id);

  // A supervisor's list at `now`, earliest due first; the page position's
  // time is due_at here.
  absl::StatusOr<CasePage> ListNeedingAttention(db::Tx& tx, const AttentionFilter& filter,
                                                absl::Time now,
                                                const std::optional<KeysetPosition>& after,
                                                int page_size);
  absl::StatusOr<std::vector<ExecutorCounts>> CountOverdueByExecutor(db::Tx& tx, absl::Time now);

  // Up to `limit` cases awaiting an answer whose early warning (or term)
  // has passed at `now` and was not noticed yet, locked (SKIP LOCKED, so
  // two monitors never notice one case twice) and marked noticed in `tx`.
  absl::StatusOr<std::vector<v1::Case>> TakeDueSoon(db::Tx& tx, absl::Time now, int limit);
  absl::StatusOr<std::vector<v1::Case>> TakeOverdue(db::Tx& tx, absl::Time now, int limit);
  absl::StatusOr<CaseGauges> Gauges(db::Tx& tx, absl::Time now);
};

}  // namespace contactcenter::tracking
