// Which territories border which: reference data (territory-adjacency.csv,
// `code,neighbours,note`, neighbours separated by spaces), for the zones of
// the space-time scan. Pure apart from LoadDir.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace contactcenter::analytics::detect {

class Adjacency {
 public:
  static constexpr char kFileName[] = "territory-adjacency.csv";

  // Every listed code once; every neighbour listed itself, never the code
  // itself; the relation symmetric (A lists B exactly when B lists A).
  // Errors name the file, line and column, all at once.
  static absl::StatusOr<Adjacency> Parse(absl::string_view csv, const std::string& source);
  static absl::StatusOr<Adjacency> LoadDir(const std::string& dir);

  // The territories, in file order.
  const std::vector<std::string>& territories() const { return territories_; }
  const std::set<std::string>& NeighboursOf(const std::string& code) const;

  // The scan's zones, as indices into territories(): each territory alone,
  // then each with all its neighbours (a territory without neighbours
  // once).
  std::vector<std::vector<int>> Zones() const;

 private:
  std::vector<std::string> territories_;
  std::map<std::string, std::set<std::string>> neighbours_;
};

}  // namespace contactcenter::analytics::detect
