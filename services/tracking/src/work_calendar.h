// The working week (Monday to Friday) and its exceptions, read from
// calendar.csv (date,working,note): data, because days off change by decree.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace contactcenter::tracking {

class WorkCalendar {
 public:
  // Monday to Friday, no exceptions.
  WorkCalendar() = default;

  // Parses calendar.csv's text; `source` names it in errors.
  static absl::StatusOr<WorkCalendar> Parse(absl::string_view csv, const std::string& source);
  // Reads <dir>/calendar.csv.
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

}  // namespace contactcenter::tracking
