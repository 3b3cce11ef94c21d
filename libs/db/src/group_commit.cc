#include "contactcenter/db/group_commit.h"

#include <vector>

#include "absl/time/clock.h"
#include "contactcenter/db/errors.h"

namespace contactcenter::db {

void GroupCommit::ExportMetrics(prometheus::Registry& registry, const std::string& name) {
  units_histogram_ = &prometheus::BuildHistogram()
                          .Name("db_group_commit_units")
                          .Help("Units of work that shared one committed transaction.")
                          .Register(registry)
                          .Add({{"group", name}}, prometheus::Histogram::BucketBoundaries{
                                                      1, 2, 4, 8, 16, 32, 64});
  seconds_histogram_ =
      &prometheus::BuildHistogram()
           .Name("db_group_commit_seconds")
           .Help("A unit's time from handed in to its result: the wait for the batch ahead "
                 "and its own batch's run and commit.")
           .Register(registry)
           .Add({{"group", name}},
                prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1, 0.25, 0.5, 1, 2.5});
}

int64_t GroupCommit::batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return batches_;
}

int64_t GroupCommit::units() const {
  std::lock_guard<std::mutex> lock(mu_);
  return units_;
}

int GroupCommit::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(queue_.size());
}

absl::Status GroupCommit::Run(const std::function<absl::Status(Tx&)>& fn) {
  const absl::Time handed_in = absl::Now();
  Unit unit{&fn, absl::OkStatus(), false};
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(&unit);
  while (!unit.done) {
    if (leading_) {
      cv_.wait(lock);
      continue;
    }
    // Lead: take what is waiting (this unit included, unless the queue is
    // longer than a batch) and run it while others gather for the next.
    leading_ = true;
    std::vector<Unit*> batch;
    while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    for (Unit* u : batch) u->done = true;
    leading_ = false;
    cv_.notify_all();
  }
  lock.unlock();
  if (seconds_histogram_ != nullptr) {
    seconds_histogram_->Observe(absl::ToDoubleSeconds(absl::Now() - handed_in));
  }
  return unit.status;
}

void GroupCommit::RunBatch(std::vector<Unit*> batch) {
  while (!batch.empty()) {
    size_t failed = batch.size();  // the unit that failed, if one did
    absl::Status failure;
    const absl::Status status = pool_->Write([&](Tx& tx) -> absl::Status {
      failed = batch.size();
      for (size_t i = 0; i < batch.size(); ++i) {
        absl::Status s;
        try {
          s = (*batch[i]->fn)(tx);
        } catch (...) {
          s = StatusFromCurrentException();
        }
        if (s.ok()) continue;
        // The whole batch again (Pool::Write retries an abort), or none of it.
        if (absl::IsAborted(s) || absl::IsUnavailable(s)) return s;
        failed = i;
        failure = s;
        return absl::CancelledError("group commit: a unit failed; the batch runs without it");
      }
      return absl::OkStatus();
    });
    if (failed < batch.size() && absl::IsCancelled(status)) {
      batch[failed]->status = failure;
      batch.erase(batch.begin() + static_cast<std::ptrdiff_t>(failed));
      continue;
    }
    for (Unit* u : batch) u->status = status;
    if (status.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      ++batches_;
      units_ += static_cast<int64_t>(batch.size());
    }
    if (status.ok() && units_histogram_ != nullptr) {
      units_histogram_->Observe(static_cast<double>(batch.size()));
    }
    return;
  }
}

}  // namespace contactcenter::db
