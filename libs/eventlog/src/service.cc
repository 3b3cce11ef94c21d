#include "contactcenter/eventlog/service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::eventlog {
namespace {

constexpr int kBatch = 500;
// While idle, how often a stream checks whether its client is still there.
constexpr absl::Duration kIdleCheck = absl::Seconds(1);

absl::Status Validate(const v1::SubscribeRequest& req) {
  FieldViolations v;
  if (req.consumer().empty()) {
    v.Add("consumer", "required: name the consuming service, e.g. \"routing\"");
  } else if (req.consumer().size() > 64) {
    v.Add("consumer", "at most 64 characters");
  } else {
    for (char c : req.consumer()) {
      if (!absl::ascii_isalnum(c) && c != '-' && c != '_') {
        v.Add("consumer", "only letters, digits, '-' and '_'");
        break;
      }
    }
  }
  if (req.after_position() < 0) v.Add("after_position", "must not be negative");
  return v.ToStatus("invalid subscription");
}

}  // namespace

grpc::Status EventLogService::Subscribe(grpc::ServerContext* ctx, const v1::SubscribeRequest* req,
                                        grpc::ServerWriter<v1::Event>* writer) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {auth::Role::kService}));
  RETURN_IF_ERROR_GRPC(Validate(*req));
  // Tells the consumer at once that it is connected, even if no event comes.
  ctx->AddInitialMetadata(kProducerMetadataKey, producer_->name());
  writer->SendInitialMetadata();
  CC_LOG(Info) << "event stream to " << req->consumer() << " (" << who.id << ") from position "
               << req->after_position();
  int64_t cursor = req->after_position();
  while (true) {
    if (ctx->IsCancelled()) return grpc::Status::CANCELLED;
    if (producer_->stopping()) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "producer is shutting down; reconnect");
    }
    absl::StatusOr<std::vector<v1::Event>> batch = producer_->Read(cursor, kBatch);
    if (!batch.ok()) return ToGrpcStatus(batch.status());
    for (const v1::Event& e : *batch) {
      if (!writer->Write(e)) return grpc::Status::CANCELLED;  // the client went away
      cursor = e.position();
    }
    if (batch->size() < static_cast<size_t>(kBatch)) producer_->WaitForEvents(cursor, kIdleCheck);
  }
}

}  // namespace contactcenter::eventlog
