#include "detect/cusum.h"

#include <algorithm>
#include <cmath>

namespace contactcenter::analytics::detect {

double NbLlr(int y, double mu0, double mu1, double r) {
  if (r <= 0) return y * std::log(mu1 / mu0) - (mu1 - mu0);
  return y * std::log(mu1 / mu0) - (r + y) * std::log((r + mu1) / (r + mu0));
}

std::vector<CusumDay> NbCusum(const std::vector<int>& series, int first_weekday,
                              const CusumOptions& o) {
  std::vector<CusumDay> out;
  const int start = o.baseline_days + o.guard_days;
  double s = 0;
  for (int t = start; t < static_cast<int>(series.size()); ++t) {
    const int b0 = t - o.guard_days - o.baseline_days;
    const int b1 = t - o.guard_days;
    // Day-of-week factors, with a pseudo-count of one mean day per weekday
    // so that a few appeals do not make a weekday's factor.
    double sum = 0;
    double by_day[7] = {0};
    int days_by[7] = {0};
    for (int b = b0; b < b1; ++b) {
      sum += series[b];
      by_day[(first_weekday + b) % 7] += series[b];
      ++days_by[(first_weekday + b) % 7];
    }
    const double mean = sum / o.baseline_days;
    auto factor = [&](int wd) {
      if (mean <= 0 || days_by[wd] == 0) return 1.0;
      return ((by_day[wd] + mean) / (days_by[wd] + 1)) / mean;
    };
    double sq = 0;
    for (int b = b0; b < b1; ++b) {
      const double e = series[b] - mean * factor((first_weekday + b) % 7);
      sq += e * e;
    }
    const double var = sq / (o.baseline_days - 1);
    const double mu0 = std::max(o.min_mean, mean * factor((first_weekday + t) % 7));
    // Size by moments: var = mu + mu^2 / r; none shown: Poisson.
    const double r = var > mean && mean > 0 ? std::clamp(mean * mean / (var - mean), 0.5, 1e4) : 0;
    const double sd = std::sqrt(mu0 + (r > 0 ? mu0 * mu0 / r : 0));
    const double mu1 = mu0 + std::max(o.min_shift, o.shift_sd * sd);
    s = std::max(0.0, s + NbLlr(series[t], mu0, mu1, r));
    CusumDay day{series[t], mu0, s, s > o.threshold};
    if (day.alarm) s = 0;
    out.push_back(day);
  }
  return out;
}

}  // namespace contactcenter::analytics::detect
