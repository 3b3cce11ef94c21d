// Checks and page tokens shared by tracking's gRPC adapters.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "case_store.h"
#include "contactcenter/common/v1/common.pb.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::tracking {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;
inline constexpr size_t kMaxNoteChars = 2000;
inline constexpr size_t kMaxShortTextChars = 200;

// The position in a token from EncodeCasePageToken with the same
// `fingerprint`, or a violation on page_token; nullopt position for "".
absl::StatusOr<std::optional<PagePosition>> DecodeCasePageToken(const std::string& token,
                                                                const std::string& fingerprint);
std::string EncodeCasePageToken(const PagePosition& next, const std::string& fingerprint);

}  // namespace contactcenter::tracking
