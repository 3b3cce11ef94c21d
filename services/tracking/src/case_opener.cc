#include "case_opener.h"

#include "absl/strings/str_cat.h"
#include "benefits.h"
#include "lifecycle.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/log/log.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::tracking {

void CaseOpener::FollowRouting(eventlog::Dispatcher& d) {
  d.On(this, &CaseOpener::OnAppealRouted);
  d.On(this, &CaseOpener::OnAppealRerouted);
}

absl::StatusOr<bool> CaseOpener::JoinDuplicate(db::Tx& tx,
                                               const routing::v1::AppealRouted& routed,
                                               const eventlog::EventMeta& event) {
  // Applied before: the appeal has its case, its own or the one it joined.
  absl::StatusOr<v1::Case> own = store_->GetByAppealId(tx, routed.appeal_id());
  if (own.ok()) return true;
  if (!absl::IsNotFound(own.status())) return own.status();

  absl::StatusOr<v1::Case> first = store_->LockByAppealId(tx, routed.duplicate_of_appeal_id());
  if (absl::IsNotFound(first.status()) || (first.ok() && !IsOpen(first->status()))) {
    // The first appeal has no case here yet (it waits for a supervisor) or
    // its case is already final: nothing to join, so the duplicate is
    // considered on its own, with a term of its own.
    CC_LOG(Info) << "AppealRouted at position " << event.position
                 << ": the duplicate opens a case of its own (the first appeal's case is "
                 << (first.ok() ? "final" : "not opened") << ")";
    return false;
  }
  if (!first.ok()) return first.status();

  const absl::Time now = clock_->Now();
  v1::JoinedAppeal joined;
  joined.set_appeal_id(routed.appeal_id());
  joined.set_registration_number(routed.registration_number());
  *joined.mutable_joined_at() = ToTimestamp(now);
  ASSIGN_OR_RETURN(bool added, store_->JoinAppeal(tx, first->id(), joined));
  if (!added) return true;
  RETURN_IF_ERROR(store_->AddHistory(
      tx, first->id(),
      {now, "routing", first->status(), first->status(),
       absl::StrCat("duplicate appeal ", routed.registration_number(),
                    " joined the case (CMU 348 Instruction: дублетне)")}));
  v1::CaseAppealJoined e;
  e.set_case_id(first->id());
  e.set_case_appeal_id(first->appeal_id());
  e.set_appeal_id(routed.appeal_id());
  e.set_registration_number(routed.registration_number());
  e.set_executor_id(first->executor_id());
  *e.mutable_joined_at() = joined.joined_at();
  *e.mutable_control_date() = first->statutory_control_date();
  RETURN_IF_ERROR(events_->Append(tx, first->id(), e, now));
  return true;
}

absl::Status CaseOpener::OnAppealRouted(db::Tx& tx, const routing::v1::AppealRouted& routed,
                                        const eventlog::EventMeta& event) {
  if (!routed.duplicate_of_appeal_id().empty()) {
    // A duplicate (дублетне) joins the first appeal's case: one
    // consideration, under the first appeal's term, not a second case.
    ASSIGN_OR_RETURN(bool joined, JoinDuplicate(tx, routed, event));
    if (joined) return absl::OkStatus();
  }
  const absl::Time now = clock_->Now();
  v1::Case c;
  c.set_appeal_id(routed.appeal_id());
  c.set_registration_number(routed.registration_number());
  c.set_executor_id(routed.executor_id());
  c.set_status(v1::CASE_STATUS_FORWARDED);
  *c.mutable_received_at() = routed.received_at();
  // The statutory term (Art. 20), and the control term the body works to:
  // the same, but for an emergency's hours, or the Government Contact
  // Center's "resolve by" when that is earlier (it binds the control term;
  // the law's term stays what the law says).
  SetStatutoryTerm(c, rules_->Statutory(FromTimestamp(routed.received_at()),
                                        routed.needs_no_extra_study()));
  Term term = rules_->Initial(FromTimestamp(routed.received_at()), routed.needs_no_extra_study(),
                              routed.emergency());
  if (routed.has_resolve_by()) {
    term = rules_->BoundBy(FromTimestamp(routed.received_at()), term,
                           FromDate(routed.resolve_by()));
  }
  SetTerm(c, term);
  // The executor's own receipt: when routing sent it there.
  *c.mutable_executor_received_at() =
      routed.has_decided_at() ? routed.decided_at() : ToTimestamp(now);
  c.set_needs_no_extra_study(routed.needs_no_extra_study());
  c.set_emergency(routed.emergency());
  c.set_topic_code(routed.topic_code());
  c.set_territory_code(routed.territory_code());
  *c.mutable_opened_at() = ToTimestamp(now);
  for (int cat : routed.author_categories()) {
    c.add_author_categories(static_cast<common::v1::AuthorCategory>(cat));
  }
  const BenefitFlags flags = FlagsFor(*categories_, routed.author_categories(), routed.kind());
  c.set_priority(flags.priority);
  c.set_first_head(flags.first_head);

  ASSIGN_OR_RETURN(std::optional<v1::Case> opened, store_->Open(tx, c, "routing"));
  if (!opened) return absl::OkStatus();  // opened before

  v1::CaseOpened e;
  e.set_case_id(opened->id());
  e.set_appeal_id(opened->appeal_id());
  e.set_executor_id(opened->executor_id());
  *e.mutable_received_at() = opened->received_at();
  *e.mutable_control_date() = opened->statutory_control_date();
  *e.mutable_statutory_due_at() = opened->statutory_due_at();
  *e.mutable_control_term_date() = opened->control_date();
  *e.mutable_control_term_due_at() = opened->due_at();
  *e.mutable_opened_at() = opened->opened_at();
  e.set_topic_code(opened->topic_code());
  e.set_territory_code(opened->territory_code());
  return events_->Append(tx, opened->id(), e, now);
}

