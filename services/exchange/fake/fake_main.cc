// fake_gcc: the fake Government Contact Center as a process of its own, for
// trying the exchange by hand (deploy/local/up has no real one). Loopback
// only. The tests use the same fake in their own process (fake_gcc.h).
#include <csignal>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "fake/fake_gcc.h"

ABSL_FLAG(int, port, 50155, "Loopback port to serve GovernmentContactCenter on.");

namespace {
volatile std::sig_atomic_t stop = 0;
void OnSignal(int) { stop = 1; }
}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  contactcenter::exchange::fake::FakeGovernmentContactCenter fake;
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
