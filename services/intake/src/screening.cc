#include "screening.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"

namespace contactcenter::intake {
namespace {

bool Blank(const std::string& s) { return absl::StripAsciiWhitespace(s).empty(); }

// "HH:MM" -> minutes after midnight.
bool ParseHourMinute(absl::string_view s, int* minutes) {
  std::vector<absl::string_view> parts = absl::StrSplit(s, ':');
  int h = 0, m = 0;
  if (parts.size() != 2 || parts[0].size() != 2 || parts[1].size() != 2 ||
      !absl::SimpleAtoi(parts[0], &h) || !absl::SimpleAtoi(parts[1], &m) || h < 0 || h > 24 ||
      m < 0 || m > 59 || h * 60 + m > 24 * 60) {
    return false;
  }
  *minutes = h * 60 + m;
  return true;
}

}  // namespace

absl::StatusOr<WorkingHours> WorkingHours::Parse(refdata::WorkCalendar calendar,
                                                absl::string_view hours) {
  std::vector<absl::string_view> range = absl::StrSplit(hours, '-');
  int start = 0, end = 0;
  if (range.size() != 2 || !ParseHourMinute(range[0], &start) ||
      !ParseHourMinute(range[1], &end) || start >= end) {
    return absl::InvalidArgumentError(
        absl::StrCat("working_hours: \"", hours, "\" is not HH:MM-HH:MM with start before end"));
  }
  return WorkingHours(std::move(calendar), start, end);
}

absl::CivilDay WorkingHours::RegistrationDay(absl::Time received,
                                             common::v1::AppealForm form) const {
  const absl::CivilSecond local = absl::ToCivilSecond(received, KyivTimeZone());
  const absl::CivilDay day(local);
  if (form != common::v1::APPEAL_FORM_ELECTRONIC) return day;
  const int minute = local.hour() * 60 + local.minute();
  if (calendar_.IsWorkingDay(day) && minute < end_minute_) return day;  // before or within hours
  return calendar_.NextWorkingDayFrom(day + 1);
}

bool IsCorruptionReport(const v1::AppealCard& card) {
  const std::string& t = card.topic_code();
  return t == kCorruptionTopic || absl::StartsWith(t, absl::StrCat(kCorruptionTopic, "."));
}

bool IsAnonymous(const v1::AppealCard& card) {
  if (card.subject() == common::v1::APPEAL_SUBJECT_ANONYMOUS) return true;
  const bool written = card.form() == common::v1::APPEAL_FORM_WRITTEN ||
                       card.form() == common::v1::APPEAL_FORM_ELECTRONIC;
  return written && card.applicant().has_person() &&
         Blank(card.applicant().person().residence_address());
}

std::vector<std::string> Article5Gaps(const v1::AppealCard& card) {
  std::vector<std::string> gaps;
  if (IsAnonymous(card)) {
    // Only a report of corruption gets here (screening excludes the rest):
    // it needs nothing of its author, only its essence.
    if (Blank(card.essence())) gaps.push_back("не викладено суть порушеного питання (ст. 5)");
    return gaps;
  }
  bool has_contact = false;
  if (card.applicant().has_person()) {
    const v1::Person& p = card.applicant().person();
    if (Blank(p.surname())) gaps.push_back("не зазначено прізвище (ст. 5)");
    if (Blank(p.name())) gaps.push_back("не зазначено ім'я (ст. 5)");
    if (Blank(p.residence_address())) gaps.push_back("не зазначено місце проживання (ст. 5)");
    has_contact = !p.phone().empty() || !p.email().empty();
  } else if (card.applicant().has_organisation()) {
    const v1::Organisation& o = card.applicant().organisation();
    if (Blank(o.name())) gaps.push_back("не зазначено найменування організації (ст. 5)");
    if (Blank(o.edrpou())) gaps.push_back("не зазначено код ЄДРПОУ (ст. 5)");
    if (Blank(o.contact_person())) gaps.push_back("не зазначено контактну особу (ст. 5)");
    has_contact = !o.phone().empty() || !o.email().empty();
  }
  if (Blank(card.essence())) gaps.push_back("не викладено суть порушеного питання (ст. 5)");
  if (card.form() == common::v1::APPEAL_FORM_ELECTRONIC && !has_contact) {
    gaps.push_back("в електронному зверненні немає e-mail чи телефону для відповіді (ст. 5)");
  }
  return gaps;
}

bool IsLateComplaint(const v1::AppealCard& card, absl::CivilDay received_day,
                     const refdata::WorkCalendar& calendar) {
  if (card.kind() != common::v1::APPEAL_KIND_COMPLAINT || card.complaint_term_restored()) {
    return false;
  }
  if (card.has_contested_decision_date()) {
    const absl::CivilDay d = FromDate(card.contested_decision_date());
    const absl::CivilDay limit(d.year() + 1, d.month(), d.day());  // 29 Feb -> 1 Mar
    if (received_day > calendar.NextWorkingDayFrom(limit)) return true;
  }
  if (card.has_learned_of_decision_date()) {
    const absl::CivilDay d = FromDate(card.learned_of_decision_date());
    // One month: the same day number next month, or that month's last day.
    absl::CivilMonth next = absl::CivilMonth(d) + 1;
    absl::CivilDay limit(next.year(), next.month(), d.day());
    if (absl::CivilMonth(limit) != next) limit = absl::CivilDay(absl::CivilMonth(next + 1)) - 1;
    if (received_day > calendar.NextWorkingDayFrom(limit)) return true;
  }
  return false;
}

Screening Screen(const v1::AppealCard& card, absl::CivilDay received_day,
                 const refdata::WorkCalendar& calendar) {
  Screening s;
  if (IsAnonymous(card) && !IsCorruptionReport(card)) {
    s.status = v1::APPEAL_STATUS_NOT_CONSIDERED;
    s.reason = v1::NOT_CONSIDERED_REASON_ANONYMOUS;
    return s;
  }
  if (card.applicant_declared_incapable()) {
    s.reason = v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE;
  } else if (IsLateComplaint(card, received_day, calendar)) {
    s.reason = v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT;
  }
  if (s.reason != v1::NOT_CONSIDERED_REASON_UNSPECIFIED) {
    s.status = v1::APPEAL_STATUS_AWAITING_DECISION;
    return s;
  }
  s.explanation = Article5Gaps(card);
  if (!s.explanation.empty()) {
    s.status = v1::APPEAL_STATUS_RETURNED_TO_APPLICANT;
    s.return_due = ReturnDueDay(received_day, calendar);
  }
  return s;
}

absl::CivilDay ReturnDueDay(absl::CivilDay received_day, const refdata::WorkCalendar& calendar) {
  return calendar.NextWorkingDayFrom(received_day + 10);
}

}  // namespace contactcenter::intake
