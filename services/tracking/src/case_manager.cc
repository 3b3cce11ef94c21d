#include "case_manager.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::tracking {
namespace {

std::string Day(absl::CivilDay d) { return absl::FormatCivilTime(d); }

}  // namespace

Term TermOf(const v1::Case& c) {
  return Term{FromDate(c.control_date()), FromTimestamp(c.due_at()), FromTimestamp(c.warn_at())};
}

void SetTerm(v1::Case& c, const Term& t) {
  *c.mutable_control_date() = ToDate(t.control_date);
  *c.mutable_due_at() = ToTimestamp(t.due_at);
  *c.mutable_warn_at() = ToTimestamp(t.warn_at);
}

Term StatutoryTermOf(const v1::Case& c) {
  const absl::Time due = FromTimestamp(c.statutory_due_at());
  return Term{FromDate(c.statutory_control_date()), due, due};
}

void SetStatutoryTerm(v1::Case& c, const Term& t) {
  *c.mutable_statutory_control_date() = ToDate(t.control_date);
  *c.mutable_statutory_due_at() = ToTimestamp(t.due_at);
}

absl::StatusOr<v1::Case> CaseManager::ApplyInTx(db::Tx& tx, const Actor& who, v1::Case c,
                                                CaseAction action, const Change& change,
                                                bool new_term, const EventExtras& extras) {
  const v1::CaseStatus from = c.status();
  absl::StatusOr<v1::CaseStatus> to = NextStatus(from, action);
  if (!to.ok()) return to.status();
  const absl::Time now = clock_->Now();
  c.set_status(*to);
  *c.mutable_updated_at() = ToTimestamp(now);
  absl::StatusOr<std::string> note = change(tx, c);
  if (!note.ok()) return note.status();
  RETURN_IF_ERROR(store_->Update(tx, c, new_term));
  RETURN_IF_ERROR(store_->AddHistory(tx, c.id(), {now, who.id, from, *to, *note}));

  v1::CaseStatusChanged e;
  e.set_case_id(c.id());
  e.set_appeal_id(c.appeal_id());
  e.set_executor_id(c.executor_id());
  e.set_from_status(from);
  e.set_to_status(*to);
  e.set_actor(who.id);
  *e.mutable_changed_at() = ToTimestamp(now);
  // The statutory term where the term always was; the control term beside.
  *e.mutable_control_date() = c.statutory_control_date();
  *e.mutable_statutory_due_at() = c.statutory_due_at();
  *e.mutable_control_term_date() = c.control_date();
  *e.mutable_control_term_due_at() = c.due_at();
  e.set_rework_count(c.rework_count());
  if (c.has_call_back_planned_date()) {
    *e.mutable_call_back_planned_date() = c.call_back_planned_date();
  }
  e.set_extension_reason(extras.extension_reason);
  e.set_not_considered_reason(extras.not_considered_reason);
  RETURN_IF_ERROR(events_->Append(tx, c.id(), e, now));
  return c;
}

absl::StatusOr<v1::Case> CaseManager::Apply(const Actor& who, const std::string& case_id,
                                            CaseAction action, const Change& change,
                                            bool new_term, const EventExtras& extras) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::Case> {
    absl::StatusOr<v1::Case> c = store_->LockById(tx, case_id);
    if (!c.ok()) return c.status();
    if (!MaySee(who, *c)) {
      // Exactly what a missing case says.
      return absl::NotFoundError(absl::StrCat("no case ", case_id));
    }
    return ApplyInTx(tx, who, *std::move(c), action, change, new_term, extras);
  });
}

absl::StatusOr<v1::Case> CaseManager::Apply(
    const Actor& who, const std::string& case_id,
    const std::function<CaseAction(const v1::Case&)>& action, const Change& change,
    bool new_term) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::Case> {
    absl::StatusOr<v1::Case> c = store_->LockById(tx, case_id);
    if (!c.ok()) return c.status();
    if (!MaySee(who, *c)) return absl::NotFoundError(absl::StrCat("no case ", case_id));
    const CaseAction chosen = action(*c);
    return ApplyInTx(tx, who, *std::move(c), chosen, change, new_term);
  });
}

absl::StatusOr<v1::Case> CaseManager::Accept(const Actor& who, const std::string& case_id) {
  return Apply(who, case_id, CaseAction::kAccept,
               [](db::Tx&, v1::Case&) -> absl::StatusOr<std::string> { return "accepted"; });
}

absl::StatusOr<v1::Case> CaseManager::ReportProgress(const Actor& who, const std::string& case_id,
                                                     const std::string& note) {
  return Apply(who, case_id, CaseAction::kReportProgress,
               [&](db::Tx&, v1::Case&) -> absl::StatusOr<std::string> {
                 return absl::StrCat("progress: ", note);
               });
}

