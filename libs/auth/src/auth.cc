#include "contactcenter/auth/auth.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "grpcpp/client_context.h"
#include "contactcenter/auth/person_token.h"
#include "contactcenter/digest/sha256.h"
#include "contactcenter/tls/tls.h"

namespace contactcenter::auth {
namespace {

// A plain SHA-256, with no salt and no slow key derivation, is enough here:
// tokens are long random secrets (deploy/local/up makes 192-bit ones), so
// nobody can guess one from its hash by trying candidates. Passwords that
// people choose would need a slow salted hash (Argon2id); tokens do not, and
// a fast hash keeps every call's lookup cheap.
constexpr absl::string_view kHashPrefix = "sha256:";
constexpr size_t kHexDigits = 64;  // SHA-256: 32 bytes

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

bool ParseRoleName(absl::string_view name, Role* role) {
  static const std::pair<absl::string_view, Role> kRoles[] = {
      {"operator", Role::kOperator}, {"supervisor", Role::kSupervisor},
      {"executor", Role::kExecutor}, {"system", Role::kSystem},
      {"service", Role::kService}, {"analyst", Role::kAnalyst}};
  for (const auto& [n, r] : kRoles) {
    if (n == name) {
      *role = r;
      return true;
    }
  }
  return false;
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kOperator: return "operator";
    case Role::kSupervisor: return "supervisor";
    case Role::kExecutor: return "executor";
    case Role::kSystem: return "system";
    case Role::kService: return "service";
    case Role::kAnalyst: return "analyst";
  }
  return "unknown";
}

std::string TokenHash(absl::string_view token) {
  return absl::StrCat(kHashPrefix, absl::BytesToHexString(digest::Sha256(std::string_view(token.data(), token.size()))));
}

absl::StatusOr<TokenStore> TokenStore::Parse(absl::string_view text) {
  TokenStore store;
  std::vector<std::string> problems;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    const std::string where = absl::StrCat("line ", line_no);
    Principal p;
    if (f.size() < 3 || f.size() > 4) {
      problems.push_back(
          absl::StrCat(where, ": want sha256:<hex> <role> <principal-id> [executor-id]"));
      continue;
    }
    absl::string_view hex = f[0];
    std::string digest;
    if (!absl::ConsumePrefix(&hex, kHashPrefix)) {
      // Never echo the field: it may be a live token.
      problems.push_back(absl::StrCat(
          where, ": a token in clear, not its hash; store \"sha256:<hex>\" instead, "
                 "as printed by: deploy/local/hash-token <<< '<token>'"));
    } else if (hex.size() != kHexDigits || !IsLowerHex(hex)) {
      problems.push_back(absl::StrCat(where, ": the sha256 hash must be ", kHexDigits,
                                      " lower-case hex digits, not ", hex.size(), " characters"));
    } else {
      digest = absl::HexStringToBytes(hex);
    }
    if (!ParseRoleName(f[1], &p.role)) {
      problems.push_back(absl::StrCat(where, ": unknown role \"", f[1],
                                      "\" (operator, supervisor, executor, system, service)"));
    }
    p.id = std::string(f[2]);
    if (f.size() == 4) p.executor_id = std::string(f[3]);
    if (p.role == Role::kExecutor && p.executor_id.empty()) {
      problems.push_back(absl::StrCat(where, ": role executor needs an executor id"));
    }
    if (p.role != Role::kExecutor && !p.executor_id.empty()) {
      problems.push_back(absl::StrCat(where, ": only role executor takes an executor id"));
    }
    if (!digest.empty() && !store.principals_.emplace(digest, p).second) {
      problems.push_back(absl::StrCat(where, ": the same token hash appears twice"));
    }
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("bad tokens file: ", absl::StrJoin(problems, "; ")));
  }
  return store;
}

absl::StatusOr<TokenStore> TokenStore::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read tokens file ", path));
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<TokenStore> store = Parse(text.str());
  if (!store.ok()) {
    return absl::Status(store.status().code(), absl::StrCat(path, ": ", store.status().message()));
  }
  return store;
}

const Principal* TokenStore::Find(absl::string_view token) const {
  // The lookup's timing can tell a caller about the digest of what it sent,
  // which is no help in finding a token whose digest is stored.
  auto it = principals_.find(digest::Sha256(std::string_view(token.data(), token.size())));
  return it == principals_.end() ? nullptr : &it->second;
}

