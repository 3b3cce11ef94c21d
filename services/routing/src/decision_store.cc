#include "decision_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/values.h"

namespace contactcenter::routing {
namespace {

constexpr char kInsertDecisionSql[] =
    "INSERT INTO routing_decisions (appeal_id, registration_number, outcome, executor_id, "
    "  rule_id, reason, kind, topic_code, territory_code, received_at, decided_at) "
    "VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6, $7, $8, $9, $10, $11) "
    "ON CONFLICT (appeal_id) DO NOTHING RETURNING 1";
constexpr char kQueueSql[] =
    "INSERT INTO manual_routing_queue (appeal_id, reason, queued_at) VALUES ($1, $2, $3)";
constexpr char kGetDecisionSql[] =
    "SELECT appeal_id, outcome, executor_id, rule_id, reason, decided_at "
    "FROM routing_decisions WHERE appeal_id = $1";

}  // namespace

bool DecisionStore::Record(db::Tx& tx, const AppealFacts& appeal,
                           const v1::RoutingDecision& decision) {
  const std::string decided_at = db::ToSqlTime(FromTimestamp(decision.decided_at()));
  if (tx.Exec("routing_insert_decision", kInsertDecisionSql, appeal.appeal_id,
              appeal.registration_number, static_cast<int>(decision.outcome()),
              decision.executor_id(), decision.rule_id(), decision.reason(), appeal.kind,
              appeal.topic_code, appeal.territory_code, db::ToSqlTime(appeal.received_at),
              decided_at)
          .empty()) {
    return false;
  }
  if (decision.outcome() == v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING) {
    tx.Exec("routing_queue_manual", kQueueSql, appeal.appeal_id, decision.reason(), decided_at);
  }
  return true;
}

absl::StatusOr<v1::RoutingDecision> DecisionStore::Get(const std::string& appeal_id) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<v1::RoutingDecision> {
    pqxx::result rows = tx.Exec("routing_get_decision", kGetDecisionSql, appeal_id);
    if (rows.empty()) {
      return absl::NotFoundError(absl::StrCat(
          "no routing decision for appeal ", appeal_id,
          " (yet: routing follows intake within moments; or the appeal does not exist)"));
    }
    const pqxx::row& r = rows[0];
    v1::RoutingDecision d;
    d.set_appeal_id(r[0].c_str());
    d.set_outcome(static_cast<v1::RoutingOutcome>(r[1].as<int>()));
    if (!r[2].is_null()) d.set_executor_id(r[2].c_str());
    if (!r[3].is_null()) d.set_rule_id(r[3].c_str());
    d.set_reason(r[4].c_str());
    *d.mutable_decided_at() = ToTimestamp(db::TimeFromField(r[5]));
    return d;
  });
}

}  // namespace contactcenter::routing
