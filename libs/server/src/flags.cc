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
ABSL_FLAG(std::string, person_token_public_key, "",
          "File with the gateway's Ed25519 public key (64 hex digits): calls may then come "
          "with person tokens the gateway signed (libs/auth person_token.h); without it, "
          "they are refused.");
ABSL_FLAG(std::string, service_token, "",
          "Bearer token (role service) this service presents to read other services' event "
          "logs.");
// A unary call holds its thread while it waits (intake's registrations
// for their group commit, every call for a database connection), and gRPC's
// sync server refuses a call outright ("Server Threadpool Exhausted") when
// none is left, pollers included: at 16, a registration burst at half the
// peak rate was refused (issue 14). A waiting thread costs a stack and no
// CPU; what bounds a caller is --rate_limit, not this.
ABSL_FLAG(int, max_threads, 128, "Most threads serving gRPC calls at once.");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "On SIGTERM, how long calls in flight may take to finish.");

// Limits. Each default is what the suite needs with room to spare, so that
// no caller can take more than that (see the README's configuration).

// gRPC's own default, now on purpose: the largest request, ImportDirectory
// with a whole oblast's directory, is well under 1 MB; list pages are capped.
ABSL_FLAG(int, max_receive_message_bytes, 4 << 20, "Largest request message accepted, bytes.");
ABSL_FLAG(int, max_send_message_bytes, 4 << 20, "Largest response message sent, bytes.");
// A client needs a few dozen unary calls plus a few event streams on one
// connection at most; more wait in the client instead of piling up here.
ABSL_FLAG(int, max_concurrent_streams, 64, "Most calls at once on one client connection.");
// A consumer whose host vanished leaves its stream open (and counted
// against --max_streams_per_principal) until a ping goes unanswered.
ABSL_FLAG(absl::Duration, keepalive_time, absl::Seconds(30),
          "How often the server pings an idle connection to find dead clients.");
// Our clients (libs/client) ping every 10 s to notice a dead producer; a
// client pinging faster only burns the server's time and is sent away.
ABSL_FLAG(absl::Duration, keepalive_min_ping_interval, absl::Seconds(10),
          "Shortest interval between a client's pings; faster pingers get GOAWAY.");
// Consumers ping idle event streams to notice a dead peer: allow it.
ABSL_FLAG(bool, keepalive_permit_without_calls, true,
          "Whether clients may ping a connection that has no call open.");
// Frees what a client that went quiet left behind; a channel reconnects by
// itself on its next call.
ABSL_FLAG(absl::Duration, max_connection_idle, absl::Minutes(5),
          "A connection with no call for this long is closed.");
// Makes clients reconnect now and then, so that behind a load balancer the
// load spreads over replicas started later; consumers resume from their
// cursor.
ABSL_FLAG(absl::Duration, max_connection_age, absl::Minutes(30),
          "A connection older than this is asked to reconnect.");
// gRPC's defaults, on purpose: two cores' worth of waiting for calls is
// plenty; the calls themselves run on up to --max_threads threads.
ABSL_FLAG(int, sync_min_pollers, 1, "Fewest threads polling for new calls.");
ABSL_FLAG(int, sync_max_pollers, 2, "Most threads polling for new calls.");
// A consumer holds one stream per producer it follows (a few more while it
// reconnects); 14 idle streams once took a service down.
ABSL_FLAG(int, max_streams_per_principal, 8,
          "Most open EventLog.Subscribe streams one principal may hold.");
ABSL_FLAG(int, max_streams, 64, "Most open EventLog.Subscribe streams in all.");
// A national 1545 registers about 0.03 appeals a second; register_load's
// 2000 appeals fit in one burst whatever its speed, and its 8 callers stay
// under 1000 calls a second. The bucket only stops a caller gone wild (or
// hostile).
ABSL_FLAG(double, rate_limit, 1000,
          "Calls per second per principal (per peer address without a valid token); 0: no "
          "limit.");
ABSL_FLAG(int, rate_limit_burst, 2000,
          "Calls a principal may make at once before --rate_limit paces it (the bucket size).");
// Each remembered caller costs about 100 bytes: 10,000 is 1 MB at most.
ABSL_FLAG(int, rate_limit_max_callers, 10000,
          "Callers the rate limiter remembers (least recently seen forgotten first).");

// Transport security: TLS or nothing, unless a test says otherwise by name.
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate (chain) this process serves with and presents to the services it "
          "calls; signed by --tls_ca.");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM certificate of the CA that signs every certificate of the suite: servers and "
          "client certificates are verified against it.");
// Services always present their certificate; other callers (operators'
// tools, executive bodies' systems) need one only when this is set.
ABSL_FLAG(bool, tls_require_client_cert, false,
          "Refuse every client that presents no certificate signed by --tls_ca.");
ABSL_FLAG(bool, insecure_plaintext_for_tests_only, false,
          "No TLS at all: plaintext gRPC, and service tokens without certificates. For tests "
          "only; never in a deployment.");

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

