#include "contactcenter/db/migrations.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/log/log.h"

namespace contactcenter::db {
namespace {

// Any constant works: each service has a database of its own.
constexpr int64_t kMigrationLockKey = 0x4c4f4b43;  // "LOKC"

absl::Status ApplyAll(pqxx::connection& conn,
                      const std::vector<const std::vector<Migration>*>& sets) {
  {
    pqxx::work w(conn);
    w.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "  name text PRIMARY KEY,"
        "  checksum text NOT NULL,"
        "  applied_at timestamptz NOT NULL DEFAULT now())");
    w.commit();
  }
  std::map<std::string, std::string> applied;  // name -> md5 of its SQL
  {
    pqxx::work w(conn);
    for (const auto& row : w.exec("SELECT name, checksum FROM schema_migrations")) {
      applied[row[0].c_str()] = row[1].c_str();
    }
    w.commit();
  }
  for (const auto* set : sets) {
    for (const Migration& m : *set) {
      pqxx::work w(conn);
      const std::string checksum = w.exec_params1("SELECT md5($1)", m.sql)[0].c_str();
      auto it = applied.find(m.name);
      if (it != applied.end()) {
        if (it->second != checksum) {
          return absl::FailedPreconditionError(absl::StrCat(
              "migration ", m.name,
              " was changed after it was applied; add a new migration instead"));
        }
        continue;
      }
      try {
        w.exec(m.sql);
      } catch (const pqxx::sql_error& e) {
        return absl::FailedPreconditionError(
            absl::StrCat("migration ", m.name, " failed: ", e.what()));
      }
      w.exec_params("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", m.name,
                    checksum);
      w.commit();
      CC_LOG(Info) << "applied migration " << m.name;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Migrate(const std::string& dsn,
                     const std::vector<const std::vector<Migration>*>& sets) {
  absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = Connect(dsn);
  if (!conn.ok()) return conn.status();
  try {
    {
      pqxx::nontransaction n(**conn);
      n.exec(absl::StrCat("SET TimeZone = 'UTC'; SELECT pg_advisory_lock(", kMigrationLockKey,
                          ")"));
    }
    absl::Status status = ApplyAll(**conn, sets);
    // Closing the connection releases the session lock too; unlock anyway
    // so a pooled or long-lived connection never keeps it.
    pqxx::nontransaction n(**conn);
    n.exec(absl::StrCat("SELECT pg_advisory_unlock(", kMigrationLockKey, ")"));
    return status;
  } catch (...) {
    return StatusFromCurrentException();
  }
}

}  // namespace contactcenter::db
