// The working week (Monday to Friday) and its exceptions, read from
// calendar.csv: data, because days off change by decree. One parser and one
// type for every service (intake's registration day, tracking's terms).
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace contactcenter::refdata {

class WorkCalendar {
 public:
  // Monday to Friday, no exceptions.
  WorkCalendar() = default;

  // Parses calendar.csv (deploy/reference/README.md): the columns date,
  // working and note; date is YYYY-MM-DD, working is yes (a working
  // Saturday) or no (a day off), and a date is listed once. Errors name
  // `source` and the line.
  static absl::StatusOr<WorkCalendar> Parse(absl::string_view csv, const std::string& source);
  // Reads <dir>/calendar.csv; NOT_FOUND when it cannot be read.
  static absl::StatusOr<WorkCalendar> LoadDir(const std::string& dir);

  // Marks `day` working or not (an exception to the week).
  void Set(absl::CivilDay day, bool working) { exceptions_[day] = working; }

  bool IsWorkingDay(absl::CivilDay day) const;
  // `day` itself when it is a working day, else the next working day.
  absl::CivilDay NextWorkingDayFrom(absl::CivilDay day) const;

  size_t exception_count() const { return exceptions_.size(); }

 private:
  std::map<absl::CivilDay, bool> exceptions_;
};

}  // namespace contactcenter::refdata
