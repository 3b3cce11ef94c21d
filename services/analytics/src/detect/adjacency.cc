#include "detect/adjacency.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "contactcenter/refdata/csv.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::analytics::detect {

absl::StatusOr<Adjacency> Adjacency::Parse(absl::string_view csv, const std::string& source) {
  ASSIGN_OR_RETURN(refdata::CsvTable t,
                   refdata::CsvTable::Parse(csv, source, {"code", "neighbours", "note"}));
  FieldViolations v;
  Adjacency a;
  std::map<std::string, size_t> row_of;
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string& code = t.Get(i, "code");
    if (code.empty()) {
      v.Add(t.Field(i, "code"), "required");
      continue;
    }
    if (!row_of.emplace(code, i).second) {
      v.Add(t.Field(i, "code"), absl::StrCat(Quoted(code), " is listed twice"));
      continue;
    }
    a.territories_.push_back(code);
    std::set<std::string>& n = a.neighbours_[code];
    for (absl::string_view s : absl::StrSplit(t.Get(i, "neighbours"), ' ', absl::SkipEmpty())) {
      n.emplace(s);
    }
  }
  for (const auto& [code, ns] : a.neighbours_) {
    const size_t i = row_of[code];
    for (const std::string& n : ns) {
      auto other = a.neighbours_.find(n);
      if (n == code) {
        v.Add(t.Field(i, "neighbours"), "a territory is not its own neighbour");
      } else if (other == a.neighbours_.end()) {
        v.Add(t.Field(i, "neighbours"), absl::StrCat(Quoted(n), " has no row of its own"));
      } else if (!other->second.contains(code)) {
        v.Add(t.Field(i, "neighbours"),
              absl::StrCat(Quoted(n), " does not list ", Quoted(code), " back"));
      }
    }
  }
  RETURN_IF_ERROR(v.ToStatus(absl::StrCat("invalid ", source)));
  return a;
}

absl::StatusOr<Adjacency> Adjacency::LoadDir(const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/", kFileName);
  ASSIGN_OR_RETURN(std::string text, refdata::ReadTextFile(path));
  return Parse(text, kFileName);
}

const std::set<std::string>& Adjacency::NeighboursOf(const std::string& code) const {
  static const std::set<std::string>* kNone = new std::set<std::string>();
  auto it = neighbours_.find(code);
  return it == neighbours_.end() ? *kNone : it->second;
}

std::vector<std::vector<int>> Adjacency::Zones() const {
  std::vector<std::vector<int>> zones;
  auto index = [&](const std::string& code) {
    return static_cast<int>(std::find(territories_.begin(), territories_.end(), code) -
                            territories_.begin());
  };
  for (size_t i = 0; i < territories_.size(); ++i) zones.push_back({static_cast<int>(i)});
  for (size_t i = 0; i < territories_.size(); ++i) {
    const std::set<std::string>& ns = NeighboursOf(territories_[i]);
    if (ns.empty()) continue;
    std::vector<int> zone = {static_cast<int>(i)};
    for (const std::string& n : ns) zone.push_back(index(n));
    std::sort(zone.begin(), zone.end());
    zones.push_back(std::move(zone));
  }
  return zones;
}

}  // namespace contactcenter::analytics::detect
