// What both probes run against: a service already running on this machine
// (--target, --pid, --metrics; over TLS with --tls_ca, and --tls_cert and
// --tls_key of the service whose --service_token is given), or, with --start, intake, routing and
// tracking started here on free loopback ports with throwaway databases on
// the cluster CC_TEST_ADMIN_DSN names (as the e2e tests do). Probes send
// only to 127.0.0.1.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "cluster.h"
#include "contactcenter/tls/tls.h"

namespace contactcenter::probe {

struct Target {
  std::string address;        // 127.0.0.1:port
  pid_t pid = 0;              // 0: unknown (RSS not shown)
  int metrics_port = 0;       // 0: unknown (/metrics not shown)
  std::string service_token;  // for Subscribe
  std::string operator_token;
  // Transport: TLS with the CA, presenting the certificate of the service
  // whose token service_token is.
  tls::Config tls;
  std::unique_ptr<e2e::Cluster> cluster;  // set with --start
};

// Fills the target from the flags below, starting the services with --start.
absl::StatusOr<Target> ResolveTarget();

// VmRSS of `pid` in kB, from /proc/<pid>/status; -1 when unknown.
long RssKb(pid_t pid);

// The size of http://127.0.0.1:<port>/metrics in bytes and its text; -1
// when unknown.
long MetricsBytes(int port, std::string* body = nullptr);

}  // namespace contactcenter::probe
