// IntakeService over gRPC: authorise, validate (every bad field at once), call
// one use-case method (AppealRegistry, KnowledgeBase), map the status.
#pragma once

#include "appeal_registry.h"
#include "knowledge_base.h"
#include "notices.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/refdata/classifier.h"

namespace contactcenter::intake {

class IntakeServiceImpl final : public v1::IntakeService::Service {
 public:
  IntakeServiceImpl(AppealRegistry* appeals, KnowledgeBase* knowledge,
                    const refdata::Classifier* classifier, const auth::Authenticator* auth,
                    const Clock* clock)
      : appeals_(appeals),
        knowledge_(knowledge),
        classifier_(classifier),
        auth_(auth),
        clock_(clock) {}

  // The notices' RPCs (ListFailedNotices, ResendNotice, ListLetterBatch).
  void set_notices(Notices* notices) { notices_ = notices; }

  grpc::Status RegisterAppeal(grpc::ServerContext* ctx, const v1::RegisterAppealRequest* req,
                              v1::RegisterAppealResponse* resp) override;
  grpc::Status GetAppeal(grpc::ServerContext* ctx, const v1::GetAppealRequest* req,
                         v1::GetAppealResponse* resp) override;
  grpc::Status FindApplicantHistory(grpc::ServerContext* ctx,
                                    const v1::FindApplicantHistoryRequest* req,
                                    v1::FindApplicantHistoryResponse* resp) override;
  grpc::Status ListAppeals(grpc::ServerContext* ctx, const v1::ListAppealsRequest* req,
                           v1::ListAppealsResponse* resp) override;
  grpc::Status CreateArticle(grpc::ServerContext* ctx, const v1::CreateArticleRequest* req,
                             v1::CreateArticleResponse* resp) override;
  grpc::Status UpdateArticle(grpc::ServerContext* ctx, const v1::UpdateArticleRequest* req,
                             v1::UpdateArticleResponse* resp) override;
  grpc::Status SearchArticles(grpc::ServerContext* ctx, const v1::SearchArticlesRequest* req,
                              v1::SearchArticlesResponse* resp) override;
  grpc::Status RecordConsultation(grpc::ServerContext* ctx,
                                  const v1::RecordConsultationRequest* req,
                                  v1::RecordConsultationResponse* resp) override;
  grpc::Status CountConsultations(grpc::ServerContext* ctx,
                                  const v1::CountConsultationsRequest* req,
                                  v1::CountConsultationsResponse* resp) override;
  grpc::Status ListExclusionProposals(grpc::ServerContext* ctx,
                                      const v1::ListExclusionProposalsRequest* req,
                                      v1::ListExclusionProposalsResponse* resp) override;
  grpc::Status DecideExclusion(grpc::ServerContext* ctx, const v1::DecideExclusionRequest* req,
                               v1::DecideExclusionResponse* resp) override;
  grpc::Status RecordReturnLetter(grpc::ServerContext* ctx,
                                  const v1::RecordReturnLetterRequest* req,
                                  v1::RecordReturnLetterResponse* resp) override;
  grpc::Status ListOverdueReturns(grpc::ServerContext* ctx,
                                  const v1::ListOverdueReturnsRequest* req,
                                  v1::ListOverdueReturnsResponse* resp) override;
  grpc::Status ListFailedNotices(grpc::ServerContext* ctx,
                                 const v1::ListFailedNoticesRequest* req,
                                 v1::ListFailedNoticesResponse* resp) override;
  grpc::Status ResendNotice(grpc::ServerContext* ctx, const v1::ResendNoticeRequest* req,
                            v1::ResendNoticeResponse* resp) override;
  grpc::Status ListLetterBatch(grpc::ServerContext* ctx, const v1::ListLetterBatchRequest* req,
                               v1::ListLetterBatchResponse* resp) override;
  grpc::Status ReadEssencesForAnalysis(grpc::ServerContext* ctx,
                                       const v1::ReadEssencesForAnalysisRequest* req,
                                       v1::ReadEssencesForAnalysisResponse* resp) override;

 private:
  AppealRegistry* appeals_;
  KnowledgeBase* knowledge_;
  const refdata::Classifier* classifier_;
  const auth::Authenticator* auth_;
  const Clock* clock_;
  Notices* notices_ = nullptr;
};

}  // namespace contactcenter::intake