std::string PeerKey(absl::string_view peer) {
  // "ipv4:127.0.0.1:5000", "ipv6:[::1]:5000", "unix:/path".
  if (absl::ConsumePrefix(&peer, "ipv6:[")) {
    return absl::StrCat("peer:", peer.substr(0, peer.find(']')));
  }
  if (absl::ConsumePrefix(&peer, "ipv4:")) {
    return absl::StrCat("peer:", peer.substr(0, peer.rfind(':')));
  }
  return absl::StrCat("peer:", peer);
}

Authenticator::Authenticator(TokenStore tokens, std::unique_ptr<RateLimiter> limiter,
                             ServiceCertificates service_certificates)
    : tokens_(std::move(tokens)), limiter_(std::move(limiter)),
      service_certificates_(service_certificates) {}

Authenticator::Authenticator(TokenStore tokens, std::unique_ptr<RateLimiter> limiter,
                             std::unique_ptr<PersonTokenVerifier> persons,
                             ServiceCertificates service_certificates)
    : tokens_(std::move(tokens)), limiter_(std::move(limiter)), persons_(std::move(persons)),
      service_certificates_(service_certificates) {}

Authenticator::~Authenticator() = default;

absl::StatusOr<Principal> Authenticator::Authenticate(const grpc::ServerContextBase& ctx) const {
  absl::StatusOr<Principal> p = FindPrincipal(ctx);
  if (limiter_ != nullptr) {
    const std::string key = p.ok() ? absl::StrCat("principal:", p->id) : PeerKey(ctx.peer());
    if (absl::Status s = limiter_->Admit(key); !s.ok()) return s;
  }
  return p;
}

absl::StatusOr<Principal> Authenticator::FindPrincipal(const grpc::ServerContextBase& ctx) const {
  const auto& md = ctx.client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) {
    return absl::UnauthenticatedError(
        "no credentials: send the metadata \"authorization: Bearer <token>\"");
  }
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ") && !absl::ConsumePrefix(&value, "bearer ")) {
    return absl::UnauthenticatedError("the authorization metadata must be \"Bearer <token>\"");
  }
  value = absl::StripAsciiWhitespace(value);
  if (absl::StartsWith(value, kPersonTokenPrefix)) {
    if (persons_ == nullptr) {
      return absl::UnauthenticatedError(
          "person tokens are not accepted here (the service has no --person_token_public_key)");
    }
    return persons_->Verify(value, absl::Now());
  }
  const Principal* p = tokens_.Find(value);
  if (p == nullptr) return absl::UnauthenticatedError("unknown or revoked token");
  if (p->role == Role::kService && service_certificates_ == ServiceCertificates::kRequired) {
    // A service is known by its certificate as well as its token: the TLS
    // handshake verified the certificate against our CA, and it must name
    // the service the token was issued to.
    const std::shared_ptr<const grpc::AuthContext> peer = ctx.auth_context();
    const std::vector<std::string> names =
        peer == nullptr ? std::vector<std::string>{} : tls::PeerCertificateNames(*peer);
    if (names.empty()) {
      return absl::UnauthenticatedError(
          "a service token is valid only with its service's client certificate (mutual TLS)");
    }
    if (std::find(names.begin(), names.end(), p->id) == names.end()) {
      return absl::UnauthenticatedError(
          "the client certificate does not name the service the token belongs to");
    }
  }
  return *p;
}

absl::StatusOr<Principal> Authenticator::Authorize(const grpc::ServerContextBase& ctx,
                                                   std::initializer_list<Role> allowed) const {
  absl::StatusOr<Principal> p = Authenticate(ctx);
  if (!p.ok()) return p.status();
  for (Role r : allowed) {
    if (r == p->role) return p;
  }
  std::vector<std::string> names;
  for (Role r : allowed) names.emplace_back(RoleName(r));
  return absl::PermissionDeniedError(absl::StrCat("role ", RoleName(p->role),
                                                  " may not do this; allowed: ",
                                                  absl::StrJoin(names, ", ")));
}

absl::Status OnlyServices(const Principal& who,
                          std::initializer_list<absl::string_view> services) {
  if (who.role != Role::kService) return absl::OkStatus();
  for (absl::string_view s : services) {
    if (who.id == s) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat("service ", who.id, " may not do this; allowed: ",
                                                  absl::StrJoin(services, ", ")));
}

void AttachToken(grpc::ClientContext& ctx, const std::string& token) {
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
}

}  // namespace contactcenter::auth
