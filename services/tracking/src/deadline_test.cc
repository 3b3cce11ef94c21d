// Art. 20 terms, pure logic.
#include "deadline.h"

#include "contactcenter/clock/clock.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/refdata/work_calendar.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::tracking {
namespace {

absl::Time Kyiv(int y, int m, int d, int hh = 12, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), KyivTimeZone());
}

struct TermCase {
  std::string name;
  absl::Time received;
  bool needs_no_extra_study;
  absl::CivilDay want;
};

class ControlDateTest : public ::testing::TestWithParam<TermCase> {};

TEST_P(ControlDateTest, FollowsArticle20) {
  const TermCase& c = GetParam();
  EXPECT_EQ(ControlDate(c.received, c.needs_no_extra_study, KyivTimeZone()), c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Terms, ControlDateTest,
    ::testing::Values(
        TermCase{"FifteenDaysFromReceipt", Kyiv(2026, 11, 1), true, absl::CivilDay(2026, 11, 16)},
        TermCase{"FifteenDaysAcrossTheYearEnd", Kyiv(2026, 12, 20), true,
                 absl::CivilDay(2027, 1, 4)},
        TermCase{"OneMonthSameDate", Kyiv(2026, 11, 28), false, absl::CivilDay(2026, 12, 28)},
        TermCase{"January31PlusAMonthIsFebruary28", Kyiv(2026, 1, 31), false,
                 absl::CivilDay(2026, 2, 28)},
        TermCase{"January31PlusAMonthIsFebruary29InALeapYear", Kyiv(2028, 1, 31), false,
                 absl::CivilDay(2028, 2, 29)},
        TermCase{"January30PlusAMonthInALeapYear", Kyiv(2028, 1, 30), false,
                 absl::CivilDay(2028, 2, 29)},
        TermCase{"March31PlusAMonthIsApril30", Kyiv(2026, 3, 31), false,
                 absl::CivilDay(2026, 4, 30)},
        TermCase{"December31PlusAMonthIsJanuary31", Kyiv(2026, 12, 31), false,
                 absl::CivilDay(2027, 1, 31)},
        TermCase{"FifteenDaysOverLeapDay", Kyiv(2028, 2, 20), true, absl::CivilDay(2028, 3, 6)},
        // 23:30 UTC on 31 January is already 1 February in Kyiv.
        TermCase{"TheReceiptDateIsKyivsDate",
                 absl::FromCivil(absl::CivilSecond(2026, 1, 31, 23, 30, 0), absl::UTCTimeZone()),
                 false, absl::CivilDay(2026, 3, 1)},
        // The spring DST change does not move dates.
        TermCase{"AcrossTheSpringClockChange", Kyiv(2026, 3, 29, 0, 30), true,
                 absl::CivilDay(2026, 4, 13)}),
    [](const ::testing::TestParamInfo<TermCase>& info) { return info.param.name; });

TEST(AddMonthsTest, ClampsToTheLastDayOfTheMonth) {
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 8, 31), 1), absl::CivilDay(2026, 9, 30));
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 11, 30), 3), absl::CivilDay(2027, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2026, 5, 15), 1), absl::CivilDay(2026, 6, 15));
}

// --- TermRules ---------------------------------------------------------------

class TermRulesTest : public ::testing::Test {
 protected:
  TermRules Rules(TermPolicy policy = {}) const { return TermRules(&cal_, policy, &tz_); }

  refdata::WorkCalendar cal_;
  absl::TimeZone tz_ = KyivTimeZone();
};

TEST_F(TermRulesTest, ATermEndingOnSaturdayMovesToMonday) {
  // 13 Nov 2026 + 15 days = Saturday 28 Nov.
  const Term t = Rules().Initial(Kyiv(2026, 11, 13), true, false);
  EXPECT_EQ(t.control_date, absl::CivilDay(2026, 11, 30));
  EXPECT_EQ(t.due_at, Kyiv(2026, 12, 1, 0, 0));
}

TEST_F(TermRulesTest, ATermEndingOnSundayMovesToMonday) {
  // 29 Oct 2026 + 1 month = Sunday 29 Nov.
  EXPECT_EQ(Rules().Initial(Kyiv(2026, 10, 29), false, false).control_date,
            absl::CivilDay(2026, 11, 30));
}

