#include "manual_queue.h"

#include "absl/strings/str_cat.h"
#include "appeal_router.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"
#include "decisions.h"

namespace contactcenter::routing {

ManualQueue::ManualQueue(Directories* directories, DecisionStore* store, eventlog::Producer* events,
                         db::Pool* pool, const Clock* clock, prometheus::Registry* registry)
    : directories_(directories),
      store_(store),
      events_(events),
      pool_(pool),
      clock_(clock),
      assigned_(DecisionCounter(registry, "assign", "routed")) {}

absl::StatusOr<std::vector<v1::ManualRoutingItem>> ManualQueue::List() {
  ASSIGN_OR_RETURN(std::vector<QueuedAppeal> queue,
                   pool_->Read([&](db::Tx& tx) { return store_->ListQueue(tx); }));
  const absl::Time now = clock_->Now();
  std::vector<v1::ManualRoutingItem> items;
  items.reserve(queue.size());
  for (const QueuedAppeal& q : queue) items.push_back(QueueItem(q, now));
  return items;
}

absl::StatusOr<v1::RoutingDecision> ManualQueue::Assign(const std::string& appeal_id,
                                                        const std::string& executor_id,
                                                        const std::string& note,
                                                        const std::string& who) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::RoutingDecision> {
    const absl::Time now = clock_->Now();
    ASSIGN_OR_RETURN(std::shared_ptr<const Directory> directory, directories_->Current(tx, now));
    const v1::Executor* executor = directory->FindExecutor(executor_id);
    if (executor == nullptr || !executor->active()) {
      FieldViolations v;
      v.Add("executor_id",
            absl::StrCat(executor == nullptr ? "unknown executor " : "executor ", Quoted(executor_id),
                         executor == nullptr ? "" : " is not active"));
      return v.ToStatus("invalid request");
    }
    ASSIGN_OR_RETURN(std::optional<DecisionStore::Dequeued> queued, store_->Dequeue(tx, appeal_id));
    if (!queued) {
      return absl::NotFoundError(
          absl::StrCat("appeal ", appeal_id, " is not in the manual routing queue"));
    }
    const intake::v1::AppealRegistered& registered = queued->registered;
    // Errors below roll the transaction back, and with it the dequeue.
    const std::string& contested = registered.contested_executor_id();
    if (!contested.empty() && directory->IsInChainBelow(executor_id, contested)) {
      // Art. 7, 16: never the contested body, nor a body below it.
      FieldViolations v;
      v.Add("executor_id",
            absl::StrCat("the complaint contests ", Shortened(contested),
                         executor_id == contested
                             ? ""
                             : absl::StrCat(" and ", Shortened(executor_id), " is below it"),
                         "; it goes to a body above it (Art. 7, 16)"));
      return v.ToStatus("invalid request");
    }
    if (queued->declined.count(executor_id) > 0) {
      FieldViolations v;
      v.Add("executor_id", absl::StrCat(Shortened(executor_id),
                                        " already declined the appeal as not "
                                        "within its competence"));
      return v.ToStatus("invalid request");
    }
    const v1::RoutingDecision decision = AssignedDecision(
        appeal_id, executor_id, note, who, registered, queued->declined, directory->version(), now);
    RETURN_IF_ERROR(store_->Update(tx, decision));
    CountOnCommit(tx, assigned_);
    if (queued->previous_executor_id.empty()) {
      RETURN_IF_ERROR(events_->Append(tx, appeal_id, RoutedEvent(registered, decision), now));
    } else {
      RETURN_IF_ERROR(
          store_->LogHandOver(tx, appeal_id, HandOverOf(decision, queued->previous_executor_id)));
      RETURN_IF_ERROR(events_->Append(
          tx, appeal_id, ReroutedEvent(registered, decision, queued->previous_executor_id), now));
    }
    return decision;
  });
}

absl::StatusOr<int> ManualQueue::ReportOverdue() {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<int> {
    const absl::Time now = clock_->Now();
    ASSIGN_OR_RETURN(std::vector<QueuedAppeal> late,
                     store_->TakeNewlyOverdue(tx, now - kForwardingTerm, now));
    for (const QueuedAppeal& q : late) {
      RETURN_IF_ERROR(events_->Append(tx, q.appeal_id, OverdueEvent(q, now), now));
    }
    return static_cast<int>(late.size());
  });
}

}  // namespace contactcenter::routing
