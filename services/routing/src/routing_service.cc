#include "routing_service.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
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
  ASSIGN_OR_RETURN_GRPC(*resp, store_->Get(req->appeal_id()));
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::ListExecutors(grpc::ServerContext* ctx,
                                               const v1::ListExecutorsRequest* req,
                                               v1::ListExecutorsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authenticate(*ctx));
  const std::string& territory = req->territory_code();
  const refdata::Classifier& classifier = directories_->classifier();
  if (!territory.empty() && classifier.FindTerritory(territory) == nullptr) {
    FieldViolations v;
    v.Add("territory_code", absl::StrCat("unknown territory \"", territory, "\""));
    return ToGrpcStatus(v.ToStatus("invalid request"));
  }
  // Read-write: the first call on an empty database imports the reference data.
  ASSIGN_OR_RETURN_GRPC(std::shared_ptr<const Directory> directory,
                        pool_->Write([&](db::Tx& tx) {
                          return directories_->Current(tx, clock_->Now());
                        }));
  for (const auto& [id, e] : directory->executors()) {
    bool covers = territory.empty();
    for (const std::string& t : e.territory_codes()) {
      covers = covers || classifier.IsWithin(territory, t);
    }
    if (covers) *resp->add_executors() = e;
  }
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::ImportDirectory(grpc::ServerContext* ctx,
                                                 const v1::ImportDirectoryRequest* req,
                                                 v1::ImportDirectoryResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  FieldViolations v;
  CheckRequired(v, "executors_csv", req->executors_csv());
  CheckRequired(v, "rules_csv", req->rules_csv());
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(ImportResult result, pool_->Write([&](db::Tx& tx) {
                          return directories_->Import(tx, req->executors_csv(), req->rules_csv(),
                                                      absl::StrCat("ImportDirectory by ", who.id),
                                                      req->dry_run(), clock_->Now());
                        }));
  resp->set_version(result.version);
  resp->set_applied(result.applied);
  for (std::string& c : result.changes) resp->add_changes(std::move(c));
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::ListManualRoutingQueue(
    grpc::ServerContext* ctx, const v1::ListManualRoutingQueueRequest* /*req*/,
    v1::ListManualRoutingQueueResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  ASSIGN_OR_RETURN_GRPC(std::vector<QueuedAppeal> queue,
                        pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<QueuedAppeal>> {
                          return store_->ListQueue(tx);
                        }));
  const absl::Time now = clock_->Now();
  for (const QueuedAppeal& q : queue) {
    v1::ManualRoutingItem* item = resp->add_items();
    item->set_appeal_id(q.appeal_id);
    item->set_registration_number(q.registration_number);
    item->set_reason(q.reason);
    *item->mutable_received_at() = ToTimestamp(q.received_at);
    *item->mutable_queued_at() = ToTimestamp(q.queued_at);
    const absl::Time forward_by = q.received_at + kForwardingTerm;
    *item->mutable_forward_by() = ToTimestamp(forward_by);
    item->set_seconds_left(absl::ToInt64Seconds(forward_by - now));
    item->set_topic_code(q.topic_code);
    item->set_territory_code(q.territory_code);
  }
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::AssignExecutor(grpc::ServerContext* ctx,
                                                const v1::AssignExecutorRequest* req,
                                                v1::AssignExecutorResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  FieldViolations v;
  CheckUuid(v, "appeal_id", req->appeal_id());
  CheckRequired(v, "executor_id", req->executor_id());
  CheckMaxChars(v, "note", req->note(), 1000);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_decision(), pool_->Write([&](db::Tx& tx) {
                          return router_->Assign(tx, req->appeal_id(), req->executor_id(),
                                                 req->note(), who.id);
                        }));
  return grpc::Status::OK;
}

}  // namespace contactcenter::routing
