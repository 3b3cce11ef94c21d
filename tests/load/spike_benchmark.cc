// spike_benchmark: analytics' spike detectors (services/analytics/src/detect)
// on synthetic daily counts, side by side at the same alarm budget.
//
// The counts: topic x raion x day, negative binomial (a gamma-mixed
// Poisson of size --size) around a mean that is the oblast's daily volume
// (--appeals_per_year) split by fixed topic weights (Zipf, exponent 0.8,
// over the classifier's 25 headings) and raion weights, times a
// day-of-week factor (Monday 1.3 .. Sunday 0.5) and a linear trend
// (--trend a year). Into each simulated year go --outbreaks outbreaks, one
// at a time: --excess extra appeals in one topic x raion cell (drawn at
// random, every cell alike), spread evenly over --outbreak_days days from
// a known start.
//
// The methods, each run daily over the days it may see:
//   EARS C2          per cell;
//   NB CUSUM         per topic over the whole oblast;
//   cell CUSUM       the NB CUSUM per cell (topic x raion), looking for a
//                    rise of a few appeals a day: the job's CellCusums
//                    (--cell_model=pooled) or NbCusum over the cell's own
//                    baseline (--cell_model=own, the job until 2026-12);
//   scan             the space-time permutation scan, signal at a
//                    recurrence interval of at least 365 days (its
//                    production setting, not calibrated);
//   scan + CUSUM     the scan, and the topic CUSUM with the budget the scan
//                    leaves (the job until 2026-12);
//   scan + cell      what analytics' job runs: the scan, and the cell
//                    CUSUM with the budget the scan leaves;
//   all three        the scan, the topic CUSUM with half of what the scan
//                    leaves, the cell CUSUM with the rest.
// EARS C2's and the CUSUMs' thresholds are calibrated first on
// --calibration_years outbreak-free years to the largest number of
// false-alarm episodes a year within --budget (bisection); a combination's
// CUSUM on the false alarms of the whole combination. The calibration
// years are runs as long as the evaluated ones (--years, each from the
// start, so the trend takes the volume as far), seeds --calibration_seed
// on; every seed of --seed is then evaluated with the same thresholds, and
// every budget of --budget calibrated and printed in turn.
//
// Printed for each method: the threshold, detection rate (outbreaks with
// an alarm on their topic, and cell or zone, within 7 days of the start),
// median delay in days (0 = the start day), and false-alarm episodes a
// year over the whole oblast. An alarm is false unless an outbreak of its
// topic (in its cell, or within its zone) started at most
// --outbreak_days + 6 days before; false alarms on the same series (the
// cell for C2, the topic for the others) on consecutive days, or with one
// day between, are one episode.
//
//   build/tests/spike_benchmark --years=10 --calibration_years=30 --seed=1,2,3
//       --budget=12,10   (one command; the README's figures)
//   build/tests/spike_benchmark --years=10 --seed=7 --excess=6 --scan=false
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "contactcenter/refdata/classifier.h"
#include "detect/adjacency.h"
#include "detect/count_cube.h"
#include "detect/cusum.h"
#include "detect/ears.h"
#include "detect/scan.h"

ABSL_FLAG(std::string, reference_dir, CC_REFERENCE_DIR,
          "Folder with classifier-topics.csv, territories.csv and territory-adjacency.csv.");
ABSL_FLAG(int, years, 5, "Simulated years with outbreaks (each after a warm-up).");
ABSL_FLAG(int, calibration_years, 5, "Outbreak-free simulated years for the calibration.");
ABSL_FLAG(std::vector<std::string>, seed, {"1"},
          "Seeds of the simulated years with outbreaks, comma-separated: each is evaluated with "
          "the same calibrated thresholds.");
