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

bool HidesDetails(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal || code == absl::StatusCode::kUnknown ||
         code == absl::StatusCode::kDataLoss;
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
  if (HidesDetails(status.code())) {
    const std::string ref = NextIncidentRef();
    CC_LOG(Error) << "incident " << ref << ": " << status;
    message = absl::StrCat("internal error (incident ", ref, " in the server log)");
    return grpc::Status(code, message);
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
