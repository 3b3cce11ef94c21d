#include "probe_target.h"

#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "httplib.h"

ABSL_FLAG(bool, start, false,
          "Start intake, routing and tracking here (needs CC_TEST_ADMIN_DSN, as tests/run sets "
          "it) and probe intake.");
ABSL_FLAG(std::string, target, "127.0.0.1:50051", "gRPC address of a running service.");
ABSL_FLAG(int, pid, 0, "Its process id, for its memory (pgrep -x intake).");
ABSL_FLAG(int, metrics_port, 9101, "Its metrics port.");
ABSL_FLAG(std::string, service_token, "",
          "A service's token ($CC_ROUTING_SERVICE_TOKEN), valid with that service's "
          "certificate (--tls_cert, --tls_key).");
ABSL_FLAG(std::string, operator_token, "", "A token of role operator ($CC_OPERATOR_TOKEN).");
// Named as the services name theirs (this program does not link them).
ABSL_FLAG(std::string, tls_ca, ".local/tls/ca.crt", "The CA the service is verified against.");
ABSL_FLAG(std::string, tls_cert, "",
          "The certificate of the service whose --service_token is given (e.g. "
          ".local/tls/routing.crt).");
ABSL_FLAG(std::string, tls_key, "", "Its key.");

namespace contactcenter::probe {

absl::StatusOr<Target> ResolveTarget() {
  Target t;
  if (absl::GetFlag(FLAGS_start)) {
    absl::StatusOr<std::unique_ptr<e2e::Cluster>> cluster = e2e::Cluster::Create();
    if (!cluster.ok()) return cluster.status();
    t.cluster = *std::move(cluster);
    if (absl::Status s = t.cluster->StartAll(); !s.ok()) return s;
    t.address = t.cluster->address("intake");
    t.pid = t.cluster->process("intake").pid();
    t.metrics_port = t.cluster->metrics_port("intake");
    // As routing, which follows intake.
    t.service_token = t.cluster->service_token("routing");
    t.operator_token = t.cluster->operator_token();
    t.tls = t.cluster->ClientTls("routing");
    return t;
  }
  t.address = absl::GetFlag(FLAGS_target);
  if (!absl::StartsWith(t.address, "127.0.0.1:")) {
    return absl::InvalidArgumentError("--target must be 127.0.0.1:<port>: probes stay local");
  }
  t.pid = absl::GetFlag(FLAGS_pid);
  t.metrics_port = absl::GetFlag(FLAGS_metrics_port);
  t.service_token = absl::GetFlag(FLAGS_service_token);
  t.operator_token = absl::GetFlag(FLAGS_operator_token);
  std::vector<std::string> problems;
  t.tls.certificates = tls::LoadCertificates(
      absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key),
      &problems);
  if (absl::GetFlag(FLAGS_tls_ca).empty()) problems.push_back("--tls_ca is required");
  if (!problems.empty()) return absl::InvalidArgumentError(problems.front());
  return t;
}

long RssKb(pid_t pid) {
  if (pid <= 0) return -1;
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view v(line);
    if (!absl::ConsumePrefix(&v, "VmRSS:")) continue;
    v = absl::StripAsciiWhitespace(v);
    absl::ConsumeSuffix(&v, " kB");
    long kb = 0;
    return absl::SimpleAtoi(v, &kb) ? kb : -1;
  }
  return -1;
}

long MetricsBytes(int port, std::string* body) {
  if (port <= 0) return -1;
  httplib::Client http("127.0.0.1", port);
  http.set_read_timeout(30, 0);
  auto res = http.Get("/metrics");
  if (!res || res->status != 200) return -1;
  if (body != nullptr) *body = res->body;
  return static_cast<long>(res->body.size());
}

}  // namespace contactcenter::probe
