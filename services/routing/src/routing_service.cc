#include "routing_service.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::routing {

using auth::Role;

grpc::Status RoutingServiceImpl::GetRoutingDecision(grpc::ServerContext* ctx,
                                                    const v1::GetRoutingDecisionRequest* req,
                                                    v1::GetRoutingDecisionResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor, Role::kSystem}));
  FieldViolations v;
  CheckUuid(v, "appeal_id", req->appeal_id());
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp, router_->GetDecision(req->appeal_id()));
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::ListExecutors(grpc::ServerContext* ctx,
                                               const v1::ListExecutorsRequest* req,
                                               v1::ListExecutorsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authenticate(*ctx));
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::Executor> executors,
                        directory_->List(req->territory_code()));
  for (v1::Executor& e : executors) *resp->add_executors() = std::move(e);
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::ExportDirectory(grpc::ServerContext* ctx,
                                                 const v1::ExportDirectoryRequest* /*req*/,
                                                 v1::ExportDirectoryResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  ASSIGN_OR_RETURN_GRPC(*resp, directory_->Export());
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::ImportDirectory(grpc::ServerContext* ctx,
                                                 const v1::ImportDirectoryRequest* req,
                                                 v1::ImportDirectoryResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  FieldViolations v;
  CheckRequired(v, "executors_csv", req->executors_csv());
  CheckRequired(v, "rules_csv", req->rules_csv());
  if (req->topics_csv().empty() != req->territories_csv().empty()) {
    v.Add(req->topics_csv().empty() ? "topics_csv" : "territories_csv",
          "topics_csv and territories_csv come together (or neither)");
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(ImportResult result,
                        directory_->Import(req->executors_csv(), req->rules_csv(),
                                           {req->topics_csv(), req->territories_csv()},
                                           req->dry_run(), who.id));
  resp->set_version(result.version);
  resp->set_applied(result.applied);
  for (std::string& c : result.changes) resp->add_changes(std::move(c));
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::ChangeExecutor(grpc::ServerContext* ctx,
                                                Directories::Change change,
                                                const v1::Executor& executor,
                                                v1::ExecutorChangeResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  if (change == Directories::Change::kDeactivate) {
    FieldViolations v;
    if (!IsValidDirectoryId(executor.id())) {
      v.Add("executor_id", absl::StrCat("unknown executor ", Quoted(executor.id())));
    }
    RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  }
  // A body's fields are checked by the use case, against the territories
  // of the version the change applies to.
  ASSIGN_OR_RETURN_GRPC(*resp, directory_->ChangeExecutor(change, executor, who.id));
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::CreateExecutor(grpc::ServerContext* ctx,
                                                const v1::CreateExecutorRequest* req,
                                                v1::ExecutorChangeResponse* resp) {
  v1::Executor e = req->executor();
  e.set_active(true);
  return ChangeExecutor(ctx, Directories::Change::kCreate, e, resp);
}

grpc::Status RoutingServiceImpl::UpdateExecutor(grpc::ServerContext* ctx,
                                                const v1::UpdateExecutorRequest* req,
                                                v1::ExecutorChangeResponse* resp) {
  return ChangeExecutor(ctx, Directories::Change::kUpdate, req->executor(), resp);
}

grpc::Status RoutingServiceImpl::DeactivateExecutor(grpc::ServerContext* ctx,
                                                    const v1::DeactivateExecutorRequest* req,
                                                    v1::ExecutorChangeResponse* resp) {
  v1::Executor e;
  e.set_id(req->executor_id());
  return ChangeExecutor(ctx, Directories::Change::kDeactivate, e, resp);
}

grpc::Status RoutingServiceImpl::ListManualRoutingQueue(
    grpc::ServerContext* ctx, const v1::ListManualRoutingQueueRequest* /*req*/,
    v1::ListManualRoutingQueueResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::ManualRoutingItem> items, queue_->List());
  for (v1::ManualRoutingItem& item : items) *resp->add_items() = std::move(item);
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::AssignExecutor(grpc::ServerContext* ctx,
                                                const v1::AssignExecutorRequest* req,
                                                v1::AssignExecutorResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  FieldViolations v;
  CheckUuid(v, "appeal_id", req->appeal_id());
  CheckText(v, "executor_id", req->executor_id(), 64);
  CheckMaxChars(v, "note", req->note(), 1000, Text::kFree);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_decision(),
                        queue_->Assign(req->appeal_id(), req->executor_id(), req->note(), who.id));
  return grpc::Status::OK;
}

}  // namespace contactcenter::routing
