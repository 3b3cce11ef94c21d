// The detectors on data made here: a planted outbreak is found, flat data
// stays silent (fixed seeds), and the figures match hand computation.
#include <random>

#include "detect/adjacency.h"
#include "detect/count_cube.h"
#include "detect/cusum.h"
#include "detect/daily.h"
#include "detect/ears.h"
#include "detect/scan.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::analytics::detect {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::StatusIs;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kChain[] =
    "code,neighbours,note\n"
    "A,B,\n"
    "B,A C,\n"
    "C,B,\n"
    "D,,an island\n";

TEST(AdjacencyTest, ZonesAreEachTerritoryAloneThenWithItsNeighbours) {
  absl::StatusOr<Adjacency> parsed = Adjacency::Parse(kChain, "adj.csv");
  ASSERT_OK(parsed.status());
  const Adjacency& a = *parsed;
  EXPECT_THAT(a.territories(), ElementsAre("A", "B", "C", "D"));
  EXPECT_THAT(a.Zones(), ElementsAre(ElementsAre(0), ElementsAre(1), ElementsAre(2),
                                     ElementsAre(3), ElementsAre(0, 1), ElementsAre(0, 1, 2),
                                     ElementsAre(1, 2)));
}

TEST(AdjacencyTest, NamesEveryBadCellAtOnce) {
  const char csv[] =
      "code,neighbours,note\n"
      "A,B X,\n"
      "B,,\n"
      "C,C,\n"
      "A,,\n";
  EXPECT_THAT(Adjacency::Parse(csv, "adj.csv").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(Adjacency::Parse(csv, "adj.csv").status()),
              UnorderedElementsAre("adj.csv:2:neighbours", "adj.csv:2:neighbours",
                                   "adj.csv:4:neighbours", "adj.csv:5:code"));
}

TEST(AdjacencyTest, TheOblastsFileIsSymmetricAndCoversEveryRaion) {
  absl::StatusOr<Adjacency> loaded = Adjacency::LoadDir(CC_REFERENCE_DIR);
  ASSERT_OK(loaded.status());
  const Adjacency& a = *loaded;
  EXPECT_EQ(a.territories().size(), 8u);
  for (const std::string& t : a.territories()) {
    EXPECT_FALSE(a.NeighboursOf(t).empty()) << t;
  }
  EXPECT_THAT(a.NeighboursOf("LG-DOV"), ElementsAre("LG-LUH", "LG-ROV"));
}

TEST(ScanTest, LlrMatchesTheFormula) {
  // c ln(c/mu) + (C-c) ln((C-c)/(C-mu)), 0 unless c > mu.
  EXPECT_THAT(PermutationLlr(10, 2, 100),
              DoubleNear(10 * std::log(5.0) + 90 * std::log(90.0 / 98.0), 1e-12));
  EXPECT_EQ(PermutationLlr(2, 2, 100), 0);
  EXPECT_EQ(PermutationLlr(1, 2, 100), 0);
}

// Two topics over four territories in a chain and 56 days (or `days`),
// each cell Poisson with mean 0.3 a day from a fixed seed.
CountCube FlatCube(uint64_t seed, int days = 56) {
  CountCube cube({"101", "109"}, {"A", "B", "C", "D"}, absl::CivilDay(2026, 1, 1), days);
  std::mt19937_64 rng(seed);
  std::poisson_distribution<int> poisson(0.3);
  for (int k = 0; k < 2; ++k) {
    for (int z = 0; z < 4; ++z) {
      for (int d = 0; d < days; ++d) cube.at(k, z, d) = poisson(rng);
    }
  }
  return cube;
}

std::vector<std::vector<int>> ChainZones() {
  return Adjacency::Parse(kChain, "adj.csv")->Zones();
}

TEST(ScanTest, FindsAPlantedOutbreakOfTenAppealsInOneCell) {
  CountCube cube = FlatCube(7);
  // Topic 109 in territory C: 3, 3 and 4 more appeals on the last 3 days.
  cube.at(1, 2, 53) += 3;
  cube.at(1, 2, 54) += 3;
  cube.at(1, 2, 55) += 4;
  ScanOptions o;
  o.seed = 42;
  const std::vector<ScanCluster> found = SpaceTimeScan(cube, ChainZones(), o);
  ASSERT_FALSE(found.empty());
  const ScanCluster& best = found.front();
  EXPECT_EQ(best.topic, 1);
  EXPECT_THAT(best.territories, ElementsAre(2));
  EXPECT_GE(best.window_days, 2);
  EXPECT_LE(best.window_days, 3);
  EXPECT_TRUE(best.signal);
  EXPECT_GE(best.recurrence_days, 365);
  EXPECT_GE(best.observed, 10);
  // Topic 101 was left alone: it does not signal.
  for (const ScanCluster& c : found) {
    if (c.topic == 0) {
      EXPECT_FALSE(c.signal);
    }
  }
}

