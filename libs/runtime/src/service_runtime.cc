#include "contactcenter/runtime/service_runtime.h"

#include <algorithm>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/log/log.h"

ABSL_FLAG(std::string, db_dsn, "",
          "PostgreSQL connection string of the service's own database, e.g. "
          "postgresql://intake:secret@127.0.0.1:55432/intake");
ABSL_FLAG(int, db_max_connections, 8, "Most database connections the service opens.");
// Issue 14 item 5. A month: not for a consumer's outage (a known consumer
// holds the log anyway), but how far back a projection can be rebuilt from
// the log alone (analytics --rebuild) and how long events stay to
// investigate an incident (README "Configuration").
ABSL_FLAG(absl::Duration, event_log_retention, absl::Hours(30 * 24),
          "Events every known durable consumer has applied are deleted from the event log "
          "once older than this.");
ABSL_FLAG(absl::Duration, event_log_prune_interval, absl::Minutes(10),
          "How often the event log is pruned (and its size metrics set).");
ABSL_FLAG(int, event_log_prune_batch, 1000,
          "Most events deleted from the event log in one transaction.");
ABSL_FLAG(absl::Duration, event_stream_max_age, absl::Minutes(10),
          "A durable consumer's event stream older than this ends, so the consumer "
          "subscribes again and reports the position it has applied.");

