#include "contactcenter/eventlog/retention.h"

#include <algorithm>
#include <optional>
#include <set>

#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::eventlog {
namespace {

constexpr char kRecordConsumerSql[] =
    "INSERT INTO event_consumers (principal, consumer, applied_position) VALUES ($1, $2, $3) "
    "ON CONFLICT (principal, consumer) DO UPDATE "
    "SET applied_position = excluded.applied_position, reported_at = now()";

constexpr char kConsumersSql[] =
    "SELECT principal, consumer, applied_position, reported_at FROM event_consumers "
    "ORDER BY principal, consumer";

// Both ends through the unique index on position.
constexpr char kBoundsSql[] =
    "SELECT (SELECT position FROM event_log WHERE position IS NOT NULL "
    "        ORDER BY position LIMIT 1), "
    "       (SELECT position FROM event_log WHERE position IS NOT NULL "
    "        ORDER BY position DESC LIMIT 1)";

// The first event at or below $1 that is still within the retention: the
// events below it are all old (occurred_at follows commit order only
// roughly, so "older than" alone could leave a hole). Scans only what the
// run deletes anyway (over 500,000 events, 256,000 of them old: 390 ms
// unbounded, so $1 is kept within one run's batches).
constexpr char kFirstRecentSql[] =
    "SELECT position FROM event_log WHERE position <= $1 AND occurred_at >= $2 "
    "ORDER BY position LIMIT 1";

// One batch, oldest first, so that what is kept never has a hole.
constexpr char kDeleteBatchSql[] =
    "DELETE FROM event_log WHERE position IN ("
    "  SELECT position FROM event_log WHERE position <= $1 ORDER BY position LIMIT $2)";

// Each consumer with the time of the first event it has not applied.
constexpr char kConsumerLagSql[] =
    "SELECT c.principal, c.consumer, c.applied_position, e.occurred_at "
    "FROM event_consumers c LEFT JOIN event_log e ON e.position = c.applied_position + 1";

constexpr char kOccurredAtSql[] = "SELECT occurred_at FROM event_log WHERE position = $1";

struct Bounds {
  int64_t oldest = 0;
  int64_t head = 0;
};

Bounds ReadBounds(db::Tx& tx) {
  pqxx::result r = tx.Exec("eventlog_bounds", kBoundsSql);
  Bounds b;
  if (!r[0][0].is_null()) b.oldest = r[0][0].as<int64_t>();
  if (!r[0][1].is_null()) b.head = r[0][1].as<int64_t>();
  return b;
}

}  // namespace

