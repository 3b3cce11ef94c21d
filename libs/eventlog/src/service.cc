#include "contactcenter/eventlog/service.h"

#include <deque>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/eventlog/retention.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"

namespace contactcenter::eventlog {
namespace {

constexpr int kBatch = 500;
// While idle, how often a stream looks for events another process's
// sequencer numbered (this process's sequencer wakes the streams at once).
constexpr absl::Duration kIdleCheck = absl::Seconds(1);

absl::Status Validate(const v1::SubscribeRequest& req) {
  FieldViolations v;
  if (req.consumer().empty()) {
    v.Add("consumer", "required: name the consuming service, e.g. \"routing\"");
  } else if (req.consumer().size() > 64) {
    v.Add("consumer", "at most 64 characters");
  } else {
    for (char c : req.consumer()) {
      if (!absl::ascii_isalnum(c) && c != '-' && c != '_') {
        v.Add("consumer", "only letters, digits, '-' and '_'");
        break;
      }
    }
  }
  if (req.after_position() < 0) v.Add("after_position", "must not be negative");
  return v.ToStatus("invalid subscription");
}

grpc::Status ShuttingDown() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, "producer is shutting down; reconnect");
}

// The events after `after` are no longer kept: say what to do.
grpc::Status Pruned(const std::string& producer, int64_t after, int64_t first_kept) {
  return grpc::Status(
      grpc::StatusCode::FAILED_PRECONDITION,
      absl::StrCat(producer, "'s event log no longer keeps the events after position ", after,
                   ": the oldest kept is ", first_kept,
                   " (older ones were pruned past --event_log_retention, applied by every "
                   "durable consumer then known). Do not move the cursor past them: restore "
                   "this consumer's database from a backup taken at position ",
                   first_kept - 1,
                   " or later, or rebuild its state from another source, before subscribing "
                   "again; a projection that replays the log from the start (--rebuild) "
                   "needs the whole log, so run it within the retention"));
}

// A stream refused before it started.
class Rejected final : public grpc::ServerWriteReactor<v1::Event> {
 public:
  explicit Rejected(grpc::Status s) { Finish(std::move(s)); }
  void OnDone() override { delete this; }
};

}  // namespace

// One subscriber. Its state changes under mu_; the gRPC operations are
// started outside it, each by the one caller that claimed it under mu_.
class EventLogService::Stream final : public grpc::ServerWriteReactor<v1::Event> {
 public:
  Stream(EventLogService* service, int64_t cursor, std::string principal, std::string consumer,
         bool durable, absl::Time started)
      : service_(service),
        principal_(std::move(principal)),
        consumer_(std::move(consumer)),
        durable_(durable),
        started_(started),
        cursor_(cursor),
        unreported_(durable) {}

  const std::string& principal() const { return principal_; }
  const std::string& consumer() const { return consumer_; }
  bool durable() const { return durable_; }
  absl::Time started() const { return started_; }

