// TrackingService over gRPC. An executor's principal sees only its own
// cases; for anyone else's it gets the same NOT_FOUND as for a missing one.
#pragma once

#include "case_store.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"

namespace contactcenter::tracking {

class TrackingServiceImpl final : public v1::TrackingService::Service {
 public:
  TrackingServiceImpl(CaseStore* store, const auth::Authenticator* auth)
      : store_(store), auth_(auth) {}

  grpc::Status GetCase(grpc::ServerContext* ctx, const v1::GetCaseRequest* req,
                       v1::GetCaseResponse* resp) override;
  grpc::Status ListCases(grpc::ServerContext* ctx, const v1::ListCasesRequest* req,
                         v1::ListCasesResponse* resp) override;
  grpc::Status GetCaseHistory(grpc::ServerContext* ctx, const v1::GetCaseHistoryRequest* req,
                              v1::GetCaseHistoryResponse* resp) override;

 private:
  CaseStore* store_;
  const auth::Authenticator* auth_;
};

}  // namespace contactcenter::tracking
