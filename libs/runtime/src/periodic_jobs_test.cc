#include "contactcenter/runtime/periodic_jobs.h"

#include <atomic>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"

namespace contactcenter::runtime {
namespace {

// The value of `name`{job=`job`} in `registry`, or -1.
double MetricValue(prometheus::Registry& registry, const std::string& name,
                   const std::string& job) {
  for (const prometheus::MetricFamily& f : registry.Collect()) {
    if (f.name != name) continue;
    for (const prometheus::ClientMetric& m : f.metric) {
      if (m.label.size() == 1 && m.label[0].name == "periodic_job" && m.label[0].value == job) {
        return f.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
      }
    }
  }
  return -1;
}

bool WaitUntil(const std::function<bool()>& done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return false;
}

TEST(PeriodicJobsTest, AJobRunsAtStartThenEveryIntervalUntilStopped) {
  PeriodicJobs jobs(nullptr);
  std::atomic<int> runs{0};
  jobs.Add("tick", absl::Milliseconds(20), [&] {
    ++runs;
    return absl::OkStatus();
  });
  jobs.Start();
  EXPECT_TRUE(WaitUntil([&] { return runs >= 3; }));
  jobs.Stop();
  const int after_stop = runs;
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(runs, after_stop);
}

TEST(PeriodicJobsTest, StopDoesNotWaitForTheInterval) {
  PeriodicJobs jobs(nullptr);
  std::atomic<int> runs{0};
  jobs.Add("slow", absl::Hours(1), [&] {
    ++runs;
    return absl::OkStatus();
  });
  jobs.Start();
  EXPECT_TRUE(WaitUntil([&] { return runs == 1; }));
  const absl::Time start = absl::Now();
  jobs.Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  jobs.Stop();  // idempotent
}

TEST(PeriodicJobsTest, RunsFailuresAndLastSuccessAreCountedPerJob) {
  prometheus::Registry registry;
  std::atomic<bool> ready{false};
  PeriodicJobs jobs(&registry, [&] { return ready.load(); });
  std::atomic<int> good{0}, bad{0};
  jobs.Add("good", absl::Milliseconds(10), [&] {
    ++good;
    return absl::OkStatus();
  });
  jobs.Add("bad", absl::Milliseconds(10), [&] {
    ++bad;
    return absl::UnavailableError("database not ready");
  });
  const double before = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  jobs.Start();
  // Not ready yet (the database of a service starting): no job runs.
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_EQ(good.load(), 0);
  EXPECT_EQ(bad.load(), 0);
  ready = true;
  EXPECT_TRUE(WaitUntil([&] { return good >= 3 && bad >= 3; }));
  jobs.Stop();
  EXPECT_EQ(MetricValue(registry, "periodic_job_runs_total", "good"), good.load());
  EXPECT_EQ(MetricValue(registry, "periodic_job_failures_total", "good"), 0);
  EXPECT_EQ(MetricValue(registry, "periodic_job_runs_total", "bad"), bad.load());
  EXPECT_EQ(MetricValue(registry, "periodic_job_failures_total", "bad"), bad.load());
  EXPECT_GE(MetricValue(registry, "periodic_job_last_success_timestamp_seconds", "good"), before);
  EXPECT_EQ(MetricValue(registry, "periodic_job_last_success_timestamp_seconds", "bad"), 0);
}

}  // namespace
}  // namespace contactcenter::runtime
