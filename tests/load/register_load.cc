// register_load: registers appeals against intake and follows them through
// routing to their cases in tracking; prints throughput, latency
// percentiles, the pipeline's lag per appeal, and beside them the ceiling:
// what the same PostgreSQL does with the same durable work (ceiling.h).
// A program that prints figures, not a test.
//
// Against a running stack (deploy/local/up):
//   register_load --token=$CC_OPERATOR_TOKEN [--tls_ca=.local/tls/ca.crt]
//     [--service_token=<a service's token> --tls_cert=<its .crt> --tls_key=<its .key>]
// Its own stack on free ports (CC_TEST_ADMIN_DSN, as tests/run sets it):
//   register_load --start [--only=intake] [--ceiling] [--profile]
// Closed loop by default (--concurrency callers, each waiting for its
// answer); --rate=N sends Poisson arrivals at N a second instead, timing
// each call from the moment it was due. --slice=N prints p50/p99 per N
// appeals, to see whether registration slows as data grows.
#include <csignal>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "ceiling.h"
#include "cluster.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/eventlog/v1/eventlog.grpc.pb.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/testing/test_database.h"
#include "contactcenter/tls/tls.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "grpcpp/create_channel.h"
#include "load_appeal.h"
#include "load_stats.h"

ABSL_FLAG(std::string, intake, "127.0.0.1:50051", "intake's gRPC address");
ABSL_FLAG(std::string, tracking, "127.0.0.1:50053", "tracking's gRPC address");
ABSL_FLAG(std::string, token, "", "an operator's bearer token (source .local/env)");
ABSL_FLAG(std::string, tls_ca, ".local/tls/ca.crt",
          "the CA the services' certificates are verified against (deploy/local/up's)");
ABSL_FLAG(std::string, tls_cert, "",
          "the certificate of the service whose --service_token is given (for the lag)");
ABSL_FLAG(std::string, tls_key, "", "its key");
ABSL_FLAG(std::string, service_token, "",
          "a service token, to follow tracking's events for the lag (without it, no lag)");
ABSL_FLAG(int, appeals, 2000, "how many appeals to register");
ABSL_FLAG(int, concurrency, 8,
          "concurrent callers (closed loop); with --rate, the most calls in flight");
ABSL_FLAG(double, rate, 0, "open loop: Poisson arrivals at this many appeals a second");
ABSL_FLAG(int, slice, 0, "print p50/p99 per this many appeals, in the order they finished");
ABSL_FLAG(bool, start, false,
          "start the services on free ports with throwaway databases (CC_TEST_ADMIN_DSN)");
ABSL_FLAG(std::string, only, "",
          "with --start: the services to keep running, e.g. intake (default: all)");
ABSL_FLAG(bool, ceiling, false,
          "first run the ceiling (CC_TEST_ADMIN_DSN's cluster) at the same concurrency and "
          "number, and print the ratio");
ABSL_FLAG(bool, profile, false,
          "with --start: CPU per process, and statements per appeal (pg_stat_statements, if "
          "the cluster preloads it)");
ABSL_FLAG(absl::Duration, lag_timeout, absl::Minutes(5),
          "how long to wait for the last case after registering ends");

namespace cc = contactcenter;

