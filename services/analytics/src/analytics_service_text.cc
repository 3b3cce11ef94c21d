// AnalyticsService's text RPCs (issue 15): content analysis and its CSV,
// topic suggestion, retraining.
#include "analytics_service.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::analytics {
namespace {

absl::Status Ready(const TextAnalysis* text) {
  return text ? absl::OkStatus() : absl::UnavailableError("text analysis is not set up");
}

}  // namespace

grpc::Status AnalyticsServiceImpl::AnalyseContent(grpc::ServerContext* ctx,
                                                  const v1::AnalyseContentRequest* req,
                                                  v1::AnalyseContentResponse* resp) {
  RETURN_IF_ERROR_GRPC(Authorize(*ctx));
  RETURN_IF_ERROR_GRPC(Ready(text_));
  ASSIGN_OR_RETURN_GRPC(ContentQuery q, ParseContentRequest(*req, text_->classifier()));
  ASSIGN_OR_RETURN_GRPC(*resp, text_->Content(q));
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::ExportContentAnalysis(grpc::ServerContext* ctx,
                                                         const v1::AnalyseContentRequest* req,
                                                         grpc::ServerWriter<v1::CsvChunk>* writer) {
  RETURN_IF_ERROR_GRPC(Authorize(*ctx));
  RETURN_IF_ERROR_GRPC(Ready(text_));
  ASSIGN_OR_RETURN_GRPC(ContentQuery q, ParseContentRequest(*req, text_->classifier()));
  ASSIGN_OR_RETURN_GRPC(v1::AnalyseContentResponse r, text_->Content(q));
  for (const std::string& data : ContentCsv(r, kCsvChunkBytes)) {
    v1::CsvChunk chunk;
    chunk.set_data(data);
    if (!writer->Write(chunk)) return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
  }
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::SuggestTopics(grpc::ServerContext* ctx,
                                                 const v1::SuggestTopicsRequest* req,
                                                 v1::SuggestTopicsResponse* resp) {
  // Operators confirm a suggested topic while they register an appeal.
  RETURN_IF_ERROR_GRPC(auth_->Authorize(*ctx, {auth::Role::kOperator, auth::Role::kAnalyst,
                                               auth::Role::kSupervisor, auth::Role::kSystem})
                           .status());
  RETURN_IF_ERROR_GRPC(Ready(text_));
  FieldViolations v;
  CheckText(v, "essence", req->essence(), kMaxDraftEssenceChars, Text::kFree);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid draft"));
  ASSIGN_OR_RETURN_GRPC(*resp, text_->Suggest(req->essence()));
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::RetrainTopicModel(grpc::ServerContext* ctx,
                                                     const v1::RetrainTopicModelRequest*,
                                                     v1::RetrainTopicModelResponse* resp) {
  RETURN_IF_ERROR_GRPC(
      auth_->Authorize(*ctx, {auth::Role::kAnalyst, auth::Role::kSupervisor}).status());
  RETURN_IF_ERROR_GRPC(Ready(text_));
  ASSIGN_OR_RETURN_GRPC(*resp, text_->Retrain());
  return grpc::Status::OK;
}

}  // namespace contactcenter::analytics
