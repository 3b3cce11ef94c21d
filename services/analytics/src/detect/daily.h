// One day's detection: the scan and the CUSUM over a cube that ends on the
// day analysed, as findings named by codes; and the rule that keeps a
// spike from being signalled again every day it lasts. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "detect/count_cube.h"
#include "detect/cusum.h"
#include "detect/scan.h"

namespace contactcenter::analytics::detect {

enum class Method { kScan = 1, kCusum = 2 };

struct Finding {
  Method method = Method::kScan;
  std::string topic_code;
  std::vector<std::string> territory_codes;  // sorted; empty: the whole oblast
  absl::CivilDay detected_on;
  absl::CivilDay first_day;
  int64_t observed = 0;
  double expected = 0;
  double statistic = 0;
  double p_value = 0;          // the scan's
  double recurrence_days = 0;  // the scan's
};

struct DailyOptions {
  ScanOptions scan;
  // The CUSUM per topic over the whole oblast, and the one per topic in
  // each raion (a cell); each runs when set. Which of them runs beside the
  // scan, at which threshold, is what tests/load/spike_benchmark found best
  // at the same false-alarm budget (see the README).
  std::optional<CusumOptions> cusum;
  std::optional<CusumOptions> cell_cusum = CellCusumOptions();
  CellModelOptions cell_model;
  // A finding repeats an earlier one of the same method and topic whose
  // territories overlap (or both the whole oblast) detected within this
  // many days before.
  int repeat_days = 7;
};

// The scan's signals and the CUSUMs' alarms on the cube's last day (a
// cell's alarm names its raion, the oblast's none). The zones index the
// cube's territories; a territory in no zone (appeals of the oblast as a
// whole) counts in the oblast's CUSUM only. The scan looks at the
// whole cube (its study period); the CUSUM runs over it from the start.
std::vector<Finding> DetectDay(const CountCube& cube, const std::vector<std::vector<int>>& zones,
                               const DailyOptions& options);

bool Repeats(const Finding& f, const std::vector<Finding>& earlier, int repeat_days);

}  // namespace contactcenter::analytics::detect
