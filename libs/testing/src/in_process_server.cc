#include "contactcenter/testing/in_process_server.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace contactcenter::testing {

InProcessServer::InProcessServer(grpc::Service* service, const std::string& name) {
  server::CommonConfig c;
  c.service_name = "test";
  c.listen_host = "127.0.0.1";
  c.grpc_port = 0;
  c.metrics_port = 0;
  c.max_threads = 16;
  c.shutdown_grace = absl::Seconds(2);
  // These tests are about handlers; TLS has its own (libs/auth auth_tls_test).
  c.tls.plaintext_for_tests_only = true;
  server_ = std::make_unique<server::Server>(c);
  server_->AddService(service, name);
  if (absl::Status s = server_->Start(); !s.ok()) {
    std::fprintf(stderr, "FATAL: cannot start the test server: %s\n", s.ToString().c_str());
    std::exit(1);
  }
  server_->SetServing(true);
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->grpc_port()),
                                 grpc::InsecureChannelCredentials());
}

}  // namespace contactcenter::testing