absl::Status RecordConsumer(db::Pool& pool, const std::string& principal,
                            const std::string& consumer, int64_t applied_position) {
  return pool.Write([&](db::Tx& tx) -> absl::Status {
    tx.Exec("eventlog_record_consumer", kRecordConsumerSql, principal, consumer, applied_position);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<KnownConsumer>> KnownConsumers(db::Pool& pool) {
  return pool.Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<KnownConsumer>> {
    std::vector<KnownConsumer> out;
    for (const auto& row : tx.Exec("eventlog_consumers", kConsumersSql)) {
      out.push_back({row[0].c_str(), row[1].c_str(), row[2].as<int64_t>(),
                     db::TimeFromField(row[3])});
    }
    return out;
  });
}

absl::StatusOr<int64_t> OldestKeptPosition(db::Pool& pool) {
  return pool.Read([&](db::Tx& tx) -> absl::StatusOr<int64_t> { return ReadBounds(tx).oldest; });
}

Retention::Retention(std::string producer, db::Pool* pool, RetentionOptions options,
                     prometheus::Registry* registry)
    : producer_(std::move(producer)), pool_(pool), options_(options) {
  if (registry == nullptr) return;
  const prometheus::Labels labels{{"producer", producer_}};
  pruned_total_ = &prometheus::BuildCounter()
                       .Name("eventlog_pruned_total")
                       .Help("Events deleted from this service's log: applied by every known "
                             "durable consumer and older than the retention.")
                       .Register(*registry)
                       .Add(labels);
  events_gauge_ = &prometheus::BuildGauge()
                       .Name("eventlog_events")
                       .Help("Numbered events kept in this service's log (head - oldest + 1; "
                             "positions have no gaps).")
                       .Register(*registry)
                       .Add(labels);
  oldest_age_gauge_ = &prometheus::BuildGauge()
                           .Name("eventlog_oldest_event_age_seconds")
                           .Help("How long ago the oldest kept event occurred.")
                           .Register(*registry)
                           .Add(labels);
  retention_gauge_ = &prometheus::BuildGauge()
                          .Name("eventlog_retention_seconds")
                          .Help("--event_log_retention: applied events younger than this are "
                                "kept.")
                          .Register(*registry)
                          .Add(labels);
  retention_gauge_->Set(absl::ToDoubleSeconds(options_.retention));
  lag_events_family_ = &prometheus::BuildGauge()
                            .Name("eventlog_known_consumer_lag_events")
                            .Help("Events in this log a known durable consumer has not reported "
                                  "applied.")
                            .Register(*registry);
  lag_seconds_family_ = &prometheus::BuildGauge()
                             .Name("eventlog_known_consumer_lag_seconds")
                             .Help("Age of the oldest event a known durable consumer has not "
                                   "reported applied (0 when it has them all).")
                             .Register(*registry);
  holding_family_ = &prometheus::BuildGauge()
                         .Name("eventlog_consumer_holding_log")
                         .Help("1 while a known durable consumer has not applied events older "
                               "than the retention, which are kept for it.")
                         .Register(*registry);
}

absl::StatusOr<PruneResult> Retention::Run(absl::Time now) {
  const absl::Time cutoff = now - options_.retention;
  // What may go: at most the lowest position every known consumer applied,
  // never the head, and only the old events below the first recent one.
  int64_t upto = 0;
  ASSIGN_OR_RETURN(upto, pool_->Read([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
    const Bounds bounds = ReadBounds(tx);
    int64_t limit = bounds.head - 1;
    for (const auto& row : tx.Exec("eventlog_consumers", kConsumersSql)) {
      limit = std::min(limit, row[2].as<int64_t>());
    }
    if (limit < bounds.oldest) return 0;
    // No further than this run deletes, so the scan below reads at most
    // batch_size * max_batches rows however much old log a consumer held.
    limit = std::min(limit, bounds.oldest + int64_t{options_.batch_size} * options_.max_batches - 1);
    pqxx::result recent =
        tx.Exec("eventlog_first_recent", kFirstRecentSql, limit, db::ToSqlTime(cutoff));
    if (!recent.empty()) limit = std::min(limit, recent[0][0].as<int64_t>() - 1);
    return limit;
  }));
  PruneResult result;
  while (upto > 0 && result.batches < options_.max_batches) {
    int64_t deleted = 0;
    ASSIGN_OR_RETURN(deleted, pool_->Write([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
      return static_cast<int64_t>(
          tx.Exec("eventlog_prune_batch", kDeleteBatchSql, upto, options_.batch_size)
              .affected_rows());
    }));
    if (deleted == 0) break;
    ++result.batches;
    result.deleted += deleted;
    if (pruned_total_ != nullptr) pruned_total_->Increment(static_cast<double>(deleted));
    if (deleted < options_.batch_size) break;
  }
  if (result.deleted > 0) {
    CC_LOG(Info) << "event log of " << producer_ << ": pruned " << result.deleted
                 << " events up to position " << upto;
  }
  RETURN_IF_ERROR(UpdateGauges(now, &result));
  return result;
}

absl::Status Retention::UpdateGauges(absl::Time now, PruneResult* result) {
  struct Lag {
    std::string principal, consumer;
    int64_t applied;
    std::optional<absl::Time> first_unapplied;
  };
  Bounds bounds;
  std::optional<absl::Time> oldest_at;
  std::vector<Lag> lags;
  RETURN_IF_ERROR(pool_->Read([&](db::Tx& tx) -> absl::Status {
    bounds = ReadBounds(tx);
    if (bounds.oldest > 0) {
      pqxx::result r = tx.Exec("eventlog_occurred_at", kOccurredAtSql, bounds.oldest);
      if (!r.empty()) oldest_at = db::TimeFromField(r[0][0]);
    }
    lags.clear();
    for (const auto& row : tx.Exec("eventlog_consumer_lag", kConsumerLagSql)) {
      Lag& l = lags.emplace_back();
      l.principal = row[0].c_str();
      l.consumer = row[1].c_str();
      l.applied = row[2].as<int64_t>();
      if (!row[3].is_null()) {
        l.first_unapplied = db::TimeFromField(row[3]);
      } else if (l.applied + 1 < bounds.oldest) {
        // Cut off (it subscribed below the oldest kept event, e.g. to
        // replay): it is at least as far behind as the oldest kept event.
        l.first_unapplied = oldest_at;
      }
    }
    return absl::OkStatus();
  }));
  result->oldest = bounds.oldest;
  result->head = bounds.head;
  if (events_gauge_ == nullptr) return absl::OkStatus();
  events_gauge_->Set(bounds.oldest > 0 ? static_cast<double>(bounds.head - bounds.oldest + 1) : 0);
  oldest_age_gauge_->Set(oldest_at ? std::max(0.0, absl::ToDoubleSeconds(now - *oldest_at)) : 0);
  std::set<std::pair<std::string, std::string>> seen;
  for (const Lag& l : lags) {
    auto key = std::make_pair(l.principal, l.consumer);
    seen.insert(key);
    auto it = consumer_gauges_.find(key);
    if (it == consumer_gauges_.end()) {
      const prometheus::Labels labels{
          {"producer", producer_}, {"principal", l.principal}, {"consumer", l.consumer}};
      it = consumer_gauges_
               .emplace(key, ConsumerGauges{&lag_events_family_->Add(labels),
                                            &lag_seconds_family_->Add(labels),
                                            &holding_family_->Add(labels)})
               .first;
    }
    const double age =
        l.first_unapplied ? std::max(0.0, absl::ToDoubleSeconds(now - *l.first_unapplied)) : 0;
    it->second.lag_events->Set(static_cast<double>(std::max<int64_t>(0, bounds.head - l.applied)));
    it->second.lag_seconds->Set(age);
    it->second.holding->Set(age > absl::ToDoubleSeconds(options_.retention) ? 1 : 0);
  }
  // A forgotten consumer's series go away with it.
  for (auto it = consumer_gauges_.begin(); it != consumer_gauges_.end();) {
    if (seen.count(it->first) > 0) {
      ++it;
      continue;
    }
    lag_events_family_->Remove(it->second.lag_events);
    lag_seconds_family_->Remove(it->second.lag_seconds);
    holding_family_->Remove(it->second.holding);
    it = consumer_gauges_.erase(it);
  }
  return absl::OkStatus();
}

}  // namespace contactcenter::eventlog
