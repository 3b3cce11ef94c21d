// The port between our exchange logic and the Government Contact Center's
// wire. No official format is published, so the wire is versioned behind
// this interface: GrpcGovernmentContactCenterV1 speaks version 1
// (contactcenter.exchange.v1.GovernmentContactCenter); another version or a
// file/SOAP gateway is another implementation of the same port.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/exchange/v1/exchange.grpc.pb.h"
#include "contactcenter/exchange/v1/exchange.pb.h"
#include "contactcenter/tls/tls.h"

namespace contactcenter::exchange {

class GovernmentContactCenter {
 public:
  virtual ~GovernmentContactCenter() = default;
  // Which version of the other side's format this adapter speaks.
  virtual std::string version() const = 0;
  // Sends one status message; its receipt, or the transport's error
  // (UNAVAILABLE, DEADLINE_EXCEEDED, ...), which the caller retries.
  virtual absl::StatusOr<v1::Receipt> SendStatus(const v1::StatusUpdate& update) = 0;
  // The cards its feed offers, oldest first.
  virtual absl::StatusOr<std::vector<v1::Card>> ListOfferedCards(int max_cards) = 0;
  // Its open cards addressed to us.
  virtual absl::StatusOr<std::vector<v1::OpenCard>> ListOpenCards() = 0;
};

struct GrpcAdapterOptions {
  // host:port of the other side.
  std::string target;
  // Our bearer token with it, if it asks for one.
  std::string token;
  // The deadline of each call: a receipt later than this is a missing one
  // (the message is sent again; the sequence number makes that harmless).
  absl::Duration call_timeout = absl::Seconds(5);
  // Transport security of the channel to it: its own CA (another party's,
  // not ours) and the client certificate it issued to us, if any.
  tls::Config tls;
};

// Version 1 over gRPC (libs/client: one channel that reconnects within a
// second, a deadline on every call). No retries here: the delivery worker
// retries with its own backoff and budget.
class GrpcGovernmentContactCenterV1 final : public GovernmentContactCenter {
 public:
  explicit GrpcGovernmentContactCenterV1(GrpcAdapterOptions options);
  std::string version() const override { return "v1"; }
  absl::StatusOr<v1::Receipt> SendStatus(const v1::StatusUpdate& update) override;
  absl::StatusOr<std::vector<v1::Card>> ListOfferedCards(int max_cards) override;
  absl::StatusOr<std::vector<v1::OpenCard>> ListOpenCards() override;

 private:
  const GrpcAdapterOptions options_;
  std::unique_ptr<v1::GovernmentContactCenter::Stub> stub_;
};

}  // namespace contactcenter::exchange
