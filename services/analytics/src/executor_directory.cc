#include "executor_directory.h"

#include "contactcenter/refdata/csv.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::analytics {

absl::StatusOr<std::vector<ExecutorRow>> LoadExecutors(const std::string& dir) {
  ASSIGN_OR_RETURN(refdata::CsvTable t,
                   refdata::CsvTable::ReadFile(dir + "/executors.csv", {"id", "name_uk",
                                                                          "parent_id"}));
  std::vector<ExecutorRow> rows;
  for (size_t i = 0; i < t.size(); ++i) {
    rows.push_back({t.Get(i, "id"), t.Get(i, "parent_id"), t.Get(i, "name_uk")});
  }
  return rows;
}

absl::Status ExecutorDirectory::Store() {
  return pool_->Write([&](db::Tx& tx) { return store_->UpsertExecutors(tx, rows_); });
}

}  // namespace contactcenter::analytics