absl::Status CaseOpener::OnAppealRerouted(db::Tx& tx, const routing::v1::AppealRerouted& rerouted,
                                          const eventlog::EventMeta& event) {
  absl::StatusOr<v1::Case> c = store_->LockByAppealId(tx, rerouted.appeal_id());
  if (absl::IsNotFound(c.status())) {
    // Never opened here (e.g. queued for a supervisor first): open it now,
    // from the original receipt time.
    routing::v1::AppealRouted routed;
    routed.set_appeal_id(rerouted.appeal_id());
    routed.set_registration_number(rerouted.registration_number());
    routed.set_executor_id(rerouted.to_executor_id());
    routed.set_rule_id(rerouted.rule_id());
    *routed.mutable_received_at() = rerouted.received_at();
    *routed.mutable_decided_at() = rerouted.decided_at();
    routed.set_kind(rerouted.kind());
    routed.set_topic_code(rerouted.topic_code());
    routed.set_territory_code(rerouted.territory_code());
    routed.set_needs_no_extra_study(rerouted.needs_no_extra_study());
    routed.set_emergency(rerouted.emergency());
    *routed.mutable_author_categories() = rerouted.author_categories();
    if (rerouted.has_resolve_by()) *routed.mutable_resolve_by() = rerouted.resolve_by();
    return OnAppealRouted(tx, routed, event);
  }
  if (!c.ok()) return c.status();
  if (c->executor_id() == rerouted.to_executor_id()) {
    // Applied before (the new executor may have accepted it since).
    return absl::OkStatus();
  }
  const std::string c_id = c->id();
  absl::StatusOr<v1::Case> moved = manager_->ApplyInTx(
      tx, Actor{"routing", ""}, *std::move(c), CaseAction::kReroute,
      [&](db::Tx& tx, v1::Case& m) -> absl::StatusOr<std::string> {
        const std::string from = m.executor_id();
        m.set_executor_id(rerouted.to_executor_id());
        // The policy: the receipt time and both terms stay (the law counts
        // from receipt by the first body, and a body's decline must not
        // lengthen the applicant's wait); the new body's own receipt date is
        // kept beside them.
        *m.mutable_executor_received_at() =
            rerouted.has_decided_at() ? rerouted.decided_at() : ToTimestamp(clock_->Now());
        RETURN_IF_ERROR(store_->AddReceipt(tx, m.id(), m.executor_id(),
                                           FromTimestamp(m.executor_received_at())));
        return absl::StrCat("re-routed from ", from, " to ", rerouted.to_executor_id(), " (",
                            rerouted.rule_id(), "): ", rerouted.reason());
      });
  if (absl::IsFailedPrecondition(moved.status())) {
    // A case already answered or closed is not taken away from its
    // executor; blocking routing's log would not change that.
    CC_LOG(Warning) << "AppealRerouted at position " << event.position << " for case "
                    << c_id << " ignored: " << moved.status();
    return absl::OkStatus();
  }
  return moved.status();
}

}  // namespace contactcenter::tracking
