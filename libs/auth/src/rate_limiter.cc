#include "contactcenter/auth/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include "absl/types/optional.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace contactcenter::auth {

RateLimiter::RateLimiter(RateLimit limit, std::function<absl::Time()> now)
    : limit_(limit), now_(std::move(now)) {}

size_t RateLimiter::callers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

absl::Status RateLimiter::Admit(const std::string& caller) {
  if (limit_.per_second <= 0) return absl::OkStatus();
  const absl::Time now = now_();
  double missing = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = buckets_.find(caller);
    if (it == buckets_.end()) {
      if (static_cast<int>(buckets_.size()) >= limit_.max_callers) {
        buckets_.erase(lru_.back());
        lru_.pop_back();
      }
      lru_.push_front(caller);
      it = buckets_.emplace(caller, Bucket{static_cast<double>(limit_.burst), now, lru_.begin()})
               .first;
    } else {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
    }
    Bucket& b = it->second;
    const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - b.refilled));
    b.tokens = std::min<double>(limit_.burst, b.tokens + elapsed * limit_.per_second);
    b.refilled = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return absl::OkStatus();
    }
    missing = 1 - b.tokens;
  }
  // Whole milliseconds, rounded up (past rounding noise): retrying at the
  // hint succeeds.
  const absl::Duration delay = absl::Milliseconds(
      std::max(1.0, std::ceil(missing / limit_.per_second * 1000 - 1e-6)));
  absl::Status status = absl::ResourceExhaustedError(absl::StrCat(
      "rate limit: at most ", limit_.per_second, " calls a second (bursts of ", limit_.burst,
      ") for each caller; retry in ", absl::FormatDuration(delay)));
  google::rpc::RetryInfo info;
  info.mutable_retry_delay()->set_seconds(absl::ToInt64Seconds(delay));
  info.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(delay % absl::Seconds(1))));
  status.SetPayload(kRetryInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

absl::Duration RetryDelayOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kRetryInfoTypeUrl);
  google::rpc::RetryInfo info;
  if (!payload || !info.ParseFromString(std::string(*payload))) return absl::ZeroDuration();
  return absl::Seconds(info.retry_delay().seconds()) +
         absl::Nanoseconds(info.retry_delay().nanos());
}

}  // namespace contactcenter::auth
