// The spike signals' tables (migrations/0006_spike_signals.sql) and the
// topic day counts the detection reads: the only place their SQL is
// written. Every method takes the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/status/page_token.h"

namespace contactcenter::analytics {

// Appeals of a top-level topic received on a Kyiv day in a territory.
struct TopicDayCount {
  absl::CivilDay day;
  std::string territory_code;
  std::string topic_code;
  int64_t n = 0;
};

struct SignalQuery {
  std::optional<absl::CivilDay> from;  // detected_on >= from
  std::optional<absl::CivilDay> to;    // detected_on < to
  std::vector<int> statuses;           // empty: every status
  std::string topic_code;              // empty: every topic
  std::optional<KeysetPosition> after;  // newest first: (created_at, signal_id) below this
};

class SignalStore {
 public:
  // Top-level topics' counts (codes without a '.') of days from..to, both
  // inclusive.
  absl::StatusOr<std::vector<TopicDayCount>> TopicDayCounts(db::Tx& tx, absl::CivilDay from,
                                                            absl::CivilDay to);

  absl::StatusOr<bool> RunExists(db::Tx& tx, absl::CivilDay day);
  absl::Status RecordRun(db::Tx& tx, absl::CivilDay day, absl::Time at, int signals);

  // Signals detected on days >= from.
  absl::StatusOr<std::vector<v1::Signal>> DetectedSince(db::Tx& tx, absl::CivilDay from);
  // Stores `s` under a new id (its signal_id is ignored); returns the id.
  absl::StatusOr<std::string> Insert(db::Tx& tx, const v1::Signal& s);
  // The signal, locked for a decision; NOT_FOUND when there is none.
  absl::StatusOr<v1::Signal> GetForUpdate(db::Tx& tx, const std::string& signal_id);
  // Sets the decision on the signal and appends it to the audit.
  absl::Status Decide(db::Tx& tx, const std::string& signal_id, v1::SignalStatus status,
                      const std::string& who, absl::Time at, const std::string& reason);
  // Newest first (created_at, then signal_id), at most `limit`.
  absl::StatusOr<std::vector<v1::Signal>> List(db::Tx& tx, const SignalQuery& q, int limit);
};

}  // namespace contactcenter::analytics
