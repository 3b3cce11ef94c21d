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
#include "contactcenter/tls/tls.h"

ABSL_DECLARE_FLAG(std::string, listen_host);
ABSL_DECLARE_FLAG(int, grpc_port);
ABSL_DECLARE_FLAG(int, metrics_port);
ABSL_DECLARE_FLAG(std::string, tokens_file);
ABSL_DECLARE_FLAG(std::string, service_token);
ABSL_DECLARE_FLAG(std::string, person_token_public_key);
ABSL_DECLARE_FLAG(int, max_threads);
ABSL_DECLARE_FLAG(absl::Duration, shutdown_grace);
ABSL_DECLARE_FLAG(int, max_receive_message_bytes);
ABSL_DECLARE_FLAG(int, max_send_message_bytes);
ABSL_DECLARE_FLAG(int, max_concurrent_streams);
ABSL_DECLARE_FLAG(absl::Duration, keepalive_time);
ABSL_DECLARE_FLAG(absl::Duration, keepalive_min_ping_interval);
ABSL_DECLARE_FLAG(bool, keepalive_permit_without_calls);
ABSL_DECLARE_FLAG(absl::Duration, max_connection_idle);
ABSL_DECLARE_FLAG(absl::Duration, max_connection_age);
ABSL_DECLARE_FLAG(int, sync_min_pollers);
ABSL_DECLARE_FLAG(int, sync_max_pollers);
ABSL_DECLARE_FLAG(int, max_streams_per_principal);
ABSL_DECLARE_FLAG(int, max_streams);
ABSL_DECLARE_FLAG(double, rate_limit);
ABSL_DECLARE_FLAG(int, rate_limit_burst);
ABSL_DECLARE_FLAG(int, rate_limit_max_callers);
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_key);
ABSL_DECLARE_FLAG(std::string, tls_ca);
ABSL_DECLARE_FLAG(bool, tls_require_client_cert);
ABSL_DECLARE_FLAG(bool, insecure_plaintext_for_tests_only);

namespace contactcenter::server {

// Applies environment overrides to every flag defined in our code, then
// parses the command line. Exits with a message on an unparsable value.
void ParseFlags(int argc, char** argv, const std::string& usage);

// What a caller may take of a server, each set on purpose (the flags'
// defaults say why, in flags.cc). The struct's defaults are the flags'.
struct Limits {
  int max_receive_message_bytes = 4 << 20;
  int max_send_message_bytes = 4 << 20;
  // Calls at once on one HTTP/2 connection (more wait in the client).
  int max_concurrent_streams = 64;
  // The server pings an idle connection this often to find dead clients.
  absl::Duration keepalive_time = absl::Seconds(30);
  // Clients pinging more often are sent GOAWAY (too_many_pings).
  absl::Duration keepalive_min_ping_interval = absl::Seconds(10);
  bool keepalive_permit_without_calls = true;
  // A connection without calls for this long is closed.
  absl::Duration max_connection_idle = absl::Minutes(5);
  // A connection older than this is asked to go (GOAWAY); its calls get
  // kMaxConnectionAgeGrace (server.cc) to finish.
  absl::Duration max_connection_age = absl::Minutes(30);
  // Threads that wait for new calls in the synchronous server.
  int sync_min_pollers = 1;
  int sync_max_pollers = 2;
  // Open EventLog.Subscribe streams: per principal, and in all.
  int max_streams_per_principal = 8;
  int max_streams = 64;
  // Calls per second per principal (per peer address without a valid
  // token), with bursts up to rate_limit_burst; 0 turns the limit off.
  double rate_limit = 1000;
  int rate_limit_burst = 2000;
  // Callers the rate limiter remembers; the least recently seen go first.
  int rate_limit_max_callers = 10000;
};

// A process's default gRPC port for "no gRPC server" (the gateway serves
// HTTP and metrics only); --grpc_port then stays unset.
inline constexpr int kNoGrpcPort = -1;

// What the common flags say, checked.
struct CommonConfig {
  std::string service_name;
  std::string listen_host;
  int grpc_port = 0;
  int metrics_port = 0;
  // Optional here: a process without callers to authenticate has none.
  std::string tokens_file;
  // Optional: the public key file for person tokens (libs/auth).
  std::string person_token_public_key;
  std::string service_token;
  int max_threads = 128;
  absl::Duration shutdown_grace;
  Limits limits;
  // Transport security of the server and of every channel the process
  // opens (--tls_cert, --tls_key, --tls_ca, --tls_require_client_cert,
  // --insecure_plaintext_for_tests_only).
  tls::Config tls;
};

// Reads the TLS flags; problems (missing or unreadable files, plaintext
// without its flag) go to `problems`.
tls::Config LoadTlsConfig(std::vector<std::string>* problems);

// Reads the common flags; a port flag left at 0 takes the service's
// default. Every problem is appended to `problems`.
CommonConfig LoadCommonConfig(const std::string& service_name, int default_grpc_port,
                              int default_metrics_port, std::vector<std::string>* problems);

// Appends a problem for every limit out of its range.
void CheckLimits(const Limits& limits, std::vector<std::string>* problems);

// Logs every problem and exits(2) if there are any.
void ExitOnConfigProblems(const std::vector<std::string>& problems);

// Helpers for service-specific config checks.
void RequireNonEmpty(const std::string& flag, const std::string& value,
                     std::vector<std::string>* problems);

// The environment variable that overrides a flag: "db_dsn" -> "DB_DSN".
std::string EnvNameOf(const std::string& flag);

}  // namespace contactcenter::server
