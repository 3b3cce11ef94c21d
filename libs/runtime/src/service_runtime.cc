#include "contactcenter/runtime/service_runtime.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "contactcenter/log/log.h"

namespace contactcenter::runtime {

ServiceRuntime::ServiceRuntime(ServiceSpec spec, std::vector<std::string> problems)
    : spec_(std::move(spec)) {
  log::SetProgramName(spec_.name);
  config_ = server::LoadCommonConfig(spec_.name, spec_.default_grpc_port,
                                     spec_.default_metrics_port, &problems);
  if (!config_.tokens_file.empty()) {
    absl::StatusOr<auth::TokenStore> tokens = auth::TokenStore::LoadFile(config_.tokens_file);
    if (tokens.ok()) {
      auth_ = std::make_unique<auth::Authenticator>(*std::move(tokens));
    } else {
      problems.push_back(std::string(tokens.status().message()));
    }
  }
  server::ExitOnConfigProblems(problems);

  db::PoolOptions pool_options;
  pool_options.dsn = config_.db_dsn;
  pool_options.max_connections = config_.db_max_connections;
  pool_options.application_name = spec_.name;
  pool_ = std::make_unique<db::Pool>(pool_options);
  server_ = std::make_unique<server::Server>(config_);
  producer_ = std::make_unique<eventlog::Producer>(spec_.name, pool_.get(), &server_->metrics());
  event_service_ = std::make_unique<eventlog::EventLogService>(producer_.get(), auth_.get());
  server_->AddService(event_service_.get(), eventlog::v1::EventLog::service_full_name());
}

ServiceRuntime::~ServiceRuntime() { Stop(); }

void ServiceRuntime::AddService(grpc::Service* service, const std::string& name) {
  server_->AddService(service, name);
}

void ServiceRuntime::AddConsumer(eventlog::ConsumerOptions options, eventlog::Handler handler) {
  if (options.consumer.empty()) options.consumer = spec_.name;
  if (options.token.empty()) options.token = config_.service_token;
  if (options.token.empty()) {
    server::ExitOnConfigProblems({absl::StrCat("--service_token (or SERVICE_TOKEN) is required to ",
                                               "follow the events of ", options.producer)});
  }
  consumers_.push_back(std::make_unique<eventlog::Consumer>(std::move(options), pool_.get(),
                                                            std::move(handler),
                                                            &server_->metrics()));
}

bool ServiceRuntime::PrepareDatabase() {
  server::StopSignal& stop = server::StopSignal::Install();
  std::vector<const std::vector<db::Migration>*> sets = {&db::EventLogMigrations()};
  if (spec_.migrations != nullptr) sets.push_back(spec_.migrations);
  absl::Duration backoff = absl::Milliseconds(500);
  while (!stop.requested()) {
    absl::Status s = db::Migrate(config_.db_dsn, sets);
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
  if (absl::Status s = server_->Start(); !s.ok()) {
    CC_LOG(Error) << "cannot start: " << s;
    return 1;
  }
  if (!PrepareDatabase()) {
    Stop();
    return stop.requested() ? 0 : 1;
  }
  producer_->Start();
  for (auto& c : consumers_) c->Start();
  server_->WatchHealth([this] { return pool_->Ping(); }, absl::Seconds(5));
  stop.Wait();
  Stop();
  CC_LOG(Info) << spec_.name << " stopped";
  return 0;
}

void ServiceRuntime::Stop() {
  for (auto& c : consumers_) c->Stop();
  producer_->Stop();  // event streams end; other services reconnect later
  server_->Shutdown();
}

}  // namespace contactcenter::runtime
