#include "work_calendar.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/refdata/csv.h"

namespace contactcenter::tracking {

absl::StatusOr<WorkCalendar> WorkCalendar::Parse(absl::string_view csv,
                                                 const std::string& source) {
  absl::StatusOr<refdata::CsvTable> table =
      refdata::CsvTable::Parse(csv, source, {"date", "working", "note"});
  if (!table.ok()) return table.status();
  WorkCalendar calendar;
  for (size_t i = 0; i < table->size(); ++i) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(table->Get(i, "date"), &day)) {
      return absl::InvalidArgumentError(
          absl::StrCat(table->Where(i), ": date must be YYYY-MM-DD, got \"",
                       table->Get(i, "date"), "\""));
    }
    const std::string& working = table->Get(i, "working");
    if (working != "yes" && working != "no") {
      return absl::InvalidArgumentError(
          absl::StrCat(table->Where(i), ": working must be yes or no, got \"", working, "\""));
    }
    if (calendar.exceptions_.count(day) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(table->Where(i), ": ", table->Get(i, "date"), " is listed twice"));
    }
    calendar.Set(day, working == "yes");
  }
  return calendar;
}

absl::StatusOr<WorkCalendar> WorkCalendar::LoadDir(const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/calendar.csv");
  absl::StatusOr<std::string> text = refdata::ReadTextFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

bool WorkCalendar::IsWorkingDay(absl::CivilDay day) const {
  auto it = exceptions_.find(day);
  if (it != exceptions_.end()) return it->second;
  const absl::Weekday wd = absl::GetWeekday(day);
  return wd != absl::Weekday::saturday && wd != absl::Weekday::sunday;
}

absl::CivilDay WorkCalendar::NextWorkingDayFrom(absl::CivilDay day) const {
  // A calendar that made every day a day off would loop; a year is plenty.
  for (int i = 0; i < 366; ++i, ++day) {
    if (IsWorkingDay(day)) return day;
  }
  return day;
}

}  // namespace contactcenter::tracking
