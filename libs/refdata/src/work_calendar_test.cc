#include "contactcenter/refdata/work_calendar.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::refdata {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(WorkCalendarTest, MondayToFridayWithoutExceptions) {
  WorkCalendar cal;
  EXPECT_TRUE(cal.IsWorkingDay(absl::CivilDay(2026, 11, 27)));   // Friday
  EXPECT_FALSE(cal.IsWorkingDay(absl::CivilDay(2026, 11, 28)));  // Saturday
  EXPECT_FALSE(cal.IsWorkingDay(absl::CivilDay(2026, 11, 29)));  // Sunday
  EXPECT_TRUE(cal.IsWorkingDay(absl::CivilDay(2026, 11, 30)));   // Monday
  EXPECT_EQ(cal.NextWorkingDayFrom(absl::CivilDay(2026, 11, 28)), absl::CivilDay(2026, 11, 30));
  EXPECT_EQ(cal.NextWorkingDayFrom(absl::CivilDay(2026, 11, 27)), absl::CivilDay(2026, 11, 27));
  EXPECT_EQ(cal.exception_count(), 0u);
}

TEST(WorkCalendarTest, ExceptionsComeFromTheCsv) {
  absl::StatusOr<WorkCalendar> cal = WorkCalendar::Parse(
      "date,working,note\n"
      "2027-01-01,no,New Year\n"
      "2027-01-09,yes,a working Saturday\n"
      "2026-11-30,no,\"a Monday off, by decree\"\n",
      "calendar.csv");
  ASSERT_OK(cal.status());
  EXPECT_EQ(cal->exception_count(), 3u);
  EXPECT_FALSE(cal->IsWorkingDay(absl::CivilDay(2027, 1, 1)));    // a Friday off
  EXPECT_TRUE(cal->IsWorkingDay(absl::CivilDay(2027, 1, 9)));     // a Saturday on
  EXPECT_FALSE(cal->IsWorkingDay(absl::CivilDay(2026, 11, 30)));  // a Monday off
  EXPECT_EQ(cal->NextWorkingDayFrom(absl::CivilDay(2027, 1, 1)), absl::CivilDay(2027, 1, 4));
  // Saturday 28 Nov, Sunday, Monday 30 Nov off: Tuesday.
  EXPECT_EQ(cal->NextWorkingDayFrom(absl::CivilDay(2026, 11, 28)), absl::CivilDay(2026, 12, 1));
}

TEST(WorkCalendarTest, ColumnsMayComeInAnyOrderAndAreTrimmed) {
  absl::StatusOr<WorkCalendar> cal =
      WorkCalendar::Parse("note,working,date\n x , no , 2027-01-01 \n", "calendar.csv");
  ASSERT_OK(cal.status());
  EXPECT_FALSE(cal->IsWorkingDay(absl::CivilDay(2027, 1, 1)));
}

TEST(WorkCalendarTest, BadRowsAreRejectedNamingTheLine) {
  EXPECT_THAT(WorkCalendar::Parse("date,working,note\n2027-13-01,no,x\n", "calendar.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("calendar.csv:2"), HasSubstr("YYYY-MM-DD"))));
  EXPECT_THAT(WorkCalendar::Parse("date,working,note\n2027-02-29,no,x\n", "c.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("c.csv:2")));
  EXPECT_THAT(
      WorkCalendar::Parse("date,working,note\n2027-01-01,no,x\n2027-01-02,maybe,x\n", "c.csv"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("c.csv:3"), HasSubstr("yes or no"))));
  EXPECT_THAT(WorkCalendar::Parse("date,working,note\n2027-01-01,Yes,x\n", "c.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("yes or no")));
  EXPECT_THAT(WorkCalendar::Parse("day,off\n", "c.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("c.csv:1")));
  EXPECT_THAT(WorkCalendar::Parse("date,working,note\n2027-01-01,no\n", "c.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("c.csv:2")));
}

// Where the old parsers disagreed. Intake's took a file without the note
// column and let a date be listed twice (a "yes" beating a "no" whatever the
// order); tracking's took dates that are not written YYYY-MM-DD.
TEST(WorkCalendarTest, TheNoteColumnIsPartOfTheFormat) {
  EXPECT_THAT(
      WorkCalendar::Parse("date,working\n2027-01-01,no\n", "c.csv"),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr("c.csv:1"), HasSubstr("note"))));
}

TEST(WorkCalendarTest, ADateListedTwiceIsRejectedNamingTheSecondLine) {
  EXPECT_THAT(
      WorkCalendar::Parse("date,working,note\n2027-01-01,no,a\n2027-01-01,yes,b\n", "c.csv"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("c.csv:3"), HasSubstr("twice"))));
  EXPECT_THAT(WorkCalendar::Parse("date,working,note\n2027-01-01,no,a\n2027-01-01,no,b\n", "c.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("twice")));
}

TEST(WorkCalendarTest, DatesAreWrittenExactlyYearMonthDay) {
  for (const char* date : {"2027-1-9", "2027-01-9", "+2027-01-09", "02027-01-09", "-2027-01-09",
                           "2027/01/09", "20270109", "2027-01-09T00"}) {
    EXPECT_THAT(WorkCalendar::Parse(absl::StrCat("date,working,note\n", date, ",no,x\n"), "c.csv"),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("YYYY-MM-DD")))
        << date;
  }
}

TEST(WorkCalendarTest, TheNextWorkingDayOutlastsAnyRunOfDaysOff) {
  WorkCalendar cal;
  for (absl::CivilDay d(2027, 1, 1); d < absl::CivilDay(2028, 3, 1); ++d) cal.Set(d, false);
  EXPECT_EQ(cal.NextWorkingDayFrom(absl::CivilDay(2027, 1, 1)), absl::CivilDay(2028, 3, 1));
}

TEST(WorkCalendarTest, TheShippedCalendarLoads) {
  EXPECT_OK(WorkCalendar::LoadDir(CC_REFERENCE_DIR).status());
  EXPECT_THAT(WorkCalendar::LoadDir("/nonexistent"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/calendar.csv")));
}

}  // namespace
}  // namespace contactcenter::refdata
