// The SQL of the directory's versions (directory_versions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "contactcenter/db/pool.h"

namespace contactcenter::routing {

struct StoredDirectory {
  int64_t version = 0;
  std::string executors_csv;
  std::string rules_csv;
  // "" when the version has none of its own (the start-up reference data).
  std::string topics_csv;
  std::string territories_csv;
};

class DirectoryStore {
 public:
  // Serialises imports until `tx` ends, so two never both open a version.
  void Lock(db::Tx& tx);
  // The version in force, if any.
  std::optional<int64_t> CurrentVersion(db::Tx& tx);
  std::optional<StoredDirectory> Load(db::Tx& tx, int64_t version);
  // Closes the version in force at `now` and opens a new one from `now`;
  // returns its number. Call under Lock().
  int64_t Install(db::Tx& tx, const StoredDirectory& directory, const std::string& source,
                  absl::Time now);
};

}  // namespace contactcenter::routing