  // Pump thread: whether the durable consumer's position is still to be
  // recorded; `applied` is the position it subscribed after.
  bool Unreported(int64_t* applied) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!unreported_ || ending_) return false;
    *applied = cursor_;
    return true;
  }
  void Reported() {
    std::lock_guard<std::mutex> lock(mu_);
    unreported_ = false;
  }

  // Pump thread: whether the stream has written everything it had and may
  // have more to get; `after` is where to read from.
  bool WantsEvents(absl::Time now, int64_t last_known, int64_t* after) {
    std::lock_guard<std::mutex> lock(mu_);
    if (writing_ || !queue_.empty() || ending_ || unreported_) return false;
    if (cursor_ >= last_known && now < next_poll_) return false;
    *after = cursor_;
    return true;
  }

  // Pump thread: nothing new at the cursor; look again after kIdleCheck.
  void NothingNew(absl::Time now) {
    std::lock_guard<std::mutex> lock(mu_);
    next_poll_ = now + kIdleCheck;
  }

  // Pump thread: writes `events` (past the cursor, in order).
  void Deliver(const std::vector<v1::Event>& events) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (ending_) return;
      for (const v1::Event& e : events) queue_.push_back(e);
      cursor_ = events.back().position();
      next_poll_ = absl::InfinitePast();  // read on as soon as these are written
      if (writing_) return;
      current_ = std::move(queue_.front());
      queue_.pop_front();
      writing_ = true;
    }
    StartWrite(&current_);
  }

  // Any thread: ends the stream with `s` once its write in flight is done.
  void End(grpc::Status s) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (ending_) return;
      ending_ = true;
      queue_.clear();
      if (writing_) {
        finish_after_write_ = std::move(s);
        return;
      }
    }
    Finish(std::move(s));
  }

  void OnWriteDone(bool ok) override {
    enum { kWrite, kFinish, kIdle, kNothing } next = kNothing;
    grpc::Status finish;
    {
      std::lock_guard<std::mutex> lock(mu_);
      writing_ = false;
      if (!ok) {
        // The client went away; OnCancel follows or came already.
        if (!ending_) {
          ending_ = true;
          queue_.clear();
          finish = grpc::Status::CANCELLED;
          next = kFinish;
        } else if (finish_after_write_) {
          finish = *std::move(finish_after_write_);
          finish_after_write_.reset();
          next = kFinish;
        }
      } else if (finish_after_write_) {
        finish = *std::move(finish_after_write_);
        finish_after_write_.reset();
        next = kFinish;
      } else if (!queue_.empty()) {
        current_ = std::move(queue_.front());
        queue_.pop_front();
        writing_ = true;
        next = kWrite;
      } else if (!ending_) {
        next = kIdle;
      }
    }
    switch (next) {
      case kWrite:
        StartWrite(&current_);
        break;
      case kFinish:
        Finish(std::move(finish));
        break;
      case kIdle:
        service_->Wake();
        break;
      case kNothing:
        break;
    }
  }

  void OnCancel() override { End(grpc::Status::CANCELLED); }

  // The last reaction: the service lets go of the stream, which may delete it.
  void OnDone() override { service_->Forget(this); }

 private:
  EventLogService* const service_;
  const std::string principal_;
  const std::string consumer_;
  const bool durable_;
  const absl::Time started_;
  std::mutex mu_;
  int64_t cursor_;  // the last position handed to this stream
  bool unreported_;  // a durable consumer not yet in event_consumers
  absl::Time next_poll_ = absl::InfinitePast();
  std::deque<v1::Event> queue_;
  v1::Event current_;  // the event being written; valid until OnWriteDone
  bool writing_ = false;
  bool ending_ = false;
  std::optional<grpc::Status> finish_after_write_;
};

EventLogService::EventLogService(Producer* producer, const auth::Authenticator* auth,
                                 StreamLimits limits)
    : producer_(producer), auth_(auth), limits_(limits) {
  listener_ = producer_->AddListener([this] { Wake(); });
  pump_ = std::thread([this] { Pump(); });
}

