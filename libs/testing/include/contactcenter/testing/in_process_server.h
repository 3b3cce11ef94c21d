// A gRPC service under test, served on a free loopback port in this process
// by the same server bootstrap the binaries use (metrics, interceptors), in
// plaintext: tests of handlers (TLS is tested in libs/auth's auth_tls_test).
//
//   InProcessServer server(&service, v1::IntakeService::service_full_name());
//   auto stub = v1::IntakeService::NewStub(server.channel());
#pragma once

#include <memory>
#include <string>

#include "contactcenter/server/server.h"
#include "grpcpp/channel.h"

namespace contactcenter::testing {

class InProcessServer {
 public:
  // Starts serving `service` (health SERVING); exits the test binary if the
  // server cannot start.
  InProcessServer(grpc::Service* service, const std::string& name);
  ~InProcessServer() { server_->Shutdown(); }

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  int port() const { return server_->grpc_port(); }
  void Shutdown() { server_->Shutdown(); }

 private:
  std::unique_ptr<server::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace contactcenter::testing
