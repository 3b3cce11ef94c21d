#include "status_follower.h"

#include "card_mapping.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/macros.h"
#include "outbox.h"

namespace contactcenter::exchange {

void StatusFollower::FollowTracking(eventlog::Dispatcher& d) {
  d.On<tracking::v1::CaseOpened>(
      [this](db::Tx& tx, const tracking::v1::CaseOpened& e, const eventlog::EventMeta& m) {
        return OnCaseOpened(tx, e, m);
      });
  d.On<tracking::v1::CaseStatusChanged>(
      [this](db::Tx& tx, const tracking::v1::CaseStatusChanged& e, const eventlog::EventMeta& m) {
        return OnCaseStatusChanged(tx, e, m);
      });
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

absl::Status StatusFollower::OnCaseOpened(db::Tx& tx, const tracking::v1::CaseOpened& e,
                                          const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(std::optional<CardRow> row, CardOf(tx, e.appeal_id(), meta));
  if (!row || row->final) return absl::OkStatus();
  if (!IsLegalTransition(row->last_code, v1::STATUS_CODE_FORWARDED)) {
    CC_LOG(Warning) << "CaseOpened at position " << meta.position << ": FORWARDED after "
                    << StatusCodeName(row->last_code) << " is not sent";
    return absl::OkStatus();
  }
  v1::StatusUpdate u;
  u.set_code(v1::STATUS_CODE_FORWARDED);
  *u.mutable_changed_at() = e.opened_at();
  u.set_executor_id(e.executor_id());
  *u.mutable_control_date() = e.control_date();
  RETURN_IF_ERROR(QueueStatus(tx, *store_, *row, u, meta.occurred_at));
  return store_->SaveCard(tx, *row);
}

absl::Status StatusFollower::OnCaseStatusChanged(db::Tx& tx,
                                                 const tracking::v1::CaseStatusChanged& e,
                                                 const eventlog::EventMeta& meta) {
  ASSIGN_OR_RETURN(std::optional<CardRow> row, CardOf(tx, e.appeal_id(), meta));
  if (!row || row->final) return absl::OkStatus();
  SentState sent{row->last_code, row->executor_id, row->control_date};
  std::optional<v1::StatusCode> code = StatusForChange(e, sent);
  if (!code) return absl::OkStatus();
  if (!IsLegalTransition(row->last_code, *code)) {
    CC_LOG(Warning) << "CaseStatusChanged at position " << meta.position << ": "
                    << StatusCodeName(*code) << " after " << StatusCodeName(row->last_code)
                    << " is not sent";
    return absl::OkStatus();
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
    case v1::STATUS_CODE_NOT_CONSIDERED:
      u.set_reason(e.note());
      break;
    default:
      break;
  }
  RETURN_IF_ERROR(QueueStatus(tx, *store_, *row, u, meta.occurred_at));
  return store_->SaveCard(tx, *row);
}

}  // namespace contactcenter::exchange
