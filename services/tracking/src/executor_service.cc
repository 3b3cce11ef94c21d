#include "executor_service.h"

#include "absl/strings/str_cat.h"
#include "answer_checks.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/page_token.h"
#include "contactcenter/status/validation.h"
#include "request_checks.h"

namespace contactcenter::tracking {
namespace {

using auth::Role;

const std::initializer_list<Role> kExecutors = {Role::kExecutor};

}  // namespace

grpc::Status ExecutorServiceImpl::ListMyCases(grpc::ServerContext* ctx,
                                              const v1::ListMyCasesRequest* req,
                                              v1::ListMyCasesResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kExecutors));
  FieldViolations v;
  CheckEnum(v, "status", req->status(), v1::CaseStatus_IsValid, false);
  const int page_size = CheckPageSize(v, req->page_size(), kDefaultPageSize, kMaxPageSize);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));

  CaseFilter filter{who.executor_id, req->status(), req->priority_only()};
  const std::string fingerprint = absl::StrCat("mine:", filter.executor_id, ":",
                                               static_cast<int>(filter.status), ":",
                                               filter.priority_only ? 1 : 0);
  ASSIGN_OR_RETURN_GRPC(std::optional<KeysetPosition> after,
                        DecodeKeysetToken(req->page_token(), fingerprint));
  ASSIGN_OR_RETURN_GRPC(CasePage page, queries_->List(filter, after, page_size));
  for (v1::Case& c : page.items) *resp->add_cases() = std::move(c);
  resp->set_next_page_token(EncodeKeysetToken(page.next, fingerprint));
  return grpc::Status::OK;
}

grpc::Status ExecutorServiceImpl::AcceptCase(grpc::ServerContext* ctx,
                                             const v1::AcceptCaseRequest* req,
                                             v1::AcceptCaseResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kExecutors));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_case_(), manager_->Accept(ActorOf(who), req->case_id()));
  return grpc::Status::OK;
}

grpc::Status ExecutorServiceImpl::ReportProgress(grpc::ServerContext* ctx,
                                                 const v1::ReportProgressRequest* req,
                                                 v1::ReportProgressResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kExecutors));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  CheckText(v, "note", req->note(), kMaxNoteChars, Text::kFree);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_case_(),
                        manager_->ReportProgress(ActorOf(who), req->case_id(), req->note()));
  return grpc::Status::OK;
}

grpc::Status ExecutorServiceImpl::RequestExtension(grpc::ServerContext* ctx,
                                                   const v1::RequestExtensionRequest* req,
                                                   v1::RequestExtensionResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kExecutors));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  std::optional<absl::CivilDay> day = CheckDate(v, "new_control_date", req->new_control_date());
  CheckText(v, "reason", req->reason(), kMaxNoteChars, Text::kFree);
  CheckText(v, "approved_by", req->approved_by(), kMaxShortTextChars);
  // Art. 20: the applicant is told why; the code is what may leave tracking.
  CheckEnum(v, "reason_code", req->reason_code(), v1::ExtensionReason_IsValid, true);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_case_(),
                        manager_->Extend(ActorOf(who), req->case_id(), *day, req->reason_code(),
                                         req->reason(), req->approved_by()));
  return grpc::Status::OK;
}

grpc::Status ExecutorServiceImpl::SubmitAnswer(grpc::ServerContext* ctx,
                                               const v1::SubmitAnswerRequest* req,
                                               v1::SubmitAnswerResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kExecutors));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  const v1::CaseAnswer& a = req->answer();
  CheckAnswer(v, a);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_case_(),
                        manager_->Answer(ActorOf(who), req->case_id(), a));
  return grpc::Status::OK;
}

grpc::Status ExecutorServiceImpl::DeclineCase(grpc::ServerContext* ctx,
                                              const v1::DeclineCaseRequest* req,
                                              v1::DeclineCaseResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kExecutors));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  CheckText(v, "reason", req->reason(), kMaxNoteChars, Text::kFree);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_case_(),
                        manager_->Decline(ActorOf(who), req->case_id(), req->reason()));
  return grpc::Status::OK;
}

}  // namespace contactcenter::tracking
