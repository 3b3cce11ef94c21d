// Who is calling. Every call carries "authorization: Bearer <token>"; the
// token is looked up in a tokens file named by --tokens_file, which gives the
// caller's role and, for an executive body's system, its executor id. A
// person working through the gateway calls with a short-lived token the
// gateway signed for them instead (person_token.h), verified with the
// public key named by --person_token_public_key.
//
// Tokens file: one token a line, whitespace-separated fields, '#' comments.
// The file holds each token's SHA-256, never the token, so a copy of the file
// lets nobody call (deploy/local/hash-token prints the hash of a token):
//   sha256:<64 hex digits> <role> <principal-id> [executor-id]
//   sha256:5e88...42d8 operator  operator-1
//   sha256:9f86...0a08 executor  lg-oda-social-system  lg-oda-social
// Roles: operator, supervisor, executor (with the executor id it acts for),
// system (another government system), service (our own services reading
// each other's event logs), analyst (reads analytics' reports). A service's
// principal id is the service's name ("sha256:... service intake"), and its
// token counts only together with that service's client certificate (mutual
// TLS, contactcenter/tls/tls.h): a stolen service token alone grants nothing.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "contactcenter/auth/rate_limiter.h"
#include "grpcpp/server_context.h"

namespace contactcenter::auth {

// kAnalyst reads analytics' reports and nothing else.
enum class Role { kOperator, kSupervisor, kExecutor, kSystem, kService, kAnalyst };

absl::string_view RoleName(Role role);
// "operator" -> kOperator; false for an unknown name.
bool ParseRoleName(absl::string_view name, Role* role);

struct Principal {
  // Who, e.g. "operator-17"; recorded as the author of what they do.
  std::string id;
  Role role = Role::kOperator;
  // Set for role executor only: the executive body it acts for.
  std::string executor_id;
};

// "sha256:<64 lower-case hex digits>" of `token`: what a tokens file stores.
std::string TokenHash(absl::string_view token);

class TokenStore {
 public:
  // Parses a tokens file; every bad line is reported at once, by number. A
  // line with a token in clear instead of its hash is refused, saying how to
  // hash it (the token itself is never repeated in the error).
  static absl::StatusOr<TokenStore> Parse(absl::string_view text);
  static absl::StatusOr<TokenStore> LoadFile(const std::string& path);

  // The principal whose stored hash is the hash of `token`, or null.
  const Principal* Find(absl::string_view token) const;
  size_t size() const { return principals_.size(); }

 private:
  // By raw SHA-256 digest (32 bytes).
  std::unordered_map<std::string, Principal> principals_;
};

// Every handler authenticates first thing, so this is where each call is
// also rate-limited (a gRPC 1.51 server interceptor cannot answer a call
// itself, with a status of its own, before the handler runs). Health and
// reflection do not authenticate and are never limited.
class PersonTokenVerifier;

// Whether a service token must come with its service's client certificate.
enum class ServiceCertificates {
  // The call's verified client certificate must name (CN or DNS SAN) the
  // token's principal id; without it the call is UNAUTHENTICATED.
  kRequired,
  // For servers run with --insecure_plaintext_for_tests_only, where there is
  // no certificate to check: tests of other things only.
  kNotCheckedPlaintextForTestsOnly,
};

class Authenticator {
 public:
  // Without `limiter`, no rate limit. Without `persons`, person tokens
  // (person_token.h) are refused; with it, a bearer token that starts with
  // "p1." is verified with it instead of being looked up in `tokens`.
  explicit Authenticator(TokenStore tokens, std::unique_ptr<RateLimiter> limiter = nullptr,
                         ServiceCertificates service_certificates = ServiceCertificates::kRequired);
  Authenticator(TokenStore tokens, std::unique_ptr<RateLimiter> limiter,
                std::unique_ptr<PersonTokenVerifier> persons,
                ServiceCertificates service_certificates = ServiceCertificates::kRequired);
  ~Authenticator();

  // RESOURCE_EXHAUSTED (with a retry delay) when the caller is over its
  // rate limit: the principal for a valid token, else the peer's address.
  // Then UNAUTHENTICATED when the call has no valid bearer token, or a
  // service token without its service's client certificate.
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase& ctx) const;

  // As Authenticate, then PERMISSION_DENIED unless the role is allowed.
  absl::StatusOr<Principal> Authorize(const grpc::ServerContextBase& ctx,
                                      std::initializer_list<Role> allowed) const;

 private:
  absl::StatusOr<Principal> FindPrincipal(const grpc::ServerContextBase& ctx) const;

  TokenStore tokens_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<PersonTokenVerifier> persons_;
  ServiceCertificates service_certificates_;
};

// For an RPC that role service may call only from some of our services:
// OK for a principal of any other role, and for a service whose principal
// id (its name, proven by its certificate) is among `services`; else
// PERMISSION_DENIED.
absl::Status OnlyServices(const Principal& who, std::initializer_list<absl::string_view> services);

// The rate limiter's key for a call without a valid token: the peer's
// address without its port ("ipv4:10.0.0.7:51234" -> "peer:10.0.0.7"), so
// that opening new connections does not refill the bucket.
std::string PeerKey(absl::string_view peer);

// Adds the bearer token to an outgoing call.
void AttachToken(grpc::ClientContext& ctx, const std::string& token);

}  // namespace contactcenter::auth
