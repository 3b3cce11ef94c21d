// idle_streams_probe: opens N idle EventLog.Subscribe streams to a service,
// then times unary calls and health checks on it while they stay open, and
// prints how many streams were refused and the calls' errors and
// latencies. Before streams moved to the callback API, 14 idle streams
// made every other call fail with "Server Threadpool Exhausted" while
// health still said SERVING. A program that prints figures.
//
//   idle_streams_probe --start [--streams=14] [--calls=200]
//   idle_streams_probe --target=127.0.0.1:50051 --service_token=... --operator_token=...
//                      --tls_cert=.local/tls/routing.crt
//                      --tls_key=.local/tls/routing.key
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/eventlog/v1/eventlog.grpc.pb.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "probe_target.h"

ABSL_FLAG(int, streams, 14, "Idle Subscribe streams to open (with the service token).");
ABSL_FLAG(int, calls, 200, "Unary calls (GetAppeal as the operator) and health checks to time.");

namespace cc = contactcenter;
namespace probe = contactcenter::probe;

namespace {

struct Stream {
  grpc::ClientContext ctx;
  std::unique_ptr<grpc::ClientReader<cc::eventlog::v1::Event>> reader;
};

struct Timings {
  std::vector<double> ms;
  std::map<std::string, int> errors;

  void Print(const char* what) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
      return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
    };
    std::printf("%-28s ms: p50 %.1f  p99 %.1f  max %.1f; errors:", what, at(0.5), at(0.99),
                at(1.0));
    if (errors.empty()) std::printf(" none");
    for (const auto& [e, n] : errors) std::printf(" [%s] x%d", e.c_str(), n);
    std::printf("\n");
  }
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<probe::Target> target = probe::ResolveTarget();
  if (!target.ok()) {
    std::fprintf(stderr, "%s\n", target.status().ToString().c_str());
    return 2;
  }
  if (target->service_token.empty() || target->operator_token.empty()) {
    std::fprintf(stderr, "--service_token and --operator_token are required without --start\n");
    return 2;
  }
  // Streams on their own connection, as a consumer would hold them.
  auto stream_channel =
      grpc::CreateChannel(target->address, cc::tls::ChannelCredentials(target->tls));
  auto events = cc::eventlog::v1::EventLog::NewStub(stream_channel);
  std::vector<std::unique_ptr<Stream>> open;
  std::map<std::string, int> refused;
  for (int i = 0; i < absl::GetFlag(FLAGS_streams); ++i) {
    auto s = std::make_unique<Stream>();
    cc::auth::AttachToken(s->ctx, target->service_token);
    cc::eventlog::v1::SubscribeRequest req;
    req.set_consumer(absl::StrCat("probe", i));
    // Far past the end: the stream stays idle.
    req.set_after_position(int64_t{1} << 60);
    s->reader = events->Subscribe(&s->ctx, req);
    s->reader->WaitForInitialMetadata();
    if (s->ctx.GetServerInitialMetadata().count("x-eventlog-producer") == 0) {
      const grpc::Status st = s->reader->Finish();
      ++refused[absl::StrCat(st.error_code(), " ", st.error_message())];
      continue;
    }
    open.push_back(std::move(s));
  }
  std::printf("streams: %zu open, %d refused\n", open.size(),
              absl::GetFlag(FLAGS_streams) - static_cast<int>(open.size()));
  for (const auto& [e, n] : refused) std::printf("  refused x%d: %s\n", n, e.c_str());

  auto channel = grpc::CreateChannel(target->address, cc::tls::ChannelCredentials(target->tls));
  auto intake = cc::intake::v1::IntakeService::NewStub(channel);
  auto health = grpc::health::v1::Health::NewStub(channel);
  Timings unary, checks;
  int not_serving = 0;
  for (int i = 0; i < absl::GetFlag(FLAGS_calls); ++i) {
    {
      grpc::ClientContext ctx;
      cc::auth::AttachToken(ctx, target->operator_token);
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      cc::intake::v1::GetAppealRequest req;
      req.set_appeal_id("00000000-0000-4000-8000-000000000000");
      cc::intake::v1::GetAppealResponse resp;
      const absl::Time t0 = absl::Now();
      const grpc::Status s = intake->GetAppeal(&ctx, req, &resp);
      unary.ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
      // NOT_FOUND is the answer for an appeal that does not exist.
      if (!s.ok() && s.error_code() != grpc::StatusCode::NOT_FOUND) {
        ++unary.errors[absl::StrCat(s.error_code(), " ", s.error_message())];
      }
    }
    {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      grpc::health::v1::HealthCheckResponse resp;
      const absl::Time t0 = absl::Now();
      const grpc::Status s = health->Check(&ctx, grpc::health::v1::HealthCheckRequest(), &resp);
      checks.ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
      if (!s.ok()) ++checks.errors[absl::StrCat(s.error_code(), " ", s.error_message())];
      if (s.ok() && resp.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
        ++not_serving;
      }
    }
  }
  unary.Print("GetAppeal (NOT_FOUND is ok)");
  checks.Print("Health.Check");
  std::printf("health said NOT_SERVING %d times of %d\n", not_serving, absl::GetFlag(FLAGS_calls));
  for (auto& s : open) s->ctx.TryCancel();
  for (auto& s : open) (void)s->reader->Finish();
  return 0;
}
