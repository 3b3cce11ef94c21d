// The prospective space-time permutation scan statistic (Kulldorff et al.,
// "A space-time permutation scan statistic for disease outbreak detection",
// PLoS Medicine 2005). It needs no population at risk: the expected count
// of a cylinder comes from the counts themselves, conditioning on each
// territory's total and each day's total, so day-of-week swings and a
// territory that always writes more cancel out. What stands out is a place
// that has more than its share on the last days.
//
// Here each topic is its own stratum (expected counts within the topic, the
// Monte Carlo permutes days within the topic), the cylinders are a zone (a
// territory alone, or with all its neighbours) over the last w days
// (w = 1..max_window_days, all ending on the day analysed), and the
// statistic is the largest log-likelihood ratio over every topic and
// cylinder. Its p-value comes from `replicates` random permutations, so the
// p-value is for the whole oblast and all topics at once; analysed daily,
// a p-value p recurs by chance once in 1/p days (the recurrence interval),
// and a cluster signals when that is at least `min_recurrence_days`.
// Every topic's most likely cluster is tested against that same
// distribution of the maximum (as SaTScan does for secondary clusters).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "detect/count_cube.h"

namespace contactcenter::analytics::detect {

struct ScanOptions {
  int max_window_days = 7;
  int replicates = 999;
  // A fixed seed makes the Monte Carlo repeatable (tests, the benchmark);
  // without one the seed comes from the random device.
  std::optional<uint64_t> seed;
  double min_recurrence_days = 365;
  // Stop the Monte Carlo as soon as no cluster can reach
  // min_recurrence_days any more (most days): the p-values of such a run
  // are then estimated from the replicates done, and none signals.
  bool stop_early = true;
};

struct ScanCluster {
  int topic = 0;
  std::vector<int> territories;  // indices into the cube's territories
  int window_days = 0;           // the last window_days days
  int observed = 0;
  double expected = 0;
  double llr = 0;
  double p_value = 1;
  double recurrence_days = 1;  // 1 / p_value
  bool signal = false;
};

// The log-likelihood ratio of a cylinder with `c` of the stratum's `total`
// cases where `mu` were expected (0 unless c > mu).
double PermutationLlr(double c, double mu, double total);

// Each topic's most likely cluster (the topics with none, where no
// cylinder has more than expected, are left out), best first. Only the
// cube's last `max_window_days` days are scanned; all its days form the
// study period the expectations come from.
std::vector<ScanCluster> SpaceTimeScan(const CountCube& cube,
                                       const std::vector<std::vector<int>>& zones,
                                       const ScanOptions& options);

}  // namespace contactcenter::analytics::detect
