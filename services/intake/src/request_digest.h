// What an idempotency key remembers of its request: a SHA-256 of the
// request's deterministic bytes, enough to tell a retry from a different
// request without keeping a second copy of the applicant's personal data.
#pragma once

#include <string>
#include <string_view>

#include "contactcenter/digest/sha256.h"
#include "google/protobuf/message.h"

namespace contactcenter::intake {

using digest::Sha256;

// The message serialised deterministically: the same request always gives
// the same bytes (within one build of the protos; a retry never spans an
// upgrade that changes them for long).
std::string DeterministicBytes(const google::protobuf::Message& m);

// Sha256(DeterministicBytes(m)): equal for a retry, different for any other
// request (what migration 0007 computed from the bytes it replaced, too).
std::string RequestDigest(const google::protobuf::Message& m);

}  // namespace contactcenter::intake
