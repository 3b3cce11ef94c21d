// Keep call sites flat: propagate a failed absl::Status or StatusOr upward.
//   RETURN_IF_ERROR(Validate(req));
//   ASSIGN_OR_RETURN(Appeal appeal, store.Get(id));
// In gRPC handlers, the _GRPC forms convert to grpc::Status on the way out.
#pragma once

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CC_STATUS_CONCAT_INNER(a, b) a##b
#define CC_STATUS_CONCAT(a, b) CC_STATUS_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                         \
  do {                                                \
    ::absl::Status cc_status_ = (expr);               \
    if (!cc_status_.ok()) return cc_status_;          \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr) \
  CC_ASSIGN_OR_RETURN_IMPL(CC_STATUS_CONCAT(cc_status_or_, __LINE__), lhs, expr, )

#define CC_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr, convert) \
  auto tmp = (expr);                                      \
  if (!tmp.ok()) return convert(tmp.status());            \
  lhs = std::move(tmp).value()

#define RETURN_IF_ERROR_GRPC(expr)                                       \
  do {                                                                   \
    ::absl::Status cc_status_ = (expr);                                  \
    if (!cc_status_.ok()) return ::contactcenter::ToGrpcStatus(cc_status_); \
  } while (0)

#define ASSIGN_OR_RETURN_GRPC(lhs, expr)                                 \
  CC_ASSIGN_OR_RETURN_IMPL(CC_STATUS_CONCAT(cc_status_or_, __LINE__), lhs, \
                           expr, ::contactcenter::ToGrpcStatus)
