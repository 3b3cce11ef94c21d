#include "case_queries.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::tracking {

absl::StatusOr<v1::Case> CaseQueries::Visible(db::Tx& tx, const Actor& who,
                                              const std::string& case_id) {
  ASSIGN_OR_RETURN(v1::Case c, store_->GetById(tx, case_id));
  // Exactly what a missing case says: nothing leaks about others' cases.
  if (!MaySee(who, c)) return absl::NotFoundError(absl::StrCat("no case ", case_id));
  return c;
}

absl::StatusOr<v1::Case> CaseQueries::Get(const Actor& who, const std::string& case_id) {
  return pool_->Read([&](db::Tx& tx) { return Visible(tx, who, case_id); });
}

absl::StatusOr<v1::Case> CaseQueries::GetByAppeal(const Actor& who, const std::string& appeal_id) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<v1::Case> {
    ASSIGN_OR_RETURN(v1::Case c, store_->GetByAppealId(tx, appeal_id));
    if (!MaySee(who, c)) {
      return absl::NotFoundError(absl::StrCat("no case for appeal ", appeal_id));
    }
    return c;
  });
}

absl::StatusOr<v1::GetCaseResponse> CaseQueries::Details(const Actor& who, const std::string& id,
                                                         bool by_appeal) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<v1::GetCaseResponse> {
    v1::GetCaseResponse out;
    if (by_appeal) {
      ASSIGN_OR_RETURN(*out.mutable_case_(), store_->GetByAppealId(tx, id));
      if (!MaySee(who, out.case_())) {
        return absl::NotFoundError(absl::StrCat("no case for appeal ", id));
      }
    } else {
      ASSIGN_OR_RETURN(*out.mutable_case_(), Visible(tx, who, id));
    }
    ASSIGN_OR_RETURN(std::vector<Receipt> receipts, store_->Receipts(tx, out.case_().id()));
    for (const Receipt& r : receipts) {
      v1::CaseReceipt* to = out.add_receipts();
      to->set_executor_id(r.executor_id);
      *to->mutable_received_at() = ToTimestamp(r.received_at);
    }
    ASSIGN_OR_RETURN(std::vector<v1::JoinedAppeal> joined,
                     store_->JoinedAppeals(tx, out.case_().id()));
    for (v1::JoinedAppeal& j : joined) *out.add_joined_appeals() = std::move(j);
    return out;
  });
}

absl::StatusOr<CasePage> CaseQueries::List(const CaseFilter& filter,
                                           const std::optional<KeysetPosition>& after,
                                           int page_size) {
  return pool_->Read([&](db::Tx& tx) { return store_->List(tx, filter, after, page_size); });
}

absl::StatusOr<std::vector<HistoryEntry>> CaseQueries::History(const Actor& who,
                                                               const std::string& case_id) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<HistoryEntry>> {
    RETURN_IF_ERROR(Visible(tx, who, case_id).status());
    return store_->History(tx, case_id);
  });
}

absl::StatusOr<std::vector<CallBack>> CaseQueries::CallBacks(const Actor& who,
                                                             const std::string& case_id) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<CallBack>> {
    RETURN_IF_ERROR(Visible(tx, who, case_id).status());
    return store_->CallBacks(tx, case_id);
  });
}

absl::StatusOr<CasePage> CaseQueries::NeedingAttention(const AttentionFilter& filter,
                                                       const std::optional<KeysetPosition>& after,
                                                       int page_size) {
  const absl::Time now = clock_->Now();
  return pool_->Read(
      [&](db::Tx& tx) { return store_->ListNeedingAttention(tx, filter, now, after, page_size); });
}

absl::StatusOr<std::vector<ExecutorCounts>> CaseQueries::CountOverdueByExecutor() {
  const absl::Time now = clock_->Now();
  return pool_->Read([&](db::Tx& tx) { return store_->CountOverdueByExecutor(tx, now); });
}

}  // namespace contactcenter::tracking
