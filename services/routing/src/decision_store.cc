#include "decision_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::routing {
namespace {

constexpr char kInsertDecisionSql[] =
    "INSERT INTO routing_decisions (appeal_id, registration_number, outcome, executor_id, "
    "  rule_id, reason, kind, topic_code, territory_code, received_at, decided_at, "
    "  directory_version, decision, registered) "
    "VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6, $7, $8, $9, $10, $11, "
    "  NULLIF($12, 0), $13, $14) "
    "ON CONFLICT (appeal_id) DO NOTHING RETURNING 1";
constexpr char kQueueSql[] =
    "INSERT INTO manual_routing_queue (appeal_id, reason, queued_at) VALUES ($1, $2, $3)";
constexpr char kGetDecisionSql[] =
    "SELECT appeal_id, outcome, executor_id, rule_id, reason, decided_at, decision "
    "FROM routing_decisions WHERE appeal_id = $1";
constexpr char kListQueueSql[] =
    "SELECT q.appeal_id, d.registration_number, q.reason, d.topic_code, d.territory_code, "
    "  d.received_at, q.queued_at "
    "FROM manual_routing_queue q JOIN routing_decisions d USING (appeal_id) "
    "ORDER BY q.queued_at, q.appeal_id";
constexpr char kDequeueSql[] =
    "WITH gone AS (DELETE FROM manual_routing_queue WHERE appeal_id = $1 "
    "  RETURNING appeal_id, previous_executor_id) "
    "SELECT d.registered, gone.previous_executor_id "
    "FROM routing_decisions d JOIN gone USING (appeal_id)";
constexpr char kLockSql[] =
    "SELECT decision, registered, appeal_id, outcome, executor_id, rule_id, reason, decided_at "
    "FROM routing_decisions WHERE appeal_id = $1 FOR UPDATE";
constexpr char kDeclineSql[] =
    "INSERT INTO routing_declines (appeal_id, executor_id, reason, declined_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1";
constexpr char kDeclinedSql[] =
    "SELECT executor_id FROM routing_declines WHERE appeal_id = $1 ORDER BY executor_id";
constexpr char kHandOverSql[] =
    "INSERT INTO routing_handovers (appeal_id, from_executor_id, to_executor_id, rule_id, "
    "  reason, handed_at) VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''), $5, $6)";
constexpr char kHandOversSql[] =
    "SELECT from_executor_id, to_executor_id, rule_id, reason, handed_at "
    "FROM routing_handovers WHERE appeal_id = $1 ORDER BY id";
constexpr char kRequeueSql[] =
    "INSERT INTO manual_routing_queue (appeal_id, reason, queued_at, previous_executor_id) "
    "VALUES ($1, $2, $3, NULLIF($4, '')) ON CONFLICT (appeal_id) DO NOTHING";
constexpr char kUpdateDecisionSql[] =
    "UPDATE routing_decisions SET outcome = $2, executor_id = NULLIF($3, ''), "
    "  rule_id = NULLIF($4, ''), reason = $5, decided_at = $6, "
    "  directory_version = NULLIF($7, 0), decision = $8 "
    "WHERE appeal_id = $1";
constexpr char kTakeOverdueSql[] =
    "WITH late AS ("
    "  SELECT q.appeal_id FROM manual_routing_queue q JOIN routing_decisions d USING (appeal_id) "
    "  WHERE q.overdue_reported_at IS NULL AND d.received_at < $1 "
    "  FOR UPDATE OF q SKIP LOCKED) "
    "UPDATE manual_routing_queue q SET overdue_reported_at = $2 FROM late, routing_decisions d "
    "WHERE q.appeal_id = late.appeal_id AND d.appeal_id = q.appeal_id "
    "RETURNING q.appeal_id, d.registration_number, q.reason, d.topic_code, d.territory_code, "
    "  d.received_at, q.queued_at";

// A decision from its row: column `serialized` the stored RoutingDecision,
// and from `first` on appeal_id, outcome, executor_id, rule_id, reason,
// decided_at.
absl::StatusOr<v1::RoutingDecision> FromRow(const pqxx::row& r, int serialized, int first) {
  if (!r[serialized].is_null()) {
    return db::ParseStoredProto<v1::RoutingDecision>(r[serialized], "routing decision");
  }
  // Decisions from before directory versions (NULL): the columns are all there is.
  v1::RoutingDecision d;
  d.set_appeal_id(r[first].c_str());
  d.set_outcome(static_cast<v1::RoutingOutcome>(r[first + 1].as<int>()));
  if (!r[first + 2].is_null()) d.set_executor_id(r[first + 2].c_str());
  if (!r[first + 3].is_null()) d.set_rule_id(r[first + 3].c_str());
  d.set_reason(r[first + 4].c_str());
  *d.mutable_decided_at() = ToTimestamp(db::TimeFromField(r[first + 5]));
  return d;
}

std::vector<QueuedAppeal> ToQueued(const pqxx::result& rows) {
  std::vector<QueuedAppeal> out;
  for (const pqxx::row& r : rows) {
    out.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].c_str(), r[4].c_str(),
                   db::TimeFromField(r[5]), db::TimeFromField(r[6])});
  }
  return out;
}

}  // namespace

