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
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_decision(), store_->Get(req->appeal_id()));
  return grpc::Status::OK;
}

grpc::Status RoutingServiceImpl::ListExecutors(grpc::ServerContext* ctx,
                                               const v1::ListExecutorsRequest* req,
                                               v1::ListExecutorsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authenticate(*ctx));
  const std::string& territory = req->territory_code();
  if (!territory.empty() && classifier_->FindTerritory(territory) == nullptr) {
    FieldViolations v;
    v.Add("territory_code", absl::StrCat("unknown territory \"", territory, "\""));
    return ToGrpcStatus(v.ToStatus("invalid request"));
  }
  for (const auto& [id, e] : directory_->executors()) {
    bool covers = territory.empty();
    for (const std::string& t : e.territory_codes()) {
      covers = covers || classifier_->IsWithin(territory, t);
    }
    if (covers) *resp->add_executors() = e;
  }
  return grpc::Status::OK;
}

}  // namespace contactcenter::routing
