// AnalyticsService over gRPC: authorize (analyst, supervisor, system),
// check the request, call the reports use case; the Export* RPCs stream the
// same data as CSV.
#pragma once

#include "contactcenter/analytics/v1/analytics.grpc.pb.h"
#include "contactcenter/auth/auth.h"
#include "reports.h"
#include "spike_detection.h"
#include "text_analysis.h"

namespace contactcenter::analytics {

class AnalyticsServiceImpl final : public v1::AnalyticsService::Service {
 public:
  // CSV is streamed in chunks of about this many bytes.
  static constexpr size_t kCsvChunkBytes = 64 * 1024;

  // Without `spikes` the signal RPCs are UNIMPLEMENTED.
  AnalyticsServiceImpl(Reports* reports, const auth::Authenticator* auth,
                       SpikeDetection* spikes = nullptr)
      : reports_(reports), auth_(auth), spikes_(spikes) {}

  grpc::Status GetClassifierReport(grpc::ServerContext* ctx,
                                   const v1::GetClassifierReportRequest* req,
                                   v1::GetClassifierReportResponse* resp) override;
  grpc::Status GetTimelinessReport(grpc::ServerContext* ctx,
                                   const v1::GetTimelinessReportRequest* req,
                                   v1::GetTimelinessReportResponse* resp) override;
  grpc::Status CountAppeals(grpc::ServerContext* ctx, const v1::CountAppealsRequest* req,
                            v1::CountAppealsResponse* resp) override;
  grpc::Status ExportClassifierReport(grpc::ServerContext* ctx,
                                      const v1::GetClassifierReportRequest* req,
                                      grpc::ServerWriter<v1::CsvChunk>* writer) override;
  grpc::Status ExportTimelinessReport(grpc::ServerContext* ctx,
                                      const v1::GetTimelinessReportRequest* req,
                                      grpc::ServerWriter<v1::CsvChunk>* writer) override;
  grpc::Status ExportCountAppeals(grpc::ServerContext* ctx, const v1::CountAppealsRequest* req,
                                  grpc::ServerWriter<v1::CsvChunk>* writer) override;

  // Spike signals (signal_handlers.cc).
  grpc::Status ListSignals(grpc::ServerContext* ctx, const v1::ListSignalsRequest* req,
                           v1::ListSignalsResponse* resp) override;
  grpc::Status DecideSignal(grpc::ServerContext* ctx, const v1::DecideSignalRequest* req,
                            v1::DecideSignalResponse* resp) override;
  // Content analysis and topic suggestion (issue 15), in
  // analytics_service_text.cc; UNAVAILABLE until SetTextAnalysis.
  void SetTextAnalysis(TextAnalysis* text) { text_ = text; }
  grpc::Status AnalyseContent(grpc::ServerContext* ctx, const v1::AnalyseContentRequest* req,
                              v1::AnalyseContentResponse* resp) override;
  grpc::Status ExportContentAnalysis(grpc::ServerContext* ctx,
                                     const v1::AnalyseContentRequest* req,
                                     grpc::ServerWriter<v1::CsvChunk>* writer) override;
  grpc::Status SuggestTopics(grpc::ServerContext* ctx, const v1::SuggestTopicsRequest* req,
                             v1::SuggestTopicsResponse* resp) override;
  grpc::Status RetrainTopicModel(grpc::ServerContext* ctx, const v1::RetrainTopicModelRequest* req,
                                 v1::RetrainTopicModelResponse* resp) override;

 private:
  absl::Status Authorize(const grpc::ServerContext& ctx) const;

  Reports* reports_;
  const auth::Authenticator* auth_;
  SpikeDetection* spikes_;
  TextAnalysis* text_ = nullptr;
};

}  // namespace contactcenter::analytics
