// EARS C2 (Hutwagner et al. 2003), the baseline the other detectors are
// compared with: a day's count against the mean and standard deviation of
// the 7 days that end 2 days before it.
#pragma once

#include <vector>

namespace contactcenter::analytics::detect {

struct EarsOptions {
  double threshold = 3.0;
  // A floor under the standard deviation: a run of zeros has none, and
  // any appeal would be infinitely many deviations above it.
  double min_sd = 0.2;
};

struct EarsDay {
  int observed = 0;
  double statistic = 0;
  bool alarm = false;
};

// One entry per day from index 9 (the first with a full baseline) on.
std::vector<EarsDay> EarsC2(const std::vector<int>& series, const EarsOptions& options);

}  // namespace contactcenter::analytics::detect
