#include "rebuild_progress.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace contactcenter::analytics {

RebuildProgress::RebuildProgress(std::string producer, int64_t target, absl::Time start,
                                 absl::Duration every)
    : producer_(std::move(producer)), target_(target), start_(start), every_(every) {}

std::optional<double> RebuildProgress::Percent(int64_t position, absl::Time occurred_at) const {
  if (target_ > 0) return std::min(100.0, 100.0 * static_cast<double>(position) / target_);
  if (!first_occurred_ || start_ <= *first_occurred_) return std::nullopt;
  const double span = absl::ToDoubleSeconds(start_ - *first_occurred_);
  const double done = absl::ToDoubleSeconds(occurred_at - *first_occurred_);
  return std::clamp(100.0 * done / span, 0.0, 100.0);
}

std::optional<std::string> RebuildProgress::Applied(int64_t position, absl::Time occurred_at,
                                                    absl::Time now) {
  if (finished_) return std::nullopt;
  if (!first_occurred_) first_occurred_ = occurred_at;
  ++done_;
  const bool reached = target_ > 0 && position >= target_;
  if (!reached && now - last_logged_ < every_) return std::nullopt;
  last_logged_ = now;
  std::string line = absl::StrCat("rebuild of ", producer_, "'s projection: ", done_,
                                  " events applied (position ", position);
  if (target_ > 0) absl::StrAppend(&line, " of ", target_);
  line += ")";
  const std::optional<double> pct = Percent(position, occurred_at);
  if (pct) {
    absl::StrAppend(&line, absl::StrFormat(", %.1f%%", *pct));
    if (*pct > 0 && *pct < 100) {
      const absl::Duration elapsed = now - start_;
      const absl::Duration left = elapsed * ((100.0 - *pct) / *pct);
      absl::StrAppend(&line, ", about ", absl::FormatDuration(absl::Trunc(left, absl::Seconds(1))),
                      " left");
    }
  }
  if (reached) {
    finished_ = true;
    absl::StrAppend(&line, "; done in ",
                    absl::FormatDuration(absl::Trunc(now - start_, absl::Milliseconds(1))));
  }
  return line;
}

}  // namespace contactcenter::analytics
