#include "retention.h"

#include "contactcenter/status/macros.h"

namespace contactcenter::exchange {

absl::StatusOr<RetentionRun> Retention::RunOnce() {
  const absl::Time now = clock_->Now();
  RetentionRun run;
  // Each batch its own transaction: a long delete holds no lock for long.
  for (;;) {
    ASSIGN_OR_RETURN(int64_t n, pool_->Write([&](db::Tx& tx) {
                       return store_->DeleteDeliveredBefore(tx, now - policy_.outbox,
                                                            policy_.batch_size);
                     }));
    run.outbox_deleted += n;
    if (n < policy_.batch_size) break;
  }
  for (;;) {
    ASSIGN_OR_RETURN(int64_t n, pool_->Write([&](db::Tx& tx) {
                       return store_->DeleteTransfersBefore(tx, now - policy_.audit,
                                                            policy_.batch_size);
                     }));
    run.audit_deleted += n;
    if (n < policy_.batch_size) break;
  }
  metrics_->RetentionDeleted("status_outbox", run.outbox_deleted);
  metrics_->RetentionDeleted("personal_data_transfers", run.audit_deleted);
  ASSIGN_OR_RETURN(TableSizes sizes, pool_->Read([&](db::Tx& tx) { return store_->Sizes(tx); }));
  metrics_->SetTableBytes("status_outbox", static_cast<double>(sizes.outbox_bytes));
  metrics_->SetTableBytes("personal_data_transfers", static_cast<double>(sizes.audit_bytes));
  return run;
}

}  // namespace contactcenter::exchange
