#include "directory.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "contactcenter/refdata/csv.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"

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

bool ParseAppealKind(absl::string_view name, common::v1::AppealKind* kind) {
  static const std::pair<absl::string_view, common::v1::AppealKind> kKinds[] = {
      {"", common::v1::APPEAL_KIND_UNSPECIFIED},
      {"proposal", common::v1::APPEAL_KIND_PROPOSAL},
      {"statement", common::v1::APPEAL_KIND_STATEMENT},
      {"complaint", common::v1::APPEAL_KIND_COMPLAINT}};
  for (const auto& [n, k] : kKinds) {
    if (n == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

absl::string_view AppealKindName(common::v1::AppealKind kind) {
  switch (kind) {
    case common::v1::APPEAL_KIND_PROPOSAL:
      return "proposal";
    case common::v1::APPEAL_KIND_STATEMENT:
      return "statement";
    case common::v1::APPEAL_KIND_COMPLAINT:
      return "complaint";
    default:
      return "any";
  }
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
  // Every bad row and cell of both files at once, each a field violation
  // "executors.csv:12:parent_id" (file, line, column).
  FieldViolations v;
  absl::StatusOr<refdata::CsvTable> et = refdata::CsvTable::Parse(
      executors_csv, "executors.csv", {"id", "name_uk", "kind", "parent_id", "territories"});
  for (const FieldViolation& fv : FieldViolationsOf(et.status())) v.Add(fv.field, fv.description);
  absl::StatusOr<refdata::CsvTable> rt = refdata::CsvTable::Parse(
      rules_csv, "competence-rules.csv", {"rule_id", "topic", "territory", "executor_id"});
  for (const FieldViolation& fv : FieldViolationsOf(rt.status())) v.Add(fv.field, fv.description);
  if (!et.ok() || !rt.ok()) return v.ToStatus("bad directory");

  Directory d(&classifier);
  for (size_t i = 0; i < et->size(); ++i) {
    v1::Executor e;
    e.set_id(et->Get(i, "id"));
    e.set_name(et->Get(i, "name_uk"));
    e.set_parent_id(et->Get(i, "parent_id"));
    e.set_active(et->Get(i, "active") != "no");
    e.set_first_head(et->Get(i, "first_head"));
    e.set_answers_from(et->Get(i, "answers_from"));
    if (!IsDirectoryId(e.id())) {
      v.Add(et->Field(i, "id"), absl::StrCat("id ", Quoted(e.id()),
                                             " must be lower-case letters, digits, '-' or '_'"));
    }
    if (e.name().empty()) v.Add(et->Field(i, "name_uk"), "required");
    v1::ExecutorKind kind;
    if (ParseKind(et->Get(i, "kind"), &kind)) {
      e.set_kind(kind);
    } else {
      v.Add(et->Field(i, "kind"), absl::StrCat("unknown kind ", Quoted(et->Get(i, "kind"))));
    }
    for (absl::string_view t : absl::StrSplit(et->Get(i, "territories"), absl::ByAnyChar("; "),
                                              absl::SkipEmpty())) {
      if (classifier.FindTerritory(t) == nullptr) {
        v.Add(et->Field(i, "territories"), absl::StrCat("unknown territory ", Quoted(t)));
      }
      e.add_territory_codes(std::string(t));
    }
    if (e.territory_codes().empty()) v.Add(et->Field(i, "territories"), "required");
    if (!d.executors_.emplace(e.id(), e).second) {
      v.Add(et->Field(i, "id"), absl::StrCat("executor ", Shortened(e.id()), " appears twice"));
    }
  }
  for (size_t i = 0; i < et->size(); ++i) {
    const std::string& parent = et->Get(i, "parent_id");
    if (!parent.empty() && d.executors_.count(parent) == 0) {
      v.Add(et->Field(i, "parent_id"), absl::StrCat("unknown parent ", Quoted(parent)));
    }
    // The chain of subordination is a tree: a complaint goes up it (Art. 7,
    // 16), so a body above itself would get the complaint it is contested by.
    const std::string& id = et->Get(i, "id");
    std::string at = parent;
    for (size_t steps = 0; !at.empty() && steps <= d.executors_.size(); ++steps) {
      if (at == id) {
        v.Add(et->Field(i, "parent_id"),
              absl::StrCat("executor ", Shortened(id),
                           steps == 0 ? ": a body cannot be its own parent"
                                      : ": its parents form a cycle"));
        break;
      }
      const v1::Executor* above = d.FindExecutor(at);
      at = above == nullptr ? "" : above->parent_id();
    }
  }

  std::set<std::string> rule_ids;
  // (topic, territory, appeal kind) -> rule id
  std::map<std::tuple<std::string, std::string, int>, std::string> by_scope;
  for (size_t i = 0; i < rt->size(); ++i) {
    Rule r;
    r.id = rt->Get(i, "rule_id");
    r.topic = rt->Get(i, "topic");
    r.territory = rt->Get(i, "territory");
    r.executor_id = rt->Get(i, "executor_id");
    r.note = rt->Get(i, "note");
    if (!ParseAppealKind(rt->Get(i, "appeal_kind"), &r.appeal_kind)) {
      v.Add(rt->Field(i, "appeal_kind"),
            absl::StrCat("unknown appeal_kind ", Quoted(rt->Get(i, "appeal_kind")),
                         " (proposal, statement, complaint or empty for any)"));
    }
    const std::string info_field = rt->Field(i, "information_executor_ids");
    for (absl::string_view info : absl::StrSplit(rt->Get(i, "information_executor_ids"),
                                                 absl::ByAnyChar("; "), absl::SkipEmpty())) {
      const v1::Executor* e = d.FindExecutor(info);
      if (e == nullptr) {
        v.Add(info_field, absl::StrCat("unknown information executor ", Quoted(info)));
      } else if (!e->active()) {
        v.Add(info_field, absl::StrCat("information executor ", Shortened(info), " is not active"));
      } else if (info == r.executor_id) {
        v.Add(info_field, absl::StrCat("executor ", Shortened(info),
                                       " cannot also be told for information only"));
      }
      r.information_executor_ids.emplace_back(info);
    }
    if (r.id.empty()) v.Add(rt->Field(i, "rule_id"), "required");
    if (!rule_ids.insert(r.id).second) {
      v.Add(rt->Field(i, "rule_id"), absl::StrCat("rule ", Shortened(r.id), " appears twice"));
    }
    if (r.topic != "*" && classifier.FindTopic(r.topic) == nullptr) {
      v.Add(rt->Field(i, "topic"), absl::StrCat("unknown topic ", Quoted(r.topic)));
    }
    if (classifier.FindTerritory(r.territory) == nullptr) {
      v.Add(rt->Field(i, "territory"), absl::StrCat("unknown territory ", Quoted(r.territory)));
    }
    const v1::Executor* e = d.FindExecutor(r.executor_id);
    if (e == nullptr) {
      v.Add(rt->Field(i, "executor_id"), absl::StrCat("unknown executor ", Quoted(r.executor_id)));
    } else if (!e->active()) {
      v.Add(rt->Field(i, "executor_id"),
            absl::StrCat("executor ", Shortened(r.executor_id), " is not active"));
    }
    auto [it, fresh] = by_scope.emplace(
        std::make_tuple(r.topic, r.territory, static_cast<int>(r.appeal_kind)), r.id);
    if (!fresh) {
      v.Add(rt->Field(i, "rule_id"),
            absl::StrCat("rule ", Shortened(r.id), " conflicts with rule ", Shortened(it->second),
                         " (both for topic ", Shortened(r.topic), " in ", Shortened(r.territory),
                         ", appeals of ", AppealKindName(r.appeal_kind), " kind)"));
    }
    d.rules_.push_back(std::move(r));
  }
  RETURN_IF_ERROR(v.ToStatus("bad directory"));
  d.rules_csv_ = std::string(rules_csv);
  return d;
}

namespace {

std::string CsvField(absl::string_view v) {
  if (v.find_first_of(",\"\n\r") == absl::string_view::npos) return std::string(v);
  return absl::StrCat("\"", absl::StrReplaceAll(v, {{"\"", "\"\""}}), "\"");
}

absl::string_view KindName(v1::ExecutorKind kind) {
  switch (kind) {
    case v1::EXECUTOR_KIND_OBLAST_ADMINISTRATION_DEPARTMENT:
      return "oblast_administration_department";
    case v1::EXECUTOR_KIND_DISTRICT_ADMINISTRATION:
      return "district_administration";
    case v1::EXECUTOR_KIND_COMMUNITY_ADMINISTRATION:
      return "community_administration";
    case v1::EXECUTOR_KIND_TERRITORIAL_BODY:
      return "territorial_body";
    case v1::EXECUTOR_KIND_COMMUNAL_ENTERPRISE:
      return "communal_enterprise";
    case v1::EXECUTOR_KIND_OTHER:
      return "other";
    default:
      return "";
  }
}

}  // namespace

bool IsValidDirectoryId(absl::string_view id) { return IsDirectoryId(id); }

bool IsExecutorKind(v1::ExecutorKind kind) { return !KindName(kind).empty(); }

void CheckExecutor(FieldViolations& v, const v1::Executor& e,
                   const refdata::Classifier& classifier, const Directory* directory) {
  if (!IsValidDirectoryId(e.id())) {
    v.Add("executor.id", absl::StrCat(Quoted(e.id()),
                                      " must be 1-64 lower-case letters, digits, '-' or '_'"));
  }
  CheckText(v, "executor.name", e.name(), 500);
  CheckMaxChars(v, "executor.first_head", e.first_head(), 300);
  CheckMaxChars(v, "executor.answers_from", e.answers_from(), 300);
  if (e.kind() == v1::EXECUTOR_KIND_UNSPECIFIED) {
    v.Add("executor.kind", "required: one of the executor kinds");
  } else if (!IsExecutorKind(e.kind())) {
    v.Add("executor.kind", absl::StrCat("unknown value ", static_cast<int>(e.kind())));
  }
  if (!e.parent_id().empty() &&
      (!IsValidDirectoryId(e.parent_id()) ||
       (directory != nullptr && e.parent_id() != e.id() &&
        directory->FindExecutor(e.parent_id()) == nullptr))) {
    v.Add("executor.parent_id", absl::StrCat("unknown executor ", Quoted(e.parent_id())));
  }
  if (e.parent_id() == e.id() && !e.id().empty()) {
    v.Add("executor.parent_id", "a body cannot be its own parent");
  }
  if (e.territory_codes().empty()) v.Add("executor.territory_codes", "at least one is required");
  for (int i = 0; i < e.territory_codes_size(); ++i) {
    if (classifier.FindTerritory(e.territory_codes(i)) == nullptr) {
      v.Add(absl::StrCat("executor.territory_codes[", i, "]"),
            absl::StrCat("unknown territory ", Quoted(e.territory_codes(i))));
    }
  }
}

std::string Directory::ExecutorsCsv() const {
  std::string out = "id,name_uk,kind,parent_id,territories,active,first_head,answers_from\n";
  for (const auto& [id, e] : executors_) {
    absl::StrAppend(&out, CsvField(id), ",", CsvField(e.name()), ",", KindName(e.kind()), ",",
                    CsvField(e.parent_id()), ",", CsvField(absl::StrJoin(e.territory_codes(), ";")), ",",
                    e.active() ? "yes" : "no", ",", CsvField(e.first_head()), ",",
                    CsvField(e.answers_from()), "\n");
  }
  return out;
}

std::string Directory::TopicsCsv() const {
  if (!classifier_csv_.topics_csv.empty()) return classifier_csv_.topics_csv;
  if (!export_classifier_csv_.topics_csv.empty()) return export_classifier_csv_.topics_csv;
  std::string out = "code,name_uk,name_en\n";
  for (const auto& [code, t] : classifier_->topics()) {
    absl::StrAppend(&out, CsvField(code), ",", CsvField(t.name_uk), ",", CsvField(t.name_en), "\n");
  }
  return out;
}

std::string Directory::TerritoriesCsv() const {
  if (!classifier_csv_.territories_csv.empty()) return classifier_csv_.territories_csv;
  if (!export_classifier_csv_.territories_csv.empty()) {
    return export_classifier_csv_.territories_csv;
  }
  std::string out = "code,parent,name_uk,name_en,kind\n";
  for (const auto& [code, t] : classifier_->territories()) {
    absl::StrAppend(&out, CsvField(code), ",", CsvField(t.parent), ",", CsvField(t.name_uk), ",",
                    CsvField(t.name_en), ",", CsvField(t.kind), "\n");
  }
  return out;
}

v1::ExecutorDirectoryChanged Directory::ChangedEvent(int64_t version) const {
  v1::ExecutorDirectoryChanged e;
  e.set_version(version);
  for (const auto& [id, executor] : executors_) {
    v1::DirectoryBody* b = e.add_bodies();
    b->set_id(id);
    b->set_parent_id(executor.parent_id());
    b->set_name_uk(executor.name());
    b->set_kind(executor.kind());
    b->set_active(executor.active());
  }
  return e;
}

v1::ExportDirectoryResponse Directory::Export() const {
  v1::ExportDirectoryResponse out;
  out.set_version(version_);
  for (const auto& [id, e] : executors_) *out.add_executors() = e;
  for (const Rule& r : rules_) {
    v1::CompetenceRule* p = out.add_rules();
    p->set_rule_id(r.id);
    p->set_topic(r.topic);
    p->set_territory(r.territory);
    p->set_executor_id(r.executor_id);
    p->set_appeal_kind(r.appeal_kind);
    for (const std::string& info : r.information_executor_ids) p->add_information_executor_ids(info);
    p->set_note(r.note);
  }
  for (const auto& [code, t] : classifier_->topics()) {
    v1::DirectoryTopic* p = out.add_topics();
    p->set_code(code);
    p->set_name_uk(t.name_uk);
    p->set_name_en(t.name_en);
  }
  for (const auto& [code, t] : classifier_->territories()) {
    v1::DirectoryTerritory* p = out.add_territories();
    p->set_code(code);
    p->set_parent(t.parent);
    p->set_name_uk(t.name_uk);
    p->set_name_en(t.name_en);
    p->set_kind(t.kind);
  }
  out.set_executors_csv(ExecutorsCsv());
  out.set_rules_csv(rules_csv_);
  out.set_topics_csv(TopicsCsv());
  out.set_territories_csv(TerritoriesCsv());
  return out;
}

const v1::Executor* Directory::FindExecutor(absl::string_view id) const {
  auto it = executors_.find(id);
  return it == executors_.end() ? nullptr : &it->second;
}

bool Directory::IsInChainBelow(absl::string_view id, absl::string_view top) const {
  // Bounded by the number of bodies: a cycle of parents cannot loop forever.
  for (size_t steps = 0; steps <= executors_.size() && !id.empty(); ++steps) {
    if (id == top) return true;
    const v1::Executor* e = FindExecutor(id);
    if (e == nullptr) return false;
    id = e->parent_id();
  }
  return false;
}

std::vector<v1::Executor> Directory::Covering(absl::string_view territory) const {
  std::vector<v1::Executor> out;
  for (const auto& [id, e] : executors_) {
    bool covers = territory.empty();
    for (const std::string& t : e.territory_codes()) {
      covers = covers || classifier_->IsWithin(territory, t);
    }
    if (covers) out.push_back(e);
  }
  return out;
}

Choice Directory::Decide(const AppealToRoute& appeal) const {
  struct Match {
    const Rule* rule;
    int territory_depth;
    int topic_depth;
    int kind_specific;
  };
  std::vector<Match> matches;
  for (const Rule& r : rules_) {
    if (!refdata::TopicCovers(r.topic, appeal.topic) ||
        !classifier_->IsWithin(appeal.territory, r.territory) ||
        (r.appeal_kind != common::v1::APPEAL_KIND_UNSPECIFIED && r.appeal_kind != appeal.kind)) {
      continue;
    }
    matches.push_back({&r, classifier_->FindTerritory(r.territory)->depth,
                       refdata::TopicDepth(r.topic),
                       r.appeal_kind != common::v1::APPEAL_KIND_UNSPECIFIED ? 1 : 0});
  }
  // Validation guarantees no two matches tie, so this order is total.
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return std::tie(a.territory_depth, a.topic_depth, a.kind_specific) >
           std::tie(b.territory_depth, b.topic_depth, b.kind_specific);
  });

  Choice c;
  const Rule* winner = nullptr;
  for (const Match& m : matches) {
    const Rule& r = *m.rule;
    v1::RoutingCandidate cand;
    cand.set_rule_id(r.id);
    cand.set_topic(r.topic);
    cand.set_territory(r.territory);
    cand.set_rule_executor_id(r.executor_id);
    std::string executor = r.executor_id;
    std::string why;
    const std::string& contested = appeal.contested_executor_id;
    if (!contested.empty() && IsInChainBelow(executor, contested)) {
      // Art. 7, 16: a complaint goes up the chain, never to the body it
      // contests nor to a body below it.
      const v1::Executor* contested_body = FindExecutor(contested);
      const std::string below =
          executor == contested ? "" : absl::StrCat(" (", executor, " is below it)");
      executor = contested_body == nullptr ? "" : contested_body->parent_id();
      if (executor.empty()) {
        why = absl::StrCat("the complaint contests ", contested, below,
                           ", which has no body above it in the chain of subordination");
      } else {
        why = absl::StrCat("the complaint contests ", contested, below, "; its parent ", executor,
                           " considers it");
      }
    }
    cand.set_executor_id(executor);
    if (winner != nullptr) {
      cand.set_why(absl::StrCat("less specific than rule ", winner->id));
    } else if (executor.empty()) {
      cand.set_why(why);
    } else if (appeal.excluded_executor_ids.count(executor) > 0) {
      cand.set_why(absl::StrCat(executor, " already declined the appeal as not within its "
                                          "competence"));
    } else if (const v1::Executor* e = FindExecutor(executor); e == nullptr || !e->active()) {
      cand.set_why(absl::StrCat(executor, " is not an active body"));
    } else {
      winner = &r;
      cand.set_chosen(true);
      c.routed = true;
      c.executor_id = executor;
      c.rule_id = r.id;
      c.reason = absl::StrCat("rule ", r.id, " (topic ", r.topic, " in ", r.territory,
                              r.appeal_kind != common::v1::APPEAL_KIND_UNSPECIFIED
                                  ? absl::StrCat(", ", AppealKindName(r.appeal_kind), "s")
                                  : "",
                              ") sends it to ", executor);
      if (!why.empty()) absl::StrAppend(&c.reason, " (", why, ")");
      cand.set_why(absl::StrCat("the most specific rule left", why.empty() ? "" : "; ", why));
      for (const std::string& info : r.information_executor_ids) {
        if (info != executor && info != appeal.contested_executor_id) {
          c.information_executor_ids.push_back(info);
        }
      }
    }
    c.candidates.push_back(std::move(cand));
  }
  if (!c.routed) {
    c.reason = matches.empty()
                   ? absl::StrCat("no competence rule covers topic ", appeal.topic, " in ",
                                  appeal.territory)
                   : absl::StrCat("no competence rule covers topic ", appeal.topic, " in ",
                                  appeal.territory, " with a body that may take it");
  }
  return c;
}

std::vector<std::string> Directory::Diff(const Directory& next) const {
  std::vector<std::string> out;
  if (&classifier() != &next.classifier()) {
    const auto& before_topics = classifier().topics();
    const auto& after_topics = next.classifier().topics();
    for (const auto& [code, t] : before_topics) {
      auto it = after_topics.find(code);
      if (it == after_topics.end()) {
        out.push_back(absl::StrCat("topic ", code, ": removed"));
      } else if (it->second.name_uk != t.name_uk) {
        out.push_back(absl::StrCat("topic ", code, ": \"", t.name_uk, "\" -> \"",
                                   it->second.name_uk, "\""));
      }
    }
    for (const auto& [code, t] : after_topics) {
      if (before_topics.count(code) == 0) {
        out.push_back(absl::StrCat("topic ", code, ": added \"", t.name_uk, "\""));
      }
    }
    const auto& before_places = classifier().territories();
    const auto& after_places = next.classifier().territories();
    for (const auto& [code, t] : before_places) {
      auto it = after_places.find(code);
      if (it == after_places.end()) {
        out.push_back(absl::StrCat("territory ", code, ": removed"));
      } else if (it->second.parent != t.parent || it->second.name_uk != t.name_uk) {
        out.push_back(absl::StrCat("territory ", code, ": \"", t.name_uk, "\" under \"",
                                   t.parent, "\" -> \"", it->second.name_uk, "\" under \"",
                                   it->second.parent, "\""));
      }
    }
    for (const auto& [code, t] : after_places) {
      if (before_places.count(code) == 0) {
        out.push_back(absl::StrCat("territory ", code, ": added \"", t.name_uk, "\" under \"",
                                   t.parent, "\""));
      }
    }
  }
  auto describe = [](const v1::Executor& e) {
    return absl::StrCat("\"", e.name(), "\", ", v1::ExecutorKind_Name(e.kind()), ", parent \"",
                        e.parent_id(), "\", territories ", absl::StrJoin(e.territory_codes(), ";"),
                        e.active() ? "" : ", inactive",
                        e.first_head().empty() ? "" : absl::StrCat(", head \"", e.first_head(), "\""),
                        e.answers_from().empty()
                            ? ""
                            : absl::StrCat(", answers from \"", e.answers_from(), "\""));
  };
  for (const auto& [id, e] : executors_) {
    const v1::Executor* n = next.FindExecutor(id);
    if (n == nullptr) {
      out.push_back(absl::StrCat("executor ", id, ": removed"));
    } else if (describe(e) != describe(*n)) {
      out.push_back(absl::StrCat("executor ", id, ": ", describe(e), " -> ", describe(*n)));
    }
  }
  for (const auto& [id, e] : next.executors_) {
    if (FindExecutor(id) == nullptr) {
      out.push_back(absl::StrCat("executor ", id, ": added ", describe(e)));
    }
  }
  auto describe_rule = [](const Rule& r) {
    return absl::StrCat("topic ", r.topic, " in ", r.territory, " (",
                        AppealKindName(r.appeal_kind), ") -> ", r.executor_id,
                        r.information_executor_ids.empty() ? "" : ", for information ",
                        absl::StrJoin(r.information_executor_ids, ";"));
  };
  std::map<std::string, std::string> before, after;
  for (const Rule& r : rules_) before[r.id] = describe_rule(r);
  for (const Rule& r : next.rules_) after[r.id] = describe_rule(r);
  for (const auto& [id, d] : before) {
    auto it = after.find(id);
    if (it == after.end()) {
      out.push_back(absl::StrCat("rule ", id, ": removed"));
    } else if (it->second != d) {
      out.push_back(absl::StrCat("rule ", id, ": ", d, " => ", it->second));
    }
  }
  for (const auto& [id, d] : after) {
    if (before.count(id) == 0) out.push_back(absl::StrCat("rule ", id, ": added ", d));
  }
  return out;
}

}  // namespace contactcenter::routing
