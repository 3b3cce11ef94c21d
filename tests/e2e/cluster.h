// The services of deploy/services.txt as real processes, each with its own
// database and role on the test cluster (CC_TEST_ADMIN_DSN) if it has one,
// on free loopback ports.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "registry.h"
#include "service_process.h"

namespace contactcenter::e2e {

class Cluster {
 public:
  static absl::StatusOr<std::unique_ptr<Cluster>> Create();
  ~Cluster();

  // Starts every service, in the registry's order, and waits until each is
  // SERVING.
  absl::Status StartAll();
  // Starts one (again) and waits until it is SERVING.
  absl::Status Start(const std::string& name);
  absl::Status WaitServing(const std::string& name, absl::Duration timeout);

  ServiceProcess& process(const std::string& name) { return *processes_.at(name); }
  std::string address(const std::string& name) const;
  int metrics_port(const std::string& name) const { return ports_.at(name).metrics; }
  // A shared channel to a service, for the test's own calls.
  std::shared_ptr<grpc::Channel> channel(const std::string& name);
  // Drops the shared channels. An idle client connection is noticed closing
  // only by gRPC's 5-second backup poller, so a server stopping gracefully
  // would wait for it.
  void CloseChannels();

  // The services that have a database, each with a DSN for it as the test
  // cluster's superuser: to inspect what a service keeps.
  std::map<std::string, std::string> AdminDsns() const;

  const std::string& operator_token() const { return tokens_.at("operator"); }
  const std::string& executor_token() const { return tokens_.at("executor"); }
  const std::string& supervisor_token() const { return tokens_.at("supervisor"); }
  const std::string& service_token() const { return tokens_.at("service"); }
  // An executor of another body (kOtherExecutorId).
  const std::string& other_executor_token() const { return tokens_.at("other_executor"); }
  const std::string& analyst_token() const { return tokens_.at("analyst"); }
  // Role system, principal kSystemPrincipal: another government system.
  const std::string& system_token() const { return tokens_.at("system"); }
  static constexpr char kSystemPrincipal[] = "e2e-system";
  // The executor the executor token acts for.
  static constexpr char kExecutorId[] = "lg-sev-rva";
  // The body the other executor token acts for.
  static constexpr char kOtherExecutorId[] = "lg-oda-housing";
  // The seed of the key the gateway signs person tokens with (hex), for a
  // test that calls a service as a person directly.
  const std::string& person_seed_hex() const { return person_seed_hex_; }
  int http_port(const std::string& name) const { return ports_.at(name).http; }
  // Starts another replica of a service without gRPC (the gateway): its
  // environment (the same database and keys), its own HTTP and metrics
  // ports; waits for its /healthz. Its HTTP port.
  absl::StatusOr<int> StartReplica(const std::string& name);
  // The console's users (the gateway): e2e-operator, e2e-supervisor,
  // e2e-executor (for kExecutorId), e2e-other-executor (for
  // kOtherExecutorId) and e2e-analyst, all with this password.
  const std::string& console_password() const { return console_password_; }

 private:
  Cluster() = default;

  std::string admin_dsn_;
  std::string dir_;
  std::string person_seed_hex_;
  std::string console_password_;
  std::map<std::string, std::string> tokens_;    // role -> token
  std::map<std::string, Ports> ports_;           // service -> its ports
  std::map<std::string, std::string> databases_; // service -> role and database name
  std::map<std::string, std::unique_ptr<ServiceProcess>> processes_;
  std::map<std::string, std::map<std::string, std::string>> envs_;  // service -> its environment
  std::vector<std::unique_ptr<ServiceProcess>> replicas_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

}  // namespace contactcenter::e2e
