#include "contactcenter/refdata/work_calendar.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/refdata/csv.h"

namespace contactcenter::refdata {
namespace {

// Exactly YYYY-MM-DD and a real date: absl::ParseCivilTime alone also takes
// "2027-1-9", "+2027-01-09" or a five-digit year.
bool ParseIsoDay(absl::string_view s, absl::CivilDay* day) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return absl::ParseCivilTime(s, day);
}

}  // namespace

absl::StatusOr<WorkCalendar> WorkCalendar::Parse(absl::string_view csv, const std::string& source) {
  absl::StatusOr<CsvTable> table = CsvTable::Parse(csv, source, {"date", "working", "note"});
  if (!table.ok()) return table.status();
  WorkCalendar calendar;
  for (size_t i = 0; i < table->size(); ++i) {
    const std::string& date = table->Get(i, "date");
    absl::CivilDay day;
    if (!ParseIsoDay(date, &day)) {
      return absl::InvalidArgumentError(
          absl::StrCat(table->Where(i), ": date must be YYYY-MM-DD, got \"", date, "\""));
    }
    const std::string& working = table->Get(i, "working");
    if (working != "yes" && working != "no") {
      return absl::InvalidArgumentError(
          absl::StrCat(table->Where(i), ": working must be yes or no, got \"", working, "\""));
    }
    // Two rows for one day contradict each other or repeat: either way the
    // file is wrong, and no row may silently win.
    if (calendar.exceptions_.count(day) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(table->Where(i), ": ", date, " is listed twice"));
    }
    calendar.Set(day, working == "yes");
  }
  return calendar;
}

absl::StatusOr<WorkCalendar> WorkCalendar::LoadDir(const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/calendar.csv");
  absl::StatusOr<std::string> text = ReadTextFile(path);
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
  // Ends: past the last exception every Monday is a working day.
  while (!IsWorkingDay(day)) ++day;
  return day;
}

}  // namespace contactcenter::refdata
