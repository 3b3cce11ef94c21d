#include "deadline_monitor.h"

#include "absl/strings/ascii.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/macros.h"
#include "lifecycle.h"

namespace contactcenter::tracking {
namespace {

// Cases noticed per transaction: keeps transactions short after downtime.
constexpr int kBatch = 200;

}  // namespace

DeadlineMonitor::DeadlineMonitor(db::Pool* pool, CaseStore* store, eventlog::Producer* events,
                                 const Clock* clock, prometheus::Registry* registry)
    : pool_(pool), store_(store), events_(events), clock_(clock) {
  if (registry == nullptr) return;
  open_ = &prometheus::BuildGauge()
               .Name("tracking_open_cases")
               .Help("Cases not yet closed, by status.")
               .Register(*registry);
  overdue_ = &prometheus::BuildGauge()
                  .Name("tracking_overdue_cases")
                  .Help("Cases awaiting an answer past their term.")
                  .Register(*registry)
                  .Add({});
  due_soon_ = &prometheus::BuildGauge()
                   .Name("tracking_due_soon_cases")
                   .Help("Cases awaiting an answer past the early warning, not yet overdue.")
                   .Register(*registry)
                   .Add({});
  notices_ = &prometheus::BuildCounter()
                  .Name("tracking_deadline_notices_total")
                  .Help("CaseDueSoon and CaseOverdue events emitted, by kind.")
                  .Register(*registry);
}

absl::StatusOr<MonitorCounts> DeadlineMonitor::RunOnce() {
  const absl::Time now = clock_->Now();
  MonitorCounts total;
  for (;;) {
    absl::StatusOr<MonitorCounts> pass =
        pool_->Write([&](db::Tx& tx) -> absl::StatusOr<MonitorCounts> {
          MonitorCounts counts;
          ASSIGN_OR_RETURN(std::vector<v1::Case> due_soon, store_->TakeDueSoon(tx, now, kBatch));
          for (const v1::Case& c : due_soon) {
            v1::CaseDueSoon e;
            e.set_case_id(c.id());
            e.set_appeal_id(c.appeal_id());
            e.set_executor_id(c.executor_id());
            // Fired on the control term; the statutory term where the
            // term always was, the control term beside it.
            *e.mutable_due_at() = c.statutory_due_at();
            *e.mutable_control_date() = c.statutory_control_date();
            *e.mutable_control_term_date() = c.control_date();
            *e.mutable_control_term_due_at() = c.due_at();
            *e.mutable_noticed_at() = ToTimestamp(now);
            RETURN_IF_ERROR(events_->Append(tx, c.id(), e, now));
            ++counts.due_soon;
          }
          ASSIGN_OR_RETURN(std::vector<v1::Case> overdue, store_->TakeOverdue(tx, now, kBatch));
          for (const v1::Case& c : overdue) {
            v1::CaseOverdue e;
            e.set_case_id(c.id());
            e.set_appeal_id(c.appeal_id());
            e.set_executor_id(c.executor_id());
            // Fired on the control term; the statutory term where the
            // term always was, the control term beside it.
            *e.mutable_due_at() = c.statutory_due_at();
            *e.mutable_control_date() = c.statutory_control_date();
            *e.mutable_control_term_date() = c.control_date();
            *e.mutable_control_term_due_at() = c.due_at();
            *e.mutable_noticed_at() = ToTimestamp(now);
            RETURN_IF_ERROR(events_->Append(tx, c.id(), e, now));
            ++counts.overdue;
          }
          return counts;
        });
    if (!pass.ok()) return pass.status();
    total.due_soon += pass->due_soon;
    total.overdue += pass->overdue;
    if (pass->due_soon < kBatch && pass->overdue < kBatch) break;
  }
  if (notices_ != nullptr) {
    notices_->Add({{"kind", "due_soon"}}).Increment(total.due_soon);
    notices_->Add({{"kind", "overdue"}}).Increment(total.overdue);
  }
  if (open_ != nullptr) {
    absl::StatusOr<CaseGauges> g =
        pool_->Read([&](db::Tx& tx) { return store_->Gauges(tx, now); });
    if (!g.ok()) return g.status();
    // Every open status gets a value, zero included, so a series never
    // sticks at its last count.
    for (v1::CaseStatus s :
         {v1::CASE_STATUS_FORWARDED, v1::CASE_STATUS_ACCEPTED, v1::CASE_STATUS_ANSWERED,
          v1::CASE_STATUS_ON_CHECK, v1::CASE_STATUS_RETURNED_FOR_REWORK,
          v1::CASE_STATUS_RETURNED_TO_ROUTING}) {
      double n = 0;
      for (const auto& [status, count] : g->open_by_status) {
        if (status == s) n = static_cast<double>(count);
      }
      open_->Add({{"status", absl::AsciiStrToLower(StatusName(s))}}).Set(n);
    }
    overdue_->Set(static_cast<double>(g->overdue));
    due_soon_->Set(static_cast<double>(g->due_soon));
  }
  return total;
}

}  // namespace contactcenter::tracking
