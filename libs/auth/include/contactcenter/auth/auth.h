// Who is calling. Every call carries "authorization: Bearer <token>"; the
// token is looked up in a tokens file named by --tokens_file, which gives the
// caller's role and, for an executive body's system, its executor id.
//
// Tokens file: one token a line, whitespace-separated fields, '#' comments:
//   <token> <role> <principal-id> [executor-id]
//   d3v-operator-0001-token operator  operator-1
//   d3v-executor-0001-token executor  lg-oda-social-system  lg-oda-social
// Roles: operator, supervisor, executor, system (another government system),
// service (our own services reading each other's event logs).
#pragma once

#include <initializer_list>
#include <string>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"

namespace contactcenter::auth {

enum class Role { kOperator, kSupervisor, kExecutor, kSystem, kService };

absl::string_view RoleName(Role role);

struct Principal {
  // Who, e.g. "operator-17"; recorded as the author of what they do.
  std::string id;
  Role role = Role::kOperator;
  // Set for role executor only: the executive body it acts for.
  std::string executor_id;
};

class TokenStore {
 public:
  // Parses a tokens file; every bad line is reported at once, by number.
  static absl::StatusOr<TokenStore> Parse(absl::string_view text);
  static absl::StatusOr<TokenStore> LoadFile(const std::string& path);

  const Principal* Find(const std::string& token) const;
  size_t size() const { return principals_.size(); }

 private:
  std::unordered_map<std::string, Principal> principals_;
};

class Authenticator {
 public:
  explicit Authenticator(TokenStore tokens) : tokens_(std::move(tokens)) {}

  // UNAUTHENTICATED when the call has no valid bearer token.
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase& ctx) const;

  // As Authenticate, then PERMISSION_DENIED unless the role is allowed.
  absl::StatusOr<Principal> Authorize(const grpc::ServerContextBase& ctx,
                                      std::initializer_list<Role> allowed) const;

 private:
  TokenStore tokens_;
};

// Adds the bearer token to an outgoing call.
void AttachToken(grpc::ClientContext& ctx, const std::string& token);

}  // namespace contactcenter::auth