absl::StatusOr<bool> DecisionStore::Record(db::Tx& tx, const AppealFacts& appeal,
                                           const v1::RoutingDecision& decision,
                                           const intake::v1::AppealRegistered& registered) {
  return db::Guarded([&]() -> absl::StatusOr<bool> {
    const std::string decided_at = db::ToSqlTime(FromTimestamp(decision.decided_at()));
    if (tx.Exec("routing_insert_decision", kInsertDecisionSql, appeal.appeal_id,
                appeal.registration_number, static_cast<int>(decision.outcome()),
                decision.executor_id(), decision.rule_id(), decision.reason(), appeal.kind,
                appeal.topic_code, appeal.territory_code, db::ToSqlTime(appeal.received_at),
                decided_at, decision.directory_version(),
                pqxx::binarystring(decision.SerializeAsString()),
                pqxx::binarystring(registered.SerializeAsString()))
            .empty()) {
      return false;
    }
    if (decision.outcome() == v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING) {
      tx.Exec("routing_queue_manual", kQueueSql, appeal.appeal_id, decision.reason(), decided_at);
    }
    return true;
  });
}

absl::StatusOr<v1::GetRoutingDecisionResponse> DecisionStore::Get(db::Tx& tx,
                                                                  const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<v1::GetRoutingDecisionResponse> {
    pqxx::result rows = tx.Exec("routing_get_decision", kGetDecisionSql, appeal_id);
    if (rows.empty()) {
      return absl::NotFoundError(absl::StrCat(
          "no routing decision for appeal ", appeal_id,
          " (yet: routing follows intake within moments; or the appeal does not exist)"));
    }
    v1::GetRoutingDecisionResponse resp;
    ASSIGN_OR_RETURN(*resp.mutable_decision(), FromRow(rows[0], 6, 0));
    ASSIGN_OR_RETURN(std::vector<v1::HandOver> hand_overs, HandOvers(tx, appeal_id));
    for (v1::HandOver& h : hand_overs) *resp.add_hand_overs() = std::move(h);
    return resp;
  });
}

absl::StatusOr<std::optional<DecisionStore::Locked>> DecisionStore::Lock(
    db::Tx& tx, const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<Locked>> {
    pqxx::result rows = tx.Exec("routing_lock_decision", kLockSql, appeal_id);
    if (rows.empty()) return std::nullopt;
    const pqxx::row& r = rows[0];
    Locked out;
    ASSIGN_OR_RETURN(out.decision, FromRow(r, 0, 2));
    ASSIGN_OR_RETURN(out.registered, db::ParseStoredProto<intake::v1::AppealRegistered>(
                                         r[1], "AppealRegistered of the decision"));
    return out;
  });
}

