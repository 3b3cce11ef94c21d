#include "contactcenter/clock/clock.h"

#include <cstdio>
#include <cstdlib>

namespace contactcenter {

const SystemClock& SystemClock::Get() {
  static const SystemClock clock;
  return clock;
}

const absl::TimeZone& KyivTimeZone() {
  static const absl::TimeZone tz = [] {
    absl::TimeZone zone;
    if (absl::LoadTimeZone("Europe/Kyiv", &zone)) return zone;
    if (absl::LoadTimeZone("Europe/Kiev", &zone)) return zone;
    // Counting statutory terms in the wrong zone would be silently wrong.
    std::fprintf(stderr, "fatal: time zone Europe/Kyiv not found; install tzdata\n");
    std::abort();
  }();
  return tz;
}

}  // namespace contactcenter
