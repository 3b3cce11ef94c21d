// The one place where absl::Status meets grpc::Status.
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace contactcenter {

// Converts the code and message, and sends any google.rpc.* payloads (such
// as BadRequest) as standard error details. INTERNAL, UNKNOWN and DATA_LOSS
// errors are logged in full and answered with a reference to the log line,
// so SQL text and stack details never reach a caller.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Converts back on the client side, keeping the details as payloads.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace contactcenter
