// cc_health_probe ADDRESS [SERVICE] [--wait SECONDS] [--tls_ca FILE | --plaintext]
// Asks a server's standard health service; exits 0 when SERVING, 1 when
// not (after waiting up to SECONDS for it to become SERVING), 2 on usage.
// Used by deploy/local/up, container health checks and Kubernetes probes.
//
// Over TLS, verifying the server against the CA in --tls_ca or, without it,
// the file the environment's TLS_CA names (a service's container has it),
// so a probe inside a service's container needs no arguments but the
// address. Plaintext with --plaintext, or when the environment says
// INSECURE_PLAINTEXT_FOR_TESTS_ONLY=true as the service's does.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "contactcenter/tls/tls.h"
#include "grpcpp/security/credentials.h"

int main(int argc, char** argv) {
  std::string address, service;
  double wait_seconds = 0;
  const char* env_ca = std::getenv("TLS_CA");
  const char* env_plaintext = std::getenv("INSECURE_PLAINTEXT_FOR_TESTS_ONLY");
  std::string ca_file = env_ca == nullptr ? "" : env_ca;
  bool plaintext = env_plaintext != nullptr && std::string(env_plaintext) == "true";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--wait" && i + 1 < argc) {
      wait_seconds = std::atof(argv[++i]);
    } else if (arg == "--tls_ca" && i + 1 < argc) {
      ca_file = argv[++i];
      plaintext = false;
    } else if (arg == "--plaintext") {
      plaintext = true;
    } else if (address.empty()) {
      address = arg;
    } else {
      service = arg;
    }
  }
  if (address.empty()) {
    std::fprintf(stderr,
                 "usage: cc_health_probe HOST:PORT [SERVICE] [--wait SECONDS] "
                 "[--tls_ca FILE | --plaintext]\n");
    return 2;
  }
  contactcenter::tls::Config tls;
  tls.plaintext_for_tests_only = plaintext;
  if (!plaintext) {
    if (ca_file.empty()) {
      std::fprintf(stderr, "cc_health_probe: no CA: give --tls_ca FILE or set TLS_CA\n");
      return 2;
    }
    std::vector<std::string> problems;
    tls.certificates = contactcenter::tls::LoadCertificates(ca_file, "", "", &problems);
    if (!problems.empty()) {
      std::fprintf(stderr, "cc_health_probe: %s\n", problems.front().c_str());
      return 2;
    }
  }
  const std::shared_ptr<grpc::ChannelCredentials> credentials =
      contactcenter::tls::ChannelCredentials(tls);
  const auto give_up = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(static_cast<int64_t>(wait_seconds * 1000));
  std::string last = "no answer";
  while (true) {
    // A fresh channel each try: a channel that saw "connection refused"
    // while the server was starting may take seconds to try again.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto stub = grpc::health::v1::Health::NewStub(
        grpc::CreateCustomChannel(address, credentials, args));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    grpc::health::v1::HealthCheckResponse resp;
    grpc::Status s = stub->Check(&ctx, req, &resp);
    if (s.ok() && resp.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      std::printf("%s SERVING\n", address.c_str());
      return 0;
    }
    last = s.ok() ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(resp.status())
                  : s.error_message();
    if (std::chrono::steady_clock::now() >= give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::printf("%s %s\n", address.c_str(), last.c_str());
  return 1;
}