TEST(ScanTest, StaysSilentOnFlatData) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    ScanOptions o;
    o.seed = seed;
    for (const ScanCluster& c : SpaceTimeScan(FlatCube(seed), ChainZones(), o)) {
      EXPECT_FALSE(c.signal) << "seed " << seed << " topic " << c.topic << " p " << c.p_value;
    }
  }
}

TEST(ScanTest, ExactlyEvenCountsHaveNoClusterAtAll) {
  CountCube cube({"101"}, {"A", "B", "C", "D"}, absl::CivilDay(2026, 1, 1), 28);
  for (int z = 0; z < 4; ++z) {
    for (int d = 0; d < 28; ++d) cube.at(0, z, d) = 2;
  }
  ScanOptions o;
  o.seed = 1;
  EXPECT_THAT(SpaceTimeScan(cube, ChainZones(), o), IsEmpty());
}

TEST(ScanTest, TheSameSeedGivesTheSamePValue) {
  CountCube cube = FlatCube(11);
  cube.at(0, 0, 55) += 3;
  ScanOptions o;
  o.seed = 9;
  o.stop_early = false;
  const auto a = SpaceTimeScan(cube, ChainZones(), o);
  const auto b = SpaceTimeScan(cube, ChainZones(), o);
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a[0].p_value, b[0].p_value);
  EXPECT_GT(a[0].p_value, 1.0 / 1000);
}

TEST(CusumTest, NbLlrIsPoissonsForNoDispersion) {
  EXPECT_THAT(NbLlr(3, 1, 2, 0), DoubleNear(3 * std::log(2.0) - 1, 1e-12));
  // A huge size is practically Poisson.
  EXPECT_THAT(NbLlr(3, 1, 2, 1e9), DoubleNear(3 * std::log(2.0) - 1, 1e-6));
}

TEST(CusumTest, QuietOnASteadySeriesAndAlarmsSoonAfterAStep) {
  std::mt19937_64 rng(3);
  std::poisson_distribution<int> before(2.0);
  std::poisson_distribution<int> after(6.0);
  std::vector<int> series;
  for (int d = 0; d < 120; ++d) series.push_back(before(rng));
  const std::vector<CusumDay> steady = NbCusum(series, 0, CusumOptions{});
  ASSERT_EQ(steady.size(), 120u - 63u);
  for (const CusumDay& d : steady) EXPECT_FALSE(d.alarm);
  for (int d = 0; d < 5; ++d) series.push_back(after(rng));
  const std::vector<CusumDay> stepped = NbCusum(series, 0, CusumOptions{});
  bool alarmed = false;
  for (size_t i = steady.size(); i < stepped.size(); ++i) alarmed = alarmed || stepped[i].alarm;
  EXPECT_TRUE(alarmed);
}

// Four topics over four raions (the chain's A-D), each cell negative
// binomial (size 4) around `mean` a day, a year and a half from a fixed
// seed: what the per-cell CUSUM reads in the job.
CountCube NbCube(uint64_t seed, double mean, int days = 548) {
  CountCube cube({"101", "102", "103", "109"}, {"A", "B", "C", "D"}, absl::CivilDay(2025, 7, 1),
                 days);
  std::mt19937_64 rng(seed);
  for (int k = 0; k < 4; ++k) {
    for (int z = 0; z < 4; ++z) {
      for (int d = 0; d < days; ++d) {
        std::gamma_distribution<double> gamma(4, mean / 4);
        std::poisson_distribution<int> poisson(std::max(gamma(rng), 1e-12));
        cube.at(k, z, d) = poisson(rng);
      }
    }
  }
  return cube;
}

const std::vector<int> kRaions = {0, 1, 2, 3};

