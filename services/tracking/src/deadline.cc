#include "deadline.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::tracking {
namespace {

// A date the caller sent that the rules refuse, as a violation of its field.
absl::Status BadDate(const std::string& field, std::string why) {
  FieldViolations v;
  v.Add(field, std::move(why));
  return v.ToStatus("invalid request");
}

std::string DayString(absl::CivilDay d) { return absl::FormatCivilTime(d); }

}  // namespace

absl::CivilDay LocalDay(absl::Time t, const absl::TimeZone& tz) {
  return absl::ToCivilDay(t, tz);
}

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  // The last day of the target month: the day before the next month starts.
  const absl::CivilDay last = absl::CivilDay(target + 1) - 1;
  const absl::CivilDay same(target.year(), target.month(), day.day());
  // CivilDay normalises 31 February to 3 March; clamp instead.
  return same.month() == target.month() ? same : last;
}

absl::CivilDay ControlDate(absl::Time received_at, bool needs_no_extra_study,
                           const absl::TimeZone& tz) {
  const absl::CivilDay received = LocalDay(received_at, tz);
  return needs_no_extra_study ? received + kShortTermDays : AddMonths(received, 1);
}

absl::Time EndOfDay(absl::CivilDay day, const absl::TimeZone& tz) {
  return absl::FromCivil(day + 1, tz);
}

absl::CivilDay TermRules::MoveOffNonWorkingDay(absl::CivilDay day) const {
  return policy_.move_off_non_working_days ? calendar_->NextWorkingDayFrom(day) : day;
}

absl::Time TermRules::WarnAt(absl::Time start, absl::Time due_at) const {
  if (due_at <= start) return due_at;
  return start + (due_at - start) * policy_.early_warning_share;
}

Term TermRules::TermEndingOn(absl::Time start, absl::CivilDay control_date) const {
  Term t;
  t.control_date = control_date;
  t.due_at = EndOfDay(control_date, *tz_);
  t.warn_at = WarnAt(start, t.due_at);
  return t;
}

Term TermRules::Statutory(absl::Time received_at, bool needs_no_extra_study) const {
  return TermEndingOn(received_at, MoveOffNonWorkingDay(
                                       ControlDate(received_at, needs_no_extra_study, *tz_)));
}

Term TermRules::Initial(absl::Time received_at, bool needs_no_extra_study, bool emergency) const {
  if (emergency) {
    // Hours run round the clock: no working-day move.
    Term t;
    t.due_at = received_at + absl::Hours(policy_.emergency_term_hours);
    t.control_date = LocalDay(t.due_at - absl::Nanoseconds(1), *tz_);
    t.warn_at = WarnAt(received_at, t.due_at);
    return t;
  }
  return Statutory(received_at, needs_no_extra_study);
}

Term TermRules::BoundBy(absl::Time received_at, const Term& term,
                        absl::CivilDay resolve_by) const {
  const absl::CivilDay day = std::max(resolve_by, LocalDay(received_at, *tz_));
  if (day >= term.control_date) return term;
  return TermEndingOn(received_at, day);
}

absl::CivilDay TermRules::MaxControlDate(absl::Time received_at) const {
  return LocalDay(received_at, *tz_) + kMaxTermDays;
}

absl::StatusOr<Term> TermRules::Extend(absl::Time received_at, const Term& current,
                                       absl::CivilDay new_date) const {
  if (new_date <= current.control_date) {
    return BadDate(
        "new_control_date", absl::StrCat("an extension must end after the current control date ",
                     DayString(current.control_date)));
  }
  const absl::CivilDay cap = MaxControlDate(received_at);
  if (new_date > cap) {
    return absl::FailedPreconditionError(
        absl::StrCat("the term may not exceed ", kMaxTermDays, " days from receipt (until ",
                     DayString(cap), "), asked for ", DayString(new_date)));
  }
  absl::CivilDay moved = MoveOffNonWorkingDay(new_date);
  if (moved > cap) moved = new_date;  // the 45 days are absolute
  return TermEndingOn(received_at, moved);
}

absl::StatusOr<Term> TermRules::Shorten(absl::Time received_at, const Term& current,
                                        absl::CivilDay new_date, absl::Time now) const {
  if (new_date >= current.control_date) {
    return BadDate(
        "new_control_date", absl::StrCat("a shortened term must end before the current control date ",
                     DayString(current.control_date)));
  }
  if (new_date < LocalDay(now, *tz_)) {
    return BadDate(
        "new_control_date", absl::StrCat("a shortened term cannot end in the past (before ",
                     DayString(LocalDay(now, *tz_)), ")"));
  }
  // The applicant's date stands as asked: moving it would lengthen it.
  return TermEndingOn(received_at, new_date);
}

absl::StatusOr<Term> TermRules::ForRework(absl::Time received_at, absl::Time now,
                                          absl::CivilDay new_date) const {
  if (new_date < LocalDay(now, *tz_)) {
    return BadDate(
        "rework_until", absl::StrCat("the rework term cannot end in the past (before ",
                     DayString(LocalDay(now, *tz_)), ")"));
  }
  // Art. 20: the whole consideration stays within 45 days of receipt;
  // rework past them is a new appeal, registered as such.
  const absl::CivilDay cap = MaxControlDate(received_at);
  if (new_date > cap) {
    return BadDate("rework_until",
                   absl::StrCat("rework stays within ", kMaxTermDays, " days of receipt (until ",
                                DayString(cap), ", Art. 20); beyond it, register a new appeal"));
  }
  absl::CivilDay moved = MoveOffNonWorkingDay(new_date);
  if (moved > cap) moved = new_date;
  return TermEndingOn(now, moved);
}

}  // namespace contactcenter::tracking
