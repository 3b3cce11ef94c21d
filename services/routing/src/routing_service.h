// RoutingService over gRPC: each handler authorizes, names every bad field
// it can see in the request, calls one use case and maps its status. No
// pool, store or transaction here; checks that need the directory in force
// run in the use case.
#pragma once

#include "appeal_router.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "executor_directory.h"
#include "manual_queue.h"

namespace contactcenter::routing {

class RoutingServiceImpl final : public v1::RoutingService::Service {
 public:
  RoutingServiceImpl(AppealRouter* router, ExecutorDirectory* directory, ManualQueue* queue,
                     const auth::Authenticator* auth)
      : router_(router), directory_(directory), queue_(queue), auth_(auth) {}

  grpc::Status GetRoutingDecision(grpc::ServerContext* ctx,
                                  const v1::GetRoutingDecisionRequest* req,
                                  v1::GetRoutingDecisionResponse* resp) override;
  grpc::Status ListExecutors(grpc::ServerContext* ctx, const v1::ListExecutorsRequest* req,
                             v1::ListExecutorsResponse* resp) override;
  grpc::Status ImportDirectory(grpc::ServerContext* ctx, const v1::ImportDirectoryRequest* req,
                               v1::ImportDirectoryResponse* resp) override;
  grpc::Status ExportDirectory(grpc::ServerContext* ctx, const v1::ExportDirectoryRequest* req,
                               v1::ExportDirectoryResponse* resp) override;
  grpc::Status CreateExecutor(grpc::ServerContext* ctx, const v1::CreateExecutorRequest* req,
                              v1::ExecutorChangeResponse* resp) override;
  grpc::Status UpdateExecutor(grpc::ServerContext* ctx, const v1::UpdateExecutorRequest* req,
                              v1::ExecutorChangeResponse* resp) override;
  grpc::Status DeactivateExecutor(grpc::ServerContext* ctx,
                                  const v1::DeactivateExecutorRequest* req,
                                  v1::ExecutorChangeResponse* resp) override;
  grpc::Status ListManualRoutingQueue(grpc::ServerContext* ctx,
                                      const v1::ListManualRoutingQueueRequest* req,
                                      v1::ListManualRoutingQueueResponse* resp) override;
  grpc::Status AssignExecutor(grpc::ServerContext* ctx, const v1::AssignExecutorRequest* req,
                              v1::AssignExecutorResponse* resp) override;

 private:
  grpc::Status ChangeExecutor(grpc::ServerContext* ctx, Directories::Change change,
                              const v1::Executor& executor, v1::ExecutorChangeResponse* resp);

  AppealRouter* router_;
  ExecutorDirectory* directory_;
  ManualQueue* queue_;
  const auth::Authenticator* auth_;
};

}  // namespace contactcenter::routing
