#include "holder_store.h"

#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"

namespace contactcenter::intake {
namespace {

constexpr char kAppliedSql[] = "SELECT 1 FROM appeal_holders WHERE event_id = $1";
// An event logged out of time order never makes a holding end before it began.
constexpr char kEndCurrentSql[] =
    "UPDATE appeal_holders SET held_until = GREATEST(held_from, $2::timestamptz) "
    "WHERE appeal_id = $1::uuid AND held_until IS NULL";
constexpr char kHandToBodySql[] =
    "INSERT INTO appeal_holders (appeal_id, executor_id, held_from, event_id) "
    "VALUES ($1::uuid, $2, $3, $4)";
// NULL executor: nobody holds it (routing's manual queue).
constexpr char kHandToQueueSql[] =
    "INSERT INTO appeal_holders (appeal_id, executor_id, held_from, event_id) "
    "VALUES ($1::uuid, NULL, $2, $3)";
constexpr char kHoldersSql[] =
    "SELECT executor_id, held_from, held_until FROM appeal_holders "
    "WHERE appeal_id = $1::uuid AND executor_id IS NOT NULL ORDER BY held_from, id";
constexpr char kCurrentSql[] =
    "SELECT executor_id FROM appeal_holders WHERE appeal_id = $1::uuid AND held_until IS NULL";

}  // namespace

absl::StatusOr<bool> HolderStore::Apply(db::Tx& tx, const HolderChange& change,
                                        const std::string& event_id) {
  return db::Guarded([&]() -> absl::StatusOr<bool> {
    if (!tx.Exec("intake_holder_applied", kAppliedSql, event_id).empty()) return false;
    const std::string at = db::ToSqlTime(change.at);
    tx.Exec("intake_holder_end", kEndCurrentSql, change.appeal_id, at);
    if (change.executor_id.empty()) {
      tx.Exec("intake_holder_to_queue", kHandToQueueSql, change.appeal_id, at, event_id);
    } else {
      tx.Exec("intake_holder_to_body", kHandToBodySql, change.appeal_id, change.executor_id, at,
              event_id);
    }
    return true;
  });
}

absl::StatusOr<std::vector<Holding>> HolderStore::HoldersOf(db::Tx& tx,
                                                            const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<Holding>> {
    std::vector<Holding> out;
    for (const pqxx::row& r : tx.Exec("intake_holders_of", kHoldersSql, appeal_id)) {
      Holding h{r[0].c_str(), db::TimeFromField(r[1]), std::nullopt};
      if (!r[2].is_null()) h.until = db::TimeFromField(r[2]);
      out.push_back(std::move(h));
    }
    return out;
  });
}

absl::StatusOr<std::optional<std::string>> HolderStore::CurrentHolder(db::Tx& tx,
                                                                      const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<std::string>> {
    const pqxx::result rows = tx.Exec("intake_current_holder", kCurrentSql, appeal_id);
    if (rows.empty() || rows[0][0].is_null()) return std::optional<std::string>();
    return std::optional<std::string>(rows[0][0].c_str());
  });
}

}  // namespace contactcenter::intake
