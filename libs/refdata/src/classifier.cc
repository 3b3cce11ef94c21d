#include "contactcenter/refdata/classifier.h"

#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contactcenter/refdata/csv.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"

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
  // Both files are checked, and every bad row of either is named at once
  // ("classifier-topics.csv:3:code").
  FieldViolations v;
  absl::StatusOr<CsvTable> topics =
      CsvTable::Parse(topics_csv, "classifier-topics.csv", {"code", "name_uk", "name_en"});
  for (const FieldViolation& fv : FieldViolationsOf(topics.status())) v.Add(fv.field, fv.description);
  absl::StatusOr<CsvTable> territories = CsvTable::Parse(
      territories_csv, "territories.csv", {"code", "parent", "name_uk", "name_en", "kind"});
  for (const FieldViolation& fv : FieldViolationsOf(territories.status())) {
    v.Add(fv.field, fv.description);
  }
  if (!topics.ok() || !territories.ok()) return v.ToStatus("bad classifier");
  Classifier c;
  std::map<std::string, size_t> topic_row;
  for (size_t i = 0; i < topics->size(); ++i) {
    Topic t{topics->Get(i, "code"), topics->Get(i, "name_uk"), topics->Get(i, "name_en")};
    if (t.code.empty() || t.code == "*") {
      v.Add(topics->Field(i, "code"), absl::StrCat("bad topic code ", Quoted(t.code)));
    } else if (!c.topics_.emplace(t.code, t).second) {
      v.Add(topics->Field(i, "code"), absl::StrCat("topic ", t.code, " appears twice"));
    } else {
      topic_row[t.code] = i;
    }
  }
  for (const auto& [code, t] : c.topics_) {
    const size_t dot = code.rfind('.');
    if (dot != std::string::npos && c.topics_.count(code.substr(0, dot)) == 0) {
      v.Add(topics->Field(topic_row[code], "code"),
            absl::StrCat("topic ", code, ": parent topic ", code.substr(0, dot), " is not listed"));
    }
  }
  std::map<std::string, size_t> territory_row;
  for (size_t i = 0; i < territories->size(); ++i) {
    Territory t{territories->Get(i, "code"),    territories->Get(i, "parent"),
                territories->Get(i, "name_uk"), territories->Get(i, "name_en"),
                territories->Get(i, "kind"),    0};
    if (t.code.empty()) {
      v.Add(territories->Field(i, "code"), "empty territory code");
    } else if (!c.territories_.emplace(t.code, t).second) {
      v.Add(territories->Field(i, "code"), absl::StrCat("territory ", t.code, " appears twice"));
    } else {
      territory_row[t.code] = i;
    }
  }
  // Depths, checking that every parent exists and there is no cycle.
  for (auto& [code, t] : c.territories_) {
    int depth = 0;
    std::string at = t.parent;
    while (!at.empty()) {
      auto it = c.territories_.find(at);
      if (it == c.territories_.end()) {
        v.Add(territories->Field(territory_row[code], "parent"),
              absl::StrCat("territory ", code, ": parent ", at, " is not listed"));
        break;
      }
      if (++depth > static_cast<int>(c.territories_.size())) {
        v.Add(territories->Field(territory_row[code], "parent"),
              absl::StrCat("territory ", code, ": its parents form a cycle"));
        break;
      }
      at = it->second.parent;
    }
    t.depth = depth;
  }
  RETURN_IF_ERROR(v.ToStatus("bad classifier"));
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
