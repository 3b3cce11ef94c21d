// What every service process runs on: a synchronous gRPC server (capped
// threads) with the standard health service, server reflection, per-RPC
// Prometheus metrics named as the gRPC ecosystem names them, the process's
// own (CPU, memory, file descriptors, build_info), a /metrics endpoint, and
// graceful shutdown.
//
// Health is NOT_SERVING from the start until SetServing(true) (the service
// calls it once its database answers and migrations ran), and again while
// shutting down.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "contactcenter/server/flags.h"
#include "grpcpp/server.h"
#include "grpcpp/support/server_interceptor.h"
#include "prometheus/collectable.h"
#include "prometheus/exposer.h"
#include "prometheus/registry.h"

namespace contactcenter::server {

class Server {
 public:
  explicit Server(CommonConfig config);
  ~Server();

  // Metrics registered here are served on /metrics.
  prometheus::Registry& metrics() { return *registry_; }
  std::shared_ptr<prometheus::Registry> metrics_ptr() { return registry_; }

  // Services must outlive the server. Call before Start(). `name` is the
  // full service name health reports on, e.g.
  // intake::v1::IntakeService::service_full_name().
  void AddService(grpc::Service* service, std::string name);

  // Binds the gRPC and metrics ports and starts serving (NOT_SERVING).
  // With grpc_port kNoGrpcPort, metrics only.
  absl::Status Start();

  // Sets the health of the whole server and of every service.
  void SetServing(bool serving);

  // Every `every`, runs `check` and sets the health from its result, so a
  // lost database shows as NOT_SERVING. A check still running after
  // `timeout` turns NOT_SERVING at once, before it returns. Logs changes.
  void WatchHealth(std::function<absl::Status()> check, absl::Duration every,
                   absl::Duration timeout = absl::Seconds(1));

  // NOT_SERVING, then waits up to the grace period for calls in flight
  // (streams must end themselves before: see eventlog::Producer::Stop), then
  // cancels what is left. Idempotent.
  void Shutdown();

  // The ports actually bound (a configured 0 picks a free one, in tests).
  int grpc_port() const { return config_.grpc_port; }
  int metrics_port() const { return config_.metrics_port; }

 private:
  absl::Status StartGrpc();
  void StopExposer();
  // Sets the health from the last check.
  void UpdateHealth();

  CommonConfig config_;
  std::shared_ptr<prometheus::Registry> registry_;
  // process_* (CPU, memory, descriptors) and contactcenter_build_info.
  std::shared_ptr<prometheus::Collectable> process_metrics_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::thread health_thread_;
  std::thread watchdog_thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool last_serving_ = false;
  // The health check's state, under mu_.
  bool check_running_ = false;
  bool check_ok_ = false;
  absl::Time check_started_;
};

// Makes SIGTERM and SIGINT requests to stop, seen by every thread. Call
// first thing in main(), before any thread starts.
class StopSignal {
 public:
  static StopSignal& Install();
  bool requested() const { return requested_.load(); }
  // Blocks until a stop is requested.
  void Wait();
  // Waits up to `d`; true if a stop was requested.
  bool WaitFor(absl::Duration d);
  // Requests a stop from inside the process (tests, fatal start-up errors).
  void Request();

 private:
  StopSignal() = default;
  std::atomic<bool> requested_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

// The gRPC ecosystem's server metrics (as go-grpc-prometheus names them):
// grpc_server_started_total, grpc_server_handled_total and the
// grpc_server_handling_seconds histogram, labelled grpc_type, grpc_service,
// grpc_method (and grpc_code when handled). Only the `known_methods`
// ("/package.Service/Method") get labels of their own; a call to any other
// name is counted under grpc_type, grpc_service and grpc_method "unknown",
// so callers cannot add series.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeMetricsInterceptorFactory(
    prometheus::Registry& registry, absl::flat_hash_set<std::string> known_methods);

// A request whose bytes protobuf refuses (a string field holding invalid
// UTF-8, or no message at all) is answered INVALID_ARGUMENT with a
// google.rpc.BadRequest naming the field ("card.essence": "not valid
// UTF-8"; "" for the whole request), instead of gRPC's INTERNAL with an
// empty message. The handler never runs.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRequestBytesInterceptorFactory();

}  // namespace contactcenter::server
