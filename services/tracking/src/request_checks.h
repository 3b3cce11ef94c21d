// Limits shared by tracking's gRPC adapters; the checks themselves
// (dates, page sizes and tokens, text) are in libs/status.
#pragma once

#include <cstddef>

namespace contactcenter::tracking {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;
inline constexpr size_t kMaxNoteChars = 2000;
inline constexpr size_t kMaxShortTextChars = 200;

}  // namespace contactcenter::tracking
