#include "contactcenter/server/flags.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/log/log.h"

ABSL_FLAG(std::string, listen_host, "127.0.0.1",
          "Address to listen on (gRPC and metrics); 0.0.0.0 in containers.");
ABSL_FLAG(int, grpc_port, 0, "gRPC port; 0 takes the service's default.");
ABSL_FLAG(int, metrics_port, 0, "Prometheus /metrics port; 0 takes the service's default.");
ABSL_FLAG(std::string, tokens_file, "",
          "File of bearer token hashes: sha256:<hex> <role> <principal-id> [executor-id] "
          "per line (deploy/local/hash-token).");
ABSL_FLAG(std::string, service_token, "",
          "Bearer token (role service) this service presents to read other services' event "
          "logs.");
ABSL_FLAG(int, max_threads, 16, "Most threads serving gRPC calls at once.");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "On SIGTERM, how long calls in flight may take to finish.");

namespace contactcenter::server {

std::string EnvNameOf(const std::string& flag) { return absl::AsciiStrToUpper(flag); }

void ParseFlags(int argc, char** argv, const std::string& usage) {
  absl::SetProgramUsageMessage(usage);
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    // Abseil's own flags (--flagfile, --help...) keep their usual meaning.
    if (absl::StrContains(flag->Filename(), "absl/")) continue;
    const char* value = std::getenv(EnvNameOf(std::string(name)).c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      std::fprintf(stderr, "environment %s=%s: %s\n", EnvNameOf(std::string(name)).c_str(), value,
                   error.c_str());
      std::exit(2);
    }
  }
  absl::ParseCommandLine(argc, argv);
}

void RequireNonEmpty(const std::string& flag, const std::string& value,
                     std::vector<std::string>* problems) {
  if (value.empty()) {
    problems->push_back(absl::StrCat("--", flag, " (or ", EnvNameOf(flag), ") is required"));
  }
}

CommonConfig LoadCommonConfig(const std::string& service_name, int default_grpc_port,
                              int default_metrics_port, std::vector<std::string>* problems) {
  CommonConfig c;
  c.service_name = service_name;
  c.listen_host = absl::GetFlag(FLAGS_listen_host);
  c.grpc_port = absl::GetFlag(FLAGS_grpc_port);
  if (c.grpc_port == 0) c.grpc_port = default_grpc_port;
  c.metrics_port = absl::GetFlag(FLAGS_metrics_port);
  if (c.metrics_port == 0) c.metrics_port = default_metrics_port;
  c.tokens_file = absl::GetFlag(FLAGS_tokens_file);
  c.service_token = absl::GetFlag(FLAGS_service_token);
  c.max_threads = absl::GetFlag(FLAGS_max_threads);
  c.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);

  RequireNonEmpty("listen_host", c.listen_host, problems);
  for (auto [flag, port] : {std::pair{"grpc_port", c.grpc_port}, {"metrics_port", c.metrics_port}}) {
    if (port < 1 || port > 65535) {
      problems->push_back(absl::StrCat("--", flag, "=", port, " is not a port (1..65535)"));
    }
  }
  if (c.grpc_port == c.metrics_port) {
    problems->push_back("--grpc_port and --metrics_port must differ");
  }
  if (c.max_threads < 2 || c.max_threads > 1000) {
    problems->push_back(absl::StrCat("--max_threads=", c.max_threads, " must be within 2..1000"));
  }
  if (c.shutdown_grace < absl::ZeroDuration()) {
    problems->push_back("--shutdown_grace must not be negative");
  }
  return c;
}

void ExitOnConfigProblems(const std::vector<std::string>& problems) {
  if (problems.empty()) return;
  for (const std::string& p : problems) CC_LOG(Error) << "config: " << p;
  CC_LOG(Error) << "not starting: " << problems.size() << " configuration problem(s)";
  std::exit(2);
}

}  // namespace contactcenter::server