namespace contactcenter::runtime {
namespace {

// The service's problems with the database layer's added.
std::vector<std::string> WithDatabaseProblems(std::vector<std::string> problems,
                                              DatabaseConfig* config) {
  *config = LoadDatabaseConfig(&problems);
  // Its EventLog service authenticates the services that follow it.
  server::RequireNonEmpty("tokens_file", absl::GetFlag(FLAGS_tokens_file), &problems);
  if (absl::GetFlag(FLAGS_event_log_retention) < absl::ZeroDuration()) {
    problems.push_back("--event_log_retention must not be negative");
  }
  if (absl::GetFlag(FLAGS_event_log_prune_interval) < absl::Milliseconds(100)) {
    problems.push_back("--event_log_prune_interval must be at least 100ms");
  }
  if (absl::GetFlag(FLAGS_event_log_prune_batch) < 1 ||
      absl::GetFlag(FLAGS_event_log_prune_batch) > 100000) {
    problems.push_back("--event_log_prune_batch must be within 1..100000");
  }
  if (absl::GetFlag(FLAGS_event_stream_max_age) < absl::Milliseconds(100)) {
    problems.push_back("--event_stream_max_age must be at least 100ms");
  }
  return problems;
}

}  // namespace

DatabaseConfig LoadDatabaseConfig(std::vector<std::string>* problems) {
  DatabaseConfig c;
  c.dsn = absl::GetFlag(FLAGS_db_dsn);
  c.max_connections = absl::GetFlag(FLAGS_db_max_connections);
  server::RequireNonEmpty("db_dsn", c.dsn, problems);
  // Personal data and the service's password cross this connection: TLS
  // with the server verified, unless plaintext is asked for by name.
  if (!c.dsn.empty() && !absl::GetFlag(FLAGS_insecure_plaintext_for_tests_only)) {
    if (absl::Status s = db::CheckDsnVerifiesServer(c.dsn); !s.ok()) {
      problems->push_back(absl::StrCat("--db_dsn: ", s.message()));
    }
  }
  if (c.max_connections < 1 || c.max_connections > 200) {
    problems->push_back(
        absl::StrCat("--db_max_connections=", c.max_connections, " must be within 1..200"));
  }
  return c;
}

void WatchDatabaseHealth(server::Server& server, db::Pool& pool) {
  server.WatchHealth([&pool] { return pool.Ping(kHealthPoolWait); }, kHealthInterval,
                     kHealthTimeout);
}

ServiceRuntime::ServiceRuntime(ServiceSpec spec, std::vector<std::string> problems)
    : spec_(std::move(spec)),
      problems_(WithDatabaseProblems(std::move(problems), &db_config_)),
      process_({spec_.name, spec_.default_grpc_port, spec_.default_metrics_port},
               std::move(problems_)) {
  db::PoolOptions pool_options;
  pool_options.dsn = db_config_.dsn;
  pool_options.max_connections = db_config_.max_connections;
  pool_options.application_name = spec_.name;
  pool_ = std::make_unique<db::Pool>(pool_options);
  pool_->ExportMetrics(metrics());
  process_.SetReadiness([pool = pool_.get()] { return pool->ready(); });
  producer_ = std::make_unique<eventlog::Producer>(spec_.name, pool_.get(), &metrics());
  const server::Limits& limits = config().limits;
  event_service_ = std::make_unique<eventlog::EventLogService>(
      producer_.get(), &auth(),
      eventlog::StreamLimits{limits.max_streams_per_principal, limits.max_streams,
                             absl::GetFlag(FLAGS_event_stream_max_age)});
  process_.AddService(event_service_.get(), eventlog::v1::EventLog::service_full_name());
  eventlog::RetentionOptions retention;
  retention.retention = absl::GetFlag(FLAGS_event_log_retention);
  retention.batch_size = absl::GetFlag(FLAGS_event_log_prune_batch);
  retention_ =
      std::make_unique<eventlog::Retention>(spec_.name, pool_.get(), retention, &metrics());
  process_.AddPeriodicJob("event_log_retention", absl::GetFlag(FLAGS_event_log_prune_interval),
                          [this] { return retention_->Run(absl::Now()).status(); });
}

ServiceRuntime::~ServiceRuntime() { Stop(); }

void ServiceRuntime::AddService(grpc::Service* service, const std::string& name) {
  process_.AddService(service, name);
}

void ServiceRuntime::AddPeriodicJob(std::string name, absl::Duration interval,
                                    std::function<absl::Status()> fn) {
  process_.AddPeriodicJob(std::move(name), interval, std::move(fn));
}

void ServiceRuntime::AddConsumer(eventlog::ConsumerOptions options,
                                 eventlog::Dispatcher dispatcher) {
  if (options.consumer.empty()) options.consumer = spec_.name;
  if (options.token.empty()) options.token = config().service_token;
  if (options.token.empty()) {
    server::ExitOnConfigProblems({absl::StrCat("--service_token (or SERVICE_TOKEN) is required to ",
                                               "follow the events of ", options.producer)});
  }
  consumers_.push_back(std::make_unique<eventlog::Consumer>(std::move(options), pool_.get(),
                                                            std::move(dispatcher), &metrics()));
}

bool ServiceRuntime::PrepareDatabase() {
  server::StopSignal& stop = server::StopSignal::Install();
  std::vector<const std::vector<db::Migration>*> sets = {&db::EventLogMigrations()};
  if (spec_.migrations != nullptr) sets.push_back(spec_.migrations);
  absl::Duration backoff = absl::Milliseconds(500);
  while (!stop.requested()) {
    absl::Status s = db::Migrate(db_config_.dsn, sets);
    if (s.ok()) {
      pool_->MarkReady();
      return true;
    }
    if (s.code() != absl::StatusCode::kUnavailable) {
      CC_LOG(Error) << "cannot prepare the database: " << s;
      return false;
    }
    CC_LOG(Warning) << "waiting for the database (retry in " << backoff << "): " << s.message();
    if (stop.WaitFor(backoff)) break;
    backoff = std::min(backoff * 2, absl::Seconds(10));
  }
  return false;
}

int ServiceRuntime::Run() {
  server::StopSignal& stop = server::StopSignal::Install();
  if (absl::Status s = process_.Start(); !s.ok()) {
    CC_LOG(Error) << "cannot start: " << s;
    return 1;
  }
  if (!PrepareDatabase()) {
    Stop();
    return stop.requested() ? 0 : 1;
  }
  producer_->Start();
  for (auto& c : consumers_) c->Start();
  WatchDatabaseHealth(process_.server(), *pool_);
  stop.Wait();
  Stop();
  CC_LOG(Info) << spec_.name << " stopped";
  return 0;
}

void ServiceRuntime::Stop() {
  for (auto& c : consumers_) c->Stop();
  process_.StopJobs();
  producer_->Stop();  // event streams end; other services reconnect later
  process_.Stop();
}

}  // namespace contactcenter::runtime
