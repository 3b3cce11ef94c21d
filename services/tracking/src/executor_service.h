// ExecutorService over gRPC: what the executive bodies' systems call. Only
// executor principals; each sees and changes only its own cases, and anyone
// else's case is NOT_FOUND exactly as a missing one.
#pragma once

#include "case_manager.h"
#include "case_queries.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"

namespace contactcenter::tracking {

class ExecutorServiceImpl final : public v1::ExecutorService::Service {
 public:
  ExecutorServiceImpl(CaseQueries* queries, CaseManager* manager,
                      const auth::Authenticator* auth)
      : queries_(queries), manager_(manager), auth_(auth) {}

  grpc::Status ListMyCases(grpc::ServerContext* ctx, const v1::ListMyCasesRequest* req,
                           v1::ListMyCasesResponse* resp) override;
  grpc::Status AcceptCase(grpc::ServerContext* ctx, const v1::AcceptCaseRequest* req,
                          v1::AcceptCaseResponse* resp) override;
  grpc::Status ReportProgress(grpc::ServerContext* ctx, const v1::ReportProgressRequest* req,
                              v1::ReportProgressResponse* resp) override;
  grpc::Status RequestExtension(grpc::ServerContext* ctx, const v1::RequestExtensionRequest* req,
                                v1::RequestExtensionResponse* resp) override;
  grpc::Status SubmitAnswer(grpc::ServerContext* ctx, const v1::SubmitAnswerRequest* req,
                            v1::SubmitAnswerResponse* resp) override;
  grpc::Status DeclineCase(grpc::ServerContext* ctx, const v1::DeclineCaseRequest* req,
                           v1::DeclineCaseResponse* resp) override;

 private:
  CaseQueries* queries_;
  CaseManager* manager_;
  const auth::Authenticator* auth_;
};

}  // namespace contactcenter::tracking
