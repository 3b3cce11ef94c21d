#include "tracking_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/page_token.h"
#include "contactcenter/status/validation.h"
#include "request_checks.h"

namespace contactcenter::tracking {
namespace {

using auth::Role;

constexpr size_t kMaxExecutorIdChars = 64;
constexpr int kMaxGrade = 5;

const std::initializer_list<Role> kReaders = {Role::kOperator, Role::kSupervisor, Role::kSystem,
                                              Role::kExecutor};
// GetCase also for role service, the exchange alone (OnlyServices): it reads
// an answer to send it to the Government Contact Center.
const std::initializer_list<Role> kCaseReaders = {Role::kOperator, Role::kSupervisor,
                                                  Role::kSystem, Role::kExecutor, Role::kService};
// The contact center's staff.
const std::initializer_list<Role> kCenter = {Role::kOperator, Role::kSupervisor};
const std::initializer_list<Role> kSupervisors = {Role::kSupervisor};

}  // namespace

grpc::Status TrackingServiceImpl::GetCase(grpc::ServerContext* ctx, const v1::GetCaseRequest* req,
                                          v1::GetCaseResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kCaseReaders));
  RETURN_IF_ERROR_GRPC(auth::OnlyServices(who, {"exchange"}));
  FieldViolations v;
  switch (req->key_case()) {
    case v1::GetCaseRequest::kCaseId:
      CheckUuid(v, "case_id", req->case_id());
      break;
    case v1::GetCaseRequest::kAppealId:
      CheckUuid(v, "appeal_id", req->appeal_id());
      break;
    case v1::GetCaseRequest::KEY_NOT_SET:
      v.Add("case_id", "give case_id or appeal_id");
      break;
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  const bool by_appeal = req->key_case() == v1::GetCaseRequest::kAppealId;
  ASSIGN_OR_RETURN_GRPC(
      *resp, queries_->Details(ActorOf(who), by_appeal ? req->appeal_id() : req->case_id(),
                               by_appeal));
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::ListCases(grpc::ServerContext* ctx,
                                            const v1::ListCasesRequest* req,
                                            v1::ListCasesResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kReaders));
  FieldViolations v;
  CheckMaxChars(v, "executor_id", req->executor_id(), kMaxExecutorIdChars);
  CheckEnum(v, "status", req->status(), v1::CaseStatus_IsValid, false);
  const int page_size = CheckPageSize(v, req->page_size(), kDefaultPageSize, kMaxPageSize);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));

  CaseFilter filter{req->executor_id(), req->status()};
  if (who.role == Role::kExecutor) filter.executor_id = who.executor_id;
  const std::string fingerprint =
      absl::StrCat("cases:", filter.executor_id, ":", static_cast<int>(filter.status));
  ASSIGN_OR_RETURN_GRPC(std::optional<KeysetPosition> after,
                        DecodeKeysetToken(req->page_token(), fingerprint));
  ASSIGN_OR_RETURN_GRPC(CasePage page, queries_->List(filter, after, page_size));
  for (v1::Case& c : page.items) *resp->add_cases() = std::move(c);
  resp->set_next_page_token(EncodeKeysetToken(page.next, fingerprint));
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::GetCaseHistory(grpc::ServerContext* ctx,
                                                 const v1::GetCaseHistoryRequest* req,
                                                 v1::GetCaseHistoryResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kReaders));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(std::vector<HistoryEntry> entries,
                        queries_->History(ActorOf(who), req->case_id()));
  for (const HistoryEntry& e : entries) {
    v1::CaseHistoryEntry* out = resp->add_entries();
    *out->mutable_at() = ToTimestamp(e.at);
    out->set_actor(e.actor);
    out->set_from_status(e.from);
    out->set_to_status(e.to);
    out->set_note(e.note);
  }
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::PlanCallBack(grpc::ServerContext* ctx,
                                               const v1::PlanCallBackRequest* req,
                                               v1::PlanCallBackResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kCenter));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  std::optional<absl::CivilDay> day = CheckDate(v, "planned_date", req->planned_date());
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_case_(),
                        manager_->PlanCallBack(ActorOf(who), req->case_id(), *day));
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::RecordCallBack(grpc::ServerContext* ctx,
                                                 const v1::RecordCallBackRequest* req,
                                                 v1::RecordCallBackResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kCenter));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  if (req->grade() < 0 || req->grade() > kMaxGrade) v.Add("grade", "1..5, or 0 for none");
  CheckMaxChars(v, "comment", req->comment(), kMaxNoteChars, Text::kFree);
  CallBackResult result;
  result.confirmed = req->confirmed();
  if (req->grade() > 0) result.grade = req->grade();
  result.comment = req->comment();
  if (req->not_reached()) {
    // A try that reached no one confirms nothing and grades nothing.
    result.not_reached = true;
    if (req->confirmed()) v.Add("confirmed", "not with not_reached");
    if (req->grade() != 0) v.Add("grade", "not with not_reached");
    if (req->has_rework_until()) v.Add("rework_until", "not with not_reached");
    if (req->has_next_try_date()) {
      result.next_try_date = CheckDate(v, "next_try_date", req->next_try_date());
    }
  } else {
    if (req->has_next_try_date()) v.Add("next_try_date", "only with not_reached");
    if (req->confirmed()) {
      if (req->has_rework_until()) v.Add("rework_until", "only when not confirmed");
    } else {
      result.rework_until = CheckDate(v, "rework_until", req->rework_until());
    }
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_case_(),
                        manager_->RecordCallBack(ActorOf(who), req->case_id(), result));
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::ShortenTerm(grpc::ServerContext* ctx,
                                              const v1::ShortenTermRequest* req,
                                              v1::ShortenTermResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kCenter));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  std::optional<absl::CivilDay> day = CheckDate(v, "new_control_date", req->new_control_date());
  CheckText(v, "reason", req->reason(), kMaxNoteChars, Text::kFree);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_case_(), manager_->Shorten(ActorOf(who),
                                                                  req->case_id(), *day,
                                                                  req->reason()));
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::ListCasesNeedingAttention(
    grpc::ServerContext* ctx, const v1::ListCasesNeedingAttentionRequest* req,
    v1::ListCasesNeedingAttentionResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kSupervisors));
  FieldViolations v;
  CheckEnum(v, "kind", req->kind(), v1::AttentionKind_IsValid, true);
  CheckMaxChars(v, "executor_id", req->executor_id(), kMaxExecutorIdChars);
  const int page_size = CheckPageSize(v, req->page_size(), kDefaultPageSize, kMaxPageSize);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  AttentionFilter filter{req->kind(), req->executor_id()};
  const std::string fingerprint =
      absl::StrCat("attention:", static_cast<int>(filter.kind), ":", filter.executor_id);
  ASSIGN_OR_RETURN_GRPC(std::optional<KeysetPosition> after,
                        DecodeKeysetToken(req->page_token(), fingerprint));
  ASSIGN_OR_RETURN_GRPC(CasePage page, queries_->NeedingAttention(filter, after, page_size));
  for (v1::Case& c : page.items) *resp->add_cases() = std::move(c);
  resp->set_next_page_token(EncodeKeysetToken(page.next, fingerprint));
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::CountOverdueByExecutor(
    grpc::ServerContext* ctx, const v1::CountOverdueByExecutorRequest* /*req*/,
    v1::CountOverdueByExecutorResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kSupervisors));
  ASSIGN_OR_RETURN_GRPC(std::vector<ExecutorCounts> counts,
                        queries_->CountOverdueByExecutor());
  for (const ExecutorCounts& c : counts) {
    v1::ExecutorCaseCounts* out = resp->add_executors();
    out->set_executor_id(c.executor_id);
    out->set_overdue(c.overdue);
    out->set_due_soon(c.due_soon);
  }
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::LeaveWithoutConsideration(
    grpc::ServerContext* ctx, const v1::LeaveWithoutConsiderationRequest* req,
    v1::LeaveWithoutConsiderationResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kSupervisors));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  CheckText(v, "reason", req->reason(), kMaxNoteChars, Text::kFree);
  // The words stay in tracking; the ground's code is what its event carries.
  CheckEnum(v, "reason_code", req->reason_code(), intake::v1::NotConsideredReason_IsValid, true);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_case_(),
                        manager_->LeaveWithoutConsideration(ActorOf(who), req->case_id(),
                                                            req->reason_code(), req->reason()));
  return grpc::Status::OK;
}

}  // namespace contactcenter::tracking
