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
// beside the scan (CellCusums): the same statistic over a far sparser
// series, looking for the rise an outbreak of about 10 appeals over 3 days
// brings to its cell (a few appeals a day, whatever the cell's own volume;
// the floor under the mean keeps a silent cell's first appeal from
// alarming). Its threshold is tests/load/spike_benchmark's calibration at
// 20,000 appeals a year of the scan and this CUSUM together, on 30
// outbreak-free years, to a working budget of 10 false-alarm episodes a
// year, so that evaluated decades stay within the 12 (re-run it on
// the real volume).
inline CusumOptions CellCusumOptions() {
  CusumOptions o;
  o.shift_sd = 1.5;
  o.min_shift = 2.5;
  o.threshold = 6.69;
  o.min_mean = 0.25;
  return o;
}

// How CellCusums models a cell's in-control counts: from the cells
// together rather than from the cell's own 8 weeks, which in a sparse cell
// hold a handful of appeals (tests/load/spike_benchmark, calibrated to 10
// false-alarm episodes a year: from a cell's own weeks, 9.0 to 12.3 on six
// simulated decades at the same threshold; from the cells together, 9.4
// to 11.1, and more outbreaks found sooner).
struct CellModelOptions {
  // The cell's share of its topic, and the dispersion, come from the
  // counts of this many days (or as many as there are) ending where the
  // baseline ends.
  int share_days = 364;
  // The cell's share is shrunk toward its raion's share of all topics by
  // this many appeals' worth (a cell with few appeals of its own gets about
  // its raion's share).
  double share_prior = 20;
};

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

// The CUSUM of every topic in each raion of `raions` (territory indexes
// of the cube): out[topic][i] is the cell of raions[i], as NbCusum's days.
// A cell's in-control mean on a day is its topic's mean a day over the
// raions in the baseline (`options`' baseline_days ending guard_days
// before), times the cell's share of the topic (over model.share_days,
// shrunk toward the raion's share of all topics), times the day-of-week
// factor of all topics together over the same days; at least min_mean. The
// dispersion (negative binomial size) is by moments over every cell and
// those days together; Poisson when they show none.
std::vector<std::vector<std::vector<CusumDay>>> CellCusums(const CountCube& cube,
                                                           const std::vector<int>& raions,
                                                           const CusumOptions& options,
                                                           const CellModelOptions& model = {});

// The log-likelihood ratio of `y` under mean mu1 against mu0, both
// negative binomial with size `r` (Poisson for r <= 0).
double NbLlr(int y, double mu0, double mu1, double r);

}  // namespace contactcenter::analytics::detect
