// A token bucket per caller, so that no one caller can take a service's
// whole capacity. Callers are keyed by the authenticated principal id, or
// by the peer's address for calls without a valid token (see
// Authenticator). The limiter remembers at most `max_callers` callers, the
// least recently seen forgotten first, so its own state is bounded too (a
// forgotten caller comes back with a full bucket).
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace contactcenter::auth {

inline constexpr char kRetryInfoTypeUrl[] = "type.googleapis.com/google.rpc.RetryInfo";

struct RateLimit {
  // Calls a second a caller may keep up; 0 turns the limiter off.
  double per_second = 1000;
  // Calls a caller may make at once (the bucket's size).
  int burst = 2000;
  int max_callers = 10000;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit, std::function<absl::Time()> now = &absl::Now);

  // OK and one call taken from `caller`'s bucket; or RESOURCE_EXHAUSTED
  // when it is empty, saying in the message when to retry and carrying the
  // same delay as a google.rpc.RetryInfo payload.
  absl::Status Admit(const std::string& caller);

  // Callers remembered now.
  size_t callers() const;

 private:
  struct Bucket {
    double tokens = 0;
    absl::Time refilled;
    std::list<std::string>::iterator lru;  // its place in lru_
  };

  const RateLimit limit_;
  const std::function<absl::Time()> now_;
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_;
  std::list<std::string> lru_;  // most recently seen first
};

// The delay a status built by Admit() asks for; zero if it carries none.
absl::Duration RetryDelayOf(const absl::Status& status);

}  // namespace contactcenter::auth
