// Metrics of the process itself, read from /proc at each scrape, named as
// Prometheus's own client libraries name them (process_cpu_seconds_total,
// process_resident_memory_bytes, ...), and the build_info gauge.
#pragma once

#include <string>
#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace contactcenter::server {

// The version and commit this binary was built from (build_info.cc is
// generated at build time; "unknown" outside a git checkout).
struct BuildInfo {
  std::string version;
  std::string commit;
};
BuildInfo GetBuildInfo();

class ProcessMetrics : public prometheus::Collectable {
 public:
  explicit ProcessMetrics(std::string service);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const std::string service_;
};

// The values ProcessMetrics reports, parsed from /proc/self; exposed for
// tests. Fields that could not be read are negative.
struct ProcessSample {
  double cpu_seconds = -1;
  double resident_bytes = -1;
  double virtual_bytes = -1;
  double start_time_seconds = -1;
  double open_fds = -1;
  double max_fds = -1;
};
ProcessSample ReadProcessSample();

}  // namespace contactcenter::server
