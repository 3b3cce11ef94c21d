// Work a process repeats on a timer (a queue check, a deadline sweep), each
// job on a thread of its own from Start() until Stop().
//
// A job first runs as soon as the process says it is ready (a database
// service once its migrations ran; at once when no readiness check is set),
// so what it keeps (gauges, notices) is true from the first scrape, and then
// every `interval` after the end of its previous run. A failed run is logged
// and counted, and the job simply runs again at its next turn. Metrics,
// labelled `periodic_job`
// (not `job`, which is Prometheus's own):
// periodic_job_runs_total, periodic_job_failures_total and
// periodic_job_last_success_timestamp_seconds (Unix time).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace contactcenter::runtime {

class PeriodicJobs {
 public:
  // `registry` may be null. `ready` (may be empty: always ready) says
  // whether the jobs can run yet.
  PeriodicJobs(prometheus::Registry* registry, std::function<bool()> ready = nullptr);
  ~PeriodicJobs();

  // Call before Start(). `name` is short and fixed, e.g. "overdue_check".
  void Add(std::string name, absl::Duration interval, std::function<absl::Status()> fn);
  // Sets the readiness check; call before Start().
  void SetReady(std::function<bool()> ready) { ready_ = std::move(ready); }

  void Start();
  // Wakes every job that is waiting, lets a run in progress finish, and
  // joins the threads. Idempotent.
  void Stop();

 private:
  struct Job {
    std::string name;
    absl::Duration interval;
    std::function<absl::Status()> fn;
    prometheus::Counter* runs = nullptr;
    prometheus::Counter* failures = nullptr;
    prometheus::Gauge* last_success = nullptr;
  };
  void Loop(Job& job);
  // Waits until `ready_` says true; false if stopped first.
  bool WaitUntilReady();

  std::function<bool()> ready_;
  prometheus::Family<prometheus::Counter>* runs_ = nullptr;
  prometheus::Family<prometheus::Counter>* failures_ = nullptr;
  prometheus::Family<prometheus::Gauge>* last_success_ = nullptr;
  std::vector<std::unique_ptr<Job>> jobs_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace contactcenter::runtime
