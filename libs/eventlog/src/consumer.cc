#include "contactcenter/eventlog/consumer.h"

#include <algorithm>
#include <chrono>
#include <deque>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/client/client.h"
#include "contactcenter/eventlog/service.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::eventlog {
namespace {

constexpr char kEnsureCursorSql[] =
    "INSERT INTO event_cursors (producer) VALUES ($1) ON CONFLICT (producer) DO NOTHING";
// The row lock also makes two replicas of a consumer take turns.
constexpr char kLockCursorSql[] =
    "SELECT position FROM event_cursors WHERE producer = $1 FOR UPDATE";
constexpr char kMoveCursorSql[] =
    "UPDATE event_cursors SET position = $2, updated_at = now() WHERE producer = $1";
constexpr char kReadCursorSql[] = "SELECT position FROM event_cursors WHERE producer = $1";

// How long a batch smaller than batch_size waits for more events (issue
// 14: at a steady rate a batch was about one event, with five statements
// of plumbing each; the wait adds at most this to the lag).
constexpr absl::Duration kLinger = absl::Milliseconds(5);

// Whether the producer still keeps its first event (or has none yet): a
// replay from the start needs every event, and one that would start with a
// pruned log would empty the projection and fail (issue 14 item 5). A
// transient subscription, so it holds nothing; UNAVAILABLE while the
// producer cannot be asked.
absl::StatusOr<bool> KeepsWholeLog(v1::EventLog::Stub& stub, const ConsumerOptions& options) {
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, options.token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::SubscribeRequest req;
  req.set_consumer(options.consumer);
  req.set_after_position(0);
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub.Subscribe(&ctx, req);
  v1::Event first;
  const bool got = reader->Read(&first);
  const bool connected = ctx.GetServerInitialMetadata().count(kProducerMetadataKey) > 0;
  // Only a stream still open is cancelled: a cancel would hide the status
  // of one that has ended.
  if (got) ctx.TryCancel();
  const grpc::Status finish = reader->Finish();
  if (got) return first.position() == 1;
  if (finish.error_code() == grpc::StatusCode::FAILED_PRECONDITION) return false;
  if (connected) return true;  // an empty log: nothing was pruned
  return absl::UnavailableError(absl::StrCat("cannot ask ", options.producer,
                                             " whether it keeps its whole log: ",
                                             finish.error_message()));
}

}  // namespace

Consumer::Consumer(ConsumerOptions options, db::Pool* pool, Dispatcher dispatcher,
                   prometheus::Registry* registry)
    : Consumer(std::move(options), pool,
               [d = std::move(dispatcher)](db::Tx& tx, const v1::Event& e) {
                 return d.Dispatch(tx, e);
               },
               registry) {}

Consumer::Consumer(ConsumerOptions options, db::Pool* pool, Handler handler,
                   prometheus::Registry* registry)
    : options_(std::move(options)), pool_(pool), handler_(std::move(handler)) {
  channel_ = client::MakeChannel(options_.target);
  stub_ = v1::EventLog::NewStub(channel_);
  if (registry != nullptr) {
    const prometheus::Labels labels{{"producer", options_.producer}};
    applied_total_ = &prometheus::BuildCounter()
                          .Name("eventlog_consumer_applied_total")
                          .Help("Events applied from another service's log.")
                          .Register(*registry)
                          .Add(labels);
    failures_total_ = &prometheus::BuildCounter()
                           .Name("eventlog_consumer_failures_total")
                           .Help("Failed attempts to apply an event (it is retried).")
                           .Register(*registry)
                           .Add(labels);
    position_gauge_ = &prometheus::BuildGauge()
                           .Name("eventlog_consumer_position")
                           .Help("Last position applied from the producer's log.")
                           .Register(*registry)
                           .Add(labels);
    lag_seconds_gauge_ =
        &prometheus::BuildGauge()
             .Name("eventlog_consumer_lag_seconds")
             .Help("When the last event was applied: how long after it occurred, in seconds. "
                   "A stalled consumer shows in the position gauges instead.")
             .Register(*registry)
             .Add(labels);
    connected_gauge_ = &prometheus::BuildGauge()
                            .Name("eventlog_consumer_connected")
                            .Help("1 while the event stream from the producer is open.")
                            .Register(*registry)
                            .Add(labels);
  }
}

Consumer::~Consumer() { Stop(); }

void Consumer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Consumer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    if (active_ != nullptr) active_->TryCancel();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Consumer::SleepUnlessStopped(absl::Duration d) {
  std::unique_lock<std::mutex> lock(mu_);
  return !cv_.wait_for(lock, absl::ToChronoMilliseconds(d), [this] { return stopping_; });
}

