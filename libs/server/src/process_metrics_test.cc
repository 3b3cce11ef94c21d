#include "process_metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace contactcenter::server {
namespace {

double Value(const std::vector<prometheus::MetricFamily>& families, const std::string& name) {
  for (const prometheus::MetricFamily& f : families) {
    if (f.name != name) continue;
    const prometheus::ClientMetric& m = f.metric.at(0);
    return f.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
  }
  return -1;
}

TEST(ProcessMetricsTest, ReadsThisProcessFromProc) {
  const ProcessSample s = ReadProcessSample();
  EXPECT_GT(s.resident_bytes, 1024 * 1024);
  EXPECT_GE(s.virtual_bytes, s.resident_bytes);
  EXPECT_GE(s.cpu_seconds, 0);
  // Started within the last hour, not in the future.
  EXPECT_LE(s.start_time_seconds, static_cast<double>(std::time(nullptr)) + 1);
  EXPECT_GT(s.start_time_seconds, static_cast<double>(std::time(nullptr)) - 3600);
  EXPECT_GE(s.open_fds, 3);  // at least stdin, stdout, stderr
  EXPECT_GE(s.max_fds, s.open_fds);
}

TEST(ProcessMetricsTest, CountsADescriptorOpenedAndClosed) {
  const double before = ReadProcessSample().open_fds;
  const int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadProcessSample().open_fds, before + 1);
  close(fd);
  EXPECT_EQ(ReadProcessSample().open_fds, before);
}

TEST(ProcessMetricsTest, CollectsEveryFamilyAndBuildInfo) {
  const std::vector<prometheus::MetricFamily> families = ProcessMetrics("intake").Collect();
  for (const char* name : {"process_cpu_seconds_total", "process_resident_memory_bytes",
                           "process_virtual_memory_bytes", "process_start_time_seconds",
                           "process_open_fds", "process_max_fds"}) {
    EXPECT_GE(Value(families, name), 0) << name;
  }
  EXPECT_EQ(Value(families, "contactcenter_build_info"), 1);
  for (const prometheus::MetricFamily& f : families) {
    if (f.name != "contactcenter_build_info") continue;
    std::vector<std::string> labels;
    for (const prometheus::ClientMetric::Label& l : f.metric.at(0).label) {
      labels.push_back(l.name + "=" + l.value);
      EXPECT_FALSE(l.value.empty()) << l.name;
    }
    EXPECT_EQ(labels.at(1), "service=intake");
    EXPECT_EQ(labels.at(2), "version=" + GetBuildInfo().version);
    EXPECT_NE(GetBuildInfo().version, "");
  }
}

}  // namespace
}  // namespace contactcenter::server
