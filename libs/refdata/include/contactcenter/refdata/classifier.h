// The appeals classifier's topics (CMU resolution No 858, section II) and
// the territories of the oblast, as a tree. Both are data: they change by
// decree, and are loaded from classifier-topics.csv and territories.csv.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace contactcenter::refdata {

struct Topic {
  // "106", or a sub-topic "106.012".
  std::string code;
  std::string name_uk;
  std::string name_en;
};

struct Territory {
  // "LG", "LG-SEV", ...
  std::string code;
  // Empty for the root (the oblast).
  std::string parent;
  std::string name_uk;
  std::string name_en;
  // oblast, raion, community
  std::string kind;
  // 0 for the root, 1 for a raion, 2 for a community.
  int depth = 0;
};

class Classifier {
 public:
  // Reads <dir>/classifier-topics.csv and <dir>/territories.csv.
  static absl::StatusOr<Classifier> LoadDir(const std::string& dir);
  static absl::StatusOr<Classifier> Parse(absl::string_view topics_csv,
                                          absl::string_view territories_csv);

  const Topic* FindTopic(absl::string_view code) const;
  const Territory* FindTerritory(absl::string_view code) const;
  // True when `code` is `ancestor` or lies under it.
  bool IsWithin(absl::string_view code, absl::string_view ancestor) const;

  const std::map<std::string, Topic, std::less<>>& topics() const { return topics_; }
  const std::map<std::string, Territory, std::less<>>& territories() const { return territories_; }

 private:
  std::map<std::string, Topic, std::less<>> topics_;
  std::map<std::string, Territory, std::less<>> territories_;
};

// Number of levels in a topic code: "106" -> 1, "106.012" -> 2, "*" -> 0.
int TopicDepth(absl::string_view code);
// True when a rule for `rule_topic` ("*", "106", "106.012") covers `topic`.
bool TopicCovers(absl::string_view rule_topic, absl::string_view topic);

}  // namespace contactcenter::refdata
