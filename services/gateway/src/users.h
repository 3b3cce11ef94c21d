// The people who log in to the console: a users file that a supervisor
// manages with gateway-users (add, passwd, lock, unlock). One user a line,
// '#' comments:
//   <login> <role> <executor-id or -> <active|locked> <Argon2id hash>
//   olena.shevchenko operator - active $argon2id$v=19$m=65536,t=2,p=1$...
// Passwords are hashed with Argon2id (libsodium crypto_pwhash_str): a slow,
// salted hash, because people choose passwords that can be guessed.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "contactcenter/auth/auth.h"

namespace contactcenter::gateway {

struct User {
  std::string login;
  auth::Role role = auth::Role::kOperator;
  std::string executor_id;  // role executor only
  bool locked = false;      // by a supervisor
  std::string password_hash;
};

// Argon2id with libsodium's interactive limits (64 MiB, 2 passes).
absl::StatusOr<std::string> HashPassword(absl::string_view password);
bool PasswordMatches(const std::string& hash, absl::string_view password);
// At least 10 characters, at most 128, no control characters.
absl::Status CheckPassword(absl::string_view password);

class Users {
 public:
  // Every bad line at once, by number.
  static absl::StatusOr<Users> Parse(absl::string_view text);
  static absl::StatusOr<Users> LoadFile(const std::string& path);
  std::string Format() const;
  // Writes atomically (a new file renamed over the old one), mode 600.
  absl::Status SaveFile(const std::string& path) const;

  const User* Find(absl::string_view login) const;
  // INVALID_ARGUMENT for a bad login, role or executor id; ALREADY_EXISTS.
  absl::Status Add(User user);
  User* Mutable(absl::string_view login);
  size_t size() const { return users_.size(); }

 private:
  std::map<std::string, User, std::less<>> users_;
};

// A login: 2..64 of a-z 0-9 . _ - (it becomes the person id in audit rows).
bool IsValidLogin(absl::string_view login);

}  // namespace contactcenter::gateway
