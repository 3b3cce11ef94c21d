// The directory of executive bodies and the competence rules, loaded whole
// from reference data and checked before use; and the routing decision,
// which is pure logic over them.
//
// A rule says: appeals on `topic` (a topic code, a prefix of sub-topics, or
// "*" for any) about `territory` (or any territory under it) go to
// `executor`. The most specific matching rule wins: the deeper territory
// first, then the deeper topic. Two rules for the same topic and territory
// would tie: such a rule set is refused, with every conflict named. When no
// rule matches, the appeal waits for a supervisor (manual routing).
//
// A rule may be limited to one kind of appeal (a kind-specific rule beats
// one for any kind at the same topic and territory) and may name bodies that
// get the appeal for information only. A complaint never goes to the body it
// contests nor to any body below it in the chain of subordination, but to the
// contested body's parent (Art. 7, 16); when the contested body has no parent
// (the oblast administration) no rule naming it or a body below it may take
// the complaint, and it waits for a supervisor unless a rule names a body
// outside that chain. Bodies that declined an appeal are passed over, and the
// next most specific rule is tried.
//
// Law 393/96-ВР, Art. 7: «Забороняється направляти скарги громадян для
// розгляду тим органам або посадовим особам, дії чи рішення яких
// оскаржуються.» Art. 16: «Скарга на дії чи рішення органу ... подається у
// порядку підлеглості вищому органу або посадовій особі».
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::routing {

struct Rule {
  std::string id;
  std::string topic;      // "109", "106.012" or "*"
  std::string territory;  // "LG", "LG-SEV", ...
  std::string executor_id;
  // Only appeals of this kind; UNSPECIFIED for any kind.
  common::v1::AppealKind appeal_kind = common::v1::APPEAL_KIND_UNSPECIFIED;
  // «До відома»: bodies told of the appeal beside the executor.
  std::vector<std::string> information_executor_ids;
  std::string note;
};

// classifier-topics.csv and territories.csv as a directory version keeps
// them; "" for the reference data the service started with.
struct StoredClassifier {
  std::string topics_csv;
  std::string territories_csv;
};

// What a decision needs to know of an appeal.
struct AppealToRoute {
  std::string topic;
  std::string territory;
  common::v1::AppealKind kind = common::v1::APPEAL_KIND_UNSPECIFIED;
  // For a complaint: the body it contests (never gets it; its parent does).
  std::string contested_executor_id;
  // Bodies that already declined the appeal: never chosen again.
  std::set<std::string> excluded_executor_ids;
};

struct Choice {
  bool routed = false;
  std::string executor_id;  // when routed
  std::string rule_id;      // when routed
  std::string reason;       // always, in words
  std::vector<std::string> information_executor_ids;
  // Every rule that covered the appeal, most specific first.
  std::vector<v1::RoutingCandidate> candidates;
};

// A kind the directory knows (not UNSPECIFIED, not unknown).
bool IsExecutorKind(v1::ExecutorKind kind);
// Lower-case letters, digits, '-' and '_', at most 64.
bool IsValidDirectoryId(absl::string_view id);
class Directory;

// Every bad field of a body a caller sends, named "executor.<field>"; its
// territories are checked against `classifier`, and its parent against
// `directory` when given (the version the change applies to), so an
// unknown parent is reported with the other fields.
void CheckExecutor(FieldViolations& v, const v1::Executor& e,
                   const refdata::Classifier& classifier, const Directory* directory = nullptr);

class Directory {
 public:
  // Reads executors.csv and competence-rules.csv from `dir`, checked against
  // the classifier. Every problem is reported at once.
  static absl::StatusOr<Directory> LoadDir(const std::string& dir,
                                           const refdata::Classifier& classifier);
  static absl::StatusOr<Directory> Parse(absl::string_view executors_csv,
                                         absl::string_view rules_csv,
                                         const refdata::Classifier& classifier);

  Choice Decide(absl::string_view topic, absl::string_view territory) const {
    AppealToRoute appeal;
    appeal.topic = std::string(topic);
    appeal.territory = std::string(territory);
    return Decide(appeal);
  }
  Choice Decide(const AppealToRoute& appeal) const;

  // Lines saying what `next` changes against this directory, ordered.
  std::vector<std::string> Diff(const Directory& next) const;

  // Adds or replaces one body (unchecked: write out and Parse to check).
  void PutExecutor(const v1::Executor& e) { executors_[e.id()] = e; }

  // executors.csv text for this directory's bodies (with the `active`
  // column), ordered by id; Parse() reads it back to the same bodies.
  std::string ExecutorsCsv() const;
  // The competence-rules.csv text it was parsed from.
  const std::string& rules_csv() const { return rules_csv_; }
  // classifier-topics.csv and territories.csv of its classifier: the text
  // its version stored (or the reference files' text), else written from
  // the classifier, ordered by code. Classifier::Parse reads either back
  // to the same topics and territories.
  std::string TopicsCsv() const;
  std::string TerritoriesCsv() const;
  // The version as ExportDirectory lists and exports it.
  v1::ExportDirectoryResponse Export() const;
  // The event announcing this directory as version `version`: every body's
  // id, parent, official name, kind and active flag, ordered by id; never
  // its first head (a person) nor where its answers come from.
  v1::ExecutorDirectoryChanged ChangedEvent(int64_t version) const;

  // The topics and territories it was checked against.
  const refdata::Classifier& classifier() const { return *classifier_; }
  // Keeps a classifier of its own alive (one a directory version carries).
  void set_classifier_owner(std::shared_ptr<const refdata::Classifier> c) { owner_ = std::move(c); }
  // The classifier CSV of its version ("" for the start-up reference data).
  const StoredClassifier& classifier_csv() const { return classifier_csv_; }
  void set_classifier_csv(StoredClassifier c) { classifier_csv_ = std::move(c); }
  // The classifier CSV to export when its version keeps the reference data's.
  void set_export_classifier_csv(StoredClassifier c) { export_classifier_csv_ = std::move(c); }

  // The version in routing's database this directory was loaded from (0
  // when not loaded from there).
  int64_t version() const { return version_; }
  void set_version(int64_t v) { version_ = v; }

  const v1::Executor* FindExecutor(absl::string_view id) const;
  // True when `id` is `top` or a body below it in the chain of
  // subordination (its parent, its parent's parent, ... is `top`).
  bool IsInChainBelow(absl::string_view id, absl::string_view top) const;
  // The bodies whose territories cover `territory` (every body when ""),
  // ordered by id.
  std::vector<v1::Executor> Covering(absl::string_view territory) const;
  // Ordered by id.
  const std::map<std::string, v1::Executor, std::less<>>& executors() const { return executors_; }
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  explicit Directory(const refdata::Classifier* classifier) : classifier_(classifier) {}

  const refdata::Classifier* classifier_;
  std::map<std::string, v1::Executor, std::less<>> executors_;
  std::vector<Rule> rules_;
  std::string rules_csv_;
  std::shared_ptr<const refdata::Classifier> owner_;
  StoredClassifier classifier_csv_;
  StoredClassifier export_classifier_csv_;
  int64_t version_ = 0;
};

}  // namespace contactcenter::routing
