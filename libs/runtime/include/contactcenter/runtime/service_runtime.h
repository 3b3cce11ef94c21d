// The database-service layer, on top of the process layer (process.h): what
// a service that owns a PostgreSQL database runs on. It adds
//
//   flags          --db_dsn (required, with sslmode=verify-full unless
//                  --insecure_plaintext_for_tests_only), --db_max_connections (8); and
//                  --tokens_file becomes required (the event log needs it)
//   the pool       every transaction UNAVAILABLE "database not ready" until
//                  migrations ran
//   migrations     the event log's, then the service's own
//   the event log  its producer (sequencer) and the EventLog service, and
//                  its retention: the periodic job "event_log_retention"
//                  (--event_log_retention, --event_log_prune_interval,
//                  --event_log_prune_batch, --event_stream_max_age)
//   consumers      of other services' logs, through typed dispatchers
//
// A service's main() adds its services, consumers and periodic jobs and
// calls Run(). Run() starts serving at once with health NOT_SERVING (the
// periodic jobs start too, and fail quietly until the database is ready),
// waits for the database and applies migrations (retrying while the
// database is away, stopping on a broken migration), starts the sequencer
// and consumers, turns SERVING, and watches the database (NOT_SERVING while
// it is away or every connection stays busy; see WatchDatabaseHealth). On SIGTERM/SIGINT it stops in order: consumers, periodic
// jobs, event streams, then calls in flight get the grace period.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "contactcenter/auth/auth.h"
#include "contactcenter/db/migrations.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/consumer.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/retention.h"
#include "contactcenter/eventlog/service.h"
#include "contactcenter/runtime/process.h"

namespace contactcenter::runtime {

struct ServiceSpec {
  // "intake", "routing", ...
  std::string name;
  int default_grpc_port = 0;
  int default_metrics_port = 0;
  // The service's own migrations (the event log's are added first).
  const std::vector<db::Migration>* migrations = nullptr;
};

// What the database flags say, checked.
struct DatabaseConfig {
  std::string dsn;
  int max_connections = 8;
};

// Reads --db_dsn and --db_max_connections; problems go to `problems`.
DatabaseConfig LoadDatabaseConfig(std::vector<std::string>* problems);

// Health that tells the truth within a second: the database is pinged every
// kHealthInterval, a ping waits at most kHealthPoolWait for a free
// connection (all busy longer: the pool is exhausted, NOT_SERVING), and a
// ping that has not answered within kHealthTimeout turns NOT_SERVING at
// once. The first ping that answers turns SERVING again.
inline constexpr absl::Duration kHealthInterval = absl::Milliseconds(250);
inline constexpr absl::Duration kHealthPoolWait = absl::Milliseconds(300);
inline constexpr absl::Duration kHealthTimeout = absl::Milliseconds(600);
void WatchDatabaseHealth(server::Server& server, db::Pool& pool);

class ServiceRuntime {
 public:
  // Reads the process and database flags and the tokens file. `problems`
  // are the service's own configuration problems; with any problem at all,
  // every one is logged and the process exits with status 2.
  ServiceRuntime(ServiceSpec spec, std::vector<std::string> problems);
  ~ServiceRuntime();

  db::Pool& pool() { return *pool_; }
  const auth::Authenticator& auth() const { return *process_.auth(); }
  eventlog::Producer& events() { return *producer_; }
  prometheus::Registry& metrics() { return process_.metrics(); }
  const server::CommonConfig& config() const { return process_.config(); }
  Process& process() { return process_; }

  // `name` is the service's full name, for health.
  void AddService(grpc::Service* service, const std::string& name);
  // Follows another service's log, applying its events through
  // `dispatcher`; `options.consumer` defaults to this service's name and
  // `options.token` to --service_token.
  void AddConsumer(eventlog::ConsumerOptions options, eventlog::Dispatcher dispatcher);
  // As Process::AddPeriodicJob; `fn` usually opens its own transaction on
  // pool(), which fails UNAVAILABLE until the database is ready.
  void AddPeriodicJob(std::string name, absl::Duration interval, std::function<absl::Status()> fn);

  // Serves until SIGTERM/SIGINT; returns the process exit status.
  int Run();

 private:
  bool PrepareDatabase();
  void Stop();

  ServiceSpec spec_;
  // Loaded before process_ (members initialise in this order), so the
  // database layer's problems are reported with the process layer's.
  DatabaseConfig db_config_;
  std::vector<std::string> problems_;
  Process process_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<eventlog::Producer> producer_;
  std::unique_ptr<eventlog::EventLogService> event_service_;
  std::unique_ptr<eventlog::Retention> retention_;
  std::vector<std::unique_ptr<eventlog::Consumer>> consumers_;
};

}  // namespace contactcenter::runtime
