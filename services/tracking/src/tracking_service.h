// TrackingService over gRPC. An executor's principal sees only its own
// cases; for anyone else's it gets the same NOT_FOUND as for a missing one.
#pragma once

#include "case_manager.h"
#include "case_queries.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"

namespace contactcenter::tracking {

class TrackingServiceImpl final : public v1::TrackingService::Service {
 public:
  TrackingServiceImpl(CaseQueries* queries, CaseManager* manager,
                      const auth::Authenticator* auth)
      : queries_(queries), manager_(manager), auth_(auth) {}

  grpc::Status GetCase(grpc::ServerContext* ctx, const v1::GetCaseRequest* req,
                       v1::GetCaseResponse* resp) override;
  grpc::Status ListCases(grpc::ServerContext* ctx, const v1::ListCasesRequest* req,
                         v1::ListCasesResponse* resp) override;
  grpc::Status GetCaseHistory(grpc::ServerContext* ctx, const v1::GetCaseHistoryRequest* req,
                              v1::GetCaseHistoryResponse* resp) override;
  grpc::Status PlanCallBack(grpc::ServerContext* ctx, const v1::PlanCallBackRequest* req,
                            v1::PlanCallBackResponse* resp) override;
  grpc::Status RecordCallBack(grpc::ServerContext* ctx, const v1::RecordCallBackRequest* req,
                              v1::RecordCallBackResponse* resp) override;
  grpc::Status ShortenTerm(grpc::ServerContext* ctx, const v1::ShortenTermRequest* req,
                           v1::ShortenTermResponse* resp) override;
  grpc::Status ListCasesNeedingAttention(grpc::ServerContext* ctx,
                                         const v1::ListCasesNeedingAttentionRequest* req,
                                         v1::ListCasesNeedingAttentionResponse* resp) override;
  grpc::Status CountOverdueByExecutor(grpc::ServerContext* ctx,
                                      const v1::CountOverdueByExecutorRequest* req,
                                      v1::CountOverdueByExecutorResponse* resp) override;
  grpc::Status LeaveWithoutConsideration(grpc::ServerContext* ctx,
                                         const v1::LeaveWithoutConsiderationRequest* req,
                                         v1::LeaveWithoutConsiderationResponse* resp) override;

 private:
  CaseQueries* queries_;
  CaseManager* manager_;
  const auth::Authenticator* auth_;
};

}  // namespace contactcenter::tracking
