// Group commit: units of work handed in by concurrent callers run one after
// another in a single transaction and share its commit, so one WAL flush
// makes many of them durable. For a use case whose transactions serialize
// on one row anyway (intake's registration counter): one at a time, each
// holds that row through its own commit and the flush bounds the rate at
// about one commit per flush; together, the flush is paid once per batch.
//
//   GroupCommit group(&pool);
//   absl::StatusOr<Appeal> a = group.Write([&](db::Tx& tx) -> absl::StatusOr<Appeal> { ... });
//
// Each caller gets its own unit's result, and only once the batch
// committed. A unit that fails leaves no trace: the batch rolls back and
// runs again without it (failures are rare: a unit that fails often makes
// its batch run twice). A serialization failure or a deadlock retries the
// whole batch (Pool::Write); a lost connection fails every unit of it.
// Units must be re-runnable, as Pool::Write's are. A caller that arrives
// while no batch runs runs its unit at once (alone), so an idle service
// adds no wait; callers arriving meanwhile wait for the next batch.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "contactcenter/db/pool.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace contactcenter::db {

class GroupCommit {
 public:
  // At most `max_batch` units share a transaction.
  explicit GroupCommit(Pool* pool, int max_batch = 64) : pool_(pool), max_batch_(max_batch) {}

  // Like Pool::Write: `fn` returns absl::Status or absl::StatusOr<T>.
  template <typename Fn>
  auto Write(Fn&& fn) {
    using Result = std::invoke_result_t<Fn&, Tx&>;
    if constexpr (std::is_same_v<Result, absl::Status>) {
      return Run(fn);
    } else {
      std::optional<Result> out;
      absl::Status status = Run([&](Tx& tx) {
        out.emplace(fn(tx));
        return out->status();
      });
      if (!status.ok()) return Result(status);
      return std::move(*out);
    }
  }

  // Serves db_group_commit_units (units per committed batch) and
  // db_group_commit_seconds (a unit's time from handed in to its result:
  // the wait for the batch ahead and its own batch), labelled
  // group=`name`. Call once, before the first Write.
  void ExportMetrics(prometheus::Registry& registry, const std::string& name);

  // Batches committed so far, and units in them (for tests and metrics).
  int64_t batches() const;
  int64_t units() const;
  // Units waiting for a batch (tests).
  int waiting() const;

 private:
  struct Unit {
    const std::function<absl::Status(Tx&)>* fn;
    absl::Status status;
    bool done = false;
  };

  absl::Status Run(const std::function<absl::Status(Tx&)>& fn);
  // Runs `batch` to a commit (dropping failed units), setting each status.
  void RunBatch(std::vector<Unit*> batch);

  Pool* const pool_;
  const int max_batch_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Unit*> queue_;
  bool leading_ = false;  // a caller is running a batch
  int64_t batches_ = 0;
  int64_t units_ = 0;
  prometheus::Histogram* units_histogram_ = nullptr;  // set by ExportMetrics
  prometheus::Histogram* seconds_histogram_ = nullptr;
};

}  // namespace contactcenter::db
