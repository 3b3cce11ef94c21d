#include "detect/scan.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace contactcenter::analytics::detect {
namespace {

// One topic's marginals and the cases' territories, which the permutations
// deal out to the last days.
struct Stratum {
  int topic = 0;
  double total = 0;
  std::vector<int> territory_totals;  // N_z over the study period
  std::vector<int> window_day_totals;  // N_d for the last days, newest first
  std::vector<int> cases;              // one territory index per case
};

struct Best {
  double llr = 0;
  int zone = -1;
  int window = 0;
  int observed = 0;
  double expected = 0;
};

// counts[w-1][z]: cases of territory z in the last w days.
using WindowCounts = std::vector<std::vector<int>>;

Best BestCylinder(const Stratum& s, const WindowCounts& counts,
                  const std::vector<std::vector<int>>& zones) {
  Best best;
  std::vector<int> zone_totals(zones.size(), 0);
  for (size_t k = 0; k < zones.size(); ++k) {
    for (int z : zones[k]) zone_totals[k] += s.territory_totals[z];
  }
  int day_total = 0;
  for (size_t w = 0; w < counts.size(); ++w) {
    day_total += s.window_day_totals[w];
    if (day_total == 0) continue;
    for (size_t k = 0; k < zones.size(); ++k) {
      int c = 0;
      for (int z : zones[k]) c += counts[w][z];
      const double mu = static_cast<double>(zone_totals[k]) * day_total / s.total;
      const double llr = PermutationLlr(c, mu, s.total);
      if (llr > best.llr) best = {llr, static_cast<int>(k), static_cast<int>(w) + 1, c, mu};
    }
  }
  return best;
}

uint64_t Below(std::mt19937_64& rng, uint64_t n) { return rng() % n; }

}  // namespace

double PermutationLlr(double c, double mu, double total) {
  if (c <= mu || mu <= 0) return 0;
  double llr = c * std::log(c / mu);
  if (total - c > 0) llr += (total - c) * std::log((total - c) / (total - mu));
  return llr;
}

std::vector<ScanCluster> SpaceTimeScan(const CountCube& cube,
                                       const std::vector<std::vector<int>>& zones,
                                       const ScanOptions& options) {
  const int territories = static_cast<int>(cube.territories().size());
  const int windows = std::min(options.max_window_days, cube.days());
  std::vector<Stratum> strata;
  std::vector<WindowCounts> observed;
  for (int k = 0; k < static_cast<int>(cube.topics().size()); ++k) {
    Stratum s;
    s.topic = k;
    s.territory_totals.assign(territories, 0);
    s.window_day_totals.assign(windows, 0);
    WindowCounts counts(windows, std::vector<int>(territories, 0));
    for (int z = 0; z < territories; ++z) {
      for (int d = 0; d < cube.days(); ++d) {
        const int n = cube.at(k, z, d);
        s.territory_totals[z] += n;
        s.cases.insert(s.cases.end(), n, z);
        const int age = cube.days() - 1 - d;  // 0 for the day analysed
        if (age < windows) {
          s.window_day_totals[age] += n;
          for (int w = age; w < windows; ++w) counts[w][z] += n;
        }
      }
    }
    s.total = static_cast<double>(s.cases.size());
    int recent = 0;
    for (int n : s.window_day_totals) recent += n;
    // A topic with nothing on the last days, or nothing else, has no cluster.
    if (recent == 0 || recent == static_cast<int>(s.total)) continue;
    strata.push_back(std::move(s));
    observed.push_back(std::move(counts));
  }

  std::vector<ScanCluster> clusters;
  for (size_t i = 0; i < strata.size(); ++i) {
    const Best b = BestCylinder(strata[i], observed[i], zones);
    if (b.zone < 0) continue;
    ScanCluster c;
    c.topic = strata[i].topic;
    c.territories = zones[b.zone];
    c.window_days = b.window;
    c.observed = b.observed;
    c.expected = b.expected;
    c.llr = b.llr;
    clusters.push_back(std::move(c));
  }
  std::sort(clusters.begin(), clusters.end(),
            [](const ScanCluster& a, const ScanCluster& b) { return a.llr > b.llr; });
  if (clusters.empty()) return clusters;

  // p = (1 + replicates at least as extreme) / (1 + replicates); the most
  // exceedances a signal may have:
  const int allowed =
      static_cast<int>(std::floor((options.replicates + 1) / options.min_recurrence_days)) - 1;
  std::mt19937_64 rng(options.seed ? *options.seed : std::random_device{}());
  std::vector<int> exceed(clusters.size(), 0);
  int done = 0;
  WindowCounts counts(windows, std::vector<int>(territories, 0));
  for (int r = 0; r < options.replicates; ++r) {
    double max_llr = 0;
    for (Stratum& s : strata) {
      for (auto& row : counts) std::fill(row.begin(), row.end(), 0);
      // Deal the cases out at random: the first N_d to the newest day, and
      // so on (a partial Fisher-Yates shuffle; only the last days matter).
      size_t next = 0;
      for (int w = 0; w < windows; ++w) {
        for (int j = 0; j < s.window_day_totals[w]; ++j, ++next) {
          const size_t pick = next + Below(rng, s.cases.size() - next);
          std::swap(s.cases[next], s.cases[pick]);
          for (int v = w; v < windows; ++v) ++counts[v][s.cases[next]];
        }
      }
      max_llr = std::max(max_llr, BestCylinder(s, counts, zones).llr);
    }
    ++done;
    for (size_t i = 0; i < clusters.size(); ++i) {
      if (max_llr >= clusters[i].llr) ++exceed[i];
    }
    if (options.stop_early && exceed[0] > allowed) break;
  }
  for (size_t i = 0; i < clusters.size(); ++i) {
    ScanCluster& c = clusters[i];
    c.p_value = (1.0 + exceed[i]) / (1.0 + done);
    c.recurrence_days = 1.0 / c.p_value;
    c.signal = done == options.replicates && exceed[i] <= allowed;
  }
  return clusters;
}

}  // namespace contactcenter::analytics::detect
