// How far a rebuild of the projection has come, for the log: events done,
// per cent and the time left. The length of the log is known when the
// projection had applied it before (the cursor before the rebuild); on a
// fresh database it is not, and the per cent is estimated from the events'
// times instead (how much of the span from the first event to the start of
// the rebuild has been replayed). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"

namespace contactcenter::analytics {

class RebuildProgress {
 public:
  // `target`: the cursor before the rebuild (0 when unknown).
  RebuildProgress(std::string producer, int64_t target, absl::Time start,
                  absl::Duration every = absl::Seconds(5));

  // After an event at `position` (that occurred at `occurred_at`) was
  // applied: a line to log when one is due (every `every`, and once on
  // reaching the target), else nothing.
  std::optional<std::string> Applied(int64_t position, absl::Time occurred_at, absl::Time now);

  // 0..100, or nullopt when it cannot be told yet.
  std::optional<double> Percent(int64_t position, absl::Time occurred_at) const;

 private:
  std::string producer_;
  int64_t target_;
  absl::Time start_;
  absl::Duration every_;
  absl::Time last_logged_ = absl::InfinitePast();
  std::optional<absl::Time> first_occurred_;
  int64_t done_ = 0;
  bool finished_ = false;
};

}  // namespace contactcenter::analytics
