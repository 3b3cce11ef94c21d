// libs/refdata WorkCalendar::Parse: calendar.csv, then the next working day
// from each date it lists.
#include <cstddef>
#include <cstdint>

#include "contactcenter/refdata/work_calendar.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contactcenter;
  absl::StatusOr<refdata::WorkCalendar> cal =
      refdata::WorkCalendar::Parse(fuzz::AsText(data, size), "calendar.csv");
  if (!cal.ok()) return 0;
  // Days off listed can only push the next working day so far.
  for (absl::CivilDay day : {absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 12, 31),
                             absl::CivilDay(1991, 8, 24), absl::CivilDay(9999, 12, 25)}) {
    const absl::CivilDay next = cal->NextWorkingDayFrom(day);
    CC_FUZZ_CHECK(next >= day, "the next working day is not before the day");
    CC_FUZZ_CHECK(cal->IsWorkingDay(next), "the next working day is a working day");
    CC_FUZZ_CHECK(next - day <= 2 * static_cast<int64_t>(cal->exception_count()) + 3,
                  "the next working day is at most the listed days off (and a weekend) away");
  }
  return 0;
}
