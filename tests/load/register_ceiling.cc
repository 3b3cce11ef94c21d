// register_ceiling: the ceiling alone (ceiling.h): the minimal durable
// transaction of one registration, through libpqxx, on the cluster
// CC_TEST_ADMIN_DSN names. register_load --ceiling prints it beside intake.
//
//   register_ceiling [--transactions=2000] [--concurrency=8]
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "ceiling.h"
#include "load_stats.h"

ABSL_FLAG(int, transactions, 2000, "how many ceiling transactions");
ABSL_FLAG(int, concurrency, 8, "connections, each running one transaction at a time");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<contactcenter::load::CeilingResult> r = contactcenter::load::RunCeiling(
      absl::GetFlag(FLAGS_transactions), absl::GetFlag(FLAGS_concurrency));
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
    return 1;
  }
  std::printf("ceiling: %d transactions, %d connections: %.0f/s over %s\n", r->transactions,
              absl::GetFlag(FLAGS_concurrency), r->per_second(),
              absl::FormatDuration(r->elapsed).c_str());
  std::printf("ceiling latency ms: p50 %.2f  p99 %.2f\n",
              contactcenter::load::Percentile(r->latencies_ms, 0.5),
              contactcenter::load::Percentile(r->latencies_ms, 0.99));
  return 0;
}
