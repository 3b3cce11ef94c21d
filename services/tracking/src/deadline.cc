#include "deadline.h"

namespace contactcenter::tracking {

absl::CivilDay LocalDay(absl::Time t, const absl::TimeZone& tz) {
  return absl::ToCivilDay(t, tz);
}

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  // The last day of the target month: the day before the next month starts.
  const absl::CivilDay last = absl::CivilDay(target + 1) - 1;
  const absl::CivilDay same(target.year(), target.month(), day.day());
  // CivilDay normalises 31 February to 3 March; clamp instead.
  return same.month() == target.month() ? same : last;
}

absl::CivilDay ControlDate(absl::Time received_at, bool needs_no_extra_study,
                           const absl::TimeZone& tz) {
  const absl::CivilDay received = LocalDay(received_at, tz);
  return needs_no_extra_study ? received + kShortTermDays : AddMonths(received, 1);
}

}  // namespace contactcenter::tracking
