// Opaque page tokens for List RPCs (keyset paging). A token carries the
// position after the last item returned and a fingerprint of the query, so
// a token from one query is refused by another instead of paging wrongly.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace contactcenter {

// Web-safe base64 of the parts joined by '\n' (parts must not contain it).
std::string EncodePageToken(const std::vector<std::string>& parts);

// The parts, checking there are `count` of them; INVALID_ARGUMENT (naming
// page_token) when the token is malformed or its first part is not
// `fingerprint`.
absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view fingerprint,
                                                         size_t count);

// The page size to use: 0 means `default_size`, larger than `max_size` is
// capped; negative is INVALID_ARGUMENT on page_size.
absl::StatusOr<int> PageSize(int requested, int default_size, int max_size);

}  // namespace contactcenter
