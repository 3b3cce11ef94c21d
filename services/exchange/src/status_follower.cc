#include "status_follower.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "card_mapping.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/macros.h"
#include "outbox.h"

namespace contactcenter::exchange {

void StatusFollower::FollowTracking(eventlog::Dispatcher& d) {
  d.On(this, &StatusFollower::OnCaseOpened);
  d.On(this, &StatusFollower::OnCaseStatusChanged);
  d.On(this, &StatusFollower::OnCaseAppealJoined);
}

void StatusFollower::FollowIntake(eventlog::Dispatcher& d) {
  d.On(this, &StatusFollower::OnAppealNotConsidered);
  d.On(this, &StatusFollower::OnAppealReturned);
}

absl::Status StatusFollower::QueueForAppeal(db::Tx& tx, const std::string& appeal_id,
                                            v1::StatusUpdate u, const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(std::optional<CardRow> row, CardOf(tx, appeal_id, meta));
  // Not ours; or final, e.g. the same status queued at registration.
  if (!row || row->final) return absl::OkStatus();
  if (!IsLegalTransition(row->last_code, u.code())) {
    CC_LOG(Warning) << "intake's event at position " << meta.position << ": "
                    << StatusCodeName(u.code()) << " after " << StatusCodeName(row->last_code)
                    << " is not sent";
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(QueueStatus(tx, *store_, *row, std::move(u), meta.occurred_at));
  return store_->SaveCard(tx, *row);
}

absl::Status StatusFollower::OnAppealNotConsidered(db::Tx& tx,
                                                   const intake::v1::AppealNotConsidered& e,
                                                   const eventlog::EventMeta& meta) {
  v1::StatusUpdate u;
  u.set_code(v1::STATUS_CODE_NOT_CONSIDERED);
  *u.mutable_changed_at() = ToTimestamp(meta.occurred_at);
  u.set_reason(NotConsideredReasonText(e.reason()));
  return QueueForAppeal(tx, e.appeal_id(), std::move(u), meta);
}

absl::Status StatusFollower::OnAppealReturned(db::Tx& tx,
                                              const intake::v1::AppealReturnedToApplicant& e,
                                              const eventlog::EventMeta& meta) {
  v1::StatusUpdate u;
  u.set_code(v1::STATUS_CODE_RETURNED);
  *u.mutable_changed_at() = ToTimestamp(meta.occurred_at);
  u.set_reason(absl::StrCat("Art. 5: ", absl::StrJoin(e.explanation(), "; ")));
  return QueueForAppeal(tx, e.appeal_id(), std::move(u), meta);
}

absl::StatusOr<std::optional<CardRow>> StatusFollower::CardOf(db::Tx& tx,
                                                              const std::string& appeal_id,
                                                              const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(std::optional<CardRow> row, store_->LockByAppeal(tx, appeal_id));
  if (row) return row;
  ASSIGN_OR_RETURN(bool pending, store_->AnyPendingSince(tx, meta.occurred_at));
  if (pending) {
    return absl::UnavailableError("a card received before this event waits for registration");
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<CardRow>> StatusFollower::CardsOfCase(
    db::Tx& tx, const std::string& appeal_id, const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(std::vector<CardRow> rows, store_->LockByCaseAppeal(tx, appeal_id));
  if (!rows.empty()) return rows;
  ASSIGN_OR_RETURN(bool pending, store_->AnyPendingSince(tx, meta.occurred_at));
  if (pending) {
    return absl::UnavailableError("a card received before this event waits for registration");
  }
  return rows;
}

absl::Status StatusFollower::OnCaseOpened(db::Tx& tx, const tracking::v1::CaseOpened& e,
                                          const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(std::vector<CardRow> rows, CardsOfCase(tx, e.appeal_id(), meta));
  for (CardRow& row : rows) {
    if (row.final) continue;
    if (!IsLegalTransition(row.last_code, v1::STATUS_CODE_FORWARDED)) {
      CC_LOG(Warning) << "CaseOpened at position " << meta.position << ": FORWARDED after "
                      << StatusCodeName(row.last_code) << " is not sent";
      continue;
    }
    v1::StatusUpdate u;
    u.set_code(v1::STATUS_CODE_FORWARDED);
    *u.mutable_changed_at() = e.opened_at();
    u.set_executor_id(e.executor_id());
    *u.mutable_control_date() = e.control_date();
    RETURN_IF_ERROR(QueueStatus(tx, *store_, row, u, meta.occurred_at));
    RETURN_IF_ERROR(store_->SaveCard(tx, row));
  }
  return absl::OkStatus();
}

absl::Status StatusFollower::OnCaseAppealJoined(db::Tx& tx,
                                                const tracking::v1::CaseAppealJoined& e,
                                                const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(std::optional<CardRow> row, CardOf(tx, e.appeal_id(), meta));
  // Not ours, or applied before.
  if (!row || row->case_appeal_id == e.case_appeal_id()) return absl::OkStatus();
  // From now on the case's events, which name its first appeal, are this
  // card's too.
  row->case_appeal_id = e.case_appeal_id();
  if (!row->final && IsLegalTransition(row->last_code, v1::STATUS_CODE_FORWARDED)) {
    v1::StatusUpdate u;
    u.set_code(v1::STATUS_CODE_FORWARDED);
    *u.mutable_changed_at() = e.joined_at();
    u.set_executor_id(e.executor_id());
    *u.mutable_control_date() = e.control_date();
    RETURN_IF_ERROR(QueueStatus(tx, *store_, *row, u, meta.occurred_at));
  }
  return store_->SaveCard(tx, *row);
}

absl::Status StatusFollower::OnCaseStatusChanged(db::Tx& tx,
                                                 const tracking::v1::CaseStatusChanged& e,
                                                 const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(std::vector<CardRow> rows, CardsOfCase(tx, e.appeal_id(), meta));
  for (CardRow& row : rows) {
    if (row.final) continue;
    SentState sent{row.last_code, row.executor_id, row.control_date};
    std::optional<v1::StatusCode> code = StatusForChange(e, sent);
    if (!code) continue;
    if (!IsLegalTransition(row.last_code, *code)) {
      CC_LOG(Warning) << "CaseStatusChanged at position " << meta.position << ": "
                      << StatusCodeName(*code) << " after " << StatusCodeName(row.last_code)
                      << " is not sent";
      continue;
    }
    v1::StatusUpdate u;
    u.set_code(*code);
    *u.mutable_changed_at() = e.changed_at();
    u.set_executor_id(e.executor_id());
    if (e.has_control_date() &&
        (*code == v1::STATUS_CODE_FORWARDED || *code == v1::STATUS_CODE_EXTENDED ||
         *code == v1::STATUS_CODE_REWORK)) {
      *u.mutable_control_date() = e.control_date();
    }
    switch (*code) {
      case v1::STATUS_CODE_CLOSED:
      case v1::STATUS_CODE_REWORK:
        u.mutable_call_back()->set_confirmed(*code == v1::STATUS_CODE_CLOSED);
        u.mutable_call_back()->set_called_by(e.actor());
        break;
      case v1::STATUS_CODE_CALL_BACK_PLANNED:
        // The day the applicant is to be called (tracking's pending call-back).
        if (e.has_call_back_planned_date()) {
          *u.mutable_call_back()->mutable_planned_date() = e.call_back_planned_date();
        }
        break;
      case v1::STATUS_CODE_NOT_CONSIDERED:
        // The ground's code; the supervisor's words stay in tracking.
        u.set_reason(NotConsideredReasonText(e.not_considered_reason()));
        break;
      default:
        break;
    }
    RETURN_IF_ERROR(QueueStatus(tx, *store_, row, u, meta.occurred_at));
    RETURN_IF_ERROR(store_->SaveCard(tx, row));
  }
  return absl::OkStatus();
}

}  // namespace contactcenter::exchange