TEST_F(TermRulesTest, TheMoveCanBeSwitchedOff) {
  TermPolicy policy;
  policy.move_off_non_working_days = false;
  EXPECT_EQ(Rules(policy).Initial(Kyiv(2026, 11, 13), true, false).control_date,
            absl::CivilDay(2026, 11, 28));
}

TEST_F(TermRulesTest, ADayOffFromTheCalendarMovesTheTerm) {
  cal_.Set(absl::CivilDay(2026, 11, 16), false);  // Monday off
  cal_.Set(absl::CivilDay(2026, 11, 17), false);  // Tuesday off
  // 1 Nov + 15 = Monday 16 Nov, off; so is the 17th.
  EXPECT_EQ(Rules().Initial(Kyiv(2026, 11, 1), true, false).control_date,
            absl::CivilDay(2026, 11, 18));
}

TEST_F(TermRulesTest, AWorkingSaturdayFromTheCalendarKeepsTheTerm) {
  cal_.Set(absl::CivilDay(2026, 11, 28), true);
  EXPECT_EQ(Rules().Initial(Kyiv(2026, 11, 13), true, false).control_date,
            absl::CivilDay(2026, 11, 28));
}

TEST_F(TermRulesTest, January31PlusAMonthOnAWeekendMoves) {
  // 28 Feb 2027 is a Sunday.
  EXPECT_EQ(Rules().Initial(Kyiv(2027, 1, 31), false, false).control_date,
            absl::CivilDay(2027, 3, 1));
  // 29 Feb 2028 is a Tuesday: stays.
  EXPECT_EQ(Rules().Initial(Kyiv(2028, 1, 31), false, false).control_date,
            absl::CivilDay(2028, 2, 29));
}

TEST_F(TermRulesTest, EmergencyTermsRunInHours) {
  TermPolicy policy;
  policy.emergency_term_hours = 24;
  const Term t = Rules(policy).Initial(Kyiv(2026, 11, 27, 15, 0), false, true);
  EXPECT_EQ(t.due_at, Kyiv(2026, 11, 28, 15, 0));
  // Round the clock: a Saturday is not moved.
  EXPECT_EQ(t.control_date, absl::CivilDay(2026, 11, 28));
  EXPECT_EQ(t.warn_at, Kyiv(2026, 11, 28, 9, 0));  // 75% of 24 h
}

TEST_F(TermRulesTest, ShortEmergencyTermsEndTheSameDay) {
  TermPolicy policy;
  policy.emergency_term_hours = 3;
  const Term t = Rules(policy).Initial(Kyiv(2026, 11, 27, 9, 0), true, true);
  EXPECT_EQ(t.due_at, Kyiv(2026, 11, 27, 12, 0));
  EXPECT_EQ(t.control_date, absl::CivilDay(2026, 11, 27));
}

TEST_F(TermRulesTest, AnEmergencyTermEndingAtMidnightBelongsToThePreviousDay) {
  TermPolicy policy;
  policy.emergency_term_hours = 12;
  const Term t = Rules(policy).Initial(Kyiv(2026, 11, 27, 12, 0), false, true);
  EXPECT_EQ(t.due_at, Kyiv(2026, 11, 28, 0, 0));
  EXPECT_EQ(t.control_date, absl::CivilDay(2026, 11, 27));
}

TEST_F(TermRulesTest, TheEarlyWarningFiresAtTheShareOfTheTerm) {
  // Received at midnight 1 Nov; term ends at midnight after 16 Nov: 16 days.
  const Term t = Rules().Initial(Kyiv(2026, 11, 1, 0, 0), true, false);
  EXPECT_EQ(t.due_at, Kyiv(2026, 11, 17, 0, 0));
  EXPECT_EQ(t.warn_at, Kyiv(2026, 11, 13, 0, 0));  // 12 of 16 days
  TermPolicy half;
  half.early_warning_share = 0.5;
  EXPECT_EQ(Rules(half).Initial(Kyiv(2026, 11, 1, 0, 0), true, false).warn_at,
            Kyiv(2026, 11, 9, 0, 0));
}