TEST(CellCusumTest, ExpectsTheTopicsLevelTimesTheCellsShare) {
  // Every day topic 101 brings 2 appeals in A and 1 in B, topic 102 1 in
  // A and 2 in B: no dispersion (Poisson) and no weekday swing, so each
  // cell's expected count is its own steady count.
  CountCube cube({"101", "102"}, {"A", "B"}, absl::CivilDay(2026, 1, 1), 400);
  for (int d = 0; d < 400; ++d) {
    cube.at(0, 0, d) = 2;
    cube.at(0, 1, d) = 1;
    cube.at(1, 0, d) = 1;
    cube.at(1, 1, d) = 2;
  }
  const auto cells = CellCusums(cube, {0, 1}, CellCusumOptions());
  ASSERT_THAT(cells, ::testing::SizeIs(2));
  ASSERT_EQ(cells[0][0].size(), 400u - 63u);
  // The share is shrunk toward the raion's (one half) by 20 appeals' worth:
  // after a year, (728 + 10) / (1092 + 20) of topic 101's 3 a day in A.
  EXPECT_THAT(cells[0][0].back().expected, DoubleNear(3.0 * 738 / 1112, 1e-9));
  EXPECT_THAT(cells[0][1].back().expected, DoubleNear(3.0 * 374 / 1112, 1e-9));
  EXPECT_THAT(cells[1][1].back().expected, DoubleNear(3.0 * 738 / 1112, 1e-9));
  for (const auto& topic : cells) {
    for (const auto& cell : topic) {
      for (const CusumDay& d : cell) EXPECT_FALSE(d.alarm);
    }
  }
}

TEST(CellCusumTest, FindsTenAppealsOverThreeDaysInACell) {
  // Cells of half an appeal a day, overdispersed (NB size 4), then 3, 3
  // and 4 more on the last three days in topic 109 in C: the per-cell
  // CUSUM at its calibrated threshold, silent everywhere for the year and a
  // half before (on this seed; at this volume a cell has about one false
  // alarm in 8 years, which tests/load/spike_benchmark measures), alarms
  // within them. (In the busiest cells, 2 a day, the same 10 appeals are
  // within the cell's own swings: the benchmark counts those misses.)
  CountCube cube = NbCube(12, 0.5);
  const int last = cube.days() - 1;
  for (const auto& topic : CellCusums(cube, kRaions, CellCusumOptions())) {
    for (const auto& cell : topic) {
      for (const CusumDay& d : cell) EXPECT_FALSE(d.alarm);
    }
  }
  cube.at(3, 2, last - 2) += 3;
  cube.at(3, 2, last - 1) += 3;
  cube.at(3, 2, last) += 4;
  const auto cells = CellCusums(cube, kRaions, CellCusumOptions());
  const std::vector<CusumDay>& after = cells[3][2];
  bool alarmed = false;
  for (size_t i = after.size() - 3; i < after.size(); ++i) alarmed = alarmed || after[i].alarm;
  EXPECT_TRUE(alarmed);
}

TEST(CellCusumTest, StaysSilentOnFlatData) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    const auto cells = CellCusums(FlatCube(seed, 365), kRaions, CellCusumOptions());
    for (int k = 0; k < 2; ++k) {
      for (int z = 0; z < 4; ++z) {
        for (const CusumDay& d : cells[k][z]) {
          EXPECT_FALSE(d.alarm) << "seed " << seed << " cell " << k << "/" << z;
        }
      }
    }
  }
}

TEST(EarsTest, C2IsTheDeviationFromTheLaggedWeek) {
  // Baseline days 0..6 (1,2,3,1,2,3,1: mean 13/7); days 7, 8 are the gap.
  const std::vector<int> series = {1, 2, 3, 1, 2, 3, 1, 50, 50, 6};
  const std::vector<EarsDay> c2 = EarsC2(series, EarsOptions{});
  ASSERT_EQ(c2.size(), 1u);
  const double mean = 13.0 / 7;
  double sq = 0;
  for (int i = 0; i < 7; ++i) sq += (series[i] - mean) * (series[i] - mean);
  EXPECT_THAT(c2[0].statistic, DoubleNear((6 - mean) / std::sqrt(sq / 6), 1e-12));
  EXPECT_TRUE(c2[0].alarm);
  // A run of zeros: the floor keeps the figure finite.
  const std::vector<EarsDay> zeros = EarsC2({0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, EarsOptions{});
  EXPECT_THAT(zeros[0].statistic, DoubleNear(5, 1e-12));
}

}  // namespace
}  // namespace contactcenter::analytics::detect

