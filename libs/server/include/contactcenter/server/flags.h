// Flags every process takes, each overridable by an environment variable of
// the same name in UPPER_SNAKE (--grpc_port by GRPC_PORT). The command line
// wins over the environment, the environment over the default. A service
// with a database adds --db_dsn and --db_max_connections
// (contactcenter/runtime/service_runtime.h).
#pragma once

#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/time/time.h"

ABSL_DECLARE_FLAG(std::string, listen_host);
ABSL_DECLARE_FLAG(int, grpc_port);
ABSL_DECLARE_FLAG(int, metrics_port);
ABSL_DECLARE_FLAG(std::string, tokens_file);
ABSL_DECLARE_FLAG(std::string, service_token);
ABSL_DECLARE_FLAG(int, max_threads);
ABSL_DECLARE_FLAG(absl::Duration, shutdown_grace);

namespace contactcenter::server {

// Applies environment overrides to every flag defined in our code, then
// parses the command line. Exits with a message on an unparsable value.
void ParseFlags(int argc, char** argv, const std::string& usage);

// What the common flags say, checked.
struct CommonConfig {
  std::string service_name;
  std::string listen_host;
  int grpc_port = 0;
  int metrics_port = 0;
  // Optional here: a process without callers to authenticate has none.
  std::string tokens_file;
  std::string service_token;
  int max_threads = 16;
  absl::Duration shutdown_grace;
};

// Reads the common flags; a port flag left at 0 takes the service's
// default. Every problem is appended to `problems`.
CommonConfig LoadCommonConfig(const std::string& service_name, int default_grpc_port,
                              int default_metrics_port, std::vector<std::string>* problems);

// Logs every problem and exits(2) if there are any.
void ExitOnConfigProblems(const std::vector<std::string>& problems);

// Helpers for service-specific config checks.
void RequireNonEmpty(const std::string& flag, const std::string& value,
                     std::vector<std::string>* problems);

// The environment variable that overrides a flag: "db_dsn" -> "DB_DSN".
std::string EnvNameOf(const std::string& flag);

}  // namespace contactcenter::server
