#include "contactcenter/runtime/periodic_jobs.h"

#include "absl/time/clock.h"
#include "contactcenter/log/log.h"

namespace contactcenter::runtime {

PeriodicJobs::PeriodicJobs(prometheus::Registry* registry, std::function<bool()> ready)
    : ready_(std::move(ready)) {
  if (registry == nullptr) return;
  runs_ = &prometheus::BuildCounter()
               .Name("periodic_job_runs_total")
               .Help("Runs of a periodic job, failed ones included.")
               .Register(*registry);
  failures_ = &prometheus::BuildCounter()
                   .Name("periodic_job_failures_total")
                   .Help("Runs of a periodic job that failed (it runs again at its next turn).")
                   .Register(*registry);
  last_success_ = &prometheus::BuildGauge()
                       .Name("periodic_job_last_success_timestamp_seconds")
                       .Help("When a periodic job last succeeded (Unix time; 0: not yet).")
                       .Register(*registry);
}

PeriodicJobs::~PeriodicJobs() { Stop(); }

void PeriodicJobs::Add(std::string name, absl::Duration interval,
                       std::function<absl::Status()> fn) {
  auto job = std::make_unique<Job>();
  job->name = std::move(name);
  job->interval = interval;
  job->fn = std::move(fn);
  if (runs_ != nullptr) {
    // Not "job": Prometheus's own target label would push it aside.
    const prometheus::Labels labels{{"periodic_job", job->name}};
    job->runs = &runs_->Add(labels);
    job->failures = &failures_->Add(labels);
    job->last_success = &last_success_->Add(labels);
  }
  jobs_.push_back(std::move(job));
}

void PeriodicJobs::Start() {
  for (auto& job : jobs_) threads_.emplace_back([this, j = job.get()] { Loop(*j); });
}

bool PeriodicJobs::WaitUntilReady() {
  std::unique_lock<std::mutex> lock(mu_);
  while (ready_ && !ready_()) {
    if (cv_.wait_for(lock, std::chrono::milliseconds(50), [this] { return stopping_; })) {
      return false;
    }
  }
  return !stopping_;
}

void PeriodicJobs::Loop(Job& job) {
  if (!WaitUntilReady()) return;
  while (true) {
    absl::Status s = job.fn();
    if (job.runs != nullptr) job.runs->Increment();
    if (s.ok()) {
      if (job.last_success != nullptr) {
        job.last_success->Set(absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()));
      }
    } else {
      if (job.failures != nullptr) job.failures->Increment();
      CC_LOG(Error) << "periodic job " << job.name << " failed: " << s;
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, absl::ToChronoMilliseconds(job.interval),
                     [this] { return stopping_; })) {
      return;
    }
  }
}

void PeriodicJobs::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace contactcenter::runtime
