#include "analytics_service.h"

#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "report_layout.h"

namespace contactcenter::analytics {
namespace {

grpc::Status Stream(const std::vector<std::string>& chunks,
                    grpc::ServerWriter<v1::CsvChunk>* writer) {
  for (const std::string& data : chunks) {
    v1::CsvChunk chunk;
    chunk.set_data(data);
    if (!writer->Write(chunk)) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
    }
  }
  return grpc::Status::OK;
}

}  // namespace

absl::Status AnalyticsServiceImpl::Authorize(const grpc::ServerContext& ctx) const {
  // Reports are for analysts, supervisors and the administration's own
  // system; nobody else.
  return auth_->Authorize(ctx, {auth::Role::kAnalyst, auth::Role::kSupervisor, auth::Role::kSystem})
      .status();
}

grpc::Status AnalyticsServiceImpl::GetClassifierReport(grpc::ServerContext* ctx,
                                                       const v1::GetClassifierReportRequest* req,
                                                       v1::GetClassifierReportResponse* resp) {
  RETURN_IF_ERROR_GRPC(Authorize(*ctx));
  ASSIGN_OR_RETURN_GRPC(ReportQuery q, ParseReportRequest(req->period(), req->territory_code(),
                                                          reports_->classifier()));
  ASSIGN_OR_RETURN_GRPC(*resp, reports_->Classifier(q));
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::GetTimelinessReport(grpc::ServerContext* ctx,
                                                       const v1::GetTimelinessReportRequest* req,
                                                       v1::GetTimelinessReportResponse* resp) {
  RETURN_IF_ERROR_GRPC(Authorize(*ctx));
  ASSIGN_OR_RETURN_GRPC(ReportQuery q, ParseReportRequest(req->period(), req->territory_code(),
                                                          reports_->classifier()));
  ASSIGN_OR_RETURN_GRPC(*resp, reports_->Timeliness(q));
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::CountAppeals(grpc::ServerContext* ctx,
                                                const v1::CountAppealsRequest* req,
                                                v1::CountAppealsResponse* resp) {
  RETURN_IF_ERROR_GRPC(Authorize(*ctx));
  ASSIGN_OR_RETURN_GRPC(CountQuery q, ParseCountRequest(*req));
  ASSIGN_OR_RETURN_GRPC(*resp, reports_->Count(q));
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::ExportClassifierReport(
    grpc::ServerContext* ctx, const v1::GetClassifierReportRequest* req,
    grpc::ServerWriter<v1::CsvChunk>* writer) {
  RETURN_IF_ERROR_GRPC(Authorize(*ctx));
  ASSIGN_OR_RETURN_GRPC(ReportQuery q, ParseReportRequest(req->period(), req->territory_code(),
                                                          reports_->classifier()));
  ASSIGN_OR_RETURN_GRPC(v1::GetClassifierReportResponse report, reports_->Classifier(q));
  return Stream(ClassifierCsv(report, kCsvChunkBytes), writer);
}

grpc::Status AnalyticsServiceImpl::ExportTimelinessReport(
    grpc::ServerContext* ctx, const v1::GetTimelinessReportRequest* req,
    grpc::ServerWriter<v1::CsvChunk>* writer) {
  RETURN_IF_ERROR_GRPC(Authorize(*ctx));
  ASSIGN_OR_RETURN_GRPC(ReportQuery q, ParseReportRequest(req->period(), req->territory_code(),
                                                          reports_->classifier()));
  ASSIGN_OR_RETURN_GRPC(v1::GetTimelinessReportResponse report, reports_->Timeliness(q));
  return Stream(TimelinessCsv(report, kCsvChunkBytes), writer);
}

grpc::Status AnalyticsServiceImpl::ExportCountAppeals(grpc::ServerContext* ctx,
                                                      const v1::CountAppealsRequest* req,
                                                      grpc::ServerWriter<v1::CsvChunk>* writer) {
  RETURN_IF_ERROR_GRPC(Authorize(*ctx));
  ASSIGN_OR_RETURN_GRPC(CountQuery q, ParseCountRequest(*req));
  ASSIGN_OR_RETURN_GRPC(v1::CountAppealsResponse report, reports_->Count(q));
  return Stream(CountCsv(q, report, kCsvChunkBytes), writer);
}

}  // namespace contactcenter::analytics
