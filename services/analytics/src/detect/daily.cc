#include "detect/daily.h"

#include <algorithm>

namespace contactcenter::analytics::detect {

std::vector<Finding> DetectDay(const CountCube& cube, const std::vector<std::vector<int>>& zones,
                               const DailyOptions& options) {
  std::vector<Finding> out;
  const absl::CivilDay day = cube.last_day();
  for (const ScanCluster& c : SpaceTimeScan(cube, zones, options.scan)) {
    if (!c.signal) continue;
    Finding& f = out.emplace_back();
    f.method = Method::kScan;
    f.topic_code = cube.topics()[c.topic];
    for (int z : c.territories) f.territory_codes.push_back(cube.territories()[z]);
    std::sort(f.territory_codes.begin(), f.territory_codes.end());
    f.detected_on = day;
    f.first_day = day - (c.window_days - 1);
    f.observed = c.observed;
    f.expected = c.expected;
    f.statistic = c.llr;
    f.p_value = c.p_value;
    f.recurrence_days = c.recurrence_days;
  }
  // The CUSUM's alarm on the last day, as a finding: the rise began after
  // the statistic last stood at zero.
  auto cusum_finding = [&](int topic, const std::vector<CusumDay>& days,
                           std::vector<std::string> territories) {
    if (days.empty() || !days.back().alarm) return;
    int start = static_cast<int>(days.size()) - 1;
    while (start > 0 && days[start - 1].statistic > 0 && !days[start - 1].alarm) --start;
    Finding& f = out.emplace_back();
    f.method = Method::kCusum;
    f.topic_code = cube.topics()[topic];
    f.territory_codes = std::move(territories);
    f.detected_on = day;
    f.first_day = day - (static_cast<int>(days.size()) - 1 - start);
    for (int i = start; i < static_cast<int>(days.size()); ++i) {
      f.observed += days[i].observed;
      f.expected += days[i].expected;
    }
    f.statistic = days.back().statistic;
  };
  // The raions: every territory some zone holds.
  std::vector<int> raions;
  for (const std::vector<int>& zone : zones) raions.insert(raions.end(), zone.begin(), zone.end());
  std::sort(raions.begin(), raions.end());
  raions.erase(std::unique(raions.begin(), raions.end()), raions.end());
  for (int k = 0; k < static_cast<int>(cube.topics().size()); ++k) {
    if (options.cusum) {
      cusum_finding(k, NbCusum(cube.TopicSeries(k), cube.Weekday(0), *options.cusum), {});
    }
  }
  if (options.cell_cusum) {
    const auto cells = CellCusums(cube, raions, *options.cell_cusum, options.cell_model);
    for (int k = 0; k < static_cast<int>(cube.topics().size()); ++k) {
      for (size_t i = 0; i < raions.size(); ++i) {
        cusum_finding(k, cells[k][i], {cube.territories()[raions[i]]});
      }
    }
  }
  return out;
}

bool Repeats(const Finding& f, const std::vector<Finding>& earlier, int repeat_days) {
  for (const Finding& e : earlier) {
    if (e.method != f.method || e.topic_code != f.topic_code) continue;
    if (e.detected_on >= f.detected_on || f.detected_on - e.detected_on > repeat_days) continue;
    if (e.territory_codes.empty() && f.territory_codes.empty()) return true;
    for (const std::string& t : f.territory_codes) {
      if (std::find(e.territory_codes.begin(), e.territory_codes.end(), t) !=
          e.territory_codes.end()) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace contactcenter::analytics::detect
