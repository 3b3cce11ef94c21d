#include "process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace contactcenter::server {
namespace {

std::string ReadFile(const char* path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The system's boot time from /proc/stat ("btime <seconds>"), or -1.
double BootTimeSeconds() {
  std::istringstream in(ReadFile("/proc/stat"));
  std::string line;
  while (std::getline(in, line)) {
    double btime = 0;
    if (line.rfind("btime ", 0) == 0 && absl::SimpleAtod(line.substr(6), &btime)) return btime;
  }
  return -1;
}

prometheus::MetricFamily Family(const std::string& name, const std::string& help,
                                prometheus::MetricType type, double value) {
  prometheus::MetricFamily family{name, help, type, {}};
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(metric);
  return family;
}

}  // namespace

ProcessSample ReadProcessSample() {
  ProcessSample s;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  // /proc/self/stat: the fields after the command's closing parenthesis
  // (the command itself may hold spaces). Field 14 utime, 15 stime, 22
  // starttime (ticks since boot), 23 vsize (bytes), 24 rss (pages).
  const std::string stat = ReadFile("/proc/self/stat");
  const size_t close = stat.rfind(')');
  if (close != std::string::npos && ticks > 0) {
    std::vector<std::string> f = absl::StrSplit(stat.substr(close + 2), ' ', absl::SkipEmpty());
    // f[0] is field 3 (state), so field n is f[n - 3].
    double utime = 0, stime = 0, start = 0, vsize = 0, rss = 0;
    if (f.size() > 21 && absl::SimpleAtod(f[11], &utime) && absl::SimpleAtod(f[12], &stime) &&
        absl::SimpleAtod(f[19], &start) && absl::SimpleAtod(f[20], &vsize) &&
        absl::SimpleAtod(f[21], &rss)) {
      s.cpu_seconds = (utime + stime) / ticks;
      s.virtual_bytes = vsize;
      s.resident_bytes = rss * page;
      const double boot = BootTimeSeconds();
      if (boot >= 0) s.start_time_seconds = boot + start / ticks;
    }
  }
  if (DIR* dir = opendir("/proc/self/fd")) {
    int n = 0;
    while (const dirent* e = readdir(dir)) {
      if (e->d_name[0] != '.') ++n;
    }
    closedir(dir);
    s.open_fds = n - 1;  // not the descriptor opendir itself holds
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) s.max_fds = static_cast<double>(limit.rlim_cur);
  return s;
}

ProcessMetrics::ProcessMetrics(std::string service) : service_(std::move(service)) {}

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  using prometheus::MetricType;
  const ProcessSample s = ReadProcessSample();
  std::vector<prometheus::MetricFamily> out;
  auto add = [&out](double value, const char* name, const char* help, MetricType type) {
    if (value >= 0) out.push_back(Family(name, help, type, value));
  };
  add(s.cpu_seconds, "process_cpu_seconds_total", "User and system CPU time spent, in seconds.",
      MetricType::Counter);
  add(s.resident_bytes, "process_resident_memory_bytes", "Resident memory size in bytes.",
      MetricType::Gauge);
  add(s.virtual_bytes, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
      MetricType::Gauge);
  add(s.start_time_seconds, "process_start_time_seconds",
      "Start time of the process since the Unix epoch, in seconds.", MetricType::Gauge);
  add(s.open_fds, "process_open_fds", "Open file descriptors.", MetricType::Gauge);
  add(s.max_fds, "process_max_fds", "The most file descriptors the process may open.",
      MetricType::Gauge);

  const BuildInfo build = GetBuildInfo();
  prometheus::MetricFamily info{"contactcenter_build_info",
                                "Always 1; the labels say which build of which service runs.",
                                MetricType::Gauge,
                                {}};
  prometheus::ClientMetric metric;
  metric.label = {{"commit", build.commit}, {"service", service_}, {"version", build.version}};
  metric.gauge.value = 1;
  info.metric.push_back(metric);
  out.push_back(info);
  return out;
}

}  // namespace contactcenter::server
