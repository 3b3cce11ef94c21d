// Everything a database-backed service process runs on, wired once: the
// common flags, the tokens file, the connection pool, the event log (its
// producer and the EventLog service), consumers of other services' logs, and
// the server. A service's main() adds its own services and calls Run().
//
// Run() starts serving at once with health NOT_SERVING, waits for the
// database and applies migrations (retrying while the database is away,
// stopping on a broken migration), starts the sequencer and consumers, turns
// SERVING, and on SIGTERM/SIGINT stops in order: consumers, event streams,
// then calls in flight get the grace period.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "contactcenter/auth/auth.h"
#include "contactcenter/db/migrations.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/consumer.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/service.h"
#include "contactcenter/server/flags.h"
#include "contactcenter/server/server.h"

namespace contactcenter::runtime {

struct ServiceSpec {
  // "intake", "routing", ...
  std::string name;
  int default_grpc_port = 0;
  int default_metrics_port = 0;
  // The service's own migrations (the event log's are added first).
  const std::vector<db::Migration>* migrations = nullptr;
};

class ServiceRuntime {
 public:
  // Reads the common flags and the tokens file. `problems` are the service's
  // own configuration problems; with any problem at all, every one is logged
  // and the process exits with status 2.
  ServiceRuntime(ServiceSpec spec, std::vector<std::string> problems);
  ~ServiceRuntime();

  db::Pool& pool() { return *pool_; }
  const auth::Authenticator& auth() const { return *auth_; }
  eventlog::Producer& events() { return *producer_; }
  prometheus::Registry& metrics() { return server_->metrics(); }
  const server::CommonConfig& config() const { return config_; }

  // `name` is the service's full name, for health.
  void AddService(grpc::Service* service, const std::string& name);
  // Follows another service's log; `options.consumer` defaults to this
  // service's name and `options.token` to --service_token.
  void AddConsumer(eventlog::ConsumerOptions options, eventlog::Handler handler);

  // Serves until SIGTERM/SIGINT; returns the process exit status.
  int Run();

 private:
  bool PrepareDatabase();
  void Stop();

  ServiceSpec spec_;
  server::CommonConfig config_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<eventlog::Producer> producer_;
  std::unique_ptr<eventlog::EventLogService> event_service_;
  std::unique_ptr<server::Server> server_;
  std::vector<std::unique_ptr<eventlog::Consumer>> consumers_;
};

}  // namespace contactcenter::runtime
