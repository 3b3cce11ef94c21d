// libs/status page tokens: a token a caller sends back (any text) with the
// fingerprint of its query. An input is "fingerprint\n%%\ntoken".
#include <cstddef>
#include <cstdint>

#include "contactcenter/status/page_token.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contactcenter;
  const std::vector<std::string> parts = fuzz::SplitParts(fuzz::AsText(data, size), 2);
  const std::string& fingerprint = parts[0];
  const std::string& token = parts[1];

  absl::StatusOr<std::optional<KeysetPosition>> pos = DecodeKeysetToken(token, fingerprint);
  if (pos.ok() && pos->has_value()) {
    // What decodes encodes back to a token that decodes to the same place.
    const std::string again = EncodeKeysetToken(*pos, fingerprint);
    absl::StatusOr<std::optional<KeysetPosition>> back = DecodeKeysetToken(again, fingerprint);
    CC_FUZZ_CHECK(back.ok() && *back == *pos, "a decoded token round-trips");
  } else if (pos.ok()) {
    CC_FUZZ_CHECK(token.empty(), "only the empty token is the first page");
  } else {
    CC_FUZZ_CHECK(pos.status().code() == absl::StatusCode::kInvalidArgument,
                  "a bad token is INVALID_ARGUMENT");
  }
  for (size_t count : {1, 2, 3}) (void)DecodePageToken(token, fingerprint, count);

  // Any fingerprint round-trips a position, and another fingerprint refuses it.
  const KeysetPosition p{absl::FromUnixMicros(static_cast<int64_t>(size) * 1000003),
                         "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01"};
  const std::string mine = EncodeKeysetToken(p, fingerprint);
  absl::StatusOr<std::optional<KeysetPosition>> back = DecodeKeysetToken(mine, fingerprint);
  CC_FUZZ_CHECK(back.ok() && back->has_value() && **back == p, "an encoded token round-trips");
  if (token != fingerprint) {
    CC_FUZZ_CHECK(!DecodeKeysetToken(mine, token).ok(), "another query's token is refused");
  }
  return 0;
}
