#include "session_store_pg.h"

#include "contactcenter/auth/auth.h"
#include "contactcenter/db/errors.h"

namespace contactcenter::gateway {
namespace {

constexpr char kDeleteExpired[] = "DELETE FROM gateway_sessions WHERE expires_us <= $1";
constexpr char kInsert[] =
    "INSERT INTO gateway_sessions (id_hash, login, role, executor_id, csrf_token, expires_us) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr char kFind[] =
    "SELECT login, role, executor_id, csrf_token, expires_us FROM gateway_sessions "
    "WHERE id_hash = $1 AND expires_us > $2";
constexpr char kRemove[] = "DELETE FROM gateway_sessions WHERE id_hash = $1";
constexpr char kRemoveLogin[] = "DELETE FROM gateway_sessions WHERE login = $1";

}  // namespace

absl::StatusOr<std::pair<std::string, Session>> PgSessionStore::Create(
    absl::string_view login, auth::Role role, absl::string_view executor_id, absl::Time now) {
  Session s{std::string(login), role, std::string(executor_id), RandomToken(), now + ttl_};
  const std::string id = RandomToken();
  absl::Status st = pool_->Write([&](db::Tx& tx) -> absl::Status {
    return db::Guarded([&]() -> absl::Status {
      tx.Exec("gateway_sessions_delete_expired", kDeleteExpired, absl::ToUnixMicros(now));
      tx.Exec("gateway_sessions_insert", kInsert, auth::TokenHash(id), s.login,
              std::string(auth::RoleName(role)), s.executor_id, s.csrf_token,
              absl::ToUnixMicros(s.expires));
      return absl::OkStatus();
    });
  });
  if (!st.ok()) return st;
  return std::pair<std::string, Session>{id, s};
}

absl::StatusOr<std::optional<Session>> PgSessionStore::Find(absl::string_view id, absl::Time now) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::optional<Session>> {
    return db::Guarded([&]() -> absl::StatusOr<std::optional<Session>> {
      pqxx::result r = tx.Exec("gateway_sessions_find", kFind, auth::TokenHash(id),
                               absl::ToUnixMicros(now));
      if (r.empty()) return std::optional<Session>();
      Session s;
      s.login = r[0][0].as<std::string>();
      if (!auth::ParseRoleName(r[0][1].as<std::string>(), &s.role)) {
        return absl::DataLossError("a stored session has an unknown role");
      }
      s.executor_id = r[0][2].as<std::string>();
      s.csrf_token = r[0][3].as<std::string>();
      s.expires = absl::FromUnixMicros(r[0][4].as<int64_t>());
      return std::optional<Session>(std::move(s));
    });
  });
}

absl::Status PgSessionStore::Remove(absl::string_view id) {
  return pool_->Write([&](db::Tx& tx) -> absl::Status {
    return db::Guarded([&]() -> absl::Status {
      tx.Exec("gateway_sessions_remove", kRemove, auth::TokenHash(id));
      return absl::OkStatus();
    });
  });
}

absl::Status PgSessionStore::RemoveLogin(absl::string_view login) {
  return pool_->Write([&](db::Tx& tx) -> absl::Status {
    return db::Guarded([&]() -> absl::Status {
      tx.Exec("gateway_sessions_remove_login", kRemoveLogin, std::string(login));
      return absl::OkStatus();
    });
  });
}

}  // namespace contactcenter::gateway
