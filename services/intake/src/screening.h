// Screening by Art. 5, Art. 8 and Art. 17, and the registration day of an
// appeal (Art. 20: e-appeals received out of working hours are registered on
// the next working day). Pure logic: the repeated-appeal rule needs facts
// from the database and is decided in registration_decision.h; everything
// else is decided here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/refdata/work_calendar.h"

namespace contactcenter::intake {

// The center's working hours on the working days of the shared calendar
// (libs/refdata work_calendar.h): when an e-appeal counts as registered.
class WorkingHours {
 public:
  // Minutes after Kyiv midnight, start < end.
  WorkingHours(refdata::WorkCalendar calendar, int start_minute, int end_minute)
      : calendar_(std::move(calendar)), start_minute_(start_minute), end_minute_(end_minute) {}
  // Monday to Friday, 09:00-18:00, no exceptions.
  WorkingHours() : WorkingHours(refdata::WorkCalendar(), 9 * 60, 18 * 60) {}

  // `hours` is "HH:MM-HH:MM" (the --working_hours flag); errors name it.
  static absl::StatusOr<WorkingHours> Parse(refdata::WorkCalendar calendar,
                                            absl::string_view hours);

  // The Kyiv day an appeal received at `received` counts as registered on:
  // an electronic one outside working hours goes to the next working day (the
  // same day when it came before opening on a working day); any other form
  // is registered on the day it was received.
  absl::CivilDay RegistrationDay(absl::Time received, common::v1::AppealForm form) const;

  const refdata::WorkCalendar& calendar() const { return calendar_; }

 private:
  refdata::WorkCalendar calendar_;
  // Checked, not read: an e-appeal before opening counts on the same day,
  // so only the end of the hours decides.
  [[maybe_unused]] int start_minute_;
  int end_minute_;
};

// What screening decided for a valid card.
struct Screening {
  v1::AppealStatus status = v1::APPEAL_STATUS_REGISTERED;
  v1::NotConsideredReason reason = v1::NOT_CONSIDERED_REASON_UNSPECIFIED;
  // For a returned appeal: one line per gap, and the last day to send the
  // letter (ReturnDueDay).
  std::vector<std::string> explanation;
  std::optional<absl::CivilDay> return_due;
};

// Art. 5: an appeal lacking what it must contain "повертається заявнику з
// відповідними роз'ясненнями не пізніше як через десять днів від дня його
// надходження": the 10th day after the receipt day, moved to the next
// working day of `calendar` when it is a day off (Civil Code Art. 254).
absl::CivilDay ReturnDueDay(absl::CivilDay received_day, const refdata::WorkCalendar& calendar);

// Gaps in the Art. 5 minimum, one line each (no personal data in them): a
// person's surname, name, place of residence; an organisation's name,
// ЄДРПОУ code, contact person; the essence; a contact for the answer to an
// electronic appeal. Empty for an anonymous appeal (not considered anyway).
std::vector<std::string> Article5Gaps(const v1::AppealCard& card);

// Art. 17: a complaint received on `received_day` later than 1 year after the
// contested decision or 1 month after the applicant learned of it, with the
// term not restored. Civil Code Art. 254 part 5: "Якщо останній день строку
// припадає на вихідний, святковий або інший неробочий день, ... днем
// закінчення строку є перший за ним робочий день" — a last day that is not a
// working day of `calendar` moves to the next working day, as terms do in
// tracking (one calendar, libs/refdata work_calendar.h).
bool IsLateComplaint(const v1::AppealCard& card, absl::CivilDay received_day,
                     const refdata::WorkCalendar& calendar);

// Topic 124 of the classifier (Факти корупції) and its sub-topics.
inline constexpr char kCorruptionTopic[] = "124";
bool IsCorruptionReport(const v1::AppealCard& card);

// Art. 8: "Письмове звернення без зазначення місця проживання, не підписане
// автором (авторами), а також таке, з якого неможливо встановити авторство,
// визнається анонімним і розгляду не підлягає." An appeal whose subject is
// anonymous, or a written or electronic one (Art. 5: electronic counts as
// written) from a person who gave no place of residence. An oral appeal
// without one is not anonymous: the operator heard who called, and Art. 5
// returns it.
bool IsAnonymous(const v1::AppealCard& card);

// Art. 8 first, then Art. 5 (returned):
// - anonymous (IsAnonymous): not considered, by intake's rule — except a
//   report of corruption (topic 124), which the anti-corruption law (Law
//   1700-VII «Про запобігання корупції», Section VIII: a report may be made
//   anonymously and is considered when it concerns a particular person and
//   holds facts that can be checked) takes out of Art. 8: registered and
//   routed;
// - an incapable applicant or a late complaint (Art. 17): only proposed
//   (`proposal`), because excluding an appeal is the body head's decision:
//   the appeal waits for a supervisor (APPEAL_STATUS_AWAITING_DECISION);
// - the Art. 5 minimum missing: returned.
// The repeated-appeal rule (DecideRegistration) applies to what this
// returns as REGISTERED.
Screening Screen(const v1::AppealCard& card, absl::CivilDay received_day,
                 const refdata::WorkCalendar& calendar);

}  // namespace contactcenter::intake
