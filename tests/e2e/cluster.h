// The services of deploy/services.txt as real processes, each with its own
// database and role on the test cluster (CC_TEST_ADMIN_DSN) if it has one,
// on free loopback ports, over TLS: a CA of the cluster's own
// (deploy/local/tls-certs) signs each service's certificate, and each
// service has a service token of its own, honoured with its certificate.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/testing/test_certificates.h"
#include "contactcenter/tls/tls.h"
#include "grpcpp/channel.h"
#include "registry.h"
#include "service_process.h"

namespace contactcenter::e2e {

// A TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick).
int FreeLoopbackPort();

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
  // A shared channel to a service, for the test's own calls: TLS, the
  // server verified, no client certificate (as an operator's tool).
  std::shared_ptr<grpc::Channel> channel(const std::string& name);
  // A new channel to service `name` presenting service `as`'s certificate,
  // for calls with service_token(as).
  std::shared_ptr<grpc::Channel> ServiceChannel(const std::string& name, const std::string& as);
  // The TLS configuration of a client of the cluster: trusts its CA, and
  // presents service `as`'s certificate unless "".
  tls::Config ClientTls(const std::string& as = "") const;
  const testing::TestCertificates& certificates() const { return *certs_; }
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
  // The token service `name` presents (role service, principal `name`).
  const std::string& service_token(const std::string& name) const {
    return service_tokens_.at(name);
  }
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
  std::unique_ptr<testing::TestCertificates> certs_;
  std::map<std::string, std::string> tokens_;    // role -> token
  std::map<std::string, std::string> service_tokens_;  // service -> its token
  std::map<std::string, Ports> ports_;           // service -> its ports
  std::map<std::string, std::string> databases_; // service -> role and database name
  std::map<std::string, std::unique_ptr<ServiceProcess>> processes_;
  std::map<std::string, std::map<std::string, std::string>> envs_;  // service -> its environment
  std::vector<std::unique_ptr<ServiceProcess>> replicas_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

}  // namespace contactcenter::e2e
