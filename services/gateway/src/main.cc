// gateway: the operators' web console and JSON over HTTP to the services, as
// the person logged in. See README.md.
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/analytics/v1/analytics.grpc.pb.h"
#include "contactcenter/auth/person_token.h"
#include "contactcenter/client/client.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/log/log.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "contactcenter/runtime/process.h"
#include "contactcenter/runtime/service_runtime.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"
#include "gateway_http.h"
#include "session_store_pg.h"
#include "httplib.h"
#include "transcoder.h"
#include "users_source.h"

ABSL_FLAG(int, http_port, 8080, "HTTP port of the console and the JSON API.");
ABSL_FLAG(std::string, users_file, "", "The console's users (gateway-users manages it).");
ABSL_FLAG(std::string, person_token_signing_key, "",
          "File with the Ed25519 seed (64 hex digits) the gateway signs person tokens with "
          "(cc_person_keygen makes it; the services verify with --person_token_public_key).");
ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50051", "intake's gRPC address.");
ABSL_FLAG(std::string, routing_addr, "127.0.0.1:50052", "routing's gRPC address.");
ABSL_FLAG(std::string, tracking_addr, "127.0.0.1:50053", "tracking's gRPC address.");
ABSL_FLAG(std::string, analytics_addr, "127.0.0.1:50054", "analytics' gRPC address.");
ABSL_FLAG(std::string, reference_dir, "",
          "Folder with classifier-topics.csv and territories.csv, for the pickers.");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM certificate: serve HTTPS (cookies then Secure).");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file.");
ABSL_FLAG(bool, secure_cookies, false,
          "Mark cookies Secure without serving TLS here (a TLS proxy in front).");
ABSL_FLAG(absl::Duration, session_ttl, absl::Hours(8), "How long a login lasts.");
ABSL_FLAG(absl::Duration, session_cache_ttl, absl::Seconds(2),
          "How long a replica uses a session it read from the database before reading it "
          "again: a logout or lock on another replica ends the session here within it "
          "(0: read every request).");
ABSL_FLAG(int, login_max_failures, 5, "Failed passwords in a row before a login is locked out.");
ABSL_FLAG(absl::Duration, login_lockout, absl::Minutes(15), "How long a lock-out lasts.");
ABSL_FLAG(int, max_body_bytes, 256 << 10, "Largest request body accepted, bytes.");
ABSL_FLAG(absl::Duration, events_interval, absl::Seconds(3),
          "How often an open event stream looks for changes.");
ABSL_FLAG(int, http_threads, 32, "Threads serving HTTP (an open event stream holds one).");

