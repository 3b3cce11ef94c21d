#include "users.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace contactcenter::gateway {
namespace {

void InitSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
}

bool IsPersonRole(auth::Role r) {
  return r == auth::Role::kOperator || r == auth::Role::kSupervisor || r == auth::Role::kExecutor ||
         r == auth::Role::kAnalyst;
}

absl::Status CheckUser(const User& u) {
  std::vector<std::string> problems;
  if (!IsValidLogin(u.login)) problems.push_back("a login is 2..64 of a-z 0-9 . _ -");
  if (!IsPersonRole(u.role)) {
    problems.push_back(absl::StrCat("role ", auth::RoleName(u.role),
                                    " cannot log in (operator, supervisor, executor)"));
  }
  if (u.role == auth::Role::kExecutor && !IsValidLogin(u.executor_id)) {
    problems.push_back("role executor needs the executor id it works for");
  }
  if (u.role != auth::Role::kExecutor && !u.executor_id.empty()) {
    problems.push_back("only role executor takes an executor id");
  }
  if (!absl::StartsWith(u.password_hash, "$argon2id$")) {
    problems.push_back("the password hash must be Argon2id ($argon2id$...)");
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
}

}  // namespace

bool IsValidLogin(absl::string_view login) {
  if (login.size() < 2 || login.size() > 64) return false;
  for (char c : login) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> HashPassword(absl::string_view password) {
  InitSodium();
  if (absl::Status s = CheckPassword(password); !s.ok()) return s;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("not enough memory to hash the password");
  }
  return std::string(out);
}

bool PasswordMatches(const std::string& hash, absl::string_view password) {
  InitSodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

absl::Status CheckPassword(absl::string_view password) {
  if (password.size() < 10) return absl::InvalidArgumentError("a password has at least 10 characters");
  if (password.size() > 128) return absl::InvalidArgumentError("a password has at most 128 characters");
  for (unsigned char c : password) {
    if (c < 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError("a password has no control characters");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Users> Users::Parse(absl::string_view text) {
  Users users;
  std::vector<std::string> problems;
  int n = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++n;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (f.size() != 5) {
      problems.push_back(absl::StrCat("line ", n, ": want <login> <role> <executor-id or -> "
                                      "<active|locked> <Argon2id hash>"));
      continue;
    }
    User u;
    u.login = std::string(f[0]);
    if (!auth::ParseRoleName(f[1], &u.role)) {
      problems.push_back(absl::StrCat("line ", n, ": unknown role \"", f[1], "\""));
      continue;
    }
    if (f[2] != "-") u.executor_id = std::string(f[2]);
    if (f[3] != "active" && f[3] != "locked") {
      problems.push_back(absl::StrCat("line ", n, ": the status is active or locked"));
      continue;
    }
    u.locked = f[3] == "locked";
    u.password_hash = std::string(f[4]);
    if (absl::Status s = users.Add(std::move(u)); !s.ok()) {
      problems.push_back(absl::StrCat("line ", n, ": ", s.message()));
    }
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("bad users file: ", absl::StrJoin(problems, "; ")));
  }
  return users;
}

absl::StatusOr<Users> Users::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read users file ", path));
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<Users> users = Parse(text.str());
  if (!users.ok()) return absl::Status(users.status().code(), absl::StrCat(path, ": ", users.status().message()));
  return users;
}

std::string Users::Format() const {
  std::string out =
      "# The console's users (services/gateway): managed with gateway-users.\n"
      "# <login> <role> <executor-id or -> <active|locked> <Argon2id hash>\n";
  for (const auto& [login, u] : users_) {
    absl::StrAppend(&out, login, " ", auth::RoleName(u.role), " ",
                    u.executor_id.empty() ? "-" : u.executor_id, " ",
                    u.locked ? "locked" : "active", " ", u.password_hash, "\n");
  }
  return out;
}

absl::Status Users::SaveFile(const std::string& path) const {
  const std::string tmp = path + ".new";
  const mode_t old = umask(077);
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << Format();
    if (!out.flush()) {
      umask(old);
      return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
    }
  }
  umask(old);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot replace ", path));
  }
  return absl::OkStatus();
}

const User* Users::Find(absl::string_view login) const {
  auto it = users_.find(login);
  return it == users_.end() ? nullptr : &it->second;
}

User* Users::Mutable(absl::string_view login) {
  auto it = users_.find(login);
  return it == users_.end() ? nullptr : &it->second;
}

absl::Status Users::Add(User user) {
  if (absl::Status s = CheckUser(user); !s.ok()) return s;
  if (users_.count(user.login) > 0) {
    return absl::AlreadyExistsError(absl::StrCat("user ", user.login, " exists"));
  }
  std::string login = user.login;
  users_.emplace(std::move(login), std::move(user));
  return absl::OkStatus();
}

}  // namespace contactcenter::gateway
