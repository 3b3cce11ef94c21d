#include "gcc_port.h"

#include "contactcenter/client/client.h"
#include "contactcenter/status/grpc_status.h"

namespace contactcenter::exchange {

GrpcGovernmentContactCenterV1::GrpcGovernmentContactCenterV1(GrpcAdapterOptions options)
    : options_(std::move(options)),
      stub_(v1::GovernmentContactCenter::NewStub(client::MakeChannel(options_.target, options_.tls))) {}

namespace {
client::CallOptions Once(const GrpcAdapterOptions& o, bool safe_to_repeat) {
  client::CallOptions c;
  c.attempt_timeout = o.call_timeout;
  c.total_budget = o.call_timeout;
  c.retry_unavailable = safe_to_repeat;
  c.token = o.token;
  return c;
}
}  // namespace

absl::StatusOr<v1::Receipt> GrpcGovernmentContactCenterV1::SendStatus(
    const v1::StatusUpdate& update) {
  v1::SendStatusRequest req;
  *req.mutable_update() = update;
  v1::SendStatusResponse resp;
  grpc::Status s = client::Call(Once(options_, false), [&](grpc::ClientContext& ctx) {
    return stub_->SendStatus(&ctx, req, &resp);
  });
  if (!s.ok()) return FromGrpcStatus(s);
  return resp.receipt();
}

absl::StatusOr<std::vector<v1::Card>> GrpcGovernmentContactCenterV1::ListOfferedCards(
    int max_cards) {
  v1::ListOfferedCardsRequest req;
  req.set_max_cards(max_cards);
  v1::ListOfferedCardsResponse resp;
  grpc::Status s = client::Call(Once(options_, true), [&](grpc::ClientContext& ctx) {
    return stub_->ListOfferedCards(&ctx, req, &resp);
  });
  if (!s.ok()) return FromGrpcStatus(s);
  return std::vector<v1::Card>(resp.cards().begin(), resp.cards().end());
}

absl::StatusOr<std::vector<v1::OpenCard>> GrpcGovernmentContactCenterV1::ListOpenCards() {
  v1::ListOpenCardsRequest req;
  v1::ListOpenCardsResponse resp;
  grpc::Status s = client::Call(Once(options_, true), [&](grpc::ClientContext& ctx) {
    return stub_->ListOpenCards(&ctx, req, &resp);
  });
  if (!s.ok()) return FromGrpcStatus(s);
  return std::vector<v1::OpenCard>(resp.cards().begin(), resp.cards().end());
}

}  // namespace contactcenter::exchange
