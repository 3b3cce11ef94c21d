// Forward-only schema migrations, applied at start-up.
//
// A service's migrations are its migrations/NNNN_<what>.sql files, compiled
// into the binary by cc_embed_migrations() in CMake. Each is applied once, in
// name order, in its own transaction, under a PostgreSQL advisory lock (so
// replicas starting together do not race), and recorded in schema_migrations
// with a checksum: editing an applied migration is refused at start-up.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace contactcenter::db {

struct Migration {
  // "<component>/<file>", e.g. "intake/0001_appeals.sql".
  std::string name;
  std::string sql;
};

// Applies, in order, each set's migrations that are not applied yet.
absl::Status Migrate(const std::string& dsn,
                     const std::vector<const std::vector<Migration>*>& sets);

}  // namespace contactcenter::db
