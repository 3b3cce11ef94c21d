// The executive bodies' names and parents, from the reference data's
// executors.csv, kept in the projection's `executors` table for the
// timeliness report's parents and names.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/db/pool.h"
#include "projection_store.h"

namespace contactcenter::analytics {

// Reads <dir>/executors.csv (id, name_uk, parent_id).
absl::StatusOr<std::vector<ExecutorRow>> LoadExecutors(const std::string& dir);

class ExecutorDirectory {
 public:
  ExecutorDirectory(db::Pool* pool, ProjectionStore* store, std::vector<ExecutorRow> rows)
      : pool_(pool), store_(store), rows_(std::move(rows)) {}

  // Writes the bodies into the projection (one transaction).
  absl::Status Store();

 private:
  db::Pool* pool_;
  ProjectionStore* store_;
  std::vector<ExecutorRow> rows_;
};

}  // namespace contactcenter::analytics
