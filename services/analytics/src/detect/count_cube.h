// Appeals counted by topic, territory and Kyiv day: what every detector
// reads. Pure data, no I/O.
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace contactcenter::analytics::detect {

class CountCube {
 public:
  CountCube() = default;
  // Zero counts for `days` days from `first_day`; the last day is the one
  // analysed.
  CountCube(std::vector<std::string> topics, std::vector<std::string> territories,
            absl::CivilDay first_day, int days);

  const std::vector<std::string>& topics() const { return topics_; }
  const std::vector<std::string>& territories() const { return territories_; }
  absl::CivilDay first_day() const { return first_day_; }
  absl::CivilDay last_day() const { return first_day_ + (days_ - 1); }
  int days() const { return days_; }
  // Monday 0 .. Sunday 6, of day index `d`.
  int Weekday(int d) const;

  int at(int topic, int territory, int day) const { return n_[Index(topic, territory, day)]; }
  int& at(int topic, int territory, int day) { return n_[Index(topic, territory, day)]; }
  // Index of a code, or -1.
  int TopicIndex(const std::string& code) const;
  int TerritoryIndex(const std::string& code) const;

  // One topic's daily counts over every territory.
  std::vector<int> TopicSeries(int topic) const;
  // One cell's daily counts.
  std::vector<int> CellSeries(int topic, int territory) const;

 private:
  size_t Index(int topic, int territory, int day) const {
    return (static_cast<size_t>(topic) * territories_.size() + territory) * days_ + day;
  }

  std::vector<std::string> topics_;
  std::vector<std::string> territories_;
  absl::CivilDay first_day_;
  int days_ = 0;
  std::vector<int> n_;
};

}  // namespace contactcenter::analytics::detect
