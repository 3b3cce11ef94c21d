#include "executor_directory.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::routing {

absl::StatusOr<std::shared_ptr<const Directory>> ExecutorDirectory::InForce() {
  ASSIGN_OR_RETURN(std::shared_ptr<const Directory> directory,
                   pool_->Read([&](db::Tx& tx) { return directories_->InForce(tx); }));
  if (directory == nullptr) {
    // An empty database: the reference data becomes version 1, once (under
    // the directory lock), exactly as the first appeal would make it.
    ASSIGN_OR_RETURN(directory, pool_->Write([&](db::Tx& tx) {
      return directories_->Current(tx, clock_->Now());
    }));
  }
  return directory;
}

absl::StatusOr<v1::ExportDirectoryResponse> ExecutorDirectory::Export() {
  ASSIGN_OR_RETURN(std::shared_ptr<const Directory> directory, InForce());
  return directory->Export();
}

absl::StatusOr<std::vector<v1::Executor>> ExecutorDirectory::List(
    const std::string& territory_code) {
  ASSIGN_OR_RETURN(std::shared_ptr<const Directory> directory, InForce());
  // Versions never change once written: the rest needs no transaction.
  if (!territory_code.empty() && directory->classifier().FindTerritory(territory_code) == nullptr) {
    FieldViolations v;
    v.Add("territory_code", absl::StrCat("unknown territory ", Quoted(territory_code)));
    return v.ToStatus("invalid request");
  }
  return directory->Covering(territory_code);
}

absl::StatusOr<ImportResult> ExecutorDirectory::Import(const std::string& executors_csv,
                                                       const std::string& rules_csv,
                                                       const StoredClassifier& classifier,
                                                       bool dry_run, const std::string& who) {
  const std::string source = absl::StrCat("ImportDirectory by ", who);
  return pool_->Write([&](db::Tx& tx) {
    return directories_->Import(tx, executors_csv, rules_csv, classifier, source, dry_run,
                                clock_->Now());
  });
}

absl::StatusOr<v1::ExecutorChangeResponse> ExecutorDirectory::ChangeExecutor(
    Directories::Change change, const v1::Executor& executor, const std::string& who) {
  const std::string source =
      absl::StrCat(change == Directories::Change::kCreate   ? "CreateExecutor"
                   : change == Directories::Change::kUpdate ? "UpdateExecutor"
                                                            : "DeactivateExecutor",
                   " ", executor.id(), " by ", who);
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::ExecutorChangeResponse> {
    ASSIGN_OR_RETURN(ImportResult result,
                     directories_->ChangeExecutor(tx, change, executor, source, clock_->Now()));
    ASSIGN_OR_RETURN(std::shared_ptr<const Directory> changed,
                     directories_->AtVersion(tx, result.version));
    v1::ExecutorChangeResponse out;
    if (const v1::Executor* e = changed->FindExecutor(executor.id())) *out.mutable_executor() = *e;
    out.set_version(result.version);
    for (std::string& c : result.changes) out.add_changes(std::move(c));
    return out;
  });
}

}  // namespace contactcenter::routing
