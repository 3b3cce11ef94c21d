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
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/routing/v1/routing.pb.h"

namespace contactcenter::routing {

struct Rule {
  std::string id;
  std::string topic;      // "109", "106.012" or "*"
  std::string territory;  // "LG", "LG-SEV", ...
  std::string executor_id;
};

struct Choice {
  bool routed = false;
  std::string executor_id;  // when routed
  std::string rule_id;      // when routed
  std::string reason;       // always, in words
};

class Directory {
 public:
  // Reads executors.csv and competence-rules.csv from `dir`, checked against
  // the classifier. Every problem is reported at once.
  static absl::StatusOr<Directory> LoadDir(const std::string& dir,
                                           const refdata::Classifier& classifier);
  static absl::StatusOr<Directory> Parse(absl::string_view executors_csv,
                                         absl::string_view rules_csv,
                                         const refdata::Classifier& classifier);

  Choice Decide(absl::string_view topic, absl::string_view territory) const;

  const v1::Executor* FindExecutor(absl::string_view id) const;
  // Ordered by id.
  const std::map<std::string, v1::Executor, std::less<>>& executors() const { return executors_; }
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  explicit Directory(const refdata::Classifier* classifier) : classifier_(classifier) {}

  const refdata::Classifier* classifier_;
  std::map<std::string, v1::Executor, std::less<>> executors_;
  std::vector<Rule> rules_;
};

}  // namespace contactcenter::routing
