// AnalyticsService's spike-signal RPCs: authorize, check, call the
// SpikeDetection use case. Analysts and supervisors list and decide; the
// administration's system lists the confirmed signals.
#include "analytics_service.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "signal_request.h"

namespace contactcenter::analytics {

grpc::Status AnalyticsServiceImpl::ListSignals(grpc::ServerContext* ctx,
                                               const v1::ListSignalsRequest* req,
                                               v1::ListSignalsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(
      auth::Principal who,
      auth_->Authorize(*ctx, {auth::Role::kAnalyst, auth::Role::kSupervisor, auth::Role::kSystem}));
  if (spikes_ == nullptr) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no detection");
  ASSIGN_OR_RETURN_GRPC(SignalListing l, ParseListSignals(*req, who.role, spikes_->classifier()));
  ASSIGN_OR_RETURN_GRPC(Page<v1::Signal> page, spikes_->List(l.query, l.page_size));
  for (v1::Signal& s : page.items) *resp->add_signals() = std::move(s);
  resp->set_next_page_token(EncodeKeysetToken(page.next, l.fingerprint));
  return grpc::Status::OK;
}

grpc::Status AnalyticsServiceImpl::DecideSignal(grpc::ServerContext* ctx,
                                                const v1::DecideSignalRequest* req,
                                                v1::DecideSignalResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {auth::Role::kAnalyst, auth::Role::kSupervisor}));
  if (spikes_ == nullptr) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no detection");
  RETURN_IF_ERROR_GRPC(CheckDecideSignal(*req));
  ASSIGN_OR_RETURN_GRPC(*resp->mutable_signal(),
                        spikes_->Decide(req->signal_id(), req->decision(), req->reason(), who));
  return grpc::Status::OK;
}

}  // namespace contactcenter::analytics
