// The one generic transcoder: JSON over HTTP to the services' unary gRPC
// methods and back, by protobuf's JSON mapping, for the methods of an
// allow-list only. No handler is written per RPC: a method's request and
// response types come from the generated descriptor pool, the call goes
// through grpc::GenericStub as bytes, with a person token the gateway signs
// for the logged-in person, so the service authorizes and records the
// person.
//
//   POST /api/<Service>/<Method>   e.g. /api/IntakeService/RegisterAppeal
//   200 {...the response in JSON, field names as in the .proto...}
//   4xx/5xx {"error": {"code": "INVALID_ARGUMENT", "message": "...",
//            "field_violations": [{"field": "card.essence", "description": "..."}]}}
//
// A download is a server-streaming method whose messages carry one bytes
// field (analytics' CsvChunk): the gateway concatenates the chunks and
// answers them as the file (text/csv for a *CsvChunk), up to kMaxDownload.
#pragma once

#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/auth/person_token.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/status.h"

namespace contactcenter::gateway {

struct HttpAnswer {
  int status = 200;
  std::string body;  // JSON, or a download's bytes
  std::string content_type = "application/json; charset=utf-8";
};

// `s` escaped for the inside of a JSON string literal.
std::string JsonString(absl::string_view s);

// The HTTP status for a gRPC status (google.rpc.Code's documented mapping).
int HttpStatusOf(grpc::StatusCode code);
absl::string_view CodeName(grpc::StatusCode code);
// {"error": {...}} with the code, the message and google.rpc.BadRequest's
// field violations from the status's details, if any.
std::string ErrorJson(const grpc::Status& status);
// An error the gateway answers itself (bad JSON, unknown method, ...).
HttpAnswer GatewayError(int http_status, grpc::StatusCode code, absl::string_view message);

// The methods the console uses; everything else is 404.
const std::vector<std::string>& ConsoleMethods();

class Transcoder {
 public:
  // `channels`: a channel per service full name
  // ("contactcenter.intake.v1.IntakeService" -> channel); `methods`: the
  // allow-list as "<Service>/<Method>" with the short service name.
  Transcoder(std::map<std::string, std::shared_ptr<grpc::Channel>> channels,
             const std::vector<std::string>& methods, const auth::PersonTokenSigner* signer,
             absl::Duration call_timeout = absl::Seconds(10));

  // `method` is "<Service>/<Method>"; `json` the request body.
  HttpAnswer Call(absl::string_view method, absl::string_view json,
                  const auth::PersonClaims& person) const;
  bool Allowed(absl::string_view method) const { return methods_.count(method) > 0; }

  // The largest download the gateway assembles.
  static constexpr size_t kMaxDownload = 32 << 20;

 private:
  struct Method {
    std::string path;  // "/contactcenter.intake.v1.IntakeService/RegisterAppeal"
    const google::protobuf::MethodDescriptor* descriptor = nullptr;
    std::shared_ptr<grpc::Channel> channel;
  };
  // A person's token, signed once and reused while it has more than half
  // of its two minutes left (a signature per call is most of the added
  // latency otherwise).
  absl::StatusOr<std::string> TokenFor(const auth::PersonClaims& person) const;
  HttpAnswer Download(const Method& m, grpc::ByteBuffer& request, grpc::ClientContext& ctx) const;

  std::map<std::string, Method, std::less<>> methods_;
  const auth::PersonTokenSigner* signer_;
  mutable std::mutex tokens_mu_;
  mutable std::map<std::string, std::pair<std::string, absl::Time>> tokens_;
  absl::Duration call_timeout_;
};

}  // namespace contactcenter::gateway
