#include "directories.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::routing {
namespace {

// The event's aggregate: the directory as a whole.
constexpr char kDirectoryAggregate[] = "executor-directory";

}  // namespace

absl::StatusOr<int64_t> Directories::Install(db::Tx& tx, const StoredDirectory& stored,
                                             const Directory& parsed, const std::string& source,
                                             absl::Time now) {
  ASSIGN_OR_RETURN(int64_t version, store_->Install(tx, stored, source, now));
  RETURN_IF_ERROR(Announce(tx, version, parsed, now));
  return version;
}

absl::Status Directories::Announce(db::Tx& tx, int64_t version, const Directory& directory,
                                   absl::Time now) {
  RETURN_IF_ERROR(events_->Append(tx, kDirectoryAggregate, directory.ChangedEvent(version), now));
  return store_->MarkAnnounced(tx, version);
}

absl::StatusOr<std::optional<int64_t>> Directories::AnnounceInForce(db::Tx& tx, absl::Time now) {
  // Nearly always nothing to do: look before taking the imports' lock.
  ASSIGN_OR_RETURN(std::optional<int64_t> version, store_->UnannouncedInForce(tx));
  if (!version) return std::nullopt;
  RETURN_IF_ERROR(store_->Lock(tx));
  ASSIGN_OR_RETURN(version, store_->UnannouncedInForce(tx));
  if (!version) return std::nullopt;
  ASSIGN_OR_RETURN(std::shared_ptr<const Directory> directory, AtVersion(tx, *version));
  RETURN_IF_ERROR(Announce(tx, *version, *directory, now));
  return version;
}

std::shared_ptr<const Directory> Directories::Cached(int64_t version) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(version);
  return it == cache_.end() ? nullptr : it->second;
}

absl::StatusOr<std::shared_ptr<const refdata::Classifier>> Directories::ClassifierOf(
    const StoredClassifier& csv) {
  // A non-owning pointer to the reference classifier, which outlives us.
  if (csv.topics_csv.empty()) {
    return std::shared_ptr<const refdata::Classifier>(std::shared_ptr<void>(), classifier_);
  }
  absl::StatusOr<refdata::Classifier> c = refdata::Classifier::Parse(csv.topics_csv,
                                                                     csv.territories_csv);
  if (!c.ok()) return c.status();
  return std::make_shared<const refdata::Classifier>(*std::move(c));
}

absl::StatusOr<std::shared_ptr<const Directory>> Directories::Parse(const StoredDirectory& stored) {
  const StoredClassifier csv{stored.topics_csv, stored.territories_csv};
  absl::StatusOr<std::shared_ptr<const refdata::Classifier>> classifier = ClassifierOf(csv);
  if (!classifier.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "directory version ", stored.version, " no longer loads: ", classifier.status().message()));
  }
  absl::StatusOr<Directory> d =
      Directory::Parse(stored.executors_csv, stored.rules_csv, **classifier);
  if (!d.ok()) {
    // Only checked sets are stored: this means the classifier changed under them.
    return absl::FailedPreconditionError(absl::StrCat("directory version ", stored.version,
                                                      " no longer loads: ", d.status().message()));
  }
  d->set_version(stored.version);
  d->set_classifier_owner(*classifier);
  d->set_classifier_csv(csv);
  d->set_export_classifier_csv(csv.topics_csv.empty() ? reference_classifier_csv_ : csv);
  auto shared = std::make_shared<const Directory>(*std::move(d));
  std::lock_guard<std::mutex> lock(mu_);
  cache_.emplace(stored.version, shared);
  return shared;
}

absl::StatusOr<std::shared_ptr<const Directory>> Directories::AtVersion(db::Tx& tx,
                                                                        int64_t version) {
  if (auto d = Cached(version)) return d;
  ASSIGN_OR_RETURN(StoredDirectory stored, store_->Load(tx, version));
  return Parse(stored);
}

absl::StatusOr<std::shared_ptr<const Directory>> Directories::InForce(db::Tx& tx) {
  ASSIGN_OR_RETURN(std::optional<int64_t> version, store_->CurrentVersion(tx));
  if (!version) return std::shared_ptr<const Directory>();
  return AtVersion(tx, *version);
}

