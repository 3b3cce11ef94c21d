#include "detect/count_cube.h"

#include <algorithm>

namespace contactcenter::analytics::detect {

CountCube::CountCube(std::vector<std::string> topics, std::vector<std::string> territories,
                     absl::CivilDay first_day, int days)
    : topics_(std::move(topics)),
      territories_(std::move(territories)),
      first_day_(first_day),
      days_(days),
      n_(topics_.size() * territories_.size() * static_cast<size_t>(std::max(days, 0)), 0) {}

int CountCube::Weekday(int d) const {
  switch (absl::GetWeekday(first_day_ + d)) {
    case absl::Weekday::monday: return 0;
    case absl::Weekday::tuesday: return 1;
    case absl::Weekday::wednesday: return 2;
    case absl::Weekday::thursday: return 3;
    case absl::Weekday::friday: return 4;
    case absl::Weekday::saturday: return 5;
    case absl::Weekday::sunday: return 6;
  }
  return 0;
}

int CountCube::TopicIndex(const std::string& code) const {
  auto it = std::find(topics_.begin(), topics_.end(), code);
  return it == topics_.end() ? -1 : static_cast<int>(it - topics_.begin());
}

int CountCube::TerritoryIndex(const std::string& code) const {
  auto it = std::find(territories_.begin(), territories_.end(), code);
  return it == territories_.end() ? -1 : static_cast<int>(it - territories_.begin());
}

std::vector<int> CountCube::TopicSeries(int topic) const {
  std::vector<int> out(days_, 0);
  for (size_t z = 0; z < territories_.size(); ++z) {
    for (int d = 0; d < days_; ++d) out[d] += at(topic, static_cast<int>(z), d);
  }
  return out;
}

std::vector<int> CountCube::CellSeries(int topic, int territory) const {
  std::vector<int> out(days_, 0);
  for (int d = 0; d < days_; ++d) out[d] = at(topic, territory, d);
  return out;
}

}  // namespace contactcenter::analytics::detect