absl::StatusOr<int64_t> Consumer::StoredPosition() {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
    tx.Exec("eventlog_ensure_cursor", kEnsureCursorSql, options_.producer);
    return tx.Exec("eventlog_read_cursor", kReadCursorSql, options_.producer)[0][0].as<int64_t>();
  });
}

absl::Status Consumer::Replay() {
  RETURN_IF_ERROR(pool_->Write([&](db::Tx& tx) -> absl::Status {
    tx.Exec("eventlog_ensure_cursor", kEnsureCursorSql, options_.producer);
    tx.Exec("eventlog_lock_cursor", kLockCursorSql, options_.producer);
    if (options_.before_replay) RETURN_IF_ERROR(options_.before_replay(tx));
    tx.Exec("eventlog_move_cursor", kMoveCursorSql, options_.producer, int64_t{0});
    return absl::OkStatus();
  }));
  CC_LOG(Info) << "replaying " << options_.producer << "'s log from the start";
  if (position_gauge_ != nullptr) position_gauge_->Set(0);
  return absl::OkStatus();
}

absl::Status Consumer::ApplyTogether(const std::vector<v1::Event>& events) {
  int applied = 0;
  int64_t last = 0;
  const v1::Event* last_applied = nullptr;
  absl::Status status = pool_->Write([&](db::Tx& tx) -> absl::Status {
    applied = 0;
    last_applied = nullptr;
    // The row exists after the first batch: made only when missing, so a
    // batch costs one statement less.
    pqxx::result cursor = tx.Exec("eventlog_lock_cursor", kLockCursorSql, options_.producer);
    if (cursor.empty()) {
      tx.Exec("eventlog_ensure_cursor", kEnsureCursorSql, options_.producer);
      cursor = tx.Exec("eventlog_lock_cursor", kLockCursorSql, options_.producer);
    }
    int64_t position = cursor[0][0].as<int64_t>();
    for (const v1::Event& event : events) {
      if (event.position() <= position) continue;  // applied before
      if (event.position() != position + 1) {
        return absl::DataLossError(absl::StrCat("event log of ", options_.producer,
                                                " jumped from position ", position, " to ",
                                                event.position()));
      }
      RETURN_IF_ERROR(handler_(tx, event));
      position = event.position();
      last_applied = &event;
      ++applied;
    }
    if (applied > 0) {
      tx.Exec("eventlog_move_cursor", kMoveCursorSql, options_.producer, position);
    }
    last = position;
    return absl::OkStatus();
  });
  if (status.ok() && applied > 0) {
    if (applied_total_ != nullptr) applied_total_->Increment(applied);
    if (position_gauge_ != nullptr) position_gauge_->Set(static_cast<double>(last));
    if (lag_seconds_gauge_ != nullptr && last_applied != nullptr) {
      const absl::Time occurred = absl::FromUnixSeconds(last_applied->occurred_at().seconds()) +
                                  absl::Nanoseconds(last_applied->occurred_at().nanos());
      lag_seconds_gauge_->Set(std::max(0.0, absl::ToDoubleSeconds(absl::Now() - occurred)));
    }
  }
  return status;
}

absl::Status Consumer::Apply(const v1::Event& event) { return ApplyTogether({event}); }

absl::Status Consumer::ApplyBatch(const std::vector<v1::Event>& events, size_t* failed) {
  if (events.empty()) return absl::OkStatus();
  absl::Status together = ApplyTogether(events);
  if (together.ok()) return together;
  if (events.size() == 1) {
    if (failed != nullptr) *failed = 0;
    return together;
  }
  // Which one failed is unknown: apply them alone, so the ones before it land.
  for (size_t i = 0; i < events.size(); ++i) {
    absl::Status s = ApplyTogether({events[i]});
    if (!s.ok()) {
      if (failed != nullptr) *failed = i;
      return s;
    }
  }
  // Every one applied alone (the batch failed for a passing reason).
  return absl::OkStatus();
}

