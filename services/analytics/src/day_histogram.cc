#include "day_histogram.h"

#include <algorithm>
#include <cmath>

namespace contactcenter::analytics {

double PercentileOfHistogram(const DayHistogram& h, double q) {
  int64_t n = 0;
  for (const auto& [days, count] : h) n += std::max<int64_t>(count, 0);
  if (n == 0) return 0;
  // The value at rank r (0-based) of the values sorted: the first day whose
  // running count passes r.
  auto value_at = [&](int64_t r) {
    int64_t seen = 0;
    for (const auto& [days, count] : h) {
      seen += std::max<int64_t>(count, 0);
      if (seen > r) return static_cast<double>(days);
    }
    return static_cast<double>(h.rbegin()->first);
  };
  // percentile_cont: position q * (n - 1), interpolated between the values
  // at its floor and its ceiling.
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(n - 1);
  const int64_t lo = static_cast<int64_t>(std::floor(pos));
  const double lo_value = value_at(lo);
  if (lo + 1 >= n) return lo_value;
  return lo_value + (pos - static_cast<double>(lo)) * (value_at(lo + 1) - lo_value);
}

}  // namespace contactcenter::analytics