EventLogService::~EventLogService() {
  producer_->RemoveListener(listener_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  pump_.join();
}

size_t EventLogService::open_streams() const {
  std::lock_guard<std::mutex> lock(mu_);
  return streams_.size();
}

grpc::ServerWriteReactor<v1::Event>* EventLogService::Subscribe(grpc::CallbackServerContext* ctx,
                                                                const v1::SubscribeRequest* req) {
  absl::StatusOr<auth::Principal> who = auth_->Authorize(*ctx, {auth::Role::kService});
  if (!who.ok()) return new Rejected(ToGrpcStatus(who.status()));
  if (absl::Status s = Validate(*req); !s.ok()) return new Rejected(ToGrpcStatus(s));
  if (producer_->stopping()) return new Rejected(ShuttingDown());
  if (grpc::Status refused = Reserve(who->id); !refused.ok()) return new Rejected(refused);
  // Tells the consumer at once that it is connected, even if no event comes.
  ctx->AddInitialMetadata(kProducerMetadataKey, producer_->name());
  auto stream = std::make_shared<Stream>(this, req->after_position(), who->id, req->consumer(),
                                         req->durable(), absl::Now());
  stream->StartSendInitialMetadata();
  CC_LOG(Info) << (req->durable() ? "durable" : "transient") << " event stream to "
               << req->consumer() << " (" << who->id << ") from position "
               << req->after_position();
  {
    std::lock_guard<std::mutex> lock(mu_);
    --reserved_;
    streams_[stream.get()] = stream;
    wake_ = true;
  }
  cv_.notify_all();
  return stream.get();
}

grpc::Status EventLogService::Reserve(const std::string& principal) {
  std::lock_guard<std::mutex> lock(mu_);
  int& mine = streams_by_principal_[principal];
  if (mine >= limits_.per_principal) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat(principal, " has ", limits_.per_principal,
                                     " event streams open, the most one principal may hold "
                                     "(--max_streams_per_principal); close one first"));
  }
  if (static_cast<int>(streams_.size()) + reserved_ >= limits_.total) {
    if (mine == 0) streams_by_principal_.erase(principal);
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("this service has ", limits_.total,
                                     " event streams open, the most it serves (--max_streams); "
                                     "retry later"));
  }
  ++mine;
  ++reserved_;
  return grpc::Status::OK;
}

void EventLogService::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

void EventLogService::Forget(Stream* stream) {
  std::shared_ptr<Stream> last;  // released outside the lock
  std::lock_guard<std::mutex> lock(mu_);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return;
  last = std::move(it->second);
  streams_.erase(it);
  auto mine = streams_by_principal_.find(stream->principal());
  if (mine != streams_by_principal_.end() && --mine->second <= 0) {
    streams_by_principal_.erase(mine);
  }
}

void EventLogService::Pump() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, absl::ToChronoMilliseconds(kIdleCheck / 4),
                 [this] { return wake_ || stopping_; });
    wake_ = false;
    std::vector<std::shared_ptr<Stream>> streams;
    streams.reserve(streams_.size());
    for (const auto& [ptr, s] : streams_) streams.push_back(s);
    lock.unlock();
    Serve(streams);
    streams.clear();  // may delete a done stream: not under the lock
    lock.lock();
  }
}

void EventLogService::Serve(const std::vector<std::shared_ptr<Stream>>& streams) {
  if (streams.empty()) return;
  if (producer_->stopping()) {
    for (const auto& s : streams) s->End(ShuttingDown());
    return;
  }
  const absl::Time now = absl::Now();
  const int64_t last_known = producer_->last_position();
  std::map<int64_t, std::vector<Stream*>> by_cursor;
  for (const auto& s : streams) {
    if (s->durable() && now - s->started() > limits_.max_age) {
      // Subscribing again reports the consumer's progress.
      s->End(grpc::Status::OK);
      continue;
    }
    int64_t applied = 0;
    if (s->Unreported(&applied)) {
      // Before the first read, so that the events it needs are kept from
      // now on (a prune already past them shows as a gap below).
      absl::Status recorded =
          RecordConsumer(producer_->pool(), s->principal(), s->consumer(), applied);
      if (!recorded.ok()) {
        s->End(ToGrpcStatus(recorded));
        continue;
      }
      s->Reported();
    }
    int64_t after = 0;
    if (s->WantsEvents(now, last_known, &after)) by_cursor[after].push_back(s.get());
  }
  for (const auto& [after, group] : by_cursor) {
    absl::StatusOr<std::vector<v1::Event>> batch = producer_->Read(after, kBatch);
    if (!batch.ok()) {
      for (Stream* s : group) s->End(ToGrpcStatus(batch.status()));
    } else if (batch->empty()) {
      for (Stream* s : group) s->NothingNew(now);
    } else if (batch->front().position() != after + 1) {
      for (Stream* s : group) s->End(Pruned(producer_->name(), after, batch->front().position()));
    } else {
      for (Stream* s : group) s->Deliver(*batch);
    }
  }
}

}  // namespace contactcenter::eventlog
