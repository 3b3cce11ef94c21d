// crash_soak: registers appeals for a bounded time while SIGKILLing each
// service and crashing PostgreSQL at random moments, then checks in the
// databases that every acknowledged appeal was registered once, decided
// once and, if routed, has exactly one case (pipeline_counts.h), and prints
// the counts. Run through tests/load/crash_soak_run, which gives it its own
// PostgreSQL to crash; tests/run runs a short soak (ctest, label e2e).
//
//   tests/load/crash_soak_run build/tests/crash_soak [--duration=40s] [--callers=4]
//       [--seed=N]
#include <csignal>
#include <atomic>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cluster.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "load_appeal.h"
#include "pipeline_counts.h"

ABSL_FLAG(absl::Duration, duration, absl::Seconds(40), "how long to register and crash");
ABSL_FLAG(int, callers, 4, "concurrent callers");
ABSL_FLAG(uint64_t, seed, 0, "the chaos's random seed (0: from the clock; printed)");
ABSL_FLAG(absl::Duration, settle, absl::Seconds(120),
          "how long the pipeline may take to catch up after the chaos");

namespace cc = contactcenter;

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const char* restart_pg = std::getenv("CC_SOAK_PG_RESTART");
  if (restart_pg == nullptr) {
    std::fprintf(stderr, "run through tests/load/crash_soak_run (CC_SOAK_PG_RESTART)\n");
    return 2;
  }
  uint64_t seed = absl::GetFlag(FLAGS_seed);
  if (seed == 0) seed = static_cast<uint64_t>(absl::ToUnixNanos(absl::Now()));
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));

  absl::StatusOr<std::unique_ptr<cc::e2e::Cluster>> created = cc::e2e::Cluster::Create();
  absl::Status started = created.ok() ? (*created)->StartAll() : created.status();
  if (!started.ok()) {
    std::fprintf(stderr, "cannot start the services: %s\n", started.ToString().c_str());
    return 2;
  }
  cc::e2e::Cluster& cluster = **created;
  std::vector<std::string> services;
  for (const cc::e2e::RegisteredService& svc : cc::e2e::Registry()) services.push_back(svc.name);
  const std::string run = absl::StrCat(seed);

  std::mutex mu;
  std::set<std::string> acknowledged;
  int retries = 0, abandoned = 0;
  std::atomic<int> next{0};
  const absl::Time end = absl::Now() + absl::GetFlag(FLAGS_duration);

  // Each caller retries an appeal with its idempotency key until intake
  // acknowledges it: a retry of one that did commit answers with the same
  // appeal (replayed), never a second one.
  std::vector<std::thread> callers;
  for (int c = 0; c < absl::GetFlag(FLAGS_callers); ++c) {
    callers.emplace_back([&] {
      auto stub = cc::intake::v1::IntakeService::NewStub(cluster.channel("intake"));
      while (absl::Now() < end) {
        const int i = next++;
        const cc::intake::v1::RegisterAppealRequest req = cc::load::LoadAppeal(i, run);
        const absl::Time give_up = absl::Now() + absl::Seconds(60);
        while (true) {
          grpc::ClientContext ctx;
          cc::auth::AttachToken(ctx, cluster.operator_token());
          ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
          cc::intake::v1::RegisterAppealResponse resp;
          const grpc::Status s = stub->RegisterAppeal(&ctx, req, &resp);
          if (s.ok()) {
            std::lock_guard<std::mutex> lock(mu);
            acknowledged.insert(resp.appeal().id());
            break;
          }
          if (absl::Now() > give_up) {
            std::lock_guard<std::mutex> lock(mu);
            ++abandoned;  // never acknowledged: not counted either way
            break;
          }
          {
            std::lock_guard<std::mutex> lock(mu);
            ++retries;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
    });
  }

  // The chaos: every 1-3 s the next victim of a shuffled round (every
  // service and PostgreSQL, so each is hit once a round): a service is
  // SIGKILLed and started again 0.2-2 s later; PostgreSQL is stopped
  // immediately (a crash: recovery from its WAL) and started again.
  std::mt19937_64 rng(seed);
  std::map<std::string, int> kills;
  int pg_restarts = 0;
  std::string chaos_error;
  std::vector<std::string> round;
  while (absl::Now() < end && chaos_error.empty()) {
    absl::SleepFor(absl::Milliseconds(std::uniform_int_distribution<int>(1000, 3000)(rng)));
    if (absl::Now() >= end) break;
    if (round.empty()) {
      round = services;
      round.push_back("");  // PostgreSQL
      std::shuffle(round.begin(), round.end(), rng);
    }
    const std::string name = round.back();
    round.pop_back();
    if (name.empty()) {
      if (std::system(restart_pg) != 0) chaos_error = "PostgreSQL did not restart";
      ++pg_restarts;
      continue;
    }
    cluster.process(name).Signal(SIGKILL);
    ++kills[name];
    absl::SleepFor(absl::Milliseconds(std::uniform_int_distribution<int>(200, 2000)(rng)));
    if (absl::Status s = cluster.Start(name); !s.ok()) chaos_error = s.ToString();
  }
  for (auto& t : callers) t.join();
  if (!chaos_error.empty()) {
    std::fprintf(stderr, "chaos failed: %s\n", chaos_error.c_str());
    return 1;
  }

  std::printf("PostgreSQL crashed and restarted %d times; SIGKILLed:", pg_restarts);
  for (const auto& [name, n] : kills) std::printf(" %s %d", name.c_str(), n);
  std::printf("\nappeals acknowledged: %zu (%d retried calls, %d never acknowledged)\n",
              acknowledged.size(), retries, abandoned);
  absl::StatusOr<cc::e2e::PipelineCounts> counts =
      cc::e2e::WaitForPipeline(cluster, acknowledged, absl::GetFlag(FLAGS_settle));
  if (!counts.ok()) {
    std::fprintf(stderr, "cannot count: %s\n", counts.status().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", counts->ToString().c_str());
  const bool ok = counts->caught_up && counts->exactly_once() && !acknowledged.empty();
  std::printf("%s\n", ok ? "exactly once: yes" : "exactly once: NO");
  return ok ? 0 : 1;
}
