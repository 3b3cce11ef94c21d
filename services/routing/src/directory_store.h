// The SQL of the directory's versions (directory_versions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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

// Every method runs on the caller's transaction and returns a status, never
// throws (db::Guarded).
class DirectoryStore {
 public:
  // Serialises imports until `tx` ends, so two never both open a version.
  absl::Status Lock(db::Tx& tx);
  // The version in force; nullopt when there is none yet.
  absl::StatusOr<std::optional<int64_t>> CurrentVersion(db::Tx& tx);
  // NOT_FOUND for an unknown version.
  absl::StatusOr<StoredDirectory> Load(db::Tx& tx, int64_t version);
  // Closes the version in force at `now` and opens a new one from `now`;
  // returns its number. Call under Lock().
  absl::StatusOr<int64_t> Install(db::Tx& tx, const StoredDirectory& directory,
                                  const std::string& source, absl::Time now);
  // Records that `version` was announced (ExecutorDirectoryChanged appended).
  absl::Status MarkAnnounced(db::Tx& tx, int64_t version);
  // The version in force when it was never announced (written before the
  // event existed); nullopt otherwise.
  absl::StatusOr<std::optional<int64_t>> UnannouncedInForce(db::Tx& tx);
};

}  // namespace contactcenter::routing
