#include "contactcenter/eventlog/consumer.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/eventlog/service.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/macros.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

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

}  // namespace

std::shared_ptr<grpc::Channel> MakeServiceChannel(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 5000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

Consumer::Consumer(ConsumerOptions options, db::Pool* pool, Handler handler,
                   prometheus::Registry* registry)
    : options_(std::move(options)), pool_(pool), handler_(std::move(handler)) {
  channel_ = MakeServiceChannel(options_.target);
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

absl::Status Consumer::Apply(const v1::Event& event) {
  bool applied = false;
  absl::Status status = pool_->Write([&](db::Tx& tx) -> absl::Status {
    applied = false;
    tx.Exec("eventlog_ensure_cursor", kEnsureCursorSql, options_.producer);
    const int64_t position =
        tx.Exec("eventlog_lock_cursor", kLockCursorSql, options_.producer)[0][0].as<int64_t>();
    if (event.position() <= position) return absl::OkStatus();  // applied before
    if (event.position() != position + 1) {
      return absl::DataLossError(absl::StrCat("event log of ", options_.producer,
                                              " jumped from position ", position, " to ",
                                              event.position()));
    }
    RETURN_IF_ERROR(handler_(tx, event));
    tx.Exec("eventlog_move_cursor", kMoveCursorSql, options_.producer, event.position());
    applied = true;
    return absl::OkStatus();
  });
  if (status.ok() && applied) {
    if (applied_total_ != nullptr) applied_total_->Increment();
    if (position_gauge_ != nullptr) position_gauge_->Set(static_cast<double>(event.position()));
  }
  return status;
}

bool Consumer::StreamOnce() {
  absl::StatusOr<int64_t> cursor = StoredPosition();
  if (!cursor.ok()) {
    CC_LOG(Warning) << "cannot read the cursor for " << options_.producer << ": " << cursor.status();
    return false;
  }
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
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub_->Subscribe(&ctx, req);
  reader->WaitForInitialMetadata();
  if (ctx.GetServerInitialMetadata().count(kProducerMetadataKey) > 0) {
    CC_LOG(Info) << "following " << options_.producer << " at " << options_.target
                 << " from position " << *cursor;
    if (connected_gauge_ != nullptr) connected_gauge_->Set(1);
  }
  bool progressed = false;
  v1::Event event;
  absl::Status apply_error;
  while (reader->Read(&event)) {
    apply_error = Apply(event);
    if (!apply_error.ok()) break;
    progressed = true;
  }
  if (!apply_error.ok()) {
    if (failures_total_ != nullptr) failures_total_->Increment();
    CC_LOG(Error) << "cannot apply event " << event.position() << " (" << event.payload().type_url()
                  << ") from " << options_.producer << ", will retry: " << apply_error;
    ctx.TryCancel();
  }
  grpc::Status finish = reader->Finish();
  if (connected_gauge_ != nullptr) connected_gauge_->Set(0);
  {
    std::lock_guard<std::mutex> lock(mu_);
    active_ = nullptr;
    if (stopping_) return progressed;
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
  std::mt19937 rng{std::random_device{}()};
  absl::Duration backoff = options_.min_backoff;
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    if (StreamOnce()) backoff = options_.min_backoff;
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    if (!SleepUnlessStopped(backoff * jitter(rng))) return;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

}  // namespace contactcenter::eventlog
