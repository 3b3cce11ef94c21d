#include "contactcenter/status/grpc_status.h"

#include <atomic>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/log/log.h"
#include "google/rpc/status.pb.h"

namespace contactcenter {
namespace {

constexpr char kGoogleRpcTypePrefix[] = "type.googleapis.com/google.rpc.";

// The fixed sentence a client gets for an error that is not its own (the
// full text, with hosts, ports, SQL or a stack, stays in the log); nullptr
// for client errors, whose text says what to fix. ABORTED is here too:
// what escapes the pool's retries is the database's text.
const char* FixedSentence(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
      return "internal error";
    case absl::StatusCode::kDataLoss:
      return "stored data could not be read";
    case absl::StatusCode::kUnavailable:
      return "the service is unavailable for a moment; retry";
    case absl::StatusCode::kDeadlineExceeded:
      return "the service did not finish in time; retry";
    case absl::StatusCode::kAborted:
      return "the change met a concurrent one; retry";
    default:
      return nullptr;
  }
}

// A short reference an operator can quote and ops can grep for.
std::string NextIncidentRef() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t start = static_cast<uint64_t>(absl::ToUnixSeconds(absl::Now()));
  return absl::StrCat(absl::Hex(start & 0xffffff), "-", counter.fetch_add(1) + 1);
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  if (const char* sentence = FixedSentence(status.code())) {
    const std::string ref = NextIncidentRef();
    CC_LOG(Error) << "incident " << ref << ": " << status;
    return grpc::Status(code, absl::StrCat(sentence, " (incident ", ref, " in the server log)"));
  }
  google::rpc::Status rich;
  rich.set_code(static_cast<int>(code));
  rich.set_message(message);
  status.ForEachPayload([&rich](absl::string_view type_url, const absl::Cord& value) {
    if (!absl::StartsWith(type_url, kGoogleRpcTypePrefix)) return;
    auto* any = rich.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(value));
  });
  if (rich.details().empty()) return grpc::Status(code, message);
  return grpc::Status(code, message, rich.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status rich;
  if (!status.error_details().empty() && rich.ParseFromString(status.error_details())) {
    for (const auto& any : rich.details()) out.SetPayload(any.type_url(), absl::Cord(any.value()));
  }
  return out;
}

}  // namespace contactcenter