ABSL_FLAG(uint64_t, calibration_seed, 1001, "Seed of the outbreak-free calibration years.");
ABSL_FLAG(int, threads, 2, "Threads the scan runs on (the days split among them; the same result).");
ABSL_FLAG(double, appeals_per_year, 20000, "The oblast's appeals a year.");
ABSL_FLAG(double, size, 4, "Negative binomial size of every cell (smaller: more overdispersed).");
ABSL_FLAG(double, trend, 0.1, "Growth of the volume a year (0.1: 10 %).");
ABSL_FLAG(int, outbreaks, 10, "Outbreaks a simulated year.");
ABSL_FLAG(int, excess, 10, "Extra appeals an outbreak adds to its cell.");
ABSL_FLAG(int, outbreak_days, 3, "Days an outbreak's extra appeals are spread over.");
ABSL_FLAG(std::vector<std::string>, budget, {"12"},
          "False-alarm episodes a year the calibrated methods may have; a list calibrates and "
          "prints each (the scans run once).");
ABSL_FLAG(int, study_days, 365, "The scan's study period (days of counts its expectations use).");
ABSL_FLAG(bool, verbose, false, "Print each outbreak's cell, its mean a day and each method's delay.");
ABSL_FLAG(int, replicates, 999, "The scan's Monte Carlo replicates.");
ABSL_FLAG(bool, scan, true,
          "Run the scan (slow); without it its rows are empty: for trying the CUSUMs' options.");
ABSL_FLAG(double, min_recurrence_days, 365, "The scan signals at this recurrence interval.");
ABSL_FLAG(double, cusum_shift_sd, contactcenter::analytics::detect::CusumOptions{}.shift_sd,
          "The rise the CUSUM looks for, in standard deviations of a day.");
ABSL_FLAG(double, cusum_min_shift, contactcenter::analytics::detect::CusumOptions{}.min_shift,
          "The rise the CUSUM looks for, at least this many appeals a day.");
ABSL_FLAG(double, cell_shift_sd, contactcenter::analytics::detect::CellCusumOptions().shift_sd,
          "The rise the per-cell CUSUM looks for, in standard deviations of a day.");
ABSL_FLAG(double, cell_min_shift, contactcenter::analytics::detect::CellCusumOptions().min_shift,
          "The rise the per-cell CUSUM looks for, at least this many appeals a day.");
ABSL_FLAG(int, cell_baseline_days, contactcenter::analytics::detect::CellCusumOptions().baseline_days,
          "Days of a cell's own counts its in-control mean and dispersion come from.");
ABSL_FLAG(std::string, cell_model, "pooled",
          "How the per-cell CUSUM models a cell: pooled (CellCusums, the job's: the topic's level "
          "times the cell's share, one dispersion for all cells) or own (NbCusum over the cell's "
          "own baseline, the job's until 2026-12).");
ABSL_FLAG(int, cell_share_days, contactcenter::analytics::detect::CellModelOptions{}.share_days,
          "Days a cell's share of its topic and the pooled dispersion come from.");
ABSL_FLAG(double, cell_share_prior, contactcenter::analytics::detect::CellModelOptions{}.share_prior,
          "Appeals' worth of the raion's share a cell's share is shrunk toward.");
ABSL_FLAG(double, cell_min_mean, contactcenter::analytics::detect::CellCusumOptions().min_mean,
          "The per-cell CUSUM's floor under a cell's in-control mean.");