namespace {

// When each appeal was acknowledged and when its CaseOpened reached us.
class LagTracker {
 public:
  LagTracker(std::shared_ptr<grpc::Channel> tracking, std::string token)
      : stub_(cc::eventlog::v1::EventLog::NewStub(std::move(tracking))),
        token_(std::move(token)) {
    thread_ = std::thread([this] { Follow(); });
  }
  ~LagTracker() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      if (ctx_ != nullptr) ctx_->TryCancel();
    }
    thread_.join();
  }

  void Acked(const std::string& appeal_id, absl::Time at) {
    std::lock_guard<std::mutex> lock(mu_);
    acked_[appeal_id] = at;
  }

  // Waits until every acknowledged appeal has its case, or `until`.
  int WaitAll(absl::Time until) {
    while (true) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        int seen = 0;
        for (const auto& [id, at] : acked_) seen += opened_.contains(id);
        if (seen == static_cast<int>(acked_.size()) || absl::Now() > until) return seen;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // Lag of each appeal with a case, ms.
  std::vector<double> LagsMs() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<double> out;
    for (const auto& [id, at] : acked_) {
      auto it = opened_.find(id);
      if (it != opened_.end()) out.push_back(std::max(0.0, absl::ToDoubleMilliseconds(it->second - at)));
    }
    return out;
  }

 private:
  void Follow() {
    int64_t after = 0;
    while (true) {
      grpc::ClientContext ctx;
      cc::auth::AttachToken(ctx, token_);
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_) return;
        ctx_ = &ctx;
      }
      cc::eventlog::v1::SubscribeRequest req;
      req.set_consumer("register_load");
      req.set_after_position(after);
      auto reader = stub_->Subscribe(&ctx, req);
      cc::eventlog::v1::Event e;
      cc::tracking::v1::CaseOpened opened;
      while (reader->Read(&e)) {
        after = e.position();
        if (!e.payload().UnpackTo(&opened)) continue;
        std::lock_guard<std::mutex> lock(mu_);
        opened_.emplace(opened.appeal_id(), absl::Now());
      }
      grpc::Status s = reader->Finish();
      {
        std::lock_guard<std::mutex> lock(mu_);
        ctx_ = nullptr;
        if (stopping_) return;
      }
      std::fprintf(stderr, "tracking's event stream ended: %s; reconnecting\n",
                   s.error_message().c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }

  std::unique_ptr<cc::eventlog::v1::EventLog::Stub> stub_;
  const std::string token_;
  std::mutex mu_;
  bool stopping_ = false;
  grpc::ClientContext* ctx_ = nullptr;
  std::map<std::string, absl::Time> acked_, opened_;
  std::thread thread_;
};

struct Call {
  double ms = 0;
  absl::Time done;
};

