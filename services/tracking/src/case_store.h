// The only place tracking's SQL lives.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::tracking {

struct CaseFilter {
  std::string executor_id;  // "" for all
  v1::CaseStatus status = v1::CASE_STATUS_UNSPECIFIED;
};

// Where a page starts: after this (opened_at, id), newest first.
struct PagePosition {
  absl::Time opened_at;
  std::string id;
};

struct CasePage {
  std::vector<v1::Case> cases;
  std::optional<PagePosition> next;  // set when there are more
};

class CaseStore {
 public:
  explicit CaseStore(db::Pool* pool) : pool_(pool) {}

  // Opens `c` (its id is assigned here) with its first history entry, in
  // `tx`. Returns nullopt, changing nothing, when the appeal already has a
  // case.
  std::optional<v1::Case> Open(db::Tx& tx, const v1::Case& c, const std::string& actor);

  absl::StatusOr<v1::Case> GetById(const std::string& case_id);
  absl::StatusOr<v1::Case> GetByAppealId(const std::string& appeal_id);
  absl::StatusOr<CasePage> List(const CaseFilter& filter, const std::optional<PagePosition>& after,
                                int page_size);

 private:
  db::Pool* pool_;
};

}  // namespace contactcenter::tracking
