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

std::vector<std::vector<std::vector<CusumDay>>> CellCusums(const CountCube& cube,
                                                           const std::vector<int>& raions,
                                                           const CusumOptions& o,
                                                           const CellModelOptions& model) {
  const int topics = static_cast<int>(cube.topics().size());
  const int zs = static_cast<int>(raions.size());
  const int days = cube.days();
  const int start = o.baseline_days + o.guard_days;
  const int share_days = std::max(model.share_days, o.baseline_days);
  std::vector<std::vector<std::vector<CusumDay>>> out(
      topics, std::vector<std::vector<CusumDay>>(zs));
  // Sums over the days that end where the baseline ends: the long window
  // (L, share_days) of every cell, by weekday and squared, and the
  // baseline (B) of every topic; kept up to date as the day moves on.
  std::vector<double> topic_b(topics, 0), topic_l(topics, 0), raion_l(zs, 0);
  std::vector<double> cell_l(topics * zs, 0), cell_sq(topics * zs, 0), cell_wd(topics * zs * 7, 0);
  double wd_l[7] = {0}, total_l = 0;
  int wd_days[7] = {0}, len_l = 0;
  auto move_l = [&](int d, int sign) {
    const int wd = cube.Weekday(d);
    wd_days[wd] += sign;
    len_l += sign;
    for (int k = 0; k < topics; ++k) {
      for (int i = 0; i < zs; ++i) {
        const double y = sign * cube.at(k, raions[i], d);
        const int c = k * zs + i;
        cell_l[c] += y;
        cell_sq[c] += y * y * sign;
        cell_wd[c * 7 + wd] += y;
        topic_l[k] += y;
        raion_l[i] += y;
        wd_l[wd] += y;
        total_l += y;
      }
    }
  };
  auto move_b = [&](int d, int sign) {
    for (int k = 0; k < topics; ++k) {
      for (int i = 0; i < zs; ++i) topic_b[k] += sign * cube.at(k, raions[i], d);
    }
  };
  std::vector<double> s(topics * zs, 0);
  int end = 0;  // the baseline and the long window end before this day
  for (int t = start; t < days; ++t) {
    for (; end < t - o.guard_days; ++end) {
      move_l(end, +1);
      move_b(end, +1);
      if (end - share_days >= 0) move_l(end - share_days, -1);
      if (end - o.baseline_days >= 0) move_b(end - o.baseline_days, -1);
    }
    const double mean_all = len_l > 0 ? total_l / len_l : 0;
    double f[7];
    for (int wd = 0; wd < 7; ++wd) {
      f[wd] = wd_days[wd] > 0 && mean_all > 0 ? wd_l[wd] / wd_days[wd] / mean_all : 1.0;
    }
    // The size by moments over every cell: sum((y - mu)^2 - mu) against
    // sum(mu^2), with each cell's mean over the window (less one degree of
    // freedom) times the weekday's factor.
    double sum_f = 0, sum_f2 = 0;
    for (int wd = 0; wd < 7; ++wd) {
      sum_f += f[wd] * wd_days[wd];
      sum_f2 += f[wd] * f[wd] * wd_days[wd];
    }
    double excess = 0, denom = 0;
    for (int c = 0; c < topics * zs && len_l > 1; ++c) {
      const double m = cell_l[c] / len_l;
      double sum_fy = 0;
      for (int wd = 0; wd < 7; ++wd) sum_fy += f[wd] * cell_wd[c * 7 + wd];
      const double sq = cell_sq[c] - 2 * m * sum_fy + m * m * sum_f2;
      excess += sq * len_l / (len_l - 1) - m * sum_f;
      denom += m * m * sum_f2;
    }
    const double r = excess > 0 && denom > 0 ? std::clamp(denom / excess, 0.5, 1e4) : 0;
    const int wd_t = cube.Weekday(t);
    for (int k = 0; k < topics; ++k) {
      const double level = topic_b[k] / o.baseline_days;
      for (int i = 0; i < zs; ++i) {
        const int c = k * zs + i;
        const double prior = total_l > 0 ? raion_l[i] / total_l : 1.0 / zs;
        const double share = topic_l[k] + model.share_prior > 0
                                 ? (cell_l[c] + model.share_prior * prior) /
                                       (topic_l[k] + model.share_prior)
                                 : prior;
        const double mu0 = std::max(o.min_mean, level * share * f[wd_t]);
        const double sd = std::sqrt(mu0 + (r > 0 ? mu0 * mu0 / r : 0));
        const double mu1 = mu0 + std::max(o.min_shift, o.shift_sd * sd);
        const int y = cube.at(k, raions[i], t);
        s[c] = std::max(0.0, s[c] + NbLlr(y, mu0, mu1, r));
        CusumDay day{y, mu0, s[c], s[c] > o.threshold};
        if (day.alarm) s[c] = 0;
        out[k][i].push_back(day);
      }
    }
  }
  return out;
}

}  // namespace contactcenter::analytics::detect
