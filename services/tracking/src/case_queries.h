// What the contact center and the executors read about cases: each method
// is one read-only transaction. An executor's actor sees only its own
// cases; anyone else's is NOT_FOUND with the same message as a missing one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "actor.h"
#include "case_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"

namespace contactcenter::tracking {

class CaseQueries {
 public:
  CaseQueries(db::Pool* pool, CaseStore* store, const Clock* clock)
      : pool_(pool), store_(store), clock_(clock) {}

  absl::StatusOr<v1::Case> Get(const Actor& who, const std::string& case_id);
  // By the case's appeal or an appeal that joined it (a duplicate).
  absl::StatusOr<v1::Case> GetByAppeal(const Actor& who, const std::string& appeal_id);
  // GetCase's answer: the case with every body's receipt and the appeals
  // that joined it, by case id or (by_appeal) by appeal id.
  absl::StatusOr<v1::GetCaseResponse> Details(const Actor& who, const std::string& id,
                                              bool by_appeal);
  // Newest first. The caller scopes `filter` (an executor: its own id).
  absl::StatusOr<CasePage> List(const CaseFilter& filter,
                                const std::optional<KeysetPosition>& after, int page_size);
  // Every transition of the case, oldest first.
  absl::StatusOr<std::vector<HistoryEntry>> History(const Actor& who, const std::string& case_id);
  // The case's call-backs, oldest first.
  absl::StatusOr<std::vector<CallBack>> CallBacks(const Actor& who, const std::string& case_id);
  // A supervisor's list at the clock's now, earliest due first.
  absl::StatusOr<CasePage> NeedingAttention(const AttentionFilter& filter,
                                            const std::optional<KeysetPosition>& after,
                                            int page_size);
  // Overdue and due-soon counts per executor at the clock's now.
  absl::StatusOr<std::vector<ExecutorCounts>> CountOverdueByExecutor();

 private:
  // The case `who` may see, in `tx`.
  absl::StatusOr<v1::Case> Visible(db::Tx& tx, const Actor& who, const std::string& case_id);

  db::Pool* pool_;
  CaseStore* store_;
  const Clock* clock_;
};

}  // namespace contactcenter::tracking
