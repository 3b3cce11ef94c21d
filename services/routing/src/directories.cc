#include "directories.h"

#include "absl/strings/str_cat.h"

namespace contactcenter::routing {

std::shared_ptr<const Directory> Directories::Cached(int64_t version) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(version);
  return it == cache_.end() ? nullptr : it->second;
}

absl::StatusOr<std::shared_ptr<const Directory>> Directories::Parse(const StoredDirectory& stored) {
  absl::StatusOr<Directory> d =
      Directory::Parse(stored.executors_csv, stored.rules_csv, *classifier_);
  if (!d.ok()) {
    // Only checked sets are stored: this means the classifier changed under them.
    return absl::FailedPreconditionError(absl::StrCat("directory version ", stored.version,
                                                      " no longer loads: ", d.status().message()));
  }
  d->set_version(stored.version);
  auto shared = std::make_shared<const Directory>(*std::move(d));
  std::lock_guard<std::mutex> lock(mu_);
  cache_.emplace(stored.version, shared);
  return shared;
}

absl::StatusOr<std::shared_ptr<const Directory>> Directories::AtVersion(db::Tx& tx,
                                                                        int64_t version) {
  if (auto d = Cached(version)) return d;
  std::optional<StoredDirectory> stored = store_->Load(tx, version);
  if (!stored) return absl::NotFoundError(absl::StrCat("no directory version ", version));
  return Parse(*stored);
}

absl::StatusOr<std::shared_ptr<const Directory>> Directories::Current(db::Tx& tx, absl::Time now) {
  std::optional<int64_t> version = store_->CurrentVersion(tx);
  if (!version) {
    store_->Lock(tx);
    version = store_->CurrentVersion(tx);
    if (!version) {
      absl::StatusOr<Directory> check =
          Directory::Parse(reference_executors_csv_, reference_rules_csv_, *classifier_);
      if (!check.ok()) return check.status();
      version = store_->Install(tx, reference_executors_csv_, reference_rules_csv_,
                                "reference data at start-up", now);
    }
  }
  return AtVersion(tx, *version);
}

absl::StatusOr<ImportResult> Directories::Import(db::Tx& tx, const std::string& executors_csv,
                                                 const std::string& rules_csv,
                                                 const std::string& source, bool dry_run,
                                                 absl::Time now) {
  absl::StatusOr<Directory> next = Directory::Parse(executors_csv, rules_csv, *classifier_);
  if (!next.ok()) return next.status();
  store_->Lock(tx);
  absl::StatusOr<std::shared_ptr<const Directory>> current = Current(tx, now);
  if (!current.ok()) return current.status();
  ImportResult result;
  result.changes = (*current)->Diff(*next);
  result.version = (*current)->version();
  if (dry_run || result.changes.empty()) return result;
  result.version = store_->Install(tx, executors_csv, rules_csv, source, now);
  result.applied = true;
  return result;
}

absl::StatusOr<ImportResult> Directories::ChangeExecutor(db::Tx& tx, Change change,
                                                        const v1::Executor& executor,
                                                        const std::string& source,
                                                        absl::Time now) {
  store_->Lock(tx);
  absl::StatusOr<std::shared_ptr<const Directory>> current = Current(tx, now);
  if (!current.ok()) return current.status();
  const v1::Executor* existing = (*current)->FindExecutor(executor.id());
  if (change == Change::kCreate && existing != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat("executor ", executor.id(), " already exists"));
  }
  if (change != Change::kCreate && existing == nullptr) {
    return absl::NotFoundError(absl::StrCat("no executor ", executor.id()));
  }
  // A copy of the directory's bodies with the change, written back as CSV so
  // the new version is checked exactly as an import would be.
  absl::StatusOr<Directory> edited =
      Directory::Parse((*current)->ExecutorsCsv(), (*current)->rules_csv(), *classifier_);
  if (!edited.ok()) return edited.status();
  v1::Executor changed = change == Change::kDeactivate ? *existing : executor;
  if (change == Change::kDeactivate) changed.set_active(false);
  std::string executors_csv;
  {
    Directory single = *std::move(edited);
    single.PutExecutor(changed);
    executors_csv = single.ExecutorsCsv();
  }
  return Import(tx, executors_csv, (*current)->rules_csv(), source, /*dry_run=*/false, now);
}

}  // namespace contactcenter::routing
