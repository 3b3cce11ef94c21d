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
  // Read-write: the first call on an empty database imports the reference data.
  ASSIGN_OR_RETURN_GRPC(std::shared_ptr<const Directory> directory,
                        pool_->Write([&](db::Tx& tx) {
                          return directories_->Current(tx, clock_->Now());
                        }));
  const refdata::Classifier& classifier = directory->classifier();
  if (!territory.empty() && classifier.FindTerritory(territory) == nullptr) {
    FieldViolations v;
    v.Add("territory_code", absl::StrCat("unknown territory \"", territory, "\""));
    return ToGrpcStatus(v.ToStatus("invalid request"));
  }
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
  if (req->topics_csv().empty() != req->territories_csv().empty()) {
    v.Add(req->topics_csv().empty() ? "topics_csv" : "territories_csv",
          "topics_csv and territories_csv come together (or neither)");
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  const StoredClassifier classifier{req->topics_csv(), req->territories_csv()};
  ASSIGN_OR_RETURN_GRPC(ImportResult result, pool_->Write([&](db::Tx& tx) {
                          return directories_->Import(tx, req->executors_csv(), req->rules_csv(),
                                                      classifier,
                                                      absl::StrCat("ImportDirectory by ", who.id),
                                                      req->dry_run(), clock_->Now());
                        }));
  resp->set_version(result.version);
  resp->set_applied(result.applied);
  for (std::string& c : result.changes) resp->add_changes(std::move(c));
  return grpc::Status::OK;
}

namespace {

// Every bad field of a body, named "executor.<field>".
void CheckExecutor(FieldViolations& v, const v1::Executor& e,
                   const refdata::Classifier& classifier) {
  if (!IsValidDirectoryId(e.id())) {
    v.Add("executor.id", absl::StrCat("\"", e.id(),
                                      "\" must be 1-64 lower-case letters, digits, '-' or '_'"));
  }
  CheckText(v, "executor.name", e.name(), 500);
  CheckMaxChars(v, "executor.first_head", e.first_head(), 300);
  CheckMaxChars(v, "executor.answers_from", e.answers_from(), 300);
  if (!IsExecutorKind(e.kind())) v.Add("executor.kind", "required: one of the executor kinds");
  if (!e.parent_id().empty() && !IsValidDirectoryId(e.parent_id())) {
    v.Add("executor.parent_id", absl::StrCat("unknown executor \"", e.parent_id(), "\""));
  }
  if (e.parent_id() == e.id() && !e.id().empty()) {
    v.Add("executor.parent_id", "a body cannot be its own parent");
  }
  if (e.territory_codes().empty()) v.Add("executor.territory_codes", "at least one is required");
  for (int i = 0; i < e.territory_codes_size(); ++i) {
    if (classifier.FindTerritory(e.territory_codes(i)) == nullptr) {
      v.Add(absl::StrCat("executor.territory_codes[", i, "]"),
            absl::StrCat("unknown territory \"", e.territory_codes(i), "\""));
    }
  }
}

}  // namespace

grpc::Status RoutingServiceImpl::ChangeExecutor(grpc::ServerContext* ctx,
                                                Directories::Change change,
                                                const v1::Executor& executor,
                                                v1::ExecutorChangeResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  ASSIGN_OR_RETURN_GRPC(std::shared_ptr<const Directory> current,
                        pool_->Write([&](db::Tx& tx) {
                          return directories_->Current(tx, clock_->Now());
                        }));
  FieldViolations v;
  if (change == Directories::Change::kDeactivate) {
    if (!IsValidDirectoryId(executor.id())) {
      v.Add("executor_id", absl::StrCat("unknown executor \"", executor.id(), "\""));
    }
  } else {
    CheckExecutor(v, executor, current->classifier());
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  const std::string source = absl::StrCat(
      change == Directories::Change::kCreate   ? "CreateExecutor"
      : change == Directories::Change::kUpdate ? "UpdateExecutor"
                                               : "DeactivateExecutor",
      " ", executor.id(), " by ", who.id);
  ASSIGN_OR_RETURN_GRPC(
      v1::ExecutorChangeResponse changed,
      pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::ExecutorChangeResponse> {
        absl::StatusOr<ImportResult> result =
            directories_->ChangeExecutor(tx, change, executor, source, clock_->Now());
        if (!result.ok()) return result.status();
        absl::StatusOr<std::shared_ptr<const Directory>> now =
            directories_->AtVersion(tx, result->version);
        if (!now.ok()) return now.status();
        v1::ExecutorChangeResponse out;
        if (const v1::Executor* e = (*now)->FindExecutor(executor.id())) *out.mutable_executor() = *e;
        out.set_version(result->version);
        for (std::string& c : result->changes) out.add_changes(std::move(c));
        return out;
      }));
  *resp = std::move(changed);
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
