// An injectable clock, so that deadline and scheduling logic can be tested
// with time that moves only when the test says so.
#pragma once

#include <mutex>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace contactcenter {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
  // A process-wide instance for code that has no clock injected.
  static const SystemClock& Get();
};

// A clock for tests: stands still until Set() or Advance(). Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Set(absl::Time t) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = t;
  }
  void Advance(absl::Duration d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
  }

 private:
  mutable std::mutex mu_;
  absl::Time now_;
};

// The time zone statutory dates are counted in (Europe/Kyiv). Falls back to
// the older tzdata name, and fails loudly if neither is installed.
const absl::TimeZone& KyivTimeZone();

}  // namespace contactcenter