absl::StatusOr<bool> DecisionStore::RecordDecline(db::Tx& tx, const std::string& appeal_id,
                                                  const std::string& executor_id,
                                                  const std::string& reason, absl::Time at) {
  return db::Guarded([&]() -> absl::StatusOr<bool> {
    return !tx.Exec("routing_record_decline", kDeclineSql, appeal_id, executor_id, reason,
                    db::ToSqlTime(at))
                .empty();
  });
}

absl::StatusOr<std::set<std::string>> DecisionStore::Declined(db::Tx& tx,
                                                             const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::set<std::string>> {
    std::set<std::string> out;
    for (const pqxx::row& r : tx.Exec("routing_declined", kDeclinedSql, appeal_id)) {
      out.insert(r[0].c_str());
    }
    return out;
  });
}

absl::Status DecisionStore::LogHandOver(db::Tx& tx, const std::string& appeal_id,
                                        const v1::HandOver& h) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("routing_log_handover", kHandOverSql, appeal_id, h.from_executor_id(),
            h.to_executor_id(), h.rule_id(), h.reason(),
            db::ToSqlTime(FromTimestamp(h.handed_at())));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<v1::HandOver>> DecisionStore::HandOvers(db::Tx& tx,
                                                                  const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::HandOver>> {
    std::vector<v1::HandOver> out;
    for (const pqxx::row& r : tx.Exec("routing_handovers", kHandOversSql, appeal_id)) {
      v1::HandOver h;
      h.set_from_executor_id(r[0].c_str());
      if (!r[1].is_null()) h.set_to_executor_id(r[1].c_str());
      if (!r[2].is_null()) h.set_rule_id(r[2].c_str());
      h.set_reason(r[3].c_str());
      *h.mutable_handed_at() = ToTimestamp(db::TimeFromField(r[4]));
      out.push_back(std::move(h));
    }
    return out;
  });
}

absl::Status DecisionStore::Requeue(db::Tx& tx, const std::string& appeal_id,
                                    const std::string& reason, absl::Time at,
                                    const std::string& previous_executor_id) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("routing_requeue", kRequeueSql, appeal_id, reason, db::ToSqlTime(at),
            previous_executor_id);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<QueuedAppeal>> DecisionStore::ListQueue(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<QueuedAppeal>> {
    return ToQueued(tx.Exec("routing_list_queue", kListQueueSql));
  });
}

absl::StatusOr<std::optional<DecisionStore::Dequeued>> DecisionStore::Dequeue(
    db::Tx& tx, const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<Dequeued>> {
    pqxx::result rows = tx.Exec("routing_dequeue", kDequeueSql, appeal_id);
    if (rows.empty()) return std::nullopt;
    Dequeued out;
    ASSIGN_OR_RETURN(out.registered, db::ParseStoredProto<intake::v1::AppealRegistered>(
                                         rows[0][0], "AppealRegistered of the queued appeal"));
    if (!rows[0][1].is_null()) out.previous_executor_id = rows[0][1].c_str();
    ASSIGN_OR_RETURN(out.declined, Declined(tx, appeal_id));
    return out;
  });
}

absl::Status DecisionStore::Update(db::Tx& tx, const v1::RoutingDecision& decision) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("routing_update_decision", kUpdateDecisionSql, decision.appeal_id(),
            static_cast<int>(decision.outcome()), decision.executor_id(), decision.rule_id(),
            decision.reason(), db::ToSqlTime(FromTimestamp(decision.decided_at())),
            decision.directory_version(), pqxx::binarystring(decision.SerializeAsString()));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<QueuedAppeal>> DecisionStore::TakeNewlyOverdue(db::Tx& tx,
                                                                         absl::Time cutoff,
                                                                         absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<QueuedAppeal>> {
    return ToQueued(tx.Exec("routing_take_overdue", kTakeOverdueSql, db::ToSqlTime(cutoff),
                            db::ToSqlTime(now)));
  });
}

}  // namespace contactcenter::routing
