// The ceiling for RegisterAppeal: the minimal durable work intake must do
// for one appeal, straight through libpqxx on the same PostgreSQL. Each
// transaction takes the year's next registration number, inserts the appeal
// row (the columns intake fills, with the values of a load appeal), binds an
// idempotency key to it and appends one outbox event of intake's size: the
// same rows and indexes intake writes, in one statement and one round trip
// (autocommit, synchronous_commit on). Nothing on the way there: no gRPC, no
// validation, no reads. intake's RegisterAppeal divided by this is how much
// of the database's capacity a registration leaves unused.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace contactcenter::load {

struct CeilingResult {
  int transactions = 0;
  absl::Duration elapsed;
  std::vector<double> latencies_ms;
  double per_second() const {
    return transactions / std::max(1e-9, absl::ToDoubleSeconds(elapsed));
  }
};

// Makes a throwaway database with its own role on the cluster
// CC_TEST_ADMIN_DSN names (testing::TestDatabase), applies intake's
// migrations to it, runs `transactions` ceiling transactions from
// `concurrency` connections, and drops the database.
absl::StatusOr<CeilingResult> RunCeiling(int transactions, int concurrency);

}  // namespace contactcenter::load
