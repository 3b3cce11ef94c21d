// A negative-binomial CUSUM (Hawkins and Olwell 1998) over one daily
// series: a topic's appeals over the whole oblast. Each day's in-control
// mean comes from a baseline that ends `guard_days` before it (so a rise
// in progress does not raise its own baseline): the baseline's mean times
// its day-of-week factor. The dispersion is the baseline's, by moments
// (Poisson when it shows none). The CUSUM accumulates the log-likelihood
// ratio of a mean higher by the rise it is meant to find (`shift_sd`
// standard deviations, at least `min_shift` appeals a day) against the
// in-control mean, and alarms when it passes `threshold` (then restarts
// from zero).
#pragma once

#include <vector>

#include "detect/count_cube.h"

namespace contactcenter::analytics::detect {

// The rise and threshold of the CUSUM per topic over the oblast are what
// tests/load/spike_benchmark calibrated for 20,000 appeals a year: a rise
// of 10 appeals in a few days, and the share of 12 false-alarm episodes a
// year the scan leaves (re-run it when the volume changes much). The daily
// job runs the per-cell CUSUM instead (CellCusumOptions), which the
// benchmark showed finds more at the same budget.
struct CusumOptions {
  int baseline_days = 56;
  int guard_days = 7;
  double shift_sd = 1.5;
  double min_shift = 2.5;
  double threshold = 7.3;
  // A floor under the in-control mean, so a topic that was silent for
  // weeks does not alarm on its first appeal.
  double min_mean = 0.25;
};

// The per-cell CUSUM (one topic in one raion), what the daily job runs
// beside the scan: the same statistic over a far sparser series, looking
// for the rise an outbreak of about 10 appeals over 3 days brings to its
// cell (a few appeals a day, whatever the cell's own volume; the floor
// under the mean keeps a silent cell's first appeal from alarming). Its
// threshold is tests/load/spike_benchmark's calibration at 20,000 appeals
// a year of the scan and this CUSUM together to 12 false-alarm episodes a
// year (re-run it on the real volume).
inline CusumOptions CellCusumOptions() {
  CusumOptions o;
  o.shift_sd = 1.5;
  o.min_shift = 2.5;
  o.threshold = 9.28;
  o.min_mean = 0.25;
  return o;
}

struct CusumDay {
  int observed = 0;
  double expected = 0;
  double statistic = 0;
  bool alarm = false;
};

// The CUSUM over `series` (oldest first; day index 0 has weekday
// `first_weekday`, Monday 0): one entry per day from the first day with a
// full baseline (index baseline_days + guard_days) on.
std::vector<CusumDay> NbCusum(const std::vector<int>& series, int first_weekday,
                              const CusumOptions& options);

// The log-likelihood ratio of `y` under mean mu1 against mu0, both
// negative binomial with size `r` (Poisson for r <= 0).
double NbLlr(int y, double mu0, double mu1, double r);

}  // namespace contactcenter::analytics::detect
