#include "contactcenter/refdata/classifier.h"

#include <algorithm>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contactcenter/refdata/csv.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::refdata {
int TopicDepth(absl::string_view code) {
  if (code == "*" || code.empty()) return 0;
  return 1 + static_cast<int>(std::count(code.begin(), code.end(), '.'));
}

bool TopicCovers(absl::string_view rule_topic, absl::string_view topic) {
  if (rule_topic == "*") return true;
  if (rule_topic == topic) return true;
  return absl::StartsWith(topic, rule_topic) && topic.size() > rule_topic.size() &&
         topic[rule_topic.size()] == '.';
}

absl::StatusOr<Classifier> Classifier::Parse(absl::string_view topics_csv,
                                             absl::string_view territories_csv) {
  absl::StatusOr<CsvTable> topics =
      CsvTable::Parse(topics_csv, "classifier-topics.csv", {"code", "name_uk", "name_en"});
  if (!topics.ok()) return topics.status();
  absl::StatusOr<CsvTable> territories = CsvTable::Parse(
      territories_csv, "territories.csv", {"code", "parent", "name_uk", "name_en", "kind"});
  if (!territories.ok()) return territories.status();
  Classifier c;
  std::vector<std::string> problems;
  for (size_t i = 0; i < topics->size(); ++i) {
    Topic t{topics->Get(i, "code"), topics->Get(i, "name_uk"), topics->Get(i, "name_en")};
    if (t.code.empty() || t.code == "*") {
      problems.push_back(absl::StrCat(topics->Where(i), ": bad topic code ", Quoted(t.code)));
    } else if (!c.topics_.emplace(t.code, t).second) {
      problems.push_back(absl::StrCat(topics->Where(i), ": topic ", t.code, " appears twice"));
    }
  }
  for (const auto& [code, t] : c.topics_) {
    const size_t dot = code.rfind('.');
    if (dot != std::string::npos && c.topics_.count(code.substr(0, dot)) == 0) {
      problems.push_back(absl::StrCat("topic ", code, ": parent topic ", code.substr(0, dot),
                                      " is not listed"));
    }
  }
  for (size_t i = 0; i < territories->size(); ++i) {
    Territory t{territories->Get(i, "code"),    territories->Get(i, "parent"),
                territories->Get(i, "name_uk"), territories->Get(i, "name_en"),
                territories->Get(i, "kind"),    0};
    if (t.code.empty()) {
      problems.push_back(absl::StrCat(territories->Where(i), ": empty territory code"));
    } else if (!c.territories_.emplace(t.code, t).second) {
      problems.push_back(absl::StrCat(territories->Where(i), ": territory ", t.code, " appears twice"));
    }
  }
  // Depths, checking that every parent exists and there is no cycle.
  for (auto& [code, t] : c.territories_) {
    int depth = 0;
    std::string at = t.parent;
    while (!at.empty()) {
      auto it = c.territories_.find(at);
      if (it == c.territories_.end()) {
        problems.push_back(absl::StrCat("territory ", code, ": parent ", at, " is not listed"));
        break;
      }
      if (++depth > static_cast<int>(c.territories_.size())) {
        problems.push_back(absl::StrCat("territory ", code, ": its parents form a cycle"));
        break;
      }
      at = it->second.parent;
    }
    t.depth = depth;
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("bad classifier: ", absl::StrJoin(problems, "; ")));
  }
  return c;
}

absl::StatusOr<Classifier> Classifier::LoadDir(const std::string& dir) {
  absl::StatusOr<std::string> topics = ReadTextFile(dir + "/classifier-topics.csv");
  if (!topics.ok()) return topics.status();
  absl::StatusOr<std::string> territories = ReadTextFile(dir + "/territories.csv");
  if (!territories.ok()) return territories.status();
  return Parse(*topics, *territories);
}

const Topic* Classifier::FindTopic(absl::string_view code) const {
  auto it = topics_.find(code);
  return it == topics_.end() ? nullptr : &it->second;
}

const Territory* Classifier::FindTerritory(absl::string_view code) const {
  auto it = territories_.find(code);
  return it == territories_.end() ? nullptr : &it->second;
}

bool Classifier::IsWithin(absl::string_view code, absl::string_view ancestor) const {
  const Territory* t = FindTerritory(code);
  while (t != nullptr) {
    if (t->code == ancestor) return true;
    if (t->parent.empty()) return false;
    t = FindTerritory(t->parent);
  }
  return false;
}

}  // namespace contactcenter::refdata
