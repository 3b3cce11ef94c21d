// GoogleTest matchers for absl::Status, absl::StatusOr<T> and grpc::Status
// (Abseil 20220623 ships none).
//   EXPECT_THAT(store.Get(id), IsOk());
//   EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound, HasSubstr("appeal")));
//   EXPECT_THAT(FieldsOf(grpc_status), UnorderedElementsAre("card.essence"));
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "gmock/gmock.h"
#include "grpcpp/support/status.h"

namespace contactcenter::testing {

inline absl::Status ToAbsl(const absl::Status& s) { return s; }
template <typename T>
absl::Status ToAbsl(const absl::StatusOr<T>& s) {
  return s.status();
}
inline absl::Status ToAbsl(const grpc::Status& s) { return FromGrpcStatus(s); }

// The field names of a status's google.rpc.BadRequest, in order.
template <typename S>
std::vector<std::string> FieldsOf(const S& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(ToAbsl(status))) fields.push_back(v.field);
  return fields;
}

MATCHER(IsOk, "is OK") {
  const absl::Status s = ToAbsl(arg);
  if (!s.ok()) *result_listener << "status is " << s;
  return s.ok();
}

MATCHER_P(StatusIs, code, "has code " + std::string(absl::StatusCodeToString(code))) {
  const absl::Status s = ToAbsl(arg);
  *result_listener << "status is " << s;
  return s.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has code " + std::string(absl::StatusCodeToString(code)) + " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher)) {
  const absl::Status s = ToAbsl(arg);
  *result_listener << "status is " << s;
  return s.code() == code &&
         ::testing::Matches(message_matcher)(std::string(s.message()));
}

MATCHER_P(IsOkAndHolds, value_matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

}  // namespace contactcenter::testing

// ASSERT_OK(expr) / EXPECT_OK(expr) for any of the three status types.
#define ASSERT_OK(expr) ASSERT_THAT(expr, ::contactcenter::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT(expr, ::contactcenter::testing::IsOk())
