// Every change to a case after it opens: each public method is one
// transaction of its own (Pool::Write), in which the lifecycle is checked
// (lifecycle.h), the term recomputed (deadline.h), and a history entry,
// CaseStatusChanged and any other event are written.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "actor.h"
#include "case_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/producer.h"
#include "deadline.h"
#include "lifecycle.h"

namespace contactcenter::tracking {

struct CallBackResult {
  // The applicant could not be reached: a try is recorded (the fields below
  // but next_try_date are not used).
  bool not_reached = false;
  // The next try, when not reached (tomorrow when unset).
  std::optional<absl::CivilDay> next_try_date;
  bool confirmed = false;
  std::optional<int> grade;  // 1..5
  std::string comment;
  // For an unconfirmed call-back: the last day of the rework term.
  std::optional<absl::CivilDay> rework_until;
};

// What CaseStatusChanged carries beyond the case itself: an extension's
// reason code.
struct EventExtras {
  v1::ExtensionReason extension_reason = v1::EXTENSION_REASON_UNSPECIFIED;
  intake::v1::NotConsideredReason not_considered_reason =
      intake::v1::NOT_CONSIDERED_REASON_UNSPECIFIED;
};

class CaseManager {
 public:
  // After `call_back_max_tries` tries that do not reach the applicant, an
  // answered case closes as "answered, not confirmed".
  CaseManager(db::Pool* pool, CaseStore* store, eventlog::Producer* events, const Clock* clock,
              const TermRules* rules, int call_back_max_tries = 3)
      : pool_(pool),
        store_(store),
        events_(events),
        clock_(clock),
        rules_(rules),
        call_back_max_tries_(call_back_max_tries) {}

  absl::StatusOr<v1::Case> Accept(const Actor& who, const std::string& case_id);
  absl::StatusOr<v1::Case> ReportProgress(const Actor& who, const std::string& case_id,
                                          const std::string& note);
  // `reason_code` travels in CaseStatusChanged (the applicant is told it);
  // the words of `reason` stay in the history.
  absl::StatusOr<v1::Case> Extend(const Actor& who, const std::string& case_id,
                                  absl::CivilDay new_date, v1::ExtensionReason reason_code,
                                  const std::string& reason, const std::string& approved_by);
  absl::StatusOr<v1::Case> Shorten(const Actor& who, const std::string& case_id,
                                   absl::CivilDay new_date, const std::string& reason);
  // `answer.result` must not be NOT_WITHIN_COMPETENCE (use Decline).
  absl::StatusOr<v1::Case> Answer(const Actor& who, const std::string& case_id,
                                  v1::CaseAnswer answer);
  // Emits CaseReturnedToRouting.
  absl::StatusOr<v1::Case> Decline(const Actor& who, const std::string& case_id,
                                   const std::string& reason);
  absl::StatusOr<v1::Case> PlanCallBack(const Actor& who, const std::string& case_id,
                                        absl::CivilDay planned_date);
  // Confirmed: CLOSED and CaseClosed; else RETURNED_FOR_REWORK with a new
  // control term. Not reached: the try is recorded and the next planned,
  // and the last try allowed closes it as "answered, not confirmed".
  absl::StatusOr<v1::Case> RecordCallBack(const Actor& who, const std::string& case_id,
                                          const CallBackResult& result);
  absl::StatusOr<v1::Case> LeaveWithoutConsideration(const Actor& who,
                                                     const std::string& case_id,
                                                     intake::v1::NotConsideredReason code,
                                                     const std::string& reason);

  // Applies `action` to a case locked in `tx`: for the event consumer,
  // which owns the transaction it applies an event in. `change` edits the
  // case after the status moved and may append events; it returns the
  // history note.
  using Change = std::function<absl::StatusOr<std::string>(db::Tx&, v1::Case&)>;
  absl::StatusOr<v1::Case> ApplyInTx(db::Tx& tx, const Actor& who, v1::Case c,
                                     CaseAction action, const Change& change,
                                     bool new_term = false, const EventExtras& extras = {});

 private:
  absl::StatusOr<v1::Case> Apply(const Actor& who, const std::string& case_id, CaseAction action,
                                 const Change& change, bool new_term = false,
                                 const EventExtras& extras = {});
  // The same, the action chosen from the locked case.
  absl::StatusOr<v1::Case> Apply(const Actor& who, const std::string& case_id,
                                 const std::function<CaseAction(const v1::Case&)>& action,
                                 const Change& change, bool new_term = false);
  absl::StatusOr<v1::Case> CallBackNotReached(const Actor& who, const std::string& case_id,
                                              const CallBackResult& result);
  // CaseClosed for `c`, closed at `now`.
  absl::Status AppendClosed(db::Tx& tx, const v1::Case& c, absl::Time now);

  db::Pool* pool_;
  CaseStore* store_;
  eventlog::Producer* events_;
  const Clock* clock_;
  const TermRules* rules_;
  int call_back_max_tries_;
};

// The control term of `c` (the one the body works to and the monitor
// watches) as the deadline engine sees it.
Term TermOf(const v1::Case& c);
// Writes `t` into `c` as its control term.
void SetTerm(v1::Case& c, const Term& t);
// The statutory term of `c` (Art. 20); its warning is not kept.
Term StatutoryTermOf(const v1::Case& c);
// Writes `t` into `c` as its statutory term: only on opening, an extension
// or a shortening (Art. 20).
void SetStatutoryTerm(v1::Case& c, const Term& t);

}  // namespace contactcenter::tracking
