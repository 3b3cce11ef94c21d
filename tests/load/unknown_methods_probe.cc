// unknown_methods_probe: calls made-up method names, without a token, as
// fast as a few callers can, and prints the service's memory (VmRSS) and
// the size of its /metrics before and after. Before metrics labelled only
// the server's own methods, 30,000 such calls took intake from 26 to 180 MB
// and /metrics from 4 KB to 84 MB. A program that prints figures.
//
//   unknown_methods_probe --start [--calls=30000]          # its own services
//   unknown_methods_probe --target=127.0.0.1:50051 --pid=$(pgrep -x intake) --metrics_port=9101
//                         [--tls_ca=.local/tls/ca.crt]
#include <atomic>
#include <cstdio>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "probe_target.h"

ABSL_FLAG(int, calls, 30000, "How many calls to made-up methods.");
ABSL_FLAG(int, concurrency, 8, "Concurrent callers.");

namespace cc = contactcenter;
namespace probe = contactcenter::probe;

namespace {

// Lines of /metrics that are samples of the gRPC server metrics.
long GrpcSeries(const std::string& body) {
  long n = 0;
  for (absl::string_view line : absl::StrSplit(body, '\n')) {
    if (absl::StartsWith(line, "grpc_server_")) ++n;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<probe::Target> target = probe::ResolveTarget();
  if (!target.ok()) {
    std::fprintf(stderr, "%s\n", target.status().ToString().c_str());
    return 2;
  }
  const int calls = absl::GetFlag(FLAGS_calls);
  std::string body;
  const long rss_before = probe::RssKb(target->pid);
  const long metrics_before = probe::MetricsBytes(target->metrics_port, &body);
  const long series_before = GrpcSeries(body);

  auto channel = grpc::CreateChannel(target->address, cc::tls::ChannelCredentials(target->tls));
  grpc::GenericStub stub(channel);
  std::mutex mu;
  std::map<std::string, int> codes;
  std::atomic<int> next{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int t = 0; t < absl::GetFlag(FLAGS_concurrency); ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < calls; i = next++) {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        // A new name every call, as an attacker would send.
        const std::string method =
            absl::StrCat("/probe.v", i % 97, ".MadeUp", i, "/Method", i * 7919 % 100003);
        grpc::Slice empty("");
        grpc::ByteBuffer req(&empty, 1), resp;
        std::promise<grpc::Status> done;
        stub.UnaryCall(&ctx, method, grpc::StubOptions(), &req, &resp,
                       [&done](grpc::Status s) { done.set_value(std::move(s)); });
        const grpc::Status s = done.get_future().get();
        std::lock_guard<std::mutex> lock(mu);
        ++codes[absl::StrCat(s.error_code())];
      }
    });
  }
  for (auto& t : threads) t.join();
  const absl::Duration took = absl::Now() - start;

  const long rss_after = probe::RssKb(target->pid);
  const long metrics_after = probe::MetricsBytes(target->metrics_port, &body);
  const long series_after = GrpcSeries(body);
  std::printf("%d calls to made-up methods on %s in %s (%.0f/s); status codes:", calls,
              target->address.c_str(), absl::FormatDuration(took).c_str(),
              calls / absl::ToDoubleSeconds(took));
  for (const auto& [code, n] : codes) std::printf(" %s x%d", code.c_str(), n);
  std::printf("\n");
  std::printf("service RSS:      %7ld kB before, %7ld kB after\n", rss_before, rss_after);
  std::printf("/metrics size:    %7ld B  before, %7ld B  after\n", metrics_before, metrics_after);
  std::printf("grpc_server_* sample lines: %ld before, %ld after\n", series_before, series_after);
  return 0;
}
