// libs/auth TokenStore::Parse: the tokens file, then lookups; and the rate
// limiter's key from a peer address (any text: it comes from the network).
#include <cstddef>
#include <cstdint>

#include "contactcenter/auth/auth.h"
#include "absl/strings/str_split.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contactcenter;
  const absl::string_view text = fuzz::AsText(data, size);
  (void)auth::PeerKey(text);
  absl::StatusOr<auth::TokenStore> store = auth::TokenStore::Parse(text);
  if (!store.ok()) {
    return 0;
  }
  (void)store->Find(text);
  (void)store->Find("");
  for (const absl::string_view line : absl::StrSplit(text, '\n')) (void)store->Find(line);
  return 0;
}