TEST_F(TermRulesTest, AnEarlierResolveByBindsTheTermAsGiven) {
  // Received Monday 2 November: the month's term ends 2 December.
  const TermRules rules = Rules();
  const absl::Time received = Kyiv(2026, 11, 2);
  const Term statutory = rules.Initial(received, false, false);
  ASSERT_EQ(statutory.control_date, absl::CivilDay(2026, 12, 2));
  // Saturday 14 November stands: moving it would pass the sender's date.
  const Term bound = rules.BoundBy(received, statutory, absl::CivilDay(2026, 11, 14));
  EXPECT_EQ(bound.control_date, absl::CivilDay(2026, 11, 14));
  EXPECT_LT(bound.warn_at, bound.due_at);
  // A later one does not lengthen the term; one before receipt is the receipt day.
  EXPECT_EQ(rules.BoundBy(received, statutory, absl::CivilDay(2026, 12, 20)).control_date,
            statutory.control_date);
  EXPECT_EQ(rules.BoundBy(received, statutory, absl::CivilDay(2026, 10, 1)).control_date,
            absl::CivilDay(2026, 11, 2));
}

TEST_F(TermRulesTest, ExtensionUpTo45DaysFromReceipt) {
  const absl::Time received = Kyiv(2026, 11, 2);  // Monday
  const TermRules rules = Rules();
  const Term first = rules.Initial(received, false, false);
  EXPECT_EQ(first.control_date, absl::CivilDay(2026, 12, 2));
  EXPECT_EQ(rules.MaxControlDate(received), absl::CivilDay(2026, 12, 17));
  absl::StatusOr<Term> ext = rules.Extend(received, first, absl::CivilDay(2026, 12, 17));
  ASSERT_OK(ext.status());
  EXPECT_EQ(ext->control_date, absl::CivilDay(2026, 12, 17));
  EXPECT_EQ(ext->due_at, Kyiv(2026, 12, 18, 0, 0));
}

