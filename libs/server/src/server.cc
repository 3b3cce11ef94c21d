#include "contactcenter/server/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/log/log.h"
#include "process_metrics.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace contactcenter::server {
namespace {

// After GOAWAY for --max_connection_age, how long calls in flight may go on
// (an event stream is then ended; its consumer resumes from its cursor).
constexpr absl::Duration kMaxConnectionAgeGrace = absl::Minutes(1);

std::string HostPort(const std::string& host, int port) {
  if (absl::StrContains(host, ':')) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

int Ms(absl::Duration d) { return static_cast<int>(absl::ToInt64Milliseconds(d)); }

// "/package.Service/Method" for every method the server serves: the added
// services' (from their descriptors) and the standard health and
// reflection services'.
absl::flat_hash_set<std::string> KnownMethods(const std::vector<std::string>& services) {
  absl::flat_hash_set<std::string> known = {
      "/grpc.health.v1.Health/Check",
      "/grpc.health.v1.Health/Watch",
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
  };
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* d =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (d == nullptr) {
      CC_LOG(Warning) << "no descriptor for service " << name << ": its calls count as unknown";
      continue;
    }
    for (int i = 0; i < d->method_count(); ++i) {
      known.insert(absl::StrCat("/", d->full_name(), "/", d->method(i)->name()));
    }
  }
  return known;
}

}  // namespace

Server::Server(CommonConfig config)
    : config_(std::move(config)),
      registry_(std::make_shared<prometheus::Registry>()),
      process_metrics_(std::make_shared<ProcessMetrics>(config_.service_name)) {}

Server::~Server() { Shutdown(); }

void Server::AddService(grpc::Service* service, std::string name) {
  services_.emplace_back(service, std::move(name));
}

absl::Status Server::StartGrpc() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  const std::string address = HostPort(config_.listen_host, config_.grpc_port);
  const tls::Config& tls = config_.tls;
  if (!tls.plaintext_for_tests_only &&
      (tls.certificates.cert_pem.empty() || tls.certificates.key_pem.empty() ||
       tls.certificates.ca_pem.empty())) {
    return absl::FailedPreconditionError(
        "no TLS certificate, key and CA, and plaintext not asked for by name");
  }
  builder.AddListeningPort(address, tls::ServerCredentials(tls), &bound_port);
  for (const auto& [service, name] : services_) builder.RegisterService(service);
  // Never share a port with another process (gRPC allows SO_REUSEPORT by
  // default): a second instance must fail, not split the traffic.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  grpc::ResourceQuota quota(absl::StrCat(config_.service_name, "-quota"));
  quota.SetMaxThreads(config_.max_threads);
  builder.SetResourceQuota(quota);
  // Every limit set on purpose (why: the flags' comments in flags.cc).
  const Limits& limits = config_.limits;
  builder.SetMaxReceiveMessageSize(limits.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(limits.max_send_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, limits.max_concurrent_streams);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Ms(limits.keepalive_time));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                             limits.keepalive_permit_without_calls ? 1 : 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             Ms(limits.keepalive_min_ping_interval));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, Ms(limits.max_connection_idle));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, Ms(limits.max_connection_age));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, Ms(kMaxConnectionAgeGrace));
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS,
                              limits.sync_min_pollers);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              limits.sync_max_pollers);
  std::vector<std::string> names;
  for (const auto& [service, name] : services_) names.push_back(name);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  // First: gRPC runs a server's send hooks in this order, so the metrics
  // count the status this one corrects.
  interceptors.push_back(MakeRequestBytesInterceptorFactory());
  interceptors.push_back(MakeMetricsInterceptorFactory(*registry_, KnownMethods(names)));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  server_ = builder.BuildAndStart();
  if (server_ == nullptr || bound_port == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot serve gRPC on ", address, " (is the port in use, or the TLS certificate or key unusable?)"));
  }
  config_.grpc_port = bound_port;
  SetServing(false);
  return absl::OkStatus();
}

absl::Status Server::Start() {
  // A process without gRPC (the gateway) serves metrics alone.
  if (config_.grpc_port != kNoGrpcPort) {
    if (absl::Status s = StartGrpc(); !s.ok()) return s;
  }
  const std::string metrics_address = HostPort(config_.listen_host, config_.metrics_port);
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(metrics_address);
    exposer_->RegisterCollectable(registry_);
    exposer_->RegisterCollectable(process_metrics_);
    config_.metrics_port = exposer_->GetListeningPorts().at(0);
  } catch (const std::exception& e) {
    if (server_ != nullptr) server_->Shutdown();
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", metrics_address, ": ", e.what()));
  }
  const tls::Config& tls = config_.tls;
  const std::string transport =
      tls.plaintext_for_tests_only ? "in PLAINTEXT (tests only)"
                                   : (tls.require_client_cert ? "over mutual TLS" : "over TLS");
  CC_LOG(Info) << config_.service_name << ": "
               << (server_ == nullptr ? std::string("no gRPC")
                                      : "gRPC " + transport + " on " +
                                            HostPort(config_.listen_host, config_.grpc_port))
               << ", metrics on http://" << HostPort(config_.listen_host, config_.metrics_port)
               << "/metrics (NOT_SERVING until ready)";
  return absl::OkStatus();
}

