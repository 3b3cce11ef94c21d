// Screening (Art. 5, Art. 8, Art. 17) and the registration day, pure logic.
#include "screening.h"

#include "contactcenter/clock/clock.h"
#include "contactcenter/refdata/work_calendar.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::intake {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

v1::AppealCard Card() { return SampleAppeal().card(); }

common::v1::Date MakeDate(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

absl::Time Kyiv(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), KyivTimeZone());
}

const absl::CivilDay kToday(2026, 11, 27);
// Monday to Friday, no exceptions.
const refdata::WorkCalendar kWeek;

TEST(ScreeningTest, AValidCardIsRegisteredForConsideration) {
  Screening s = Screen(Card(), kToday, kWeek);
  EXPECT_EQ(s.status, v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(s.reason, v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  EXPECT_THAT(s.explanation, IsEmpty());
}

TEST(ScreeningTest, AnAnonymousAppealIsNotConsidered) {
  v1::AppealCard card = Card();
  card.set_subject(common::v1::APPEAL_SUBJECT_ANONYMOUS);
  card.clear_applicant();
  Screening s = Screen(card, kToday, kWeek);
  EXPECT_EQ(s.status, v1::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(s.reason, v1::NOT_CONSIDERED_REASON_ANONYMOUS);
}

// Art. 8: excluding the appeal is the body head's decision, so intake only
// proposes it and the appeal waits for a supervisor.
TEST(ScreeningTest, AnApplicantDeclaredIncapableWaitsForASupervisorsDecision) {
  v1::AppealCard card = Card();
  card.set_applicant_declared_incapable(true);
  Screening s = Screen(card, kToday, kWeek);
  EXPECT_EQ(s.status, v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(s.reason, v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);
}

TEST(ScreeningTest, AComplaintMoreThanAYearAfterTheDecisionIsLate) {
  v1::AppealCard card = Card();
  card.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  *card.mutable_contested_decision_date() = MakeDate(2025, 11, 27);
  EXPECT_FALSE(IsLateComplaint(card, absl::CivilDay(2026, 11, 27), kWeek));
  EXPECT_TRUE(IsLateComplaint(card, absl::CivilDay(2026, 11, 28), kWeek));
  Screening s = Screen(card, absl::CivilDay(2026, 11, 28), kWeek);
  EXPECT_EQ(s.status, v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(s.reason, v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
}

TEST(ScreeningTest, AComplaintMoreThanAMonthAfterLearningIsLate) {
  v1::AppealCard card = Card();
  card.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  // Learned on Tuesday 13 October: the month ends on Friday 13 November.
  *card.mutable_learned_of_decision_date() = MakeDate(2026, 10, 13);
  EXPECT_FALSE(IsLateComplaint(card, absl::CivilDay(2026, 11, 13), kWeek));
  EXPECT_TRUE(IsLateComplaint(card, absl::CivilDay(2026, 11, 14), kWeek));
  // 31 March + 1 month is the last day of April (Thursday 30 April 2026).
  *card.mutable_learned_of_decision_date() = MakeDate(2026, 3, 31);
  EXPECT_FALSE(IsLateComplaint(card, absl::CivilDay(2026, 4, 30), kWeek));
  EXPECT_TRUE(IsLateComplaint(card, absl::CivilDay(2026, 5, 1), kWeek));
}

// Civil Code Art. 254: the month after 15 October 2026 ends on Sunday 15
// November, so the last day is Monday 16 November. (This test expected 16
// November to be late before the rule was applied.)
TEST(ScreeningTest, AComplaintTermEndingOnSundayRunsToMonday) {
  v1::AppealCard card = Card();
  card.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  *card.mutable_learned_of_decision_date() = MakeDate(2026, 10, 15);
  EXPECT_FALSE(IsLateComplaint(card, absl::CivilDay(2026, 11, 16), kWeek));
  EXPECT_TRUE(IsLateComplaint(card, absl::CivilDay(2026, 11, 17), kWeek));
  // 31 January + 1 month is Saturday 28 February: Monday 2 March is in time.
  *card.mutable_learned_of_decision_date() = MakeDate(2026, 1, 31);
  EXPECT_FALSE(IsLateComplaint(card, absl::CivilDay(2026, 3, 2), kWeek));
  EXPECT_TRUE(IsLateComplaint(card, absl::CivilDay(2026, 3, 3), kWeek));
}

TEST(ScreeningTest, AComplaintTermEndingOnADayOffOfTheCalendarRunsToTheNextWorkingDay) {
  absl::StatusOr<refdata::WorkCalendar> cal = refdata::WorkCalendar::Parse(
      "date,working,note\n2026-11-27,no,day off\n", "test");
  ASSERT_OK(cal);
  v1::AppealCard card = Card();
  card.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  // One year after Thursday 27 November 2025 is Friday 27 November 2026, a
  // day off here: the term runs over the weekend to Monday 30 November.
  *card.mutable_contested_decision_date() = MakeDate(2025, 11, 27);
  EXPECT_FALSE(IsLateComplaint(card, absl::CivilDay(2026, 11, 30), *cal));
  EXPECT_TRUE(IsLateComplaint(card, absl::CivilDay(2026, 12, 1), *cal));
  // Without the day off, Saturday 28 November is already late.
  EXPECT_TRUE(IsLateComplaint(card, absl::CivilDay(2026, 11, 28), kWeek));
}

TEST(ScreeningTest, AWrittenAppealWithoutAPlaceOfResidenceIsAnonymousNotReturned) {
  for (auto form : {common::v1::APPEAL_FORM_WRITTEN, common::v1::APPEAL_FORM_ELECTRONIC}) {
    v1::AppealCard card = Card();
    card.set_form(form);
    card.mutable_applicant()->mutable_person()->clear_residence_address();
    Screening s = Screen(card, kToday, kWeek);
    EXPECT_EQ(s.status, v1::APPEAL_STATUS_NOT_CONSIDERED) << form;
    EXPECT_EQ(s.reason, v1::NOT_CONSIDERED_REASON_ANONYMOUS) << form;
  }
}

TEST(ScreeningTest, AnOralAppealWithoutAPlaceOfResidenceIsReturnedNotAnonymous) {
  v1::AppealCard card = Card();  // oral, on the hotline
  card.mutable_applicant()->mutable_person()->clear_residence_address();
  Screening s = Screen(card, kToday, kWeek);
  EXPECT_EQ(s.status, v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  EXPECT_THAT(s.explanation, ElementsAre("не зазначено місце проживання (ст. 5)"));
}

TEST(ScreeningTest, AnAnonymousReportOfCorruptionIsRegisteredAndRouted) {
  v1::AppealCard card = Card();
  card.set_subject(common::v1::APPEAL_SUBJECT_ANONYMOUS);
  card.clear_applicant();
  card.set_topic_code("124");
  Screening s = Screen(card, kToday, kWeek);
  EXPECT_EQ(s.status, v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(s.reason, v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  // A sub-topic of 124 too, and a written one without a residence.
  card = Card();
  card.set_form(common::v1::APPEAL_FORM_WRITTEN);
  card.mutable_applicant()->mutable_person()->clear_residence_address();
  card.set_topic_code("124.001");
  EXPECT_EQ(Screen(card, kToday, kWeek).status, v1::APPEAL_STATUS_REGISTERED);
  // Not topic 1245 or 12.4.
  card.set_topic_code("1245");
  EXPECT_FALSE(IsCorruptionReport(card));
  // Without its essence it is returned all the same.
  card.set_topic_code("124");
  card.clear_essence();
  EXPECT_EQ(Screen(card, kToday, kWeek).status, v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
}

TEST(ScreeningTest, ARestoredTermOrAnotherKindIsNeverLate) {
  v1::AppealCard card = Card();
  *card.mutable_learned_of_decision_date() = MakeDate(2020, 1, 1);
  EXPECT_FALSE(IsLateComplaint(card, kToday, kWeek));  // a statement
  card.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  EXPECT_TRUE(IsLateComplaint(card, kToday, kWeek));
  card.set_complaint_term_restored(true);
  EXPECT_FALSE(IsLateComplaint(card, kToday, kWeek));
}

TEST(ScreeningTest, MissingArticle5MinimumIsReturnedWithOneLinePerGap) {
  v1::AppealCard card = Card();
  card.mutable_applicant()->mutable_person()->clear_surname();
  card.mutable_applicant()->mutable_person()->clear_residence_address();
  card.clear_essence();
  Screening s = Screen(card, kToday, kWeek);
  EXPECT_EQ(s.status, v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  EXPECT_THAT(s.explanation, SizeIs(3));
}

TEST(ScreeningTest, AnElectronicAppealWithoutAContactIsReturned) {
  v1::AppealCard card = Card();
  card.set_form(common::v1::APPEAL_FORM_ELECTRONIC);
  card.mutable_applicant()->mutable_person()->clear_phone();
  EXPECT_THAT(Article5Gaps(card), SizeIs(1));
  card.mutable_applicant()->mutable_person()->set_email("olena@example.com");
  EXPECT_THAT(Article5Gaps(card), IsEmpty());
}

TEST(ScreeningTest, AnOrganisationLackingItsCodeIsReturned) {
  v1::AppealCard card = Card();
  v1::Organisation* o = card.mutable_applicant()->mutable_organisation();
  o->set_name("ОСББ «Світанок»");
  o->set_contact_person("Іваненко Петро");
  EXPECT_THAT(Article5Gaps(card), ElementsAre("не зазначено код ЄДРПОУ (ст. 5)"));
}

TEST(ScreeningTest, Article8GoesBeforeArticle5) {
  v1::AppealCard card = Card();
  card.clear_essence();
  card.set_applicant_declared_incapable(true);
  EXPECT_EQ(Screen(card, kToday, kWeek).status, v1::APPEAL_STATUS_AWAITING_DECISION);
}

TEST(WorkingHoursTest, BadHoursAreNamed) {
  EXPECT_THAT(WorkingHours::Parse(refdata::WorkCalendar(), "18:00-09:00"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("working_hours")));
  EXPECT_THAT(WorkingHours::Parse(refdata::WorkCalendar(), "9-18"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("working_hours")));
  EXPECT_THAT(WorkingHours::Parse(refdata::WorkCalendar(), "09:00-25:00"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("working_hours")));
  EXPECT_OK(WorkingHours::Parse(refdata::WorkCalendar(), "08:30-17:15"));
}

TEST(WorkingHoursTest, TheHoursDecideTheRegistrationDay) {
  absl::StatusOr<WorkingHours> h = WorkingHours::Parse(refdata::WorkCalendar(), "08:30-17:15");
  ASSERT_OK(h);
  const auto e = common::v1::APPEAL_FORM_ELECTRONIC;
  // Friday 27 Nov 2026.
  EXPECT_EQ(h->RegistrationDay(Kyiv(2026, 11, 27, 17, 14), e), absl::CivilDay(2026, 11, 27));
  EXPECT_EQ(h->RegistrationDay(Kyiv(2026, 11, 27, 17, 15), e), absl::CivilDay(2026, 11, 30));
}

TEST(WorkingHoursTest, AnEAppealOutOfHoursIsRegisteredOnTheNextWorkingDay) {
  const WorkingHours c;  // Mon-Fri 09:00-18:00
  const auto e = common::v1::APPEAL_FORM_ELECTRONIC;
  // Friday 27 Nov 2026.
  EXPECT_EQ(c.RegistrationDay(Kyiv(2026, 11, 27, 10, 0), e), absl::CivilDay(2026, 11, 27));
  EXPECT_EQ(c.RegistrationDay(Kyiv(2026, 11, 27, 7, 30), e), absl::CivilDay(2026, 11, 27));
  EXPECT_EQ(c.RegistrationDay(Kyiv(2026, 11, 27, 18, 0), e), absl::CivilDay(2026, 11, 30));
  EXPECT_EQ(c.RegistrationDay(Kyiv(2026, 11, 28, 12, 0), e), absl::CivilDay(2026, 11, 30));
  // Late on Friday in Kyiv is still Friday although UTC says otherwise.
  EXPECT_EQ(c.RegistrationDay(Kyiv(2026, 11, 27, 23, 59), e), absl::CivilDay(2026, 11, 30));
}

TEST(WorkingHoursTest, OtherFormsAreRegisteredOnTheDayOfReceipt) {
  const WorkingHours c;
  EXPECT_EQ(c.RegistrationDay(Kyiv(2026, 11, 28, 20, 0), common::v1::APPEAL_FORM_ORAL),
            absl::CivilDay(2026, 11, 28));
}

TEST(WorkingHoursTest, CalendarExceptionsMoveTheRegistrationDay) {
  absl::StatusOr<refdata::WorkCalendar> cal = refdata::WorkCalendar::Parse(
      "date,working,note\n2026-11-30,no,day off\n2026-12-05,yes,working Saturday\n", "test");
  ASSERT_OK(cal);
  absl::StatusOr<WorkingHours> c = WorkingHours::Parse(*cal, "09:00-18:00");
  ASSERT_OK(c);
  const auto e = common::v1::APPEAL_FORM_ELECTRONIC;
  // Friday evening: Saturday, Sunday and Monday 30 Nov are off.
  EXPECT_EQ(c->RegistrationDay(Kyiv(2026, 11, 27, 19, 0), e), absl::CivilDay(2026, 12, 1));
  // Within hours on the Monday off: the next day too.
  EXPECT_EQ(c->RegistrationDay(Kyiv(2026, 11, 30, 10, 0), e), absl::CivilDay(2026, 12, 1));
  // Within hours on the working Saturday: that day.
  EXPECT_EQ(c->RegistrationDay(Kyiv(2026, 12, 5, 10, 0), e), absl::CivilDay(2026, 12, 5));
  // Friday 4 Dec after hours: the working Saturday.
  EXPECT_EQ(c->RegistrationDay(Kyiv(2026, 12, 4, 18, 30), e), absl::CivilDay(2026, 12, 5));
}

}  // namespace
}  // namespace contactcenter::intake