bool Consumer::StreamOnce() {
  absl::StatusOr<int64_t> cursor = StoredPosition();
  if (!cursor.ok()) {
    CC_LOG(Warning) << "cannot read the cursor for " << options_.producer << ": " << cursor.status();
    return false;
  }
  // True from the first connection attempt after a start, not only once an
  // event was applied.
  if (position_gauge_ != nullptr) position_gauge_->Set(static_cast<double>(*cursor));
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, options_.token);
  // Wait through the producer's restarts rather than fail at once; Stop()
  // cancels the wait.
  ctx.set_wait_for_ready(true);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    active_ = &ctx;
  }
  v1::SubscribeRequest req;
  req.set_consumer(options_.consumer);
  req.set_after_position(*cursor);
  req.set_durable(options_.durable);
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub_->Subscribe(&ctx, req);
  reader->WaitForInitialMetadata();
  if (ctx.GetServerInitialMetadata().count(kProducerMetadataKey) > 0) {
    CC_LOG(Info) << "following " << options_.producer << " at " << options_.target
                 << " from position " << *cursor;
    if (connected_gauge_ != nullptr) connected_gauge_->Set(1);
  }

  // The stream is read on a thread of its own, so that the events that
  // arrived while a batch was applied can be applied together next.
  struct Inbox {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<v1::Event> events;
    bool ended = false;
    bool abandoned = false;
  } inbox;
  const size_t batch_size = static_cast<size_t>(std::max(1, options_.batch_size));
  grpc::Status finish;
  std::thread reading([&] {
    v1::Event e;
    while (reader->Read(&e)) {
      std::unique_lock<std::mutex> lock(inbox.mu);
      inbox.cv.wait(lock,
                    [&] { return inbox.events.size() < 2 * batch_size || inbox.abandoned; });
      if (inbox.abandoned) continue;  // the stream is cancelled: drain it
      inbox.events.push_back(std::move(e));
      inbox.cv.notify_all();
    }
    finish = reader->Finish();
    std::lock_guard<std::mutex> lock(inbox.mu);
    inbox.ended = true;
    inbox.cv.notify_all();
  });

  bool progressed = false;
  absl::Status apply_error;
  v1::Event failed_event;
  while (true) {
    std::vector<v1::Event> batch;
    {
      std::unique_lock<std::mutex> lock(inbox.mu);
      inbox.cv.wait(lock, [&] { return !inbox.events.empty() || inbox.ended; });
      if (inbox.events.empty()) break;
      // A moment for the events committed with these to arrive too: one
      // transaction (and one cursor move) for them all.
      inbox.cv.wait_for(lock, absl::ToChronoMilliseconds(kLinger),
                        [&] { return inbox.events.size() >= batch_size || inbox.ended; });
      while (!inbox.events.empty() && batch.size() < batch_size) {
        batch.push_back(std::move(inbox.events.front()));
        inbox.events.pop_front();
      }
      inbox.cv.notify_all();
    }
    size_t failed = 0;
    apply_error = ApplyBatch(batch, &failed);
    if (!apply_error.ok()) {
      failed_event = batch[failed];
      break;
    }
    progressed = true;
  }
  if (!apply_error.ok()) {
    if (failures_total_ != nullptr) failures_total_->Increment();
    CC_LOG(Error) << "cannot apply event " << failed_event.position() << " ("
                  << failed_event.payload().type_url() << ") from " << options_.producer
                  << ", will retry: " << apply_error;
    ctx.TryCancel();
    std::lock_guard<std::mutex> lock(inbox.mu);
    inbox.abandoned = true;
    inbox.cv.notify_all();
  }
  reading.join();
  if (connected_gauge_ != nullptr) connected_gauge_->Set(0);
  {
    std::lock_guard<std::mutex> lock(mu_);
    active_ = nullptr;
    if (stopping_) return progressed;
  }
  if (apply_error.ok() && finish.ok()) {
    // The producer asked for a new subscription (the stream's age cap), so
    // that the cursor reports progress: at once, no backoff.
    return true;
  }
  if (apply_error.ok()) {
    // While the producer is away this repeats every backoff: say it when it
    // changes, and then every half minute.
    const std::string why = absl::StrCat(finish.error_code(), " ", finish.error_message());
    if (why != last_stream_error_ || absl::Now() - last_stream_error_at_ > absl::Seconds(30)) {
      CC_LOG(Warning) << "event stream from " << options_.producer << " at " << options_.target
                      << " ended: " << why;
      last_stream_error_ = why;
      last_stream_error_at_ = absl::Now();
    }
  }
  if (progressed) last_stream_error_.clear();
  return progressed;
}

void Consumer::Run() {
  client::Backoff backoff(options_.min_backoff, options_.max_backoff);
  if (options_.replay_from_start) {
    // Until the database is ready this fails; a replay must happen before
    // the first event is applied, so nothing streams until it did.
    while (true) {
      absl::StatusOr<bool> whole = KeepsWholeLog(*stub_, options_);
      if (whole.ok() && !*whole) {
        CC_LOG(Error) << options_.producer
                      << "'s event log no longer starts at position 1 (older events were pruned "
                         "past its retention): not replaying it, which would empty what was "
                         "built from them; going on from the stored cursor";
        break;
      }
      absl::Status s = whole.ok() ? Replay() : whole.status();
      if (s.ok()) break;
      if (pool_->ready()) CC_LOG(Warning) << "cannot replay " << options_.producer << ": " << s;
      if (!SleepUnlessStopped(backoff.Next())) return;
    }
    backoff.Reset();
  }
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    if (StreamOnce()) backoff.Reset();
    if (!SleepUnlessStopped(backoff.Next())) return;
  }
}

}  // namespace contactcenter::eventlog
