// Art. 20 terms, pure logic.
#include "deadline.h"

#include "contactcenter/clock/clock.h"
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

}  // namespace
}  // namespace contactcenter::tracking