absl::StatusOr<v1::Case> CaseManager::Extend(const Actor& who, const std::string& case_id,
                                             absl::CivilDay new_date,
                                             v1::ExtensionReason reason_code,
                                             const std::string& reason,
                                             const std::string& approved_by) {
  return Apply(
      who, case_id, CaseAction::kExtendTerm,
      [&](db::Tx&, v1::Case& c) -> absl::StatusOr<std::string> {
        // Art. 20: the head's extension moves the statutory term itself
        // (and the control term with it).
        const absl::CivilDay before = FromDate(c.statutory_control_date());
        absl::StatusOr<Term> t =
            rules_->Extend(FromTimestamp(c.received_at()), StatutoryTermOf(c), new_date);
        if (!t.ok()) return t.status();
        SetStatutoryTerm(c, *t);
        SetTerm(c, *t);
        c.set_extended(true);
        return absl::StrCat("term extended from ", Day(before), " to ", Day(t->control_date),
                            " by ", approved_by, ": ", reason);
      },
      /*new_term=*/true, EventExtras{reason_code});
}

absl::StatusOr<v1::Case> CaseManager::Shorten(const Actor& who, const std::string& case_id,
                                              absl::CivilDay new_date, const std::string& reason) {
  return Apply(
      who, case_id, CaseAction::kShortenTerm,
      [&](db::Tx&, v1::Case& c) -> absl::StatusOr<std::string> {
        // Art. 20: so does the applicant's reasoned shortening.
        const absl::CivilDay before = FromDate(c.statutory_control_date());
        absl::StatusOr<Term> t = rules_->Shorten(FromTimestamp(c.received_at()),
                                                 StatutoryTermOf(c), new_date, clock_->Now());
        if (!t.ok()) return t.status();
        SetStatutoryTerm(c, *t);
        SetTerm(c, *t);
        return absl::StrCat("term shortened from ", Day(before), " to ", Day(t->control_date),
                            " on the applicant's demand: ", reason);
      },
      /*new_term=*/true);
}

absl::StatusOr<v1::Case> CaseManager::Answer(const Actor& who, const std::string& case_id,
                                             v1::CaseAnswer answer) {
  return Apply(who, case_id, CaseAction::kAnswer,
               [&](db::Tx&, v1::Case& c) -> absl::StatusOr<std::string> {
                 *answer.mutable_answered_at() = ToTimestamp(clock_->Now());
                 c.set_result(answer.result());
                 *c.mutable_answer() = answer;
                 c.set_unreached_call_backs(0);
                 return absl::StrCat("answered: ", v1::CaseResult_Name(answer.result()),
                                     ", outgoing No ", answer.outgoing_number(), ", signed by ",
                                     answer.signer());
               });
}

absl::StatusOr<v1::Case> CaseManager::Decline(const Actor& who, const std::string& case_id,
                                              const std::string& reason) {
  return Apply(who, case_id, CaseAction::kDecline,
               [&](db::Tx& tx, v1::Case& c) -> absl::StatusOr<std::string> {
                 c.set_result(v1::CASE_RESULT_NOT_WITHIN_COMPETENCE);
                 v1::CaseReturnedToRouting e;
                 e.set_case_id(c.id());
                 e.set_appeal_id(c.appeal_id());
                 e.set_executor_id(c.executor_id());
                 e.set_reason(reason);
                 *e.mutable_returned_at() = ToTimestamp(clock_->Now());
                 RETURN_IF_ERROR(events_->Append(tx, c.id(), e, clock_->Now()));
                 return absl::StrCat("not within competence: ", reason);
               });
}

absl::StatusOr<v1::Case> CaseManager::PlanCallBack(const Actor& who, const std::string& case_id,
                                                   absl::CivilDay planned_date) {
  return Apply(who, case_id, CaseAction::kPlanCallBack,
               [&](db::Tx& tx, v1::Case& c) -> absl::StatusOr<std::string> {
                 CallBack cb;
                 cb.planned_date = planned_date;
                 cb.planned_by = who.id;
                 cb.planned_at = clock_->Now();
                 RETURN_IF_ERROR(store_->AddCallBack(tx, c.id(), cb));
                 *c.mutable_call_back_planned_date() = ToDate(planned_date);
                 return absl::StrCat("call-back planned for ", Day(planned_date));
               });
}

absl::Status CaseManager::AppendClosed(db::Tx& tx, const v1::Case& c, absl::Time now) {
  v1::CaseClosed e;
  e.set_case_id(c.id());
  e.set_appeal_id(c.appeal_id());
  e.set_executor_id(c.executor_id());
  e.set_result(c.result());
  *e.mutable_closed_at() = ToTimestamp(now);
  e.set_topic_code(c.topic_code());
  e.set_territory_code(c.territory_code());
  e.set_not_confirmed(c.closed_not_confirmed());
  *e.mutable_answered_at() = c.answer().answered_at();
  *e.mutable_statutory_control_date() = c.statutory_control_date();
  *e.mutable_statutory_due_at() = c.statutory_due_at();
  return events_->Append(tx, c.id(), e, now);
}

