// The one place where absl::Status meets grpc::Status.
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace contactcenter {

// Converts the code and message, and sends any google.rpc.* payloads (such
// as BadRequest) as standard error details. An error that is not the
// caller's (INTERNAL, UNKNOWN, DATA_LOSS, UNAVAILABLE, DEADLINE_EXCEEDED,
// ABORTED) is logged in full and answered, with its code, by a fixed
// sentence and a reference to the log line ("the service is unavailable
// for a moment; retry (incident 5f3a2c-17 in the server log)"), so hosts,
// ports, SQL and stack details never reach a caller. Client errors
// (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, PERMISSION_DENIED,
// UNAUTHENTICATED, ALREADY_EXISTS, RESOURCE_EXHAUSTED, ...) keep their
// text and details.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Converts back on the client side, keeping the details as payloads.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace contactcenter