TEST_F(TermRulesTest, ExtensionPast45DaysIsAFailedPrecondition) {
  const absl::Time received = Kyiv(2026, 11, 2);
  const TermRules rules = Rules();
  const Term first = rules.Initial(received, false, false);
  EXPECT_THAT(rules.Extend(received, first, absl::CivilDay(2026, 12, 18)).status(),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                ::testing::HasSubstr("45 days")));
  // Even after an earlier extension: the 45 days are in total.
  absl::StatusOr<Term> ext = rules.Extend(received, first, absl::CivilDay(2026, 12, 10));
  ASSERT_OK(ext.status());
  EXPECT_THAT(rules.Extend(received, *ext, absl::CivilDay(2026, 12, 20)).status(),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(TermRulesTest, ExtensionMustBeLater) {
  const absl::Time received = Kyiv(2026, 11, 2);
  const TermRules rules = Rules();
  const Term first = rules.Initial(received, false, false);
  EXPECT_THAT(rules.Extend(received, first, first.control_date).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(TermRulesTest, AnExtensionToADayOffMovesOnlyWithinTheCap) {
  const TermRules rules = Rules();
  // Received Thursday 5 Nov 2026: the cap is Sunday 20 Dec.
  const absl::Time received = Kyiv(2026, 11, 5);
  const Term first = rules.Initial(received, true, false);
  EXPECT_EQ(rules.MaxControlDate(received), absl::CivilDay(2026, 12, 20));
  // Saturday 12 Dec -> Monday 14 Dec.
  EXPECT_EQ(rules.Extend(received, first, absl::CivilDay(2026, 12, 12))->control_date,
            absl::CivilDay(2026, 12, 14));
  // Saturday 19 Dec would move to 21 Dec, past the cap: it stays.
  EXPECT_EQ(rules.Extend(received, first, absl::CivilDay(2026, 12, 19))->control_date,
            absl::CivilDay(2026, 12, 19));
}

TEST_F(TermRulesTest, ShortenedOnTheApplicantsDemand) {
  const absl::Time received = Kyiv(2026, 11, 2);
  const TermRules rules = Rules();
  const Term first = rules.Initial(received, false, false);
  absl::StatusOr<Term> shorter =
      rules.Shorten(received, first, absl::CivilDay(2026, 11, 7), Kyiv(2026, 11, 3));
  ASSERT_OK(shorter.status());
  // Saturday as asked: the applicant's date is not moved later.
  EXPECT_EQ(shorter->control_date, absl::CivilDay(2026, 11, 7));
  EXPECT_THAT(rules.Shorten(received, first, first.control_date, Kyiv(2026, 11, 3)).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(rules.Shorten(received, first, absl::CivilDay(2026, 11, 2), Kyiv(2026, 11, 3))
                  .status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(TermRulesTest, ReworkGetsANewTermFromNow) {
  const TermRules rules = Rules();
  const absl::Time received = Kyiv(2026, 11, 2);
  absl::StatusOr<Term> t =
      rules.ForRework(received, Kyiv(2026, 12, 1, 0, 0), absl::CivilDay(2026, 12, 4));
  ASSERT_OK(t.status());
  EXPECT_EQ(t->control_date, absl::CivilDay(2026, 12, 4));
  EXPECT_EQ(t->due_at, Kyiv(2026, 12, 5, 0, 0));
  EXPECT_EQ(t->warn_at, Kyiv(2026, 12, 4, 0, 0));  // 3 of 4 days
  EXPECT_THAT(rules.ForRework(received, Kyiv(2026, 12, 1), absl::CivilDay(2026, 11, 30)).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

// Art. 20: received 2 Nov 2026, the whole consideration ends by 17 Dec
// 2026 (45 days); rework to 18 Dec needs a new appeal.
TEST_F(TermRulesTest, ReworkReceivedNovember2StaysWithin45DaysUntilDecember17) {
  const TermRules rules = Rules();
  const absl::Time received = Kyiv(2026, 11, 2, 10, 0);
  EXPECT_OK(rules.ForRework(received, Kyiv(2026, 12, 10), absl::CivilDay(2026, 12, 17)).status());
  absl::Status past =
      rules.ForRework(received, Kyiv(2026, 12, 10), absl::CivilDay(2026, 12, 18)).status();
  EXPECT_THAT(past, testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                      ::testing::HasSubstr("register a new appeal")));
  ASSERT_EQ(FieldViolationsOf(past).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(past)[0].field, "rework_until");
}

// The statutory term of an emergency is still Art. 20's: the hours are a
// control term beside it.
TEST_F(TermRulesTest, AnEmergencyReceivedFriday27NovemberKeepsItsStatutoryTermOf15Days) {
  TermPolicy policy;
  policy.emergency_term_hours = 24;
  const TermRules rules = Rules(policy);
  const absl::Time received = Kyiv(2026, 11, 27, 15, 0);
  EXPECT_EQ(rules.Initial(received, true, true).due_at, Kyiv(2026, 11, 28, 15, 0));
  const Term statutory = rules.Statutory(received, true);
  EXPECT_EQ(statutory.control_date, absl::CivilDay(2026, 12, 14));  // 12 Dec is a Saturday
  EXPECT_EQ(statutory.due_at, Kyiv(2026, 12, 15, 0, 0));
  EXPECT_EQ(rules.Initial(received, true, false).control_date, statutory.control_date);
}

// The table in services/tracking/README.md, with the default policy.
TEST_F(TermRulesTest, TheReadmeExamplesHold) {
  const TermRules rules = Rules();
  EXPECT_EQ(rules.Initial(Kyiv(2026, 11, 1), true, false).control_date,
            absl::CivilDay(2026, 11, 16));
  EXPECT_EQ(rules.Initial(Kyiv(2026, 11, 13), true, false).control_date,
            absl::CivilDay(2026, 11, 30));
  EXPECT_EQ(rules.Initial(Kyiv(2026, 12, 20), true, false).control_date,
            absl::CivilDay(2027, 1, 4));
  EXPECT_EQ(rules.Initial(Kyiv(2026, 11, 28), false, false).control_date,
            absl::CivilDay(2026, 12, 28));
  EXPECT_EQ(rules.Initial(Kyiv(2026, 1, 31), false, false).control_date,
            absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(rules.Initial(Kyiv(2028, 1, 31), false, false).control_date,
            absl::CivilDay(2028, 2, 29));
  EXPECT_EQ(rules
                .Initial(absl::FromCivil(absl::CivilSecond(2026, 1, 31, 23, 30, 0),
                                         absl::UTCTimeZone()),
                         false, false)
                .control_date,
            absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(rules.MaxControlDate(Kyiv(2026, 11, 2)), absl::CivilDay(2026, 12, 17));
}

TEST_F(TermRulesTest, TheSameReceiptGivesTheSameTerm) {
  // A re-routed case is opened again from the original receipt time.
  const absl::Time received = Kyiv(2026, 11, 2, 9, 30);
  const Term a = Rules().Initial(received, false, false);
  const Term b = Rules().Initial(received, false, false);
  EXPECT_EQ(a.control_date, b.control_date);
  EXPECT_EQ(a.due_at, b.due_at);
  EXPECT_EQ(a.warn_at, b.warn_at);
}

}  // namespace
}  // namespace contactcenter::tracking
