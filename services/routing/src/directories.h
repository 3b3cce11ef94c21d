// The directory versions kept in routing's database, parsed once each and
// shared: the version in force for new decisions, an old one to explain an
// old decision, and imports of a new version (checked whole, swapped in
// atomically). Every method runs in the caller's transaction: the use cases
// (AppealRouter, ManualQueue, ExecutorDirectory) own it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/refdata/classifier.h"
#include "directory.h"
#include "directory_store.h"

namespace contactcenter::routing {

struct ImportResult {
  int64_t version = 0;  // in force after the import (or would be)
  std::vector<std::string> changes;
  bool applied = false;
};

class Directories {
 public:
  // `reference_*_csv` are imported as the first version when the database
  // has none (deploy/reference/ at start-up).
  // `classifier` is the reference topics and territories, for versions that
  // carry none of their own.
  // `reference_classifier_csv`: the text of the reference topics and
  // territories, which ExportDirectory gives for versions that keep them
  // (empty: written from `classifier`).
  // Every version written is announced on `events` (ExecutorDirectoryChanged)
  // in the transaction that writes it.
  Directories(const refdata::Classifier* classifier, DirectoryStore* store,
              eventlog::Producer* events, std::string reference_executors_csv,
              std::string reference_rules_csv, StoredClassifier reference_classifier_csv = {})
      : classifier_(classifier),
        store_(store),
        events_(events),
        reference_executors_csv_(std::move(reference_executors_csv)),
        reference_rules_csv_(std::move(reference_rules_csv)),
        reference_classifier_csv_(std::move(reference_classifier_csv)) {}

  // The version in force; imports the reference data first when there is
  // none (so `tx` must be read-write).
  absl::StatusOr<std::shared_ptr<const Directory>> Current(db::Tx& tx, absl::Time now);
  // The version in force, or null when there is none yet; reads only.
  absl::StatusOr<std::shared_ptr<const Directory>> InForce(db::Tx& tx);
  // NOT_FOUND for an unknown version.
  absl::StatusOr<std::shared_ptr<const Directory>> AtVersion(db::Tx& tx, int64_t version);

  // Checks the CSV whole (INVALID_ARGUMENT naming every bad row and
  // conflict) and, unless `dry_run`, swaps it in as the next version.
  // `classifier` empty (both fields "") keeps the topics and territories of
  // the version in force.
  absl::StatusOr<ImportResult> Import(db::Tx& tx, const std::string& executors_csv,
                                      const std::string& rules_csv,
                                      const StoredClassifier& classifier,
                                      const std::string& source, bool dry_run, absl::Time now);

  enum class Change { kCreate, kUpdate, kDeactivate };
  // Creates, updates or deactivates one body as a new version (the rules
  // unchanged), checked whole like an import. For kCreate and kUpdate every
  // bad field of `executor` is named first (CheckExecutor, against the
  // version in force). kCreate of an existing id is ALREADY_EXISTS; kUpdate
  // or kDeactivate of an unknown one NOT_FOUND. For kDeactivate only
  // `executor.id()` is read.
  absl::StatusOr<ImportResult> ChangeExecutor(db::Tx& tx, Change change,
                                              const v1::Executor& executor,
                                              const std::string& source, absl::Time now);

  // Announces the version in force (ExecutorDirectoryChanged) when it was
  // written before versions were announced; returns it then, nullopt when
  // there is nothing to announce. At start-up, once.
  absl::StatusOr<std::optional<int64_t>> AnnounceInForce(db::Tx& tx, absl::Time now);

 private:
  std::shared_ptr<const Directory> Cached(int64_t version);
  // The one place a version is written: installed and announced in `tx`.
  // Call under the store's Lock().
  absl::StatusOr<int64_t> Install(db::Tx& tx, const StoredDirectory& stored,
                                  const Directory& parsed, const std::string& source,
                                  absl::Time now);
  absl::Status Announce(db::Tx& tx, int64_t version, const Directory& directory, absl::Time now);
  absl::StatusOr<std::shared_ptr<const Directory>> Parse(const StoredDirectory& stored);
  // The classifier of `csv` (the reference one when empty).
  absl::StatusOr<std::shared_ptr<const refdata::Classifier>> ClassifierOf(
      const StoredClassifier& csv);

  const refdata::Classifier* classifier_;
  DirectoryStore* store_;
  eventlog::Producer* events_;
  const std::string reference_executors_csv_;
  const std::string reference_rules_csv_;
  const StoredClassifier reference_classifier_csv_;
  std::mutex mu_;
  // Versions never change once written, so a cached one stays right.
  std::map<int64_t, std::shared_ptr<const Directory>> cache_;
};

}  // namespace contactcenter::routing