absl::StatusOr<v1::Case> CaseManager::CallBackNotReached(const Actor& who,
                                                         const std::string& case_id,
                                                         const CallBackResult& result) {
  // The last try allowed closes the case; any other plans the next.
  auto last_try = [this](const v1::Case& c) {
    return c.unreached_call_backs() + 1 >= call_back_max_tries_;
  };
  return Apply(
      who, case_id,
      [&](const v1::Case& c) {
        return last_try(c) ? CaseAction::kCloseNotConfirmed : CaseAction::kCallBackNotReached;
      },
      [&](db::Tx& tx, v1::Case& c) -> absl::StatusOr<std::string> {
        const absl::Time now = clock_->Now();
        const bool closing = last_try(c);
        ASSIGN_OR_RETURN(std::optional<CallBack> cb, store_->PendingCallBack(tx, c.id()));
        if (!cb) return absl::FailedPreconditionError("no call-back is planned for this case");
        cb->called_by = who.id;
        cb->called_at = now;
        cb->reached = false;
        RETURN_IF_ERROR(store_->RecordCallBack(tx, *cb));
        c.clear_call_back_planned_date();
        c.set_unreached_call_backs(c.unreached_call_backs() + 1);
        const std::string tries =
            absl::StrCat(c.unreached_call_backs(), " of ", call_back_max_tries_);
        if (closing) {
          c.set_closed_not_confirmed(true);
          RETURN_IF_ERROR(AppendClosed(tx, c, now));
          return absl::StrCat("the applicant was not reached (try ", tries,
                              "): closed as answered, not confirmed");
        }
        const absl::CivilDay today = LocalDay(now, KyivTimeZone());
        const absl::CivilDay next = result.next_try_date.value_or(today + 1);
        if (next < today) {
          FieldViolations v;
          v.Add("next_try_date", absl::StrCat("cannot be in the past (before ", Day(today), ")"));
          return v.ToStatus("invalid request");
        }
        CallBack again;
        again.planned_date = next;
        again.planned_by = who.id;
        again.planned_at = now;
        RETURN_IF_ERROR(store_->AddCallBack(tx, c.id(), again));
        *c.mutable_call_back_planned_date() = ToDate(next);
        return absl::StrCat("the applicant was not reached (try ", tries, "); next try ",
                            Day(next));
      });
}

absl::StatusOr<v1::Case> CaseManager::RecordCallBack(const Actor& who, const std::string& case_id,
                                                     const CallBackResult& result) {
  if (result.not_reached) return CallBackNotReached(who, case_id, result);
  const CaseAction action = result.confirmed ? CaseAction::kConfirm : CaseAction::kReturnForRework;
  return Apply(
      who, case_id, action,
      [&](db::Tx& tx, v1::Case& c) -> absl::StatusOr<std::string> {
        const absl::Time now = clock_->Now();
        ASSIGN_OR_RETURN(std::optional<CallBack> cb, store_->PendingCallBack(tx, c.id()));
        if (!cb) return absl::FailedPreconditionError("no call-back is planned for this case");
        cb->called_by = who.id;
        cb->called_at = now;
        cb->confirmed = result.confirmed;
        cb->grade = result.grade;
        cb->comment = result.comment;
        RETURN_IF_ERROR(store_->RecordCallBack(tx, *cb));
        c.clear_call_back_planned_date();
        const std::string grade =
            result.grade ? absl::StrCat(", grade ", *result.grade) : std::string();
        if (result.confirmed) {
          RETURN_IF_ERROR(AppendClosed(tx, c, now));
          return absl::StrCat("call-back confirmed the answer", grade, ": ", result.comment);
        }
        if (!result.rework_until) {
          FieldViolations v;
          v.Add("rework_until", "required: rework needs a new term");
          return v.ToStatus("invalid request");
        }
        // A control term: the statutory one stays, so reports can tell
        // whether the law's term was kept.
        absl::StatusOr<Term> t =
            rules_->ForRework(FromTimestamp(c.received_at()), now, *result.rework_until);
        if (!t.ok()) return t.status();
        SetTerm(c, *t);
        c.set_rework_count(c.rework_count() + 1);
        return absl::StrCat("call-back did not confirm the answer", grade, ": ", result.comment,
                            "; rework ", c.rework_count(), " until ", Day(t->control_date));
      },
      /*new_term=*/!result.confirmed);
}

absl::StatusOr<v1::Case> CaseManager::LeaveWithoutConsideration(const Actor& who,
                                                                const std::string& case_id,
                                                                intake::v1::NotConsideredReason code,
                                                                const std::string& reason) {
  EventExtras extras;
  extras.not_considered_reason = code;
  return Apply(
      who, case_id, CaseAction::kNotConsidered,
      [&](db::Tx&, v1::Case&) -> absl::StatusOr<std::string> {
        return absl::StrCat("left without consideration (",
                            intake::v1::NotConsideredReason_Name(code), "): ", reason);
      },
      /*new_term=*/false, extras);
}

}  // namespace contactcenter::tracking
