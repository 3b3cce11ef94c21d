#include "directory.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "contactcenter/refdata/csv.h"

namespace contactcenter::routing {
namespace {

bool ParseKind(absl::string_view name, v1::ExecutorKind* kind) {
  static const std::pair<absl::string_view, v1::ExecutorKind> kKinds[] = {
      {"oblast_administration_department", v1::EXECUTOR_KIND_OBLAST_ADMINISTRATION_DEPARTMENT},
      {"district_administration", v1::EXECUTOR_KIND_DISTRICT_ADMINISTRATION},
      {"community_administration", v1::EXECUTOR_KIND_COMMUNITY_ADMINISTRATION},
      {"territorial_body", v1::EXECUTOR_KIND_TERRITORIAL_BODY},
      {"communal_enterprise", v1::EXECUTOR_KIND_COMMUNAL_ENTERPRISE},
      {"other", v1::EXECUTOR_KIND_OTHER}};
  for (const auto& [n, k] : kKinds) {
    if (n == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

bool IsDirectoryId(absl::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' || c == '_';
  });
}

}  // namespace

absl::StatusOr<Directory> Directory::LoadDir(const std::string& dir,
                                             const refdata::Classifier& classifier) {
  absl::StatusOr<std::string> executors = refdata::ReadTextFile(dir + "/executors.csv");
  if (!executors.ok()) return executors.status();
  absl::StatusOr<std::string> rules = refdata::ReadTextFile(dir + "/competence-rules.csv");
  if (!rules.ok()) return rules.status();
  return Parse(*executors, *rules, classifier);
}

absl::StatusOr<Directory> Directory::Parse(absl::string_view executors_csv,
                                           absl::string_view rules_csv,
                                           const refdata::Classifier& classifier) {
  absl::StatusOr<refdata::CsvTable> et = refdata::CsvTable::Parse(
      executors_csv, "executors.csv", {"id", "name_uk", "kind", "parent_id", "territories"});
  if (!et.ok()) return et.status();
  absl::StatusOr<refdata::CsvTable> rt = refdata::CsvTable::Parse(
      rules_csv, "competence-rules.csv", {"rule_id", "topic", "territory", "executor_id"});
  if (!rt.ok()) return rt.status();

  Directory d(&classifier);
  std::vector<std::string> problems;
  for (size_t i = 0; i < et->size(); ++i) {
    v1::Executor e;
    e.set_id(et->Get(i, "id"));
    e.set_name(et->Get(i, "name_uk"));
    e.set_parent_id(et->Get(i, "parent_id"));
    e.set_active(et->Get(i, "active") != "no");
    const std::string where = et->Where(i);
    if (!IsDirectoryId(e.id())) {
      problems.push_back(absl::StrCat(where, ": id \"", e.id(),
                                      "\" must be lower-case letters, digits, '-' or '_'"));
    }
    if (e.name().empty()) problems.push_back(absl::StrCat(where, ": name_uk is required"));
    v1::ExecutorKind kind;
    if (ParseKind(et->Get(i, "kind"), &kind)) {
      e.set_kind(kind);
    } else {
      problems.push_back(absl::StrCat(where, ": unknown kind \"", et->Get(i, "kind"), "\""));
    }
    for (absl::string_view t : absl::StrSplit(et->Get(i, "territories"), absl::ByAnyChar("; "),
                                              absl::SkipEmpty())) {
      if (classifier.FindTerritory(t) == nullptr) {
        problems.push_back(absl::StrCat(where, ": unknown territory \"", t, "\""));
      }
      e.add_territory_codes(std::string(t));
    }
    if (e.territory_codes().empty()) {
      problems.push_back(absl::StrCat(where, ": territories is required"));
    }
    if (!d.executors_.emplace(e.id(), e).second) {
      problems.push_back(absl::StrCat(where, ": executor ", e.id(), " appears twice"));
    }
  }
  for (const auto& [id, e] : d.executors_) {
    if (!e.parent_id().empty() && d.executors_.count(e.parent_id()) == 0) {
      problems.push_back(absl::StrCat("executor ", id, ": unknown parent \"", e.parent_id(), "\""));
    }
  }

  std::set<std::string> rule_ids;
  std::map<std::pair<std::string, std::string>, std::string> by_scope;  // -> rule id
  for (size_t i = 0; i < rt->size(); ++i) {
    Rule r{rt->Get(i, "rule_id"), rt->Get(i, "topic"), rt->Get(i, "territory"),
           rt->Get(i, "executor_id")};
    const std::string where = rt->Where(i);
    if (r.id.empty()) problems.push_back(absl::StrCat(where, ": rule_id is required"));
    if (!rule_ids.insert(r.id).second) {
      problems.push_back(absl::StrCat(where, ": rule ", r.id, " appears twice"));
    }
    if (r.topic != "*" && classifier.FindTopic(r.topic) == nullptr) {
      problems.push_back(absl::StrCat(where, ": unknown topic \"", r.topic, "\""));
    }
    if (classifier.FindTerritory(r.territory) == nullptr) {
      problems.push_back(absl::StrCat(where, ": unknown territory \"", r.territory, "\""));
    }
    const v1::Executor* e = d.FindExecutor(r.executor_id);
    if (e == nullptr) {
      problems.push_back(absl::StrCat(where, ": unknown executor \"", r.executor_id, "\""));
    } else if (!e->active()) {
      problems.push_back(absl::StrCat(where, ": executor ", r.executor_id, " is not active"));
    }
    auto [it, fresh] = by_scope.emplace(std::make_pair(r.topic, r.territory), r.id);
    if (!fresh) {
      problems.push_back(absl::StrCat(where, ": rule ", r.id, " conflicts with rule ", it->second,
                                      " (both for topic ", r.topic, " in ", r.territory, ")"));
    }
    d.rules_.push_back(std::move(r));
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad directory: ", absl::StrJoin(problems, "; ")));
  }
  return d;
}

const v1::Executor* Directory::FindExecutor(absl::string_view id) const {
  auto it = executors_.find(id);
  return it == executors_.end() ? nullptr : &it->second;
}

Choice Directory::Decide(absl::string_view topic, absl::string_view territory) const {
  const Rule* best = nullptr;
  int best_territory_depth = -1, best_topic_depth = -1;
  for (const Rule& r : rules_) {
    if (!refdata::TopicCovers(r.topic, topic) || !classifier_->IsWithin(territory, r.territory)) {
      continue;
    }
    const int territory_depth = classifier_->FindTerritory(r.territory)->depth;
    const int topic_depth = refdata::TopicDepth(r.topic);
    if (territory_depth > best_territory_depth ||
        (territory_depth == best_territory_depth && topic_depth > best_topic_depth)) {
      best = &r;
      best_territory_depth = territory_depth;
      best_topic_depth = topic_depth;
    }
  }
  Choice c;
  if (best == nullptr) {
    c.reason = absl::StrCat("no competence rule covers topic ", topic, " in ", territory);
    return c;
  }
  c.routed = true;
  c.executor_id = best->executor_id;
  c.rule_id = best->id;
  c.reason = absl::StrCat("rule ", best->id, " (topic ", best->topic, " in ", best->territory,
                          ") sends it to ", best->executor_id);
  return c;
}

}  // namespace contactcenter::routing
