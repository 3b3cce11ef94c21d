#include "contactcenter/auth/person_token.h"

#include <sodium.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace contactcenter::auth {
namespace {

constexpr absl::string_view kClaimsVersion = "cc-person-v1";

void InitSodium() {
  // Thread-safe and idempotent; fails only without a source of randomness.
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
}

bool IsHex(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::StatusOr<std::string> DecodeHexKey(absl::string_view hex, size_t bytes,
                                         absl::string_view what) {
  hex = absl::StripAsciiWhitespace(hex);
  if (hex.size() != 2 * bytes || !IsHex(hex)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be ", 2 * bytes, " hex digits, not ", hex.size(), " characters"));
  }
  return absl::HexStringToBytes(hex);
}

bool IsPersonRole(Role role) {
  return role == Role::kOperator || role == Role::kSupervisor || role == Role::kExecutor ||
         role == Role::kAnalyst;
}

// Ids are one word of printable ASCII: they go into audit rows and the
// claims' tab-separated text.
bool IsId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("person token refused: ", why));
}

}  // namespace

PersonKeyPair GeneratePersonKeyPair() {
  InitSodium();
  unsigned char seed[crypto_sign_SEEDBYTES];
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  randombytes_buf(seed, sizeof seed);
  crypto_sign_seed_keypair(pk, sk, seed);
  PersonKeyPair out{absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(seed), sizeof seed)),
                    absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(pk), sizeof pk))};
  sodium_memzero(seed, sizeof seed);
  sodium_memzero(sk, sizeof sk);
  return out;
}

absl::StatusOr<std::string> ReadHexKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read key file ", path));
  std::stringstream text;
  text << in.rdbuf();
  std::string hex(absl::StripAsciiWhitespace(text.str()));
  if (hex.size() != 64 || !IsHex(hex)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": a key file holds 64 hex digits, not ", hex.size(), " characters"));
  }
  return hex;
}

absl::StatusOr<PersonTokenSigner> PersonTokenSigner::FromSeedHex(absl::string_view seed_hex) {
  InitSodium();
  absl::StatusOr<std::string> seed = DecodeHexKey(seed_hex, crypto_sign_SEEDBYTES, "the signing key");
  if (!seed.ok()) return seed.status();
  PersonTokenSigner s;
  s.secret_key_.resize(crypto_sign_SECRETKEYBYTES);
  s.public_key_.resize(crypto_sign_PUBLICKEYBYTES);
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(s.public_key_.data()),
                           reinterpret_cast<unsigned char*>(s.secret_key_.data()),
                           reinterpret_cast<const unsigned char*>(seed->data()));
  return s;
}

absl::StatusOr<PersonTokenSigner> PersonTokenSigner::LoadFile(const std::string& path) {
  absl::StatusOr<std::string> hex = ReadHexKeyFile(path);
  if (!hex.ok()) return hex.status();
  return FromSeedHex(*hex);
}

std::string PersonTokenSigner::PublicKeyHex() const { return absl::BytesToHexString(public_key_); }

absl::StatusOr<std::string> PersonTokenSigner::Sign(const PersonClaims& c,
                                                    absl::string_view audience) const {
  std::vector<std::string> problems;
  if (!IsPersonRole(c.role)) {
    problems.push_back(absl::StrCat("role ", RoleName(c.role), " is not a person's"));
  }
  if (!IsId(c.person_id)) problems.push_back("the person id must be 1..128 printable characters");
  if (c.role == Role::kExecutor && !IsId(c.executor_id)) {
    problems.push_back("role executor needs an executor id");
  }
  if (c.role != Role::kExecutor && !c.executor_id.empty()) {
    problems.push_back("only role executor takes an executor id");
  }
  if (!IsId(audience)) problems.push_back("the audience must be one word");
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot sign: ", absl::StrJoin(problems, "; ")));
  }
  const std::string claims =
      absl::StrJoin({std::string(kClaimsVersion), std::string(audience), std::string(RoleName(c.role)),
                     c.person_id, c.executor_id, absl::StrCat(absl::ToUnixSeconds(c.expires))},
                    "\t");
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(claims.data()),
                       claims.size(), reinterpret_cast<const unsigned char*>(secret_key_.data()));
  return absl::StrCat(kPersonTokenPrefix, absl::WebSafeBase64Escape(claims), ".",
                      absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<char*>(sig), sizeof sig)));
}

absl::StatusOr<PersonTokenVerifier> PersonTokenVerifier::FromPublicKeyHex(
    absl::string_view public_hex) {
  InitSodium();
  absl::StatusOr<std::string> pk =
      DecodeHexKey(public_hex, crypto_sign_PUBLICKEYBYTES, "the public key");
  if (!pk.ok()) return pk.status();
  PersonTokenVerifier v;
  v.public_key_ = *std::move(pk);
  return v;
}

absl::StatusOr<PersonTokenVerifier> PersonTokenVerifier::LoadFile(const std::string& path) {
  absl::StatusOr<std::string> hex = ReadHexKeyFile(path);
  if (!hex.ok()) return hex.status();
  return FromPublicKeyHex(*hex);
}

absl::StatusOr<Principal> PersonTokenVerifier::Verify(absl::string_view token,
                                                      absl::Time now) const {
  if (!absl::ConsumePrefix(&token, kPersonTokenPrefix)) return Unauthenticated("not a person token");
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  std::string claims, sig;
  if (parts.size() != 2 || !absl::WebSafeBase64Unescape(parts[0], &claims) ||
      !absl::WebSafeBase64Unescape(parts[1], &sig) || sig.size() != crypto_sign_BYTES) {
    return Unauthenticated("malformed");
  }
  // The signature first: nothing of an unsigned text is believed or parsed.
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                  reinterpret_cast<const unsigned char*>(claims.data()),
                                  claims.size(),
                                  reinterpret_cast<const unsigned char*>(public_key_.data())) != 0) {
    return Unauthenticated("bad signature");
  }
  std::vector<std::string> f = absl::StrSplit(claims, '\t');
  int64_t expiry = 0;
  Principal p;
  if (f.size() != 6 || f[0] != kClaimsVersion || !absl::SimpleAtoi(f[5], &expiry) ||
      !ParseRoleName(f[2], &p.role) || !IsPersonRole(p.role) || !IsId(f[3])) {
    return Unauthenticated("malformed claims");
  }
  if (f[1] != kPersonTokenAudience) return Unauthenticated("meant for another audience");
  if (absl::FromUnixSeconds(expiry) <= now) return Unauthenticated("expired");
  if ((p.role == Role::kExecutor) != !f[4].empty()) return Unauthenticated("malformed claims");
  p.id = f[3];
  p.executor_id = f[4];
  return p;
}

}  // namespace contactcenter::auth
