// The consuming side: follow another service's event log and apply each
// event exactly once. The cursor lives in this service's database
// (event_cursors) and moves in the same transaction as the event's effect,
// so a crash at any moment neither loses nor repeats an effect. When the
// producer is away, the consumer reconnects with backoff, for ever.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/v1/eventlog.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace contactcenter::eventlog {

// Applies one event inside the consumer's transaction. OK moves the cursor
// past it (return OK for events this consumer does not care about). An error
// rolls everything back; the event is retried after a backoff, for ever,
// because skipping it could lose an appeal. Business outcomes (an appeal no
// rule covers...) are therefore results, not errors.
using Handler = std::function<absl::Status(db::Tx&, const v1::Event&)>;

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
};

class Consumer {
 public:
  // `registry` may be null.
  Consumer(ConsumerOptions options, db::Pool* pool, Handler handler,
           prometheus::Registry* registry);
  ~Consumer();

  void Start();
  // Cancels the stream and waits for the thread. Idempotent.
  void Stop();

  // Applies one event in its own transaction, moving the cursor; skips an
  // event at or below the cursor (already applied), and refuses one that
  // would leave a gap. Public for tests.
  absl::Status Apply(const v1::Event& event);

  // The cursor as stored.
  absl::StatusOr<int64_t> StoredPosition();

 private:
  void Run();
  // One connection: stream until it breaks. Returns whether any event was
  // applied (to reset the backoff).
  bool StreamOnce();
  bool SleepUnlessStopped(absl::Duration d);

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
};

// A channel for service-to-service calls: keepalive pings notice a dead peer
// on an idle stream within seconds.
std::shared_ptr<grpc::Channel> MakeServiceChannel(const std::string& target);

}  // namespace contactcenter::eventlog
