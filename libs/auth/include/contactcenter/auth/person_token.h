// Person tokens: short-lived tokens that the gateway signs for the person
// logged in, so that a service sees (and its audit rows and history name)
// the operator, supervisor or executor's clerk, not the gateway. Signed with
// Ed25519 (libsodium crypto_sign): the gateway alone holds the secret key;
// every service verifies with the public key (--person_token_public_key),
// so a service never has to trust a header blindly and holds nothing that
// could mint a token.
//
//   p1.<base64url(claims)>.<base64url(signature over the claims' bytes)>
//   claims: "cc-person-v1" TAB audience TAB role TAB person-id TAB
//           executor-id (may be empty) TAB expiry (Unix seconds)
//
// Key files hold hex: the secret key file the 32-byte seed (64 hex digits),
// the public key file the 32-byte public key; cc_person_keygen makes both.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "contactcenter/auth/auth.h"

namespace contactcenter::auth {

// Whom a person token is for: our services. A token signed for another
// audience (another use of the same key) is refused.
inline constexpr absl::string_view kPersonTokenAudience = "contactcenter-services";
// Every person token starts with this, so the authenticator tells it from
// a system's token without trying the tokens file.
inline constexpr absl::string_view kPersonTokenPrefix = "p1.";

struct PersonClaims {
  Role role = Role::kOperator;
  std::string person_id;
  // Role executor only: the executive body the person works for.
  std::string executor_id;
  absl::Time expires;
};

// A fresh key pair, as hex: {seed, public key}.
struct PersonKeyPair {
  std::string seed_hex;
  std::string public_hex;
};
PersonKeyPair GeneratePersonKeyPair();

// Reads a key file: 64 hex digits, surrounding whitespace ignored; a bad
// file says so without repeating its content.
absl::StatusOr<std::string> ReadHexKeyFile(const std::string& path);

class PersonTokenSigner {
 public:
  static absl::StatusOr<PersonTokenSigner> FromSeedHex(absl::string_view seed_hex);
  static absl::StatusOr<PersonTokenSigner> LoadFile(const std::string& path);

  // INVALID_ARGUMENT for claims that no token may carry: a role that is not
  // a person's (system, service; operator, supervisor, executor and analyst are), an empty or malformed id, an executor
  // without its executor id or another role with one.
  absl::StatusOr<std::string> Sign(const PersonClaims& claims,
                                   absl::string_view audience = kPersonTokenAudience) const;
  std::string PublicKeyHex() const;

 private:
  std::string secret_key_;  // crypto_sign_SECRETKEYBYTES
  std::string public_key_;  // crypto_sign_PUBLICKEYBYTES
};

class PersonTokenVerifier {
 public:
  static absl::StatusOr<PersonTokenVerifier> FromPublicKeyHex(absl::string_view public_hex);
  static absl::StatusOr<PersonTokenVerifier> LoadFile(const std::string& path);

  // The person, or UNAUTHENTICATED: malformed, signed by another key,
  // altered, for another audience, or expired at `now`. The message never
  // repeats the token.
  absl::StatusOr<Principal> Verify(absl::string_view token, absl::Time now) const;

 private:
  std::string public_key_;
};

}  // namespace contactcenter::auth
