// The consuming side: follow another service's event log and apply each
// event exactly once. The cursor lives in this service's database
// (event_cursors) and moves in the same transaction as the events' effects,
// so a crash at any moment neither loses nor repeats an effect. When the
// producer is away, the consumer reconnects with backoff, for ever.
//
// Events are applied in batches: up to `batch_size` events that have
// arrived together run in one transaction and move the cursor once. When a
// batch fails, its events are applied one by one, so those before the
// failing one land and the failing one is retried alone.
//
// The producer knows a durable consumer by its principal and
// options.consumer, and keeps what it has not applied; it ends the stream
// now and then (OK) so the consumer subscribes again from its cursor and
// so reports its progress.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/eventlog/v1/eventlog.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace contactcenter::eventlog {

struct ConsumerOptions {
  // This service, e.g. "routing" (sent to the producer for its logs).
  std::string consumer;
  // The producing service, e.g. "intake": the key of the cursor row.
  std::string producer;
  // The producer's gRPC address, e.g. "127.0.0.1:50051".
  std::string target;
  // Bearer token of a principal with role "service".
  std::string token;
  absl::Duration min_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(10);
  // Most events applied in one transaction.
  int batch_size = 100;
  // Subscribes as a durable consumer (SubscribeRequest.durable): the
  // producer keeps every event this cursor has not applied (retention.h).
  bool durable = true;
  // On Start(), first Replay(): the cursor goes back to 0 and every event is
  // applied again, for a consumer that rebuilds a projection of the whole
  // log on each start. `before_replay` (may be empty) runs in the same
  // transaction, e.g. to empty the projection.
  bool replay_from_start = false;
  std::function<absl::Status(db::Tx&)> before_replay;
};

class Consumer {
 public:
  // `registry` may be null.
  Consumer(ConsumerOptions options, db::Pool* pool, Handler handler,
           prometheus::Registry* registry);
  Consumer(ConsumerOptions options, db::Pool* pool, Dispatcher dispatcher,
           prometheus::Registry* registry);
  ~Consumer();

  void Start();
  // Cancels the stream and waits for the thread. Idempotent.
  void Stop();

  // Applies one event in its own transaction, moving the cursor; skips an
  // event at or below the cursor (already applied), and refuses one that
  // would leave a gap. Public for tests.
  absl::Status Apply(const v1::Event& event);

  // Applies `events` (in log order) in one transaction, moving the cursor
  // once; if that fails, one by one, stopping at the first that fails
  // (whose error is returned, and whose index goes to `failed` if given).
  // Public for tests.
  absl::Status ApplyBatch(const std::vector<v1::Event>& events, size_t* failed = nullptr);

  // Sets the cursor back to 0 (running options.before_replay in the same
  // transaction): the handler sees every event again. Call while stopped.
  absl::Status Replay();

  // The cursor as stored.
  absl::StatusOr<int64_t> StoredPosition();

 private:
  void Run();
  // One connection: stream until it breaks. Returns whether any event was
  // applied (to reset the backoff).
  bool StreamOnce();
  bool SleepUnlessStopped(absl::Duration d);
  // Applies `events` in one transaction (events at or below the cursor are
  // skipped), moving the cursor once.
  absl::Status ApplyTogether(const std::vector<v1::Event>& events);

  const ConsumerOptions options_;
  db::Pool* pool_;
  Handler handler_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EventLog::Stub> stub_;
  std::thread thread_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  grpc::ClientContext* active_ = nullptr;  // the stream to cancel on Stop()
  std::string last_stream_error_;         // consumer thread only
  absl::Time last_stream_error_at_;

  prometheus::Counter* applied_total_ = nullptr;
  prometheus::Counter* failures_total_ = nullptr;
  prometheus::Gauge* position_gauge_ = nullptr;
  prometheus::Gauge* connected_gauge_ = nullptr;
  prometheus::Gauge* lag_seconds_gauge_ = nullptr;
};

}  // namespace contactcenter::eventlog