int main(int argc, char** argv) {
  using namespace contactcenter;
  server::StopSignal& stop = server::StopSignal::Install();
  server::ParseFlags(argc, argv, "gateway: the operators' console and JSON over HTTP");

  std::vector<std::string> problems;
  const std::string users_file = absl::GetFlag(FLAGS_users_file);
  server::RequireNonEmpty("users_file", users_file, &problems);
  std::unique_ptr<gateway::UsersSource> users;
  if (!users_file.empty()) {
    auto u = gateway::UsersSource::Open(users_file);
    if (u.ok()) {
      users = *std::move(u);
    } else {
      problems.push_back(std::string(u.status().message()));
    }
  }
  const std::string key_file = absl::GetFlag(FLAGS_person_token_signing_key);
  server::RequireNonEmpty("person_token_signing_key", key_file, &problems);
  std::optional<auth::PersonTokenSigner> signer;
  if (!key_file.empty()) {
    auto s = auth::PersonTokenSigner::LoadFile(key_file);
    if (s.ok()) {
      signer = *std::move(s);
    } else {
      problems.push_back(absl::StrCat("--person_token_signing_key: ", s.status().message()));
    }
  }
  std::optional<refdata::Classifier> classifier;
  const std::string reference_dir = absl::GetFlag(FLAGS_reference_dir);
  server::RequireNonEmpty("reference_dir", reference_dir, &problems);
  if (!reference_dir.empty()) {
    auto c = refdata::Classifier::LoadDir(reference_dir);
    if (c.ok()) {
      classifier = *std::move(c);
    } else {
      problems.push_back(std::string(c.status().message()));
    }
  }
  const std::string cert = absl::GetFlag(FLAGS_tls_cert_file), key = absl::GetFlag(FLAGS_tls_key_file);
  if (cert.empty() != key.empty()) problems.push_back("--tls_cert_file and --tls_key_file go together");
  const int http_port = absl::GetFlag(FLAGS_http_port);
  if (http_port < 1 || http_port > 65535) problems.push_back("--http_port is not a port (1..65535)");
  gateway::GatewayOptions options;
  options.secure_cookies = !cert.empty() || absl::GetFlag(FLAGS_secure_cookies);
  options.session_ttl = absl::GetFlag(FLAGS_session_ttl);
  options.login_max_failures = absl::GetFlag(FLAGS_login_max_failures);
  options.login_lockout = absl::GetFlag(FLAGS_login_lockout);
  options.max_body_bytes = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_max_body_bytes)));
  options.events_interval = absl::GetFlag(FLAGS_events_interval);
  if (options.session_ttl < absl::Minutes(1)) problems.push_back("--session_ttl must be >= 1m");
  const absl::Duration session_cache_ttl = absl::GetFlag(FLAGS_session_cache_ttl);
  if (session_cache_ttl < absl::ZeroDuration() || session_cache_ttl > absl::Minutes(1)) {
    problems.push_back("--session_cache_ttl must be within 0..1m");
  }
  if (options.login_max_failures < 1) problems.push_back("--login_max_failures must be >= 1");
  if (options.events_interval < absl::Milliseconds(100)) {
    problems.push_back("--events_interval must be >= 100ms");
  }
  const int threads = absl::GetFlag(FLAGS_http_threads);
  if (threads < 2 || threads > 1000) problems.push_back("--http_threads must be within 2..1000");

  // Sessions in the gateway's own database, shared by its replicas.
  const runtime::DatabaseConfig db_config = runtime::LoadDatabaseConfig(&problems);

  // No gRPC server of its own: HTTP, and metrics on the process layer.
  runtime::Process process({"gateway", server::kNoGrpcPort, 9106}, problems);
  db::PoolOptions pool_options;
  pool_options.dsn = db_config.dsn;
  pool_options.max_connections = db_config.max_connections;
  pool_options.application_name = "gateway";
  db::Pool pool(pool_options);
  pool.ExportMetrics(process.metrics());
  gateway::PgSessionStore shared_sessions(&pool, options.session_ttl);
  gateway::CachingSessionStore sessions(&shared_sessions, session_cache_ttl);

  gateway::Transcoder transcoder(
      {{intake::v1::IntakeService::service_full_name(),
        client::MakeChannel(absl::GetFlag(FLAGS_intake_addr))},
       {routing::v1::RoutingService::service_full_name(),
        client::MakeChannel(absl::GetFlag(FLAGS_routing_addr))},
       {tracking::v1::TrackingService::service_full_name(),
        client::MakeChannel(absl::GetFlag(FLAGS_tracking_addr))},
       {tracking::v1::ExecutorService::service_full_name(),
        client::MakeChannel(absl::GetFlag(FLAGS_tracking_addr))},
       {analytics::v1::AnalyticsService::service_full_name(),
        client::MakeChannel(absl::GetFlag(FLAGS_analytics_addr))}},
      gateway::ConsoleMethods(), &*signer);
  gateway::Gateway gw(options, users.get(), &transcoder, &*classifier, &process.metrics(), &sessions,
                      [&pool] { return pool.ready() && pool.Ping(absl::Milliseconds(300)).ok(); });

  std::unique_ptr<httplib::Server> http;
  if (!cert.empty()) {
    http = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
    if (!static_cast<httplib::SSLServer*>(http.get())->is_valid()) {
      CC_LOG(Error) << "cannot use --tls_cert_file/--tls_key_file";
      return 2;
    }
  } else {
    http = std::make_unique<httplib::Server>();
  }
  http->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  gw.Register(*http);

  if (absl::Status s = process.Start(); !s.ok()) {
    CC_LOG(Error) << "cannot start: " << s;
    return 1;
  }
  // The sessions' table, once the database answers (it may start later, as
  // in compose); /healthz says "not ready" until then.
  std::thread migrating([&] {
    for (int attempt = 1;; ++attempt) {
      absl::Status s = db::Migrate(db_config.dsn, {&db::GatewayMigrations()});
      if (s.ok()) {
        pool.MarkReady();
        CC_LOG(Info) << "gateway: sessions' database ready";
        return;
      }
      if (attempt == 1 || attempt % 30 == 0) CC_LOG(Warning) << "gateway: database: " << s;
      if (stop.WaitFor(absl::Seconds(1))) return;
    }
  });
  const std::string host = process.config().listen_host;
  if (!http->bind_to_port(host, http_port)) {
    CC_LOG(Error) << "cannot serve HTTP on " << host << ":" << http_port << " (is the port in use?)";
    process.Stop();
    return 1;
  }
  std::thread serving([&] { http->listen_after_bind(); });
  CC_LOG(Info) << "gateway: console on " << (cert.empty() ? "http" : "https") << "://" << host
               << ":" << http_port << "/";
  stop.Wait();
  http->stop();
  serving.join();
  migrating.join();
  process.Stop();
  CC_LOG(Info) << "gateway stopped";
  return 0;
}
