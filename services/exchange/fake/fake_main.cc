// fake_gcc: the fake Government Contact Center as a process of its own, for
// trying the exchange by hand (deploy/local/up has no real one). Loopback
// only. The tests use the same fake in their own process (fake_gcc.h).
#include <csignal>
#include <iostream>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "fake/fake_gcc.h"

ABSL_FLAG(int, port, 50155, "Loopback port to serve GovernmentContactCenter on.");
// The real one serves TLS with a certificate of its own CA; so does the fake
// (e.g. a certificate of deploy/local/tls-certs, given to the exchange as
// --gcc_tls_ca's CA).
ABSL_FLAG(std::string, serve_tls_cert, "", "PEM certificate the fake serves with.");
ABSL_FLAG(std::string, serve_tls_key, "", "PEM private key of --serve_tls_cert.");
ABSL_FLAG(std::string, serve_tls_ca, "",
          "PEM CA that client certificates are verified against, if a client presents one.");
ABSL_FLAG(bool, serve_insecure_plaintext_for_tests_only, false,
          "Serve without TLS (the exchange then needs --gcc_insecure_plaintext_for_tests_only).");

namespace {
volatile std::sig_atomic_t stop = 0;
void OnSignal(int) { stop = 1; }
}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  std::vector<std::string> problems;
  const contactcenter::tls::Config tls = contactcenter::tls::LoadPartyChannelConfig(
      "serve_tls", "serve_insecure_plaintext_for_tests_only",
      absl::GetFlag(FLAGS_serve_insecure_plaintext_for_tests_only),
      absl::GetFlag(FLAGS_serve_tls_ca), absl::GetFlag(FLAGS_serve_tls_cert),
      absl::GetFlag(FLAGS_serve_tls_key), &problems);
  if (!tls.plaintext_for_tests_only && tls.certificates.cert_pem.empty()) {
    problems.push_back("--serve_tls_cert and --serve_tls_key are required (or "
                       "--serve_insecure_plaintext_for_tests_only)");
  }
  if (!problems.empty()) {
    for (const std::string& p : problems) std::cerr << p << "\n";
    return 2;
  }
  contactcenter::exchange::fake::FakeGovernmentContactCenter fake(tls);
  if (absl::Status s = fake.Start(absl::GetFlag(FLAGS_port)); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  std::cout << "fake Government Contact Center on " << fake.address() << std::endl;
  while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (const auto& e : fake.Journal()) {
    std::cout << e.card_number << " " << e.sequence << " "
              << contactcenter::exchange::v1::StatusCode_Name(e.code) << "\n";
  }
  return 0;
}
