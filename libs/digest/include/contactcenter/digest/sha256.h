// SHA-256 from OpenSSL's libcrypto, in one place: the tokens file keeps
// tokens' hashes (libs/auth), idempotency keys keep their request's
// (intake).
#pragma once

#include <string>
#include <string_view>

namespace contactcenter::digest {

// The 32 raw bytes of SHA-256 over `data`. Aborts if libcrypto cannot
// compute it at all (no memory, no provider): comparing by anything weaker
// would be silently wrong.
std::string Sha256(std::string_view data);

}  // namespace contactcenter::digest
