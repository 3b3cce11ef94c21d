#include "detect/ears.h"

#include <algorithm>
#include <cmath>

namespace contactcenter::analytics::detect {

std::vector<EarsDay> EarsC2(const std::vector<int>& series, const EarsOptions& o) {
  std::vector<EarsDay> out;
  for (int t = 9; t < static_cast<int>(series.size()); ++t) {
    double sum = 0;
    for (int b = t - 9; b < t - 2; ++b) sum += series[b];
    const double mean = sum / 7;
    double sq = 0;
    for (int b = t - 9; b < t - 2; ++b) sq += (series[b] - mean) * (series[b] - mean);
    const double sd = std::max(o.min_sd, std::sqrt(sq / 6));
    const double c2 = (series[t] - mean) / sd;
    out.push_back({series[t], c2, c2 > o.threshold});
  }
  return out;
}

}  // namespace contactcenter::analytics::detect
