// The producing side of the event log: append events in the caller's
// transaction, number them in commit order, read them back for Subscribe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "contactcenter/db/migrations.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/v1/eventlog.pb.h"
#include "google/protobuf/message.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace contactcenter::db {
// The event_log, event_cursors and event_consumers tables; every service
// applies these before its own migrations.
const std::vector<Migration>& EventLogMigrations();
}  // namespace contactcenter::db

namespace contactcenter::eventlog {

struct ProducerOptions {
  // How often the sequencer looks for events appended by other processes
  // (events appended through this Producer wake it at once).
  absl::Duration poll_interval = absl::Milliseconds(200);
  // Most events numbered in one sequencer transaction.
  int batch_size = 1000;
};

class Producer {
 public:
  // `name` is the producing service, e.g. "intake". `registry` may be null.
  Producer(std::string name, db::Pool* pool, prometheus::Registry* registry,
           ProducerOptions options = {});
  ~Producer();

  // Writes `event` to the log inside `tx`; it becomes visible to
  // subscribers only if and after `tx` commits. Like a store, it returns the
  // database's error as a status (the transaction is then unusable: return
  // it to the Pool::Write or the consumer that owns the transaction).
  absl::Status Append(db::Tx& tx, absl::string_view aggregate_id, const google::protobuf::Message& event,
              absl::Time occurred_at);

  // Starts the sequencer thread.
  void Start();
  // Stops the sequencer and tells the listeners (the EventLog service then
  // ends its streams). Idempotent.
  void Stop();
  bool stopping() const { return stopping_.load(); }

  // Numbers committed, unnumbered events; returns how many. The sequencer
  // thread calls this; tests may too.
  absl::StatusOr<int> SequencePending();

  // Up to `limit` events after `after_position`, in order.
  absl::StatusOr<std::vector<v1::Event>> Read(int64_t after_position, int limit);

  // Highest position this process's sequencer has numbered (another
  // process's sequencer may have numbered more).
  int64_t last_position() const;

  // Calls `fn` (which must not block) whenever new events were numbered and
  // on Stop(), until RemoveListener(the id returned).
  int AddListener(std::function<void()> fn);
  void RemoveListener(int id);

  const std::string& name() const { return name_; }
  db::Pool& pool() const { return *pool_; }

 private:
  void SequencerLoop();
  void Wake();
  // Calls the listeners.
  void Notify();

  const std::string name_;
  db::Pool* pool_;
  const ProducerOptions options_;
  std::atomic<bool> stopping_{false};
  std::thread sequencer_;

  std::mutex listeners_mu_;
  std::vector<std::pair<int, std::function<void()>>> listeners_;
  int next_listener_ = 0;

  mutable std::mutex mu_;
  std::condition_variable sequencer_cv_;  // wakes the sequencer
  bool pending_ = false;                  // an Append committed since the last pass
  int64_t last_position_ = 0;             // highest position numbered so far
  bool head_known_ = false;               // last_position_ read from the log once

  prometheus::Counter* sequenced_total_ = nullptr;
  prometheus::Gauge* last_position_gauge_ = nullptr;
};

}  // namespace contactcenter::eventlog