absl::StatusOr<std::shared_ptr<const Directory>> Directories::Current(db::Tx& tx, absl::Time now) {
  ASSIGN_OR_RETURN(std::optional<int64_t> version, store_->CurrentVersion(tx));
  if (!version) {
    RETURN_IF_ERROR(store_->Lock(tx));
    ASSIGN_OR_RETURN(version, store_->CurrentVersion(tx));
    if (!version) {
      absl::StatusOr<Directory> check =
          Directory::Parse(reference_executors_csv_, reference_rules_csv_, *classifier_);
      if (!check.ok()) return check.status();
      ASSIGN_OR_RETURN(
          version,
          Install(tx, StoredDirectory{0, reference_executors_csv_, reference_rules_csv_, "", ""},
                  *check, "reference data at start-up", now));
    }
  }
  return AtVersion(tx, *version);
}

absl::StatusOr<ImportResult> Directories::Import(db::Tx& tx, const std::string& executors_csv,
                                                 const std::string& rules_csv,
                                                 const StoredClassifier& classifier_csv,
                                                 const std::string& source, bool dry_run,
                                                 absl::Time now) {
  RETURN_IF_ERROR(store_->Lock(tx));
  absl::StatusOr<std::shared_ptr<const Directory>> current = Current(tx, now);
  if (!current.ok()) return current.status();
  const StoredClassifier csv =
      classifier_csv.topics_csv.empty() && classifier_csv.territories_csv.empty()
          ? (*current)->classifier_csv()
          : classifier_csv;
  std::shared_ptr<const refdata::Classifier> classifier;
  if (csv.topics_csv == (*current)->classifier_csv().topics_csv &&
      csv.territories_csv == (*current)->classifier_csv().territories_csv) {
    classifier = std::shared_ptr<const refdata::Classifier>(std::shared_ptr<void>(),
                                                            &(*current)->classifier());
  } else {
    absl::StatusOr<std::shared_ptr<const refdata::Classifier>> parsed = ClassifierOf(csv);
    if (!parsed.ok()) return parsed.status();
    classifier = *parsed;
  }
  absl::StatusOr<Directory> next = Directory::Parse(executors_csv, rules_csv, *classifier);
  if (!next.ok()) return next.status();
  ImportResult result;
  result.changes = (*current)->Diff(*next);
  result.version = (*current)->version();
  if (dry_run || result.changes.empty()) return result;
  ASSIGN_OR_RETURN(
      result.version,
      Install(tx, StoredDirectory{0, executors_csv, rules_csv, csv.topics_csv, csv.territories_csv},
              *next, source, now));
  result.applied = true;
  return result;
}

absl::StatusOr<ImportResult> Directories::ChangeExecutor(db::Tx& tx, Change change,
                                                        const v1::Executor& executor,
                                                        const std::string& source,
                                                        absl::Time now) {
  RETURN_IF_ERROR(store_->Lock(tx));
  absl::StatusOr<std::shared_ptr<const Directory>> current = Current(tx, now);
  if (!current.ok()) return current.status();
  if (change != Change::kDeactivate) {
    // Against the version this change applies to (the lock holds it).
    FieldViolations v;
    CheckExecutor(v, executor, (*current)->classifier(), current->get());
    RETURN_IF_ERROR(v.ToStatus("invalid request"));
  }
  const v1::Executor* existing = (*current)->FindExecutor(executor.id());
  if (change == Change::kCreate && existing != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat("executor ", executor.id(), " already exists"));
  }
  if (change != Change::kCreate && existing == nullptr) {
    return absl::NotFoundError(absl::StrCat("no executor ", executor.id()));
  }
  // A copy of the directory's bodies with the change, written back as CSV so
  // the new version is checked exactly as an import would be.
  absl::StatusOr<Directory> edited = Directory::Parse(
      (*current)->ExecutorsCsv(), (*current)->rules_csv(), (*current)->classifier());
  if (!edited.ok()) return edited.status();
  v1::Executor changed = change == Change::kDeactivate ? *existing : executor;
  if (change == Change::kDeactivate) changed.set_active(false);
  std::string executors_csv;
  {
    Directory single = *std::move(edited);
    single.PutExecutor(changed);
    executors_csv = single.ExecutorsCsv();
  }
  return Import(tx, executors_csv, (*current)->rules_csv(), (*current)->classifier_csv(), source,
                /*dry_run=*/false, now);
}

}  // namespace contactcenter::routing