void CheckLimits(const Limits& l, std::vector<std::string>* problems) {
  auto within = [problems](const char* flag, int64_t v, int64_t lo, int64_t hi) {
    if (v < lo || v > hi) {
      problems->push_back(absl::StrCat("--", flag, "=", v, " must be within ", lo, "..", hi));
    }
  };
  within("max_receive_message_bytes", l.max_receive_message_bytes, 1024, 1 << 30);
  within("max_send_message_bytes", l.max_send_message_bytes, 1024, 1 << 30);
  within("max_concurrent_streams", l.max_concurrent_streams, 1, 10000);
  within("sync_min_pollers", l.sync_min_pollers, 1, 100);
  within("sync_max_pollers", l.sync_max_pollers, l.sync_min_pollers, 100);
  within("max_streams_per_principal", l.max_streams_per_principal, 1, 10000);
  within("max_streams", l.max_streams, 1, 100000);
  within("rate_limit_burst", l.rate_limit_burst, 1, 1000000);
  within("rate_limit_max_callers", l.rate_limit_max_callers, 1, 10000000);
  if (!(l.rate_limit >= 0)) problems->push_back("--rate_limit must not be negative");
  for (auto [flag, d] : {std::pair{"keepalive_time", l.keepalive_time},
                         {"keepalive_min_ping_interval", l.keepalive_min_ping_interval},
                         {"max_connection_idle", l.max_connection_idle},
                         {"max_connection_age", l.max_connection_age}}) {
    if (d < absl::Seconds(1) || d > absl::Hours(24 * 24)) {
      problems->push_back(absl::StrCat("--", flag, "=", absl::FormatDuration(d),
                                       " must be within 1s..576h"));
    }
  }
}

CommonConfig LoadCommonConfig(const std::string& service_name, int default_grpc_port,
                              int default_metrics_port, std::vector<std::string>* problems) {
  CommonConfig c;
  c.service_name = service_name;
  c.listen_host = absl::GetFlag(FLAGS_listen_host);
  c.grpc_port = absl::GetFlag(FLAGS_grpc_port);
  if (c.grpc_port == 0) c.grpc_port = default_grpc_port;
  const bool grpc = c.grpc_port != kNoGrpcPort;
  c.metrics_port = absl::GetFlag(FLAGS_metrics_port);
  if (c.metrics_port == 0) c.metrics_port = default_metrics_port;
  c.tokens_file = absl::GetFlag(FLAGS_tokens_file);
  c.person_token_public_key = absl::GetFlag(FLAGS_person_token_public_key);
  c.service_token = absl::GetFlag(FLAGS_service_token);
  c.max_threads = absl::GetFlag(FLAGS_max_threads);
  c.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  Limits& l = c.limits;
  l.max_receive_message_bytes = absl::GetFlag(FLAGS_max_receive_message_bytes);
  l.max_send_message_bytes = absl::GetFlag(FLAGS_max_send_message_bytes);
  l.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  l.keepalive_time = absl::GetFlag(FLAGS_keepalive_time);
  l.keepalive_min_ping_interval = absl::GetFlag(FLAGS_keepalive_min_ping_interval);
  l.keepalive_permit_without_calls = absl::GetFlag(FLAGS_keepalive_permit_without_calls);
  l.max_connection_idle = absl::GetFlag(FLAGS_max_connection_idle);
  l.max_connection_age = absl::GetFlag(FLAGS_max_connection_age);
  l.sync_min_pollers = absl::GetFlag(FLAGS_sync_min_pollers);
  l.sync_max_pollers = absl::GetFlag(FLAGS_sync_max_pollers);
  l.max_streams_per_principal = absl::GetFlag(FLAGS_max_streams_per_principal);
  l.max_streams = absl::GetFlag(FLAGS_max_streams);
  l.rate_limit = absl::GetFlag(FLAGS_rate_limit);
  l.rate_limit_burst = absl::GetFlag(FLAGS_rate_limit_burst);
  l.rate_limit_max_callers = absl::GetFlag(FLAGS_rate_limit_max_callers);

  c.tls = LoadTlsConfig(problems);

  RequireNonEmpty("listen_host", c.listen_host, problems);
  for (auto [flag, port] : {std::pair{"grpc_port", c.grpc_port}, {"metrics_port", c.metrics_port}}) {
    if (!grpc && std::string_view(flag) == "grpc_port") continue;
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
  CheckLimits(c.limits, problems);
  return c;
}

tls::Config LoadTlsConfig(std::vector<std::string>* problems) {
  return tls::LoadConfig(absl::GetFlag(FLAGS_insecure_plaintext_for_tests_only),
                         absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_cert),
                         absl::GetFlag(FLAGS_tls_key), absl::GetFlag(FLAGS_tls_require_client_cert),
                         problems);
}

void ExitOnConfigProblems(const std::vector<std::string>& problems) {
  if (problems.empty()) return;
  for (const std::string& p : problems) CC_LOG(Error) << "config: " << p;
  CC_LOG(Error) << "not starting: " << problems.size() << " configuration problem(s)";
  std::exit(2);
}

}  // namespace contactcenter::server
