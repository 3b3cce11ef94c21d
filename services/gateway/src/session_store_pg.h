// Sessions in the gateway's own PostgreSQL database (migrations/), shared by
// every replica: a session made on one works on another, and a logout (or a
// user locked) on one ends it on all at once, since every request reads the
// table. The cookie's id is stored only as its SHA-256. Expired rows go
// whenever a session is made.
#pragma once

#include <vector>

#include "contactcenter/db/migrations.h"
#include "contactcenter/db/pool.h"
#include "sessions.h"

namespace contactcenter::db {
// migrations/*.sql, compiled in (cc_embed_migrations).
const std::vector<Migration>& GatewayMigrations();
}  // namespace contactcenter::db

namespace contactcenter::gateway {

class PgSessionStore final : public SessionStore {
 public:
  PgSessionStore(db::Pool* pool, absl::Duration ttl) : pool_(pool), ttl_(ttl) {}

  absl::StatusOr<std::pair<std::string, Session>> Create(absl::string_view login, auth::Role role,
                                                         absl::string_view executor_id,
                                                         absl::Time now) override;
  absl::StatusOr<std::optional<Session>> Find(absl::string_view id, absl::Time now) override;
  absl::Status Remove(absl::string_view id) override;
  absl::Status RemoveLogin(absl::string_view login) override;
  absl::Duration ttl() const override { return ttl_; }

 private:
  db::Pool* pool_;
  const absl::Duration ttl_;
};

}  // namespace contactcenter::gateway
