// The use case of the directory of executive bodies as supervisors and
// operators see it: the bodies in force, an import of a whole new version,
// and one body created, updated or deactivated as a new version. Each method
// is one transaction (List's first call on an empty database is the one
// exception, below); what it checks against the directory in force (known
// territories, an unknown parent, rule conflicts) it checks inside it.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "directories.h"

namespace contactcenter::routing {

class ExecutorDirectory {
 public:
  ExecutorDirectory(Directories* directories, db::Pool* pool, const Clock* clock)
      : directories_(directories), pool_(pool), clock_(clock) {}

  // The bodies of the version in force covering `territory_code` (all when
  // empty), ordered by id; INVALID_ARGUMENT naming territory_code when the
  // territory is unknown. Read-only, except on an empty database, where the
  // reference data is imported first (as on the first appeal).
  absl::StatusOr<std::vector<v1::Executor>> List(const std::string& territory_code);

  // The version in force listed and exported as ImportDirectory's CSV
  // files; on an empty database the reference data is imported first, as
  // for List.
  absl::StatusOr<v1::ExportDirectoryResponse> Export();

  // Checks the CSV whole (INVALID_ARGUMENT naming every bad row and
  // conflict) and, unless `dry_run`, swaps it in as the next version.
  // `classifier` empty keeps the topics and territories in force. `who`
  // is recorded as the version's source.
  absl::StatusOr<ImportResult> Import(const std::string& executors_csv,
                                      const std::string& rules_csv,
                                      const StoredClassifier& classifier, bool dry_run,
                                      const std::string& who);

  // One body changed as a new version (the rules unchanged). For kCreate and
  // kUpdate every bad field of `executor` is named ("executor.<field>", its
  // territories checked against the version in force); for kDeactivate only
  // `executor.id()` is read. ALREADY_EXISTS / NOT_FOUND for a known /
  // unknown id. Returns the body as the new version has it.
  absl::StatusOr<v1::ExecutorChangeResponse> ChangeExecutor(Directories::Change change,
                                                            const v1::Executor& executor,
                                                            const std::string& who);

 private:
  absl::StatusOr<std::shared_ptr<const Directory>> InForce();

  Directories* directories_;
  db::Pool* pool_;
  const Clock* clock_;
};

}  // namespace contactcenter::routing
