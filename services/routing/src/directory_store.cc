#include "directory_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"

namespace contactcenter::routing {
namespace {

constexpr char kLockSql[] = "SELECT pg_advisory_xact_lock(hashtext('routing_directory_versions'))";
constexpr char kCurrentSql[] = "SELECT version FROM directory_versions WHERE valid_to IS NULL";
constexpr char kLoadSql[] =
    "SELECT version, executors_csv, rules_csv, coalesce(topics_csv, ''), "
    "  coalesce(territories_csv, '') FROM directory_versions WHERE version = $1";
constexpr char kCloseSql[] =
    "UPDATE directory_versions SET valid_to = greatest($1::timestamptz, valid_from) "
    "WHERE valid_to IS NULL";
constexpr char kInsertSql[] =
    "INSERT INTO directory_versions (valid_from, executors_csv, rules_csv, source, topics_csv, "
    "  territories_csv) VALUES ($1, $2, $3, $4, NULLIF($5, ''), NULLIF($6, '')) "
    "RETURNING version";
constexpr char kMarkAnnouncedSql[] =
    "UPDATE directory_versions SET announced = true WHERE version = $1";
constexpr char kUnannouncedSql[] =
    "SELECT version FROM directory_versions WHERE valid_to IS NULL AND NOT announced";

}  // namespace

absl::Status DirectoryStore::Lock(db::Tx& tx) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("routing_directory_lock", kLockSql);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<int64_t>> DirectoryStore::CurrentVersion(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<int64_t>> {
    pqxx::result r = tx.Exec("routing_directory_current", kCurrentSql);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<int64_t>();
  });
}

absl::StatusOr<StoredDirectory> DirectoryStore::Load(db::Tx& tx, int64_t version) {
  return db::Guarded([&]() -> absl::StatusOr<StoredDirectory> {
    pqxx::result r = tx.Exec("routing_directory_load", kLoadSql, version);
    if (r.empty()) return absl::NotFoundError(absl::StrCat("no directory version ", version));
    return StoredDirectory{r[0][0].as<int64_t>(), r[0][1].c_str(), r[0][2].c_str(),
                           r[0][3].c_str(), r[0][4].c_str()};
  });
}

absl::StatusOr<int64_t> DirectoryStore::Install(db::Tx& tx, const StoredDirectory& d,
                                                const std::string& source, absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<int64_t> {
    const std::string at = db::ToSqlTime(now);
    tx.Exec("routing_directory_close", kCloseSql, at);
    return tx.Exec("routing_directory_insert", kInsertSql, at, d.executors_csv, d.rules_csv,
                   source, d.topics_csv, d.territories_csv)[0][0]
        .as<int64_t>();
  });
}

absl::Status DirectoryStore::MarkAnnounced(db::Tx& tx, int64_t version) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("routing_directory_announced", kMarkAnnouncedSql, version);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<int64_t>> DirectoryStore::UnannouncedInForce(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<int64_t>> {
    pqxx::result r = tx.Exec("routing_directory_unannounced", kUnannouncedSql);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<int64_t>();
  });
}

}  // namespace contactcenter::routing
