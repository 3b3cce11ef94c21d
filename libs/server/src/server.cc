#include "contactcenter/server/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
#include <signal.h>

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/log/log.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace contactcenter::server {
namespace {

std::string HostPort(const std::string& host, int port) {
  if (absl::StrContains(host, ':')) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

}  // namespace

Server::Server(CommonConfig config)
    : config_(std::move(config)), registry_(std::make_shared<prometheus::Registry>()) {}

Server::~Server() { Shutdown(); }

void Server::AddService(grpc::Service* service, std::string name) {
  services_.emplace_back(service, std::move(name));
}

absl::Status Server::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  const std::string address = HostPort(config_.listen_host, config_.grpc_port);
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &bound_port);
  for (const auto& [service, name] : services_) builder.RegisterService(service);
  // Never share a port with another process (gRPC allows SO_REUSEPORT by
  // default): a second instance must fail, not split the traffic.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  grpc::ResourceQuota quota(absl::StrCat(config_.service_name, "-quota"));
  quota.SetMaxThreads(config_.max_threads);
  builder.SetResourceQuota(quota);
  // Consumers ping idle event streams to notice a dead peer; allow it.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(MakeMetricsInterceptorFactory(*registry_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  server_ = builder.BuildAndStart();
  if (server_ == nullptr || bound_port == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot serve gRPC on ", address, " (is the port in use?)"));
  }
  config_.grpc_port = bound_port;
  SetServing(false);

  const std::string metrics_address = HostPort(config_.listen_host, config_.metrics_port);
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(metrics_address);
    exposer_->RegisterCollectable(registry_);
    config_.metrics_port = exposer_->GetListeningPorts().at(0);
  } catch (const std::exception& e) {
    server_->Shutdown();
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", metrics_address, ": ", e.what()));
  }
  CC_LOG(Info) << config_.service_name << ": gRPC on " << HostPort(config_.listen_host, bound_port)
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

void Server::WatchHealth(std::function<absl::Status()> check, absl::Duration every) {
  health_thread_ = std::thread([this, check = std::move(check), every] {
    while (true) {
      absl::Status s = check();
      if (!s.ok()) CC_LOG(Warning) << "health check failed: " << s;
      SetServing(s.ok());
      std::unique_lock<std::mutex> lock(mu_);
      if (cv_.wait_for(lock, absl::ToChronoMilliseconds(every), [this] { return stopping_; })) {
        return;
      }
    }
  });
}

void Server::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (health_thread_.joinable()) health_thread_.join();
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
