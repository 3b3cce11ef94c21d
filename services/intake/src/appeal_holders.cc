#include "appeal_holders.h"

#include "contactcenter/status/macros.h"

namespace contactcenter::intake {

absl::Status AppealHolders::OnAppealRouted(db::Tx& tx, const routing::v1::AppealRouted& e,
                                           const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(const HolderChange change, HolderChangeOf(e, meta));
  return store_->Apply(tx, change, meta.event_id).status();
}

absl::Status AppealHolders::OnAppealRerouted(db::Tx& tx, const routing::v1::AppealRerouted& e,
                                             const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(const HolderChange change, HolderChangeOf(e, meta));
  return store_->Apply(tx, change, meta.event_id).status();
}

absl::Status AppealHolders::OnAppealNeedsManualRouting(
    db::Tx& tx, const routing::v1::AppealNeedsManualRouting& e, const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(const HolderChange change, HolderChangeOf(e, meta));
  return store_->Apply(tx, change, meta.event_id).status();
}

void AppealHolders::FollowRouting(eventlog::Dispatcher& d) {
  d.On(this, &AppealHolders::OnAppealRouted);
  d.On(this, &AppealHolders::OnAppealRerouted);
  d.On(this, &AppealHolders::OnAppealNeedsManualRouting);
}

absl::StatusOr<std::optional<std::string>> AppealHolders::CurrentHolder(
    const std::string& appeal_id) {
  return pool_->Read([&](db::Tx& tx) { return store_->CurrentHolder(tx, appeal_id); });
}

absl::StatusOr<std::vector<Holding>> AppealHolders::HoldersOf(const std::string& appeal_id) {
  return pool_->Read([&](db::Tx& tx) { return store_->HoldersOf(tx, appeal_id); });
}

}  // namespace contactcenter::intake