void Server::SetServing(bool serving) {
  std::lock_guard<std::mutex> lock(mu_);
  if (server_ == nullptr || stopping_) return;
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  health->SetServingStatus(serving);
  for (const auto& [service, name] : services_) health->SetServingStatus(name, serving);
  if (serving != last_serving_) {
    CC_LOG(Info) << config_.service_name << " is " << (serving ? "SERVING" : "NOT_SERVING");
  }
  last_serving_ = serving;
}

void Server::WatchHealth(std::function<absl::Status()> check, absl::Duration every,
                         absl::Duration timeout) {
  health_thread_ = std::thread([this, check = std::move(check), every] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      check_started_ = absl::Now();
      check_running_ = true;
      lock.unlock();
      absl::Status s = check();
      lock.lock();
      check_running_ = false;
      if (!s.ok() && check_ok_) CC_LOG(Warning) << "health check failed: " << s;
      check_ok_ = s.ok();
      lock.unlock();
      UpdateHealth();
      lock.lock();
      cv_.wait_for(lock, absl::ToChronoMilliseconds(every), [this] { return stopping_; });
    }
  });
  // A check that hangs (a database that stopped answering) must not keep
  // the last answer standing: this thread turns NOT_SERVING on its own.
  watchdog_thread_ = std::thread([this, timeout] {
    const absl::Duration tick = std::min(timeout / 4, absl::Milliseconds(100));
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, absl::ToChronoMilliseconds(tick), [this] { return stopping_; })) {
      const bool hung = check_running_ && absl::Now() - check_started_ > timeout;
      if (!hung) continue;
      if (check_ok_) CC_LOG(Warning) << "health check has not answered for " << timeout;
      check_ok_ = false;
      lock.unlock();
      UpdateHealth();
      lock.lock();
    }
  });
}

void Server::UpdateHealth() {
  bool ok;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ok = check_ok_;
  }
  SetServing(ok);
}

void Server::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (health_thread_.joinable()) health_thread_.join();
  if (watchdog_thread_.joinable()) watchdog_thread_.join();
  if (server_ != nullptr) {
    const absl::Time start = absl::Now();
    // Health goes NOT_SERVING first so load balancers stop sending calls.
    server_->GetHealthCheckService()->Shutdown();
    server_->Shutdown(std::chrono::system_clock::now() +
                      absl::ToChronoMilliseconds(config_.shutdown_grace));
    server_->Wait();
    CC_LOG(Info) << config_.service_name << ": gRPC server stopped in " << absl::Now() - start;
  }
  StopExposer();
}

void Server::StopExposer() {
  if (exposer_ == nullptr) return;
  // civetweb's listener polls in 2-second slices before it notices the stop
  // flag; a connection to it wakes it at once.
  std::atomic<bool> stopped{false};
  std::thread poke([this, &stopped] {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(config_.metrics_port));
    const std::string host = config_.listen_host == "0.0.0.0" ? "127.0.0.1" : config_.listen_host;
    if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) return;
    while (!stopped) {
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      if (fd >= 0) {
        connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
        close(fd);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  exposer_.reset();
  stopped = true;
  poke.join();
}

StopSignal& StopSignal::Install() {
  static StopSignal* instance = [] {
    auto* s = new StopSignal();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    // Blocked here, the signals are inherited blocked by every later thread
    // and delivered only to the waiter below.
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([s, set] {
      int count = 0;
      while (true) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0) continue;
        if (++count > 1) {
          CC_LOG(Warning) << "second stop signal: exiting without waiting";
          std::_Exit(1);
        }
        CC_LOG(Info) << "signal " << sig << ": finishing calls in flight, then stopping";
        s->Request();
      }
    }).detach();
    return s;
  }();
  return *instance;
}

void StopSignal::Request() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    requested_ = true;
  }
  cv_.notify_all();
}

void StopSignal::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return requested_.load(); });
}

bool StopSignal::WaitFor(absl::Duration d) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, absl::ToChronoMilliseconds(d), [this] { return requested_.load(); });
}

}  // namespace contactcenter::server