void PrintLatencies(const char* what, std::vector<double> ms) {
  std::printf("%s ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n", what, cc::load::Percentile(ms, 0.5),
              cc::load::Percentile(ms, 0.95), cc::load::Percentile(ms, 0.99),
              cc::load::Percentile(ms, 1.0));
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::string token = absl::GetFlag(FLAGS_token);
  std::string service_token = absl::GetFlag(FLAGS_service_token);
  std::string intake_address = absl::GetFlag(FLAGS_intake);
  std::string tracking_address = absl::GetFlag(FLAGS_tracking);
  const int n = absl::GetFlag(FLAGS_appeals);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const double rate = absl::GetFlag(FLAGS_rate);
  // Keys of this run apart from any earlier run's on the same stack.
  const std::string run = absl::StrCat(absl::ToUnixMillis(absl::Now()));

  std::string admin_dsn;
  if (absl::GetFlag(FLAGS_start) || absl::GetFlag(FLAGS_ceiling)) {
    absl::StatusOr<std::string> dsn = cc::testing::AdminDsn();
    if (!dsn.ok()) {
      std::fprintf(stderr, "%s\n", dsn.status().ToString().c_str());
      return 2;
    }
    admin_dsn = *dsn;
  }

  std::unique_ptr<cc::e2e::Cluster> cluster;
  std::map<std::string, pid_t> service_pids;
  bool tracking_running = true;
  if (absl::GetFlag(FLAGS_start)) {
    absl::StatusOr<std::unique_ptr<cc::e2e::Cluster>> c = cc::e2e::Cluster::Create();
    absl::Status started = c.ok() ? (*c)->StartAll() : c.status();
    if (!started.ok()) {
      std::fprintf(stderr, "cannot start the services: %s\n", started.ToString().c_str());
      return 2;
    }
    cluster = *std::move(c);
    const std::string only = absl::GetFlag(FLAGS_only);
    for (const cc::e2e::RegisteredService& svc : cc::e2e::Registry()) {
      if (!only.empty() && !absl::StrContains(absl::StrCat(",", only, ","),
                                              absl::StrCat(",", svc.name, ","))) {
        cluster->process(svc.name).Signal(SIGKILL);
        if (svc.name == "tracking") tracking_running = false;
        continue;
      }
      service_pids[svc.name] = cluster->process(svc.name).pid();
    }
    intake_address = cluster->address("intake");
    if (tracking_running) tracking_address = cluster->address("tracking");
    token = cluster->operator_token();
    // The lag follows tracking's events as routing does: its token and
    // certificate (ServiceChannel below).
    service_token = cluster->service_token("routing");
  }
  if (token.empty()) {
    std::fprintf(stderr, "--token is required (source .local/env; --token=$CC_OPERATOR_TOKEN)\n");
    return 2;
  }

  double ceiling_per_second = 0;
  if (absl::GetFlag(FLAGS_ceiling)) {
    absl::StatusOr<cc::load::CeilingResult> ceiling = cc::load::RunCeiling(n, concurrency);
    if (!ceiling.ok()) {
      std::fprintf(stderr, "%s\n", ceiling.status().ToString().c_str());
      return 2;
    }
    ceiling_per_second = ceiling->per_second();
    std::printf("ceiling: %d transactions, %d connections: %.0f/s over %s\n",
                ceiling->transactions, concurrency, ceiling->per_second(),
                absl::FormatDuration(ceiling->elapsed).c_str());
    PrintLatencies("ceiling latency", ceiling->latencies_ms);
  }

  // With --start, the cluster's own channels (its credentials); otherwise
  // TLS channels to the addresses given, verified against --tls_ca, with
  // the service certificate if one is given.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (cluster == nullptr) {
    std::vector<std::string> problems;
    cc::tls::Config tls;
    tls.certificates = cc::tls::LoadCertificates(absl::GetFlag(FLAGS_tls_ca),
                                                 absl::GetFlag(FLAGS_tls_cert),
                                                 absl::GetFlag(FLAGS_tls_key), &problems);
    if (!problems.empty()) {
      std::fprintf(stderr, "%s\n", problems.front().c_str());
      return 2;
    }
    credentials = cc::tls::ChannelCredentials(tls);
  }
  auto intake = cc::intake::v1::IntakeService::NewStub(
      cluster != nullptr ? cluster->channel("intake")
                         : grpc::CreateChannel(intake_address, credentials));
  std::unique_ptr<LagTracker> lag;
  if (tracking_running && !service_token.empty()) {
    lag = std::make_unique<LagTracker>(
        cluster != nullptr ? cluster->ServiceChannel("tracking", "routing")
                           : grpc::CreateChannel(tracking_address, credentials),
        service_token);
  }

  cc::load::CpuSampler cpu;
  const bool profile = absl::GetFlag(FLAGS_profile) && cluster != nullptr;
  bool statements = false;
  if (profile) {
    for (const auto& [name, pid] : service_pids) cpu.Add(name, {pid});
    absl::StatusOr<std::vector<pid_t>> pg = cc::load::PostgresProcesses(admin_dsn);
    if (pg.ok()) cpu.Add("postgres", *pg);
    cpu.Add("register_load", {getpid()});
    absl::Status reset = cc::load::ResetStatements(admin_dsn);
    statements = reset.ok();
    if (!reset.ok()) std::fprintf(stderr, "no statement profile: %s\n", reset.ToString().c_str());
    cpu.Start();
  }

  std::mutex mu;
  std::vector<Call> calls;
  calls.reserve(n);
  std::atomic<int> next{0}, errors{0};
  std::map<std::string, int> error_kinds;  // code and message: how many
  std::vector<absl::Time> due;  // open loop: when each call is due
  absl::Time start = absl::Now();
  if (rate > 0) {
    std::mt19937_64 rng(42);
    std::exponential_distribution<double> gap(rate);
    double t = 0.2;  // a moment for the callers to start
    due.reserve(n);
    for (int i = 0; i < n; ++i) {
      due.push_back(start + absl::Seconds(t));
      t += gap(rng);
    }
  }
  auto register_one = [&](int i) {
    grpc::ClientContext ctx;
    cc::auth::AttachToken(ctx, token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    cc::intake::v1::RegisterAppealResponse resp;
    absl::Time t0 = absl::Now();
    if (rate > 0) {
      absl::SleepFor(due[i] - t0);
      t0 = due[i];
    }
    grpc::Status s = intake->RegisterAppeal(&ctx, cc::load::LoadAppeal(i, run), &resp);
    const absl::Time done = absl::Now();
    if (s.ok() && lag != nullptr) lag->Acked(resp.appeal().id(), done);
    std::lock_guard<std::mutex> lock(mu);
    if (!s.ok()) {
      ++errors;
      ++error_kinds[absl::StrCat(s.error_code(), " ", s.error_message())];
      return;
    }
    calls.push_back({absl::ToDoubleMilliseconds(done - t0), done});
  };
  const int callers = rate > 0 ? std::max(concurrency, 64) : concurrency;
  std::vector<std::thread> threads;
  for (int t = 0; t < callers; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < n; i = next++) register_one(i);
    });
  }
  for (auto& t : threads) t.join();
  const absl::Duration registering = absl::Now() - start;
  const double per_second = calls.size() / absl::ToDoubleSeconds(registering);

  std::printf("appeals registered: %zu of %d (%d errors), %s\n", calls.size(), n, errors.load(),
              rate > 0 ? absl::StrCat("open loop at ", rate, "/s, up to ", callers, " in flight").c_str()
                       : absl::StrCat(concurrency, " callers").c_str());
  for (const auto& [kind, count] : error_kinds) std::printf("  %d x %s\n", count, kind.c_str());
  std::printf("RegisterAppeal throughput: %.0f appeals/s over %s\n", per_second,
              absl::FormatDuration(registering).c_str());
  std::vector<double> all;
  for (const Call& c : calls) all.push_back(c.ms);
  PrintLatencies(rate > 0 ? "RegisterAppeal latency (from when due)" : "RegisterAppeal latency",
                 all);
  if (ceiling_per_second > 0) {
    std::printf("RegisterAppeal / ceiling: %.0f / %.0f = %.2f\n", per_second, ceiling_per_second,
                per_second / ceiling_per_second);
  }
  if (const int slice = absl::GetFlag(FLAGS_slice); slice > 0) {
    std::sort(calls.begin(), calls.end(), [](const Call& a, const Call& b) { return a.done < b.done; });
    absl::Time from = start;
    for (size_t s = 0; s * slice < calls.size(); ++s) {
      std::vector<double> ms;
      const size_t end = std::min(calls.size(), (s + 1) * slice);
      for (size_t i = s * slice; i < end; ++i) ms.push_back(calls[i].ms);
      const absl::Time to = calls[end - 1].done;
      std::printf("  appeals %7zu-%-7zu p50 %6.1f ms  p99 %6.1f ms  %5.0f/s\n", s * slice + 1, end,
                  cc::load::Percentile(ms, 0.5), cc::load::Percentile(ms, 0.99),
                  (end - s * slice) / std::max(1e-9, absl::ToDoubleSeconds(to - from)));
      from = to;
    }
  }

  int cases = -1;
  if (lag != nullptr) {
    cases = lag->WaitAll(absl::Now() + absl::GetFlag(FLAGS_lag_timeout));
    const absl::Duration all_cases = absl::Now() - start;
    std::printf("cases opened: %d of %zu; the last %s after registering ended\n", cases,
                calls.size(), absl::FormatDuration(all_cases - registering).c_str());
    PrintLatencies("pipeline lag (acknowledged -> CaseOpened received)", lag->LagsMs());
  } else {
    std::printf("pipeline lag: not measured (%s)\n",
                tracking_running ? "no --service_token" : "tracking not running");
  }
  if (profile) {
    std::printf("CPU while registering and following (pidstat's figures, from /proc):\n%s",
                cpu.Report(static_cast<int>(calls.size())).c_str());
    if (service_pids.contains("intake")) {
      std::printf("intake's own figures (its /metrics):\n%s",
                  cc::load::ServerSideReport(cluster->metrics_port("intake")).c_str());
    }
    if (statements) {
      for (const auto& [svc, dsn] : cluster->AdminDsns()) {
        if (!service_pids.contains(svc)) continue;
        const std::string dbname = dsn.substr(dsn.rfind("dbname=") + 7);
        absl::StatusOr<std::string> report =
            cc::load::StatementReport(admin_dsn, dbname, static_cast<int>(calls.size()));
        if (report.ok()) std::printf("statements in %s's database per appeal:\n%s", svc.c_str(), report->c_str());
      }
    }
  }
  const bool all_cased = cases < 0 || cases == static_cast<int>(calls.size());
  return all_cased && errors == 0 ? 0 : 1;
}
