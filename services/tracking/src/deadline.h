// Statutory terms (Law "On citizens' appeals", Art. 20), pure logic.
//
// Terms are counted in calendar days from receipt, in Kyiv time; a term
// starts the day after receipt (Civil Code Art. 253):
//   needs no extra study  -> the control date is receipt date + 15 days;
//   otherwise             -> receipt date + 1 month, i.e. the same date of
//                            the next month, or that month's last day where
//                            the date does not exist (Civil Code Art. 254):
//                            31 January -> 28 (29) February.
// A term whose last day is not a working day ends on the next working day
// (Civil Code Art. 254, part 5), unless the policy switches that off.
// Emergency topics (life and safety) get a term in hours instead.
// The body's head may extend a term, never past 45 days from receipt; the
// applicant may ask, with reasons, for a shorter one.
//
// Two terms per case (issue 10). The statutory term (Art. 20: «Звернення
// розглядаються і вирішуються у термін не більше одного місяця від дня їх
// надходження, а ті, які не потребують додаткового вивчення, - невідкладно,
// але не пізніше п'ятнадцяти днів від дня їх отримання ... загальний термін
// вирішення питань, порушених у зверненні, не може перевищувати сорока
// п'яти днів») is set once and changed only by the head's extension or the
// applicant's shortening. Emergency handling and rework set a separate
// control term, which the body works to and the monitor watches, so that
// every report can still say whether the law's term was kept.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/refdata/work_calendar.h"

namespace contactcenter::tracking {

inline constexpr int kShortTermDays = 15;
// Art. 20: the total term, extensions included, never exceeds 45 days.
inline constexpr int kMaxTermDays = 45;

// The calendar date of `t` in `tz`.
absl::CivilDay LocalDay(absl::Time t, const absl::TimeZone& tz);

// `day` plus `months`, clamped to the last day of the resulting month.
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// The last day of the statutory term of an appeal received at `received_at`,
// by the calendar alone (no working-day move).
absl::CivilDay ControlDate(absl::Time received_at, bool needs_no_extra_study,
                           const absl::TimeZone& tz);

// The moment a term whose last day is `day` runs out: the next midnight in
// `tz`.
absl::Time EndOfDay(absl::CivilDay day, const absl::TimeZone& tz);

struct TermPolicy {
  // Civil Code Art. 254: a last day that is a day off moves to the next
  // working day.
  bool move_off_non_working_days = true;
  // The early warning fires at this share of the term (0 < share < 1).
  double early_warning_share = 0.75;
  // The term of an emergency topic, in hours from receipt.
  int emergency_term_hours = 24;
};

// A case's term.
struct Term {
  // Its last day, in Kyiv time (for an emergency term: the day it runs out).
  absl::CivilDay control_date;
  // The moment it runs out: after this the case is overdue.
  absl::Time due_at;
  // The early warning: from here on the case is due soon.
  absl::Time warn_at;
};

class TermRules {
 public:
  // `calendar` and `tz` must outlive this.
  TermRules(const refdata::WorkCalendar* calendar, TermPolicy policy, const absl::TimeZone* tz)
      : calendar_(calendar), policy_(policy), tz_(tz) {}

  const TermPolicy& policy() const { return policy_; }

  // The statutory term (Art. 20) of an appeal received at `received_at`,
  // emergency or not. A re-routed appeal keeps its original receipt time,
  // and so its term.
  Term Statutory(absl::Time received_at, bool needs_no_extra_study) const;

  // The first control term: the statutory term, or for an emergency the
  // hours from receipt.
  Term Initial(absl::Time received_at, bool needs_no_extra_study, bool emergency) const;

  // `term` bound by a sender's "resolve by" (the Government Contact
  // Center's Вирішити до): the earlier of the two. That date stands as
  // given, never moved to a working day (moving it would pass it); one
  // before the receipt day counts as the receipt day.
  Term BoundBy(absl::Time received_at, const Term& term, absl::CivilDay resolve_by) const;

  // The latest control date an extension may set: receipt date + 45 days.
  absl::CivilDay MaxControlDate(absl::Time received_at) const;

  // The head's extension to `new_date`: INVALID_ARGUMENT unless it is later
  // than the current control date, FAILED_PRECONDITION past the 45 days.
  // A chosen day off moves to the next working day only within the cap.
  absl::StatusOr<Term> Extend(absl::Time received_at, const Term& current,
                              absl::CivilDay new_date) const;

  // A shorter term on the applicant's reasoned demand: `new_date` must be
  // earlier than the current control date and not before today (`now`).
  absl::StatusOr<Term> Shorten(absl::Time received_at, const Term& current,
                               absl::CivilDay new_date, absl::Time now) const;

  // A new control term for rework after an unconfirmed call-back, counted
  // from `now` to the end of `new_date` (today or later). It stays within
  // the 45 days from receipt (Art. 20); a day off moves only within them.
  // Past them is a violation of rework_until: more needs a new appeal.
  absl::StatusOr<Term> ForRework(absl::Time received_at, absl::Time now,
                                 absl::CivilDay new_date) const;

  // `day`, or the next working day when the policy moves days off.
  absl::CivilDay MoveOffNonWorkingDay(absl::CivilDay day) const;

 private:
  Term TermEndingOn(absl::Time start, absl::CivilDay control_date) const;
  absl::Time WarnAt(absl::Time start, absl::Time due_at) const;

  const refdata::WorkCalendar* calendar_;
  TermPolicy policy_;
  const absl::TimeZone* tz_;
};

}  // namespace contactcenter::tracking
