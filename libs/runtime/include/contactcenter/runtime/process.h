// The process layer: what any of our server processes runs on, with or
// without a database (a gateway uses it alone; ServiceRuntime builds on it).
//
//   flags          --listen_host, --grpc_port, --metrics_port, --max_threads,
//                  --shutdown_grace, --tokens_file (optional here),
//                  --person_token_public_key (optional: person tokens),
//                  --service_token, and the limits on what a caller may
//                  take (server::Limits: message sizes, keep-alive,
//                  connection idle and age, pollers, event streams, the
//                  rate limit), transport security (--tls_cert, --tls_key,
//                  --tls_ca, --tls_require_client_cert; plaintext only with
//                  --insecure_plaintext_for_tests_only); every problem
//                  reported at once, exit 2
//   channels       every client::MakeChannel of the process speaks TLS with
//                  this certificate (mutual between services)
//   signals        SIGTERM/SIGINT request a stop (server::StopSignal)
//   gRPC server    over TLS; health, reflection, per-RPC metrics, capped threads;
//                  with a tokens file, calls rate-limited per principal
//   metrics        the Prometheus exposer on --metrics_port
//   periodic jobs  AddPeriodicJob(name, interval, fn), from start to stop
//
// Run() serves until a stop is requested: health SERVING as soon as it
// listens, then on the signal the jobs stop and calls in flight get the
// grace period. A layer on top drives Start()/Stop() itself instead.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/runtime/periodic_jobs.h"
#include "contactcenter/server/flags.h"
#include "contactcenter/server/server.h"

namespace contactcenter::runtime {

struct ProcessSpec {
  // "intake", "gateway", ...
  std::string name;
  int default_grpc_port = 0;
  int default_metrics_port = 0;
};

class Process {
 public:
  // Reads the process flags and, if --tokens_file is set, the tokens file.
  // `problems` are the caller's own configuration problems; with any problem
  // at all, every one is logged and the process exits with status 2.
  Process(ProcessSpec spec, std::vector<std::string> problems);
  ~Process();

  const server::CommonConfig& config() const { return config_; }
  prometheus::Registry& metrics() { return server_->metrics(); }
  server::Server& server() { return *server_; }
  // Null without --tokens_file.
  const auth::Authenticator* auth() const { return auth_.get(); }

  // `name` is the service's full name, for health. Before Start().
  void AddService(grpc::Service* service, const std::string& name);
  // Runs `fn` now and then every `interval` until Stop() (see
  // periodic_jobs.h). Before Start().
  void AddPeriodicJob(std::string name, absl::Duration interval, std::function<absl::Status()> fn);
  // Periodic jobs first run once `ready` says true (e.g. the database is ready).
  void SetReadiness(std::function<bool()> ready) { jobs_.SetReady(std::move(ready)); }

  // Binds the ports (health NOT_SERVING) and starts the periodic jobs.
  absl::Status Start();
  // Stops the periodic jobs (a run in progress finishes). Idempotent.
  void StopJobs();
  // StopJobs(), then the server's graceful shutdown. Idempotent.
  void Stop();

  // For a process with nothing to prepare: Start(), SERVING, wait for
  // SIGTERM/SIGINT, Stop(). Returns the exit status.
  int Run();

 private:
  ProcessSpec spec_;
  // Set while config_ is loaded, so declared before it.
  std::unique_ptr<auth::Authenticator> auth_;
  server::CommonConfig config_;
  std::unique_ptr<server::Server> server_;
  PeriodicJobs jobs_;
};

}  // namespace contactcenter::runtime