namespace contactcenter::analytics::detect {
namespace {

constexpr int kWarmUpDays = 70;
constexpr int kFoundWithinDays = 7;
constexpr double kDayOfWeek[7] = {1.3, 1.2, 1.1, 1.1, 1.0, 0.6, 0.5};  // Monday first

struct Outbreak {
  int topic;
  int territory;
  int start;  // day index
};

struct World {
  CountCube counts;  // every day, warm-up included
  std::vector<Outbreak> outbreaks;
};

// Raion weights: the controlled raions write most (synthetic, not measured).
std::vector<double> TerritoryWeights(const std::vector<std::string>& territories) {
  const std::map<std::string, double> w = {{"LG-SEV", 0.24}, {"LG-STA", 0.14}, {"LG-SVA", 0.12},
                                           {"LG-SHC", 0.12}, {"LG-ALC", 0.10}, {"LG-LUH", 0.12},
                                           {"LG-ROV", 0.08}, {"LG-DOV", 0.08}};
  std::vector<double> out;
  for (const std::string& t : territories) out.push_back(w.contains(t) ? w.at(t) : 0.1);
  return out;
}

World Simulate(const std::vector<std::string>& topics, const std::vector<std::string>& territories,
               int years, int outbreaks_a_year, uint64_t seed) {
  const int days = kWarmUpDays + years * 365;
  World world{CountCube(topics, territories, absl::CivilDay(2026, 1, 1), days), {}};
  std::mt19937_64 rng(seed);
  std::vector<double> topic_w;
  double sum = 0;
  for (size_t k = 0; k < topics.size(); ++k) sum += topic_w.emplace_back(std::pow(k + 1.0, -0.8));
  for (double& w : topic_w) w /= sum;
  // Shuffled, so the biggest topic is not always the first code.
  std::shuffle(topic_w.begin(), topic_w.end(), rng);
  const std::vector<double> territory_w = TerritoryWeights(territories);
  const double per_day = absl::GetFlag(FLAGS_appeals_per_year) / 365.0;
  const double size = absl::GetFlag(FLAGS_size);
  const double trend = absl::GetFlag(FLAGS_trend);
  double dow_mean = 0;
  for (double f : kDayOfWeek) dow_mean += f / 7;
  for (size_t k = 0; k < topics.size(); ++k) {
    for (size_t z = 0; z < territories.size(); ++z) {
      for (int d = 0; d < days; ++d) {
        const double mean = per_day * topic_w[k] * territory_w[z] *
                            kDayOfWeek[world.counts.Weekday(d)] / dow_mean *
                            (1 + trend * d / 365.0);
        std::gamma_distribution<double> gamma(size, mean / size);
        std::poisson_distribution<int> poisson(std::max(gamma(rng), 1e-12));
        world.counts.at(static_cast<int>(k), static_cast<int>(z), d) = poisson(rng);
      }
    }
  }
  // One outbreak at a time: each in its own slot of the year.
  const int excess = absl::GetFlag(FLAGS_excess);
  const int spread = absl::GetFlag(FLAGS_outbreak_days);
  const int slot = outbreaks_a_year > 0 ? 365 / outbreaks_a_year : 365;
  for (int y = 0; y < years; ++y) {
    for (int i = 0; i < outbreaks_a_year; ++i) {
      const int room = std::max(1, slot - spread - kFoundWithinDays - 7);
      Outbreak o{static_cast<int>(rng() % topics.size()),
                 static_cast<int>(rng() % territories.size()),
                 kWarmUpDays + y * 365 + i * slot + static_cast<int>(rng() % room)};
      for (int j = 0; j < spread; ++j) {
        world.counts.at(o.topic, o.territory, o.start + j) +=
            (j + 1) * excess / spread - j * excess / spread;
      }
      world.outbreaks.push_back(o);
    }
  }
  return world;
}

struct Alarm {
  int day;
  int topic;
  std::vector<int> territories;  // empty: the whole oblast
};

struct Score {
  int outbreaks = 0;
  int found = 0;
  std::vector<int> delays;
  int false_episodes = 0;
  double years = 0;
  double FalsePerYear() const { return false_episodes / years; }
  double Rate() const { return outbreaks ? 100.0 * found / outbreaks : 0; }
  double MedianDelay() const {
    if (delays.empty()) return NAN;
    std::vector<int> d = delays;
    std::sort(d.begin(), d.end());
    return d.size() % 2 ? d[d.size() / 2] : (d[d.size() / 2 - 1] + d[d.size() / 2]) / 2.0;
  }
};

bool Covers(const Alarm& a, const Outbreak& o) {
  if (a.topic != o.topic) return false;
  return a.territories.empty() ||
         std::find(a.territories.begin(), a.territories.end(), o.territory) != a.territories.end();
}

Score Evaluate(const World& w, const std::vector<Alarm>& alarms, int years) {
  const int spread = absl::GetFlag(FLAGS_outbreak_days);
  Score s;
  s.years = years;
  s.outbreaks = static_cast<int>(w.outbreaks.size());
  for (const Outbreak& o : w.outbreaks) {
    int first = -1;
    for (const Alarm& a : alarms) {
      if (a.day >= o.start && a.day < o.start + kFoundWithinDays && Covers(a, o) &&
          (first < 0 || a.day < first)) {
        first = a.day;
      }
    }
    if (first >= 0) {
      ++s.found;
      s.delays.push_back(first - o.start);
    }
  }
  // Series: the cell for an alarm on one territory, else the topic.
  std::map<std::pair<int, int>, int> last_false;
  for (const Alarm& a : alarms) {
    bool true_alarm = false;
    for (const Outbreak& o : w.outbreaks) {
      true_alarm = true_alarm || (Covers(a, o) && a.day >= o.start && a.day < o.start + spread + 7);
    }
    if (true_alarm) continue;
    const std::pair<int, int> series{a.topic,
                                     a.territories.size() == 1 ? a.territories[0] : -1};
    auto it = last_false.find(series);
    if (it == last_false.end() || a.day - it->second > 2) ++s.false_episodes;
    last_false[series] = a.day;
  }
  return s;
}

std::vector<Alarm> RunEars(const World& w, double threshold) {
  std::vector<Alarm> out;
  EarsOptions o;
  o.threshold = threshold;
  const CountCube& c = w.counts;
  for (int k = 0; k < static_cast<int>(c.topics().size()); ++k) {
    for (int z = 0; z < static_cast<int>(c.territories().size()); ++z) {
      const std::vector<EarsDay> days = EarsC2(c.CellSeries(k, z), o);
      for (size_t i = 0; i < days.size(); ++i) {
        const int day = 9 + static_cast<int>(i);
        if (days[i].alarm && day >= kWarmUpDays) out.push_back({day, k, {z}});
      }
    }
  }
  return out;
}

std::vector<Alarm> RunCusum(const World& w, double threshold) {
  std::vector<Alarm> out;
  CusumOptions o;
  o.threshold = threshold;
  o.shift_sd = absl::GetFlag(FLAGS_cusum_shift_sd);
  o.min_shift = absl::GetFlag(FLAGS_cusum_min_shift);
  const CountCube& c = w.counts;
  const int first = o.baseline_days + o.guard_days;
  for (int k = 0; k < static_cast<int>(c.topics().size()); ++k) {
    const std::vector<CusumDay> days = NbCusum(c.TopicSeries(k), c.Weekday(0), o);
    for (size_t i = 0; i < days.size(); ++i) {
      const int day = first + static_cast<int>(i);
      if (days[i].alarm && day >= kWarmUpDays) out.push_back({day, k, {}});
    }
  }
  return out;
}

std::vector<Alarm> RunCellCusum(const World& w, double threshold) {
  std::vector<Alarm> out;
  CusumOptions o = CellCusumOptions();
  o.threshold = threshold;
  o.shift_sd = absl::GetFlag(FLAGS_cell_shift_sd);
  o.min_shift = absl::GetFlag(FLAGS_cell_min_shift);
  o.min_mean = absl::GetFlag(FLAGS_cell_min_mean);
  o.baseline_days = absl::GetFlag(FLAGS_cell_baseline_days);
  const CountCube& c = w.counts;
  const int first = o.baseline_days + o.guard_days;
  const int topics = static_cast<int>(c.topics().size());
  const int territories = static_cast<int>(c.territories().size());
  auto collect = [&](int k, int z, const std::vector<CusumDay>& days) {
    for (size_t i = 0; i < days.size(); ++i) {
      const int day = first + static_cast<int>(i);
      if (days[i].alarm && day >= kWarmUpDays) out.push_back({day, k, {z}});
    }
  };
  if (absl::GetFlag(FLAGS_cell_model) == "own") {
    for (int k = 0; k < topics; ++k) {
      for (int z = 0; z < territories; ++z) collect(k, z, NbCusum(c.CellSeries(k, z), c.Weekday(0), o));
    }
    return out;
  }
  CellModelOptions m;
  m.share_days = absl::GetFlag(FLAGS_cell_share_days);
  m.share_prior = absl::GetFlag(FLAGS_cell_share_prior);
  std::vector<int> raions(territories);
  for (int z = 0; z < territories; ++z) raions[z] = z;
  const auto cells = CellCusums(c, raions, o, m);
  for (int k = 0; k < topics; ++k) {
    for (int z = 0; z < territories; ++z) collect(k, z, cells[k][z]);
  }
  return out;
}

std::vector<Alarm> Union(std::vector<Alarm> a, const std::vector<Alarm>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<Alarm> RunScan(const World& w, const std::vector<std::vector<int>>& zones,
                           uint64_t seed) {
  if (!absl::GetFlag(FLAGS_scan)) return {};
  ScanOptions o;
  o.replicates = absl::GetFlag(FLAGS_replicates);
  o.min_recurrence_days = absl::GetFlag(FLAGS_min_recurrence_days);
  const int study = absl::GetFlag(FLAGS_study_days);
  const CountCube& c = w.counts;
  const int topics = static_cast<int>(c.topics().size());
  const int territories = static_cast<int>(c.territories().size());
  // Each day is its own analysis with its own Monte Carlo seed, so the days
  // split among the threads give what one thread gives.
  std::vector<std::vector<Alarm>> by_day(c.days());
  auto scan_days = [&](int first, int step) {
    ScanOptions mine = o;
    for (int day = first; day < c.days(); day += step) {
      const int from = std::max(0, day - study + 1);
      CountCube cube(c.topics(), c.territories(), c.first_day() + from, day - from + 1);
      for (int k = 0; k < topics; ++k) {
        for (int z = 0; z < territories; ++z) {
          for (int d = from; d <= day; ++d) cube.at(k, z, d - from) = c.at(k, z, d);
        }
      }
      mine.seed = seed * 100000 + day;
      for (const ScanCluster& cl : SpaceTimeScan(cube, zones, mine)) {
        if (cl.signal) by_day[day].push_back({day, cl.topic, cl.territories});
      }
    }
  };
  const int threads = std::max(1, absl::GetFlag(FLAGS_threads));
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(scan_days, kWarmUpDays + i, threads);
  for (std::thread& t : pool) t.join();
  std::vector<Alarm> out;
  for (const std::vector<Alarm>& day : by_day) out.insert(out.end(), day.begin(), day.end());
  return out;
}

// The smallest threshold whose false-alarm episodes a year on the
// outbreak-free worlds together stay within `budget`; run(i, threshold)
// gives the alarms on nulls[i].
template <typename Run>
double Calibrate(const std::vector<World>& nulls, int years, double budget, Run run) {
  double lo = 0, hi = 100;
  for (int i = 0; i < 25; ++i) {
    const double mid = (lo + hi) / 2;
    int episodes = 0;
    for (size_t n = 0; n < nulls.size(); ++n) {
      episodes += Evaluate(nulls[n], run(n, mid), years).false_episodes;
    }
    if (episodes <= budget * years * static_cast<double>(nulls.size())) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

int Main() {
  const std::string dir = absl::GetFlag(FLAGS_reference_dir);
  absl::StatusOr<refdata::Classifier> classifier = refdata::Classifier::LoadDir(dir);
  absl::StatusOr<Adjacency> adjacency = Adjacency::LoadDir(dir);
  if (!classifier.ok() || !adjacency.ok()) {
    std::fprintf(stderr, "%s %s\n", classifier.status().ToString().c_str(),
                 adjacency.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> topics;
  for (const auto& [code, topic] : classifier->topics()) {
    if (refdata::TopicDepth(code) == 1) topics.push_back(code);
  }
  const std::vector<std::string>& territories = adjacency->territories();
  const std::vector<std::vector<int>> zones = adjacency->Zones();
  const int years = absl::GetFlag(FLAGS_years);
  const int calibration_years = absl::GetFlag(FLAGS_calibration_years);
  std::vector<uint64_t> seeds;
  for (const std::string& text : absl::GetFlag(FLAGS_seed)) {
    uint64_t seed = 0;
    if (!absl::SimpleAtoi(text, &seed)) {
      std::fprintf(stderr, "--seed: not a number: %s\n", text.c_str());
      return 1;
    }
    seeds.push_back(seed);
  }
  const uint64_t calibration_seed = absl::GetFlag(FLAGS_calibration_seed);
  std::vector<double> budgets;
  for (const std::string& text : absl::GetFlag(FLAGS_budget)) {
    double budget = 0;
    if (!absl::SimpleAtod(text, &budget)) {
      std::fprintf(stderr, "--budget: not a number: %s\n", text.c_str());
      return 1;
    }
    budgets.push_back(budget);
  }
  const auto t0 = std::chrono::steady_clock::now();

  // The outbreak-free worlds: as many runs of --years as --calibration_years
  // needs, each from the start (the volume's trend as in the evaluated ones),
  // seeds calibration_seed, calibration_seed + 1, ...
  const int null_worlds = std::max(1, (calibration_years + years - 1) / years);
  std::vector<World> nulls;
  std::vector<std::vector<Alarm>> scan_null;
  int scan_null_episodes = 0;
  for (int n = 0; n < null_worlds; ++n) {
    nulls.push_back(Simulate(topics, territories, years, 0, calibration_seed + n));
    scan_null.push_back(RunScan(nulls.back(), zones, calibration_seed + n));
    scan_null_episodes += Evaluate(nulls.back(), scan_null.back(), years).false_episodes;
  }
  const double scan_null_rate = scan_null_episodes / (static_cast<double>(years) * null_worlds);
  const double o_ri = absl::GetFlag(FLAGS_min_recurrence_days);

  std::printf(
      "%d topics x %zu raions, %.0f appeals a year (NB size %.1f, trend %+.0f %% a year, "
      "day of week 1.3..0.5)\n",
      static_cast<int>(topics.size()), territories.size(),
      absl::GetFlag(FLAGS_appeals_per_year), absl::GetFlag(FLAGS_size),
      100 * absl::GetFlag(FLAGS_trend));
  // The evaluated worlds and their scans, for every budget.
  struct Evaluated {
    uint64_t seed;
    World world;
    std::vector<Alarm> scan;
  };
  std::vector<Evaluated> evaluated;
  for (const uint64_t seed : seeds) {
    World world = Simulate(topics, territories, years, absl::GetFlag(FLAGS_outbreaks), seed);
    std::vector<Alarm> scan = RunScan(world, zones, seed);
    evaluated.push_back({seed, std::move(world), std::move(scan)});
  }

  for (const double budget : budgets) {
    auto each = [&](auto run) {
      return [&nulls, run](size_t n, double h) { return run(nulls[n], h); };
    };
    const double ears_h = Calibrate(nulls, years, budget, each(RunEars));
    const double cusum_h = Calibrate(nulls, years, budget, each(RunCusum));
    // What the scan leaves of the budget, for the CUSUM that runs beside it.
    const double rest = std::max(0.0, budget - scan_null_rate);
    const double joint_h = Calibrate(nulls, years, rest, each(RunCusum));
    const double cell_h = Calibrate(nulls, years, budget, each(RunCellCusum));
    // The scan with the per-cell CUSUM: the CUSUM's threshold calibrated so
    // that the two together stay within the budget.
    const double scan_cell_h = Calibrate(nulls, years, budget, [&](size_t n, double h) {
      return Union(scan_null[n], RunCellCusum(nulls[n], h));
    });
    // All three: the topic CUSUM with half of what the scan leaves, the
    // per-cell one calibrated to the rest.
    const double half_h = Calibrate(nulls, years, rest / 2, each(RunCusum));
    const double all_cell_h = Calibrate(nulls, years, budget, [&](size_t n, double h) {
      return Union(Union(scan_null[n], RunCusum(nulls[n], half_h)), RunCellCusum(nulls[n], h));
    });
    std::printf(
        "\ncalibrated on %d outbreak-free years (%d runs of %d, seeds %llu..%llu) to <= %.1f "
        "false-alarm episodes a year (the scan alone: %.1f); per-cell CUSUM model: %s\n",
        years * null_worlds, null_worlds, years, static_cast<unsigned long long>(calibration_seed),
        static_cast<unsigned long long>(calibration_seed + null_worlds - 1), budget,
        scan_null_rate, absl::GetFlag(FLAGS_cell_model).c_str());
    for (const Evaluated& e : evaluated) {
      const uint64_t seed = e.seed;
      const World& world = e.world;
      const std::vector<Alarm>& scan = e.scan;
      std::vector<Alarm> joint = RunCusum(world, joint_h);
      joint.insert(joint.end(), scan.begin(), scan.end());
      struct Row {
        std::string method;
        std::string threshold;
        std::vector<Alarm> alarms;
        Score score;
      };
      std::vector<Row> rows = {
          {"EARS C2 (per cell)", absl::StrFormat("C2 > %.2f", ears_h), RunEars(world, ears_h), {}},
          {"NB CUSUM (per topic, oblast)", absl::StrFormat("h = %.2f", cusum_h),
           RunCusum(world, cusum_h), {}},
          {"space-time permutation scan", absl::StrFormat("RI >= %.0f d", o_ri), scan, {}},
          {"scan + topic CUSUM", absl::StrFormat("RI >= %.0f d; h = %.2f", o_ri, joint_h),
           joint, {}},
          {"NB CUSUM (per cell)", absl::StrFormat("h = %.2f", cell_h), RunCellCusum(world, cell_h),
           {}},
          {"scan + cell CUSUM (the job)",
           absl::StrFormat("RI >= %.0f d; h = %.2f", o_ri, scan_cell_h),
           Union(scan, RunCellCusum(world, scan_cell_h)), {}},
          {"scan + topic + cell CUSUM", absl::StrFormat("h = %.2f; h = %.2f", half_h, all_cell_h),
           Union(Union(scan, RunCusum(world, half_h)), RunCellCusum(world, all_cell_h)), {}},
      };
      for (Row& r : rows) r.score = Evaluate(world, r.alarms, years);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf(
          "\nseed %llu: %d years with %d outbreaks of +%d appeals in one cell over %d days; scan: "
          "%d-day study period, %d replicates (%.0f s so far)\n\n",
          static_cast<unsigned long long>(seed), years, static_cast<int>(world.outbreaks.size()),
          absl::GetFlag(FLAGS_excess), absl::GetFlag(FLAGS_outbreak_days),
          absl::GetFlag(FLAGS_study_days), absl::GetFlag(FLAGS_replicates), seconds);
      std::printf("%-30s %-24s %10s %14s %22s\n", "method", "threshold", "detected",
                  "median delay", "false episodes / year");
      for (const Row& r : rows) {
        std::printf("%-30s %-24s %9.0f%% %12.1f d %22.1f\n", r.method.c_str(),
                    r.threshold.c_str(), r.score.Rate(), r.score.MedianDelay(),
                    r.score.FalsePerYear());
      }
      if (absl::GetFlag(FLAGS_verbose)) {
        for (const Outbreak& o : world.outbreaks) {
          double cell = 0, topic = 0;
          for (int d = o.start - 56; d < o.start; ++d) {
            cell += world.counts.at(o.topic, o.territory, d) / 56.0;
            for (size_t z = 0; z < territories.size(); ++z) {
              topic += world.counts.at(o.topic, static_cast<int>(z), d) / 56.0;
            }
          }
          std::printf("outbreak %s %s day %d: cell %.2f a day, topic %.2f a day; delays",
                      topics[o.topic].c_str(), territories[o.territory].c_str(), o.start, cell,
                      topic);
          for (const Row& r : rows) {
            const Score one = Evaluate(World{CountCube(), {o}}, r.alarms, 1);
            std::printf(" %s", one.found ? std::to_string(one.delays[0]).c_str() : "-");
          }
          std::printf("\n");
        }
      }
      std::fflush(stdout);
    }
  }
  return 0;
}

}  // namespace
}  // namespace contactcenter::analytics::detect

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return contactcenter::analytics::detect::Main();
}
