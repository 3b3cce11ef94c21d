// Statutory terms (Law "On citizens' appeals", Art. 20), pure logic.
//
// Terms are counted in calendar days from receipt, in Kyiv time; a term
// starts the day after receipt (Civil Code Art. 253):
//   needs no extra study  -> the control date is receipt date + 15 days;
//   otherwise             -> receipt date + 1 month, i.e. the same date of
//                            the next month, or that month's last day where
//                            the date does not exist (Civil Code Art. 254):
//                            31 January -> 28 (29) February.
#pragma once

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace contactcenter::tracking {

inline constexpr int kShortTermDays = 15;

// The calendar date of `t` in `tz`.
absl::CivilDay LocalDay(absl::Time t, const absl::TimeZone& tz);

// `day` plus `months`, clamped to the last day of the resulting month.
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// The last day of the statutory term of an appeal received at `received_at`.
absl::CivilDay ControlDate(absl::Time received_at, bool needs_no_extra_study,
                           const absl::TimeZone& tz);

}  // namespace contactcenter::tracking
