#include "contactcenter/eventlog/producer.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "contactcenter/log/log.h"

namespace contactcenter::eventlog {
namespace {

// Serialises sequencer passes across every process writing this database.
constexpr int64_t kSequencerLockKey = 0x45564c47;  // "EVLG"

constexpr char kAppendSql[] =
    "INSERT INTO event_log (aggregate_id, type_url, payload, occurred_at) "
    "VALUES ($1, $2, $3, $4)";

// Numbers the oldest unnumbered rows this transaction can see, i.e. rows
// whose transactions have committed, continuing from the highest position.
constexpr char kSequenceSql[] =
    "WITH head AS (SELECT coalesce(max(position), 0) AS last FROM event_log), "
    "pending AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM event_log "
    "            WHERE position IS NULL ORDER BY id LIMIT $1) "
    "UPDATE event_log e SET position = head.last + pending.n "
    "FROM pending, head WHERE e.id = pending.id "
    "RETURNING e.position";

constexpr char kReadSql[] =
    "SELECT position, event_id, aggregate_id, type_url, payload, occurred_at "
    "FROM event_log WHERE position > $1 ORDER BY position LIMIT $2";

constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";

// How long the sequencer, woken by a commit, waits for the ones behind it
// (issue 14: about one pass per registration, each a transaction of two
// statements and a read by every stream). At most this much lag.
constexpr absl::Duration kLinger = absl::Milliseconds(5);

}  // namespace

Producer::Producer(std::string name, db::Pool* pool, prometheus::Registry* registry,
                   ProducerOptions options)
    : name_(std::move(name)), pool_(pool), options_(options) {
  if (registry != nullptr) {
    sequenced_total_ = &prometheus::BuildCounter()
                            .Name("eventlog_events_sequenced_total")
                            .Help("Events numbered and made visible to subscribers.")
                            .Register(*registry)
                            .Add({{"producer", name_}});
    last_position_gauge_ = &prometheus::BuildGauge()
                                .Name("eventlog_last_position")
                                .Help("Highest position in this service's event log.")
                                .Register(*registry)
                                .Add({{"producer", name_}});
  }
}

Producer::~Producer() { Stop(); }

absl::Status Producer::Append(db::Tx& tx, absl::string_view aggregate_id,
                              const google::protobuf::Message& event, absl::Time occurred_at) {
  std::string payload;
  if (!event.SerializeToString(&payload)) {
    return absl::InternalError(
        absl::StrCat("cannot serialize ", event.GetDescriptor()->full_name()));
  }
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("eventlog_append", kAppendSql, std::string(aggregate_id),
            absl::StrCat(kTypeUrlPrefix, event.GetDescriptor()->full_name()),
            pqxx::binarystring(payload), db::ToSqlTime(occurred_at));
    tx.OnCommit([this] { Wake(); });
    return absl::OkStatus();
  });
}

void Producer::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = true;
  }
  sequencer_cv_.notify_one();
}

void Producer::Start() {
  sequencer_ = std::thread([this] { SequencerLoop(); });
}

void Producer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_.exchange(true)) return;
  }
  sequencer_cv_.notify_all();
  Notify();
  if (sequencer_.joinable()) sequencer_.join();
}

int Producer::AddListener(std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  listeners_.emplace_back(++next_listener_, std::move(fn));
  return next_listener_;
}

void Producer::RemoveListener(int id) {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  std::erase_if(listeners_, [id](const auto& l) { return l.first == id; });
}

void Producer::Notify() {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  for (const auto& [id, fn] : listeners_) fn();
}

int64_t Producer::last_position() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_position_;
}

absl::StatusOr<int> Producer::SequencePending() {
  bool learn_head;
  {
    std::lock_guard<std::mutex> lock(mu_);
    learn_head = !head_known_;
  }
  // After a start the first pass reads the log's head, so the position (and
  // its gauge) is true before any new event is numbered.
  int64_t head = 0;
  absl::StatusOr<std::vector<int64_t>> numbered =
      pool_->Write([&](db::Tx& tx) -> absl::StatusOr<std::vector<int64_t>> {
        tx.Exec("eventlog_sequencer_lock", "SELECT pg_advisory_xact_lock($1)", kSequencerLockKey);
        if (learn_head) {
          head = tx.Exec("eventlog_head", "SELECT coalesce(max(position), 0) FROM event_log")[0][0]
                     .as<int64_t>();
        }
        std::vector<int64_t> positions;
        for (const auto& row : tx.Exec("eventlog_sequence", kSequenceSql, options_.batch_size)) {
          positions.push_back(row[0].as<int64_t>());
        }
        return positions;
      });
  if (!numbered.ok()) return numbered.status();
  int64_t highest = head;
  for (int64_t p : *numbered) highest = std::max(highest, p);
  {
    std::lock_guard<std::mutex> lock(mu_);
    last_position_ = std::max(last_position_, highest);
    highest = last_position_;
    head_known_ = true;
  }
  if (last_position_gauge_ != nullptr) last_position_gauge_->Set(static_cast<double>(highest));
  if (numbered->empty()) return 0;
  Notify();
  if (sequenced_total_ != nullptr) {
    sequenced_total_->Increment(static_cast<double>(numbered->size()));
  }
  return static_cast<int>(numbered->size());
}

void Producer::SequencerLoop() {
  absl::Duration backoff = options_.poll_interval;
  while (!stopping_) {
    absl::StatusOr<int> n = SequencePending();
    if (!n.ok()) {
      CC_LOG(Warning) << "event log sequencer: " << n.status();
      backoff = std::min(backoff * 2, absl::Seconds(5));
    } else {
      backoff = options_.poll_interval;
      if (*n == options_.batch_size) continue;  // more are waiting
    }
    std::unique_lock<std::mutex> lock(mu_);
    sequencer_cv_.wait_for(lock, absl::ToChronoMilliseconds(backoff),
                           [this] { return pending_ || stopping_.load(); });
    if (pending_ && !stopping_) {
      // Woken by a commit: let the commits right behind it land too, so one
      // pass (and one read by each stream) numbers them all.
      sequencer_cv_.wait_for(lock, absl::ToChronoMilliseconds(kLinger),
                             [this] { return stopping_.load(); });
    }
    pending_ = false;
  }
}

absl::StatusOr<std::vector<v1::Event>> Producer::Read(int64_t after_position, int limit) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<v1::Event>> {
    std::vector<v1::Event> events;
    for (const auto& row : tx.Exec("eventlog_read", kReadSql, after_position, limit)) {
      v1::Event& e = events.emplace_back();
      e.set_position(row[0].as<int64_t>());
      e.set_event_id(row[1].c_str());
      e.set_producer(name_);
      e.set_aggregate_id(row[2].c_str());
      e.mutable_payload()->set_type_url(row[3].c_str());
      e.mutable_payload()->set_value(db::BytesFromField(row[4]));
      *e.mutable_occurred_at() = ToTimestamp(db::TimeFromField(row[5]));
    }
    return events;
  });
}

}  // namespace contactcenter::eventlog
