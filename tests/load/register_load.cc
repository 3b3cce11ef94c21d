// register_load: registers appeals against a running intake and follows
// them to their cases in tracking; prints throughput, latency percentiles
// and the pipeline lag. A program that prints figures, not a test.
//
//   register_load --token=$CC_OPERATOR_TOKEN [--appeals=2000] [--concurrency=8]
//                 [--intake=127.0.0.1:50051] [--tracking=127.0.0.1:50053]
//                 [--tls_ca=.local/tls/ca.crt]
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/tls/tls.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "sample_appeal.h"

ABSL_FLAG(std::string, intake, "127.0.0.1:50051", "intake's gRPC address");
ABSL_FLAG(std::string, tracking, "127.0.0.1:50053", "tracking's gRPC address");
ABSL_FLAG(std::string, token, "", "an operator's bearer token (source .local/env)");
ABSL_FLAG(std::string, tls_ca, ".local/tls/ca.crt",
          "the CA the services' certificates are verified against (deploy/local/up's)");
ABSL_FLAG(int, appeals, 2000, "how many appeals to register");
ABSL_FLAG(int, concurrency, 8, "concurrent callers");

namespace cc = contactcenter;

namespace {

cc::intake::v1::RegisterAppealRequest Appeal(int i) {
  static const char* const kTopics[] = {"106", "108", "109", "110", "112", "115", "125"};
  static const char* const kTerritories[] = {"LG", "LG-SEV", "LG-STA", "LG-SVA", "LG-SHC"};
  cc::intake::v1::RegisterAppealRequest req =
      cc::intake::SampleAppeal(kTopics[i % 7], kTerritories[i % 5], i % 2 == 0);
  auto* p = req.mutable_card()->mutable_applicant()->mutable_person();
  p->set_name(absl::StrCat("Заявник ", i));
  p->set_phone(absl::StrCat("+38050", 1000000 + i % 8999999));
  return req;
}

double Percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string token = absl::GetFlag(FLAGS_token);
  const int n = absl::GetFlag(FLAGS_appeals);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  if (token.empty()) {
    std::fprintf(stderr, "--token is required (source .local/env; --token=$CC_OPERATOR_TOKEN)\n");
    return 2;
  }
  std::vector<std::string> problems;
  cc::tls::Config tls;
  tls.certificates = cc::tls::LoadCertificates(absl::GetFlag(FLAGS_tls_ca), "", "", &problems);
  if (!problems.empty()) {
    std::fprintf(stderr, "%s\n", problems.front().c_str());
    return 2;
  }
  auto credentials = cc::tls::ChannelCredentials(tls);
  auto intake = cc::intake::v1::IntakeService::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_intake), credentials));
  auto tracking = cc::tracking::v1::TrackingService::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_tracking), credentials));

  std::mutex mu;
  std::vector<double> latencies_ms;
  std::vector<std::string> ids;
  std::atomic<int> next{0}, errors{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < n; i = next++) {
        grpc::ClientContext ctx;
        cc::auth::AttachToken(ctx, token);
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        cc::intake::v1::RegisterAppealResponse resp;
        const absl::Time t0 = absl::Now();
        grpc::Status s = intake->RegisterAppeal(&ctx, Appeal(i), &resp);
        const double ms = absl::ToDoubleMilliseconds(absl::Now() - t0);
        std::lock_guard<std::mutex> lock(mu);
        if (!s.ok()) {
          if (errors++ == 0) std::fprintf(stderr, "first error: %s\n", s.error_message().c_str());
          continue;
        }
        latencies_ms.push_back(ms);
        ids.push_back(resp.appeal().id());
      }
    });
  }
  for (auto& t : threads) t.join();
  const absl::Duration registering = absl::Now() - start;

  // Follow every appeal to its case.
  int cases = 0;
  for (const std::string& id : ids) {
    while (absl::Now() - start < absl::Minutes(5)) {
      grpc::ClientContext ctx;
      cc::auth::AttachToken(ctx, token);
      cc::tracking::v1::GetCaseRequest req;
      req.set_appeal_id(id);
      cc::tracking::v1::GetCaseResponse resp;
      if (tracking->GetCase(&ctx, req, &resp).ok()) {
        ++cases;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  const absl::Duration all_cases = absl::Now() - start;

  std::printf("appeals registered: %zu of %d (%d errors), %d callers\n", ids.size(), n,
              errors.load(), concurrency);
  std::printf("RegisterAppeal throughput: %.0f appeals/s over %s\n",
              ids.size() / absl::ToDoubleSeconds(registering),
              absl::FormatDuration(registering).c_str());
  std::printf("RegisterAppeal latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n",
              Percentile(latencies_ms, 0.50), Percentile(latencies_ms, 0.95),
              Percentile(latencies_ms, 0.99), Percentile(latencies_ms, 1.0));
  std::printf("cases opened: %d; last case %s after the first registration "
              "(pipeline lag after registering ended: %s)\n",
              cases, absl::FormatDuration(all_cases).c_str(),
              absl::FormatDuration(all_cases - registering).c_str());
  return cases == static_cast<int>(ids.size()) && errors == 0 ? 0 : 1;
}
