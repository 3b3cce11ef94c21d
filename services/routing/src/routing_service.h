// RoutingService over gRPC.
#pragma once

#include "contactcenter/auth/auth.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "decision_store.h"
#include "directory.h"

namespace contactcenter::routing {

class RoutingServiceImpl final : public v1::RoutingService::Service {
 public:
  RoutingServiceImpl(const Directory* directory, DecisionStore* store,
                     const refdata::Classifier* classifier, const auth::Authenticator* auth)
      : directory_(directory), store_(store), classifier_(classifier), auth_(auth) {}

  grpc::Status GetRoutingDecision(grpc::ServerContext* ctx,
                                  const v1::GetRoutingDecisionRequest* req,
                                  v1::GetRoutingDecisionResponse* resp) override;
  grpc::Status ListExecutors(grpc::ServerContext* ctx, const v1::ListExecutorsRequest* req,
                             v1::ListExecutorsResponse* resp) override;

 private:
  const Directory* directory_;
  DecisionStore* store_;
  const refdata::Classifier* classifier_;
  const auth::Authenticator* auth_;
};

}  // namespace contactcenter::routing
