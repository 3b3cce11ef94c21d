#include "tracking_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/page_token.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::tracking {
namespace {

using auth::Role;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
constexpr size_t kMaxExecutorIdChars = 64;

const std::initializer_list<Role> kReaders = {Role::kOperator, Role::kSupervisor, Role::kSystem,
                                              Role::kExecutor};

}  // namespace

grpc::Status TrackingServiceImpl::GetCase(grpc::ServerContext* ctx, const v1::GetCaseRequest* req,
                                          v1::GetCaseResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kReaders));
  FieldViolations v;
  absl::StatusOr<v1::Case> c;
  switch (req->key_case()) {
    case v1::GetCaseRequest::kCaseId:
      CheckUuid(v, "case_id", req->case_id());
      RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
      c = store_->GetById(req->case_id());
      break;
    case v1::GetCaseRequest::kAppealId:
      CheckUuid(v, "appeal_id", req->appeal_id());
      RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
      c = store_->GetByAppealId(req->appeal_id());
      break;
    case v1::GetCaseRequest::KEY_NOT_SET:
      v.Add("case_id", "give case_id or appeal_id");
      return ToGrpcStatus(v.ToStatus("invalid request"));
  }
  if (c.ok() && who.role == Role::kExecutor && c->executor_id() != who.executor_id) {
    // Exactly what a missing case says: nothing leaks about others' cases.
    c = absl::NotFoundError(req->key_case() == v1::GetCaseRequest::kCaseId
                                ? absl::StrCat("no case ", req->case_id())
                                : absl::StrCat("no case for appeal ", req->appeal_id()));
  }
  if (!c.ok()) return ToGrpcStatus(c.status());
  *resp->mutable_case_() = *std::move(c);
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::ListCases(grpc::ServerContext* ctx,
                                            const v1::ListCasesRequest* req,
                                            v1::ListCasesResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kReaders));
  FieldViolations v;
  CheckMaxChars(v, "executor_id", req->executor_id(), kMaxExecutorIdChars);
  CheckEnum(v, "status", req->status(), v1::CaseStatus_IsValid, false);
  absl::StatusOr<int> page_size = PageSize(req->page_size(), kDefaultPageSize, kMaxPageSize);
  if (!page_size.ok()) v.Add("page_size", "must not be negative");
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));

  CaseFilter filter{req->executor_id(), req->status()};
  if (who.role == Role::kExecutor) filter.executor_id = who.executor_id;
  const std::string fingerprint =
      absl::StrCat("cases:", filter.executor_id, ":", static_cast<int>(filter.status));
  std::optional<PagePosition> after;
  if (!req->page_token().empty()) {
    ASSIGN_OR_RETURN_GRPC(std::vector<std::string> parts,
                          DecodePageToken(req->page_token(), fingerprint, 3));
    int64_t micros = 0;
    if (!absl::SimpleAtoi(parts[1], &micros) || !IsUuid(parts[2])) {
      v.Add("page_token", "not a token from a previous response");
      return ToGrpcStatus(v.ToStatus("invalid page token"));
    }
    after = PagePosition{absl::FromUnixMicros(micros), parts[2]};
  }
  ASSIGN_OR_RETURN_GRPC(CasePage page, store_->List(filter, after, *page_size));
  for (v1::Case& c : page.cases) *resp->add_cases() = std::move(c);
  if (page.next) {
    resp->set_next_page_token(EncodePageToken(
        {fingerprint, absl::StrCat(absl::ToUnixMicros(page.next->opened_at)), page.next->id}));
  }
  return grpc::Status::OK;
}

grpc::Status TrackingServiceImpl::GetCaseHistory(grpc::ServerContext* ctx,
                                                 const v1::GetCaseHistoryRequest* req,
                                                 v1::GetCaseHistoryResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, kReaders));
  FieldViolations v;
  CheckUuid(v, "case_id", req->case_id());
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(v1::Case c, store_->GetById(req->case_id()));
  if (who.role == Role::kExecutor && c.executor_id() != who.executor_id) {
    return ToGrpcStatus(absl::NotFoundError(absl::StrCat("no case ", req->case_id())));
  }
  ASSIGN_OR_RETURN_GRPC(std::vector<HistoryEntry> entries, store_->History(req->case_id()));
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

}  // namespace contactcenter::tracking