namespace contactcenter::analytics::detect {
namespace {

TEST(DailyTest, NamesTheScansClusterAndTheCusumsTopicByCode) {
  // 120 days: the CUSUM needs 63 before its first day.
  CountCube cube = FlatCube(7, 120);
  for (int d = 117; d < 120; ++d) cube.at(1, 2, d) += 4;
  DailyOptions o;
  o.scan.seed = 42;
  // Below the oblast-wide calibration (7): 3 days of +4 take the CUSUM to
  // 1.9, 4.3 and 6.2 here, so it alarms on the last day.
  o.cusum = CusumOptions{};
  o.cusum->threshold = 6;
  o.cell_cusum.reset();
  const std::vector<Finding> found = DetectDay(cube, ChainZones(), o);
  ASSERT_FALSE(found.empty());
  const Finding& scan = found.front();
  EXPECT_EQ(scan.method, Method::kScan);
  EXPECT_EQ(scan.topic_code, "109");
  EXPECT_THAT(scan.territory_codes, ElementsAre("C"));
  EXPECT_EQ(scan.detected_on, absl::CivilDay(2026, 4, 30));
  EXPECT_GE(scan.first_day, absl::CivilDay(2026, 4, 28));
  // The oblast's series of 109 rose by 12 in 3 days over about 1.2 a day.
  bool cusum = false;
  for (const Finding& f : found) {
    if (f.method != Method::kCusum) continue;
    cusum = true;
    EXPECT_EQ(f.topic_code, "109");
    EXPECT_THAT(f.territory_codes, IsEmpty());
    EXPECT_GT(f.observed, f.expected);
  }
  EXPECT_TRUE(cusum);
}

Finding At(Method method, const std::string& topic, std::vector<std::string> territories,
           absl::CivilDay day) {
  Finding f;
  f.method = method;
  f.topic_code = topic;
  f.territory_codes = std::move(territories);
  f.detected_on = day;
  return f;
}

TEST(DailyTest, TheCellCusumNamesItsRaion) {
  CountCube cube = FlatCube(7, 120);
  // 3 and then 5 more: the CUSUM passes its threshold on the last day only.
  cube.at(1, 2, 118) += 3;
  cube.at(1, 2, 119) += 5;
  DailyOptions o;
  o.scan.seed = 42;
  o.cusum.reset();
  std::vector<Finding> cells;
  for (const Finding& f : DetectDay(cube, ChainZones(), o)) {
    if (f.method == Method::kCusum) cells.push_back(f);
  }
  ASSERT_THAT(cells, ::testing::SizeIs(1));
  EXPECT_EQ(cells[0].topic_code, "109");
  EXPECT_THAT(cells[0].territory_codes, ElementsAre("C"));
  EXPECT_GE(cells[0].first_day, absl::CivilDay(2026, 4, 28));
  EXPECT_GE(cells[0].observed, 8);
}

TEST(DailyTest, ASpikeIsSignalledOnceAWeekPerMethodTopicAndPlace) {
  const Finding earlier = At(Method::kScan, "109", {"B", "C"}, absl::CivilDay(2026, 3, 1));
  EXPECT_TRUE(Repeats(At(Method::kScan, "109", {"C"}, absl::CivilDay(2026, 3, 3)), {earlier}, 7));
  EXPECT_FALSE(Repeats(At(Method::kScan, "109", {"A"}, absl::CivilDay(2026, 3, 3)), {earlier}, 7));
  EXPECT_FALSE(Repeats(At(Method::kScan, "101", {"C"}, absl::CivilDay(2026, 3, 3)), {earlier}, 7));
  EXPECT_FALSE(Repeats(At(Method::kCusum, "109", {}, absl::CivilDay(2026, 3, 3)), {earlier}, 7));
  EXPECT_FALSE(Repeats(At(Method::kScan, "109", {"C"}, absl::CivilDay(2026, 3, 9)), {earlier}, 7));
  EXPECT_TRUE(Repeats(At(Method::kCusum, "109", {}, absl::CivilDay(2026, 3, 2)),
                      {At(Method::kCusum, "109", {}, absl::CivilDay(2026, 2, 28))}, 7));
}

}  // namespace
}  // namespace contactcenter::analytics::detect
