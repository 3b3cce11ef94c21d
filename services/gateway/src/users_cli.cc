// gateway-users: the supervisor's tool for the console's users file.
//
//   gateway-users --file=F add LOGIN ROLE [EXECUTOR-ID]   password from stdin
//   gateway-users --file=F passwd LOGIN                   password from stdin
//   gateway-users --file=F lock LOGIN | unlock LOGIN
//   gateway-users --file=F list
//
// The password is read from standard input (one line), never from the
// command line, where other users of the machine could see it. The running
// gateway notices the change within a second; a lock ends the user's
// sessions at their next request.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "users.h"

namespace {

using contactcenter::gateway::User;
using contactcenter::gateway::Users;

int Fail(const std::string& message) {
  std::cerr << "gateway-users: " << message << "\n";
  return 1;
}

int Usage() {
  std::cerr << "usage: gateway-users --file=USERS add LOGIN ROLE [EXECUTOR-ID] | passwd LOGIN |"
               " lock LOGIN | unlock LOGIN | list\n(passwords are read from stdin)\n";
  return 2;
}

absl::StatusOr<std::string> ReadPassword() {
  if (isatty(STDIN_FILENO)) std::cerr << "password: " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return absl::InvalidArgumentError("no password on stdin");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return contactcenter::gateway::HashPassword(line);
}

}  // namespace

int main(int argc, char** argv) {
  std::string file;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--file=", 0) == 0) {
      file = a.substr(7);
    } else {
      args.push_back(a);
    }
  }
  if (file.empty() || args.empty()) return Usage();
  Users users;
  if (std::filesystem::exists(file)) {
    absl::StatusOr<Users> loaded = Users::LoadFile(file);
    if (!loaded.ok()) return Fail(std::string(loaded.status().message()));
    users = *std::move(loaded);
  }
  const std::string& cmd = args[0];
  if (cmd == "list" && args.size() == 1) {
    std::cout << users.Format();
    return 0;
  }
  if (args.size() < 2) return Usage();
  const std::string& login = args[1];
  if (cmd == "add" && (args.size() == 3 || args.size() == 4)) {
    User u;
    u.login = login;
    if (!contactcenter::auth::ParseRoleName(args[2], &u.role)) return Fail("unknown role " + args[2]);
    if (args.size() == 4) u.executor_id = args[3];
    absl::StatusOr<std::string> hash = ReadPassword();
    if (!hash.ok()) return Fail(std::string(hash.status().message()));
    u.password_hash = *hash;
    if (absl::Status s = users.Add(std::move(u)); !s.ok()) return Fail(std::string(s.message()));
  } else if ((cmd == "passwd" || cmd == "lock" || cmd == "unlock") && args.size() == 2) {
    User* u = users.Mutable(login);
    if (u == nullptr) return Fail("no user " + login);
    if (cmd == "passwd") {
      absl::StatusOr<std::string> hash = ReadPassword();
      if (!hash.ok()) return Fail(std::string(hash.status().message()));
      u->password_hash = *hash;
    } else {
      u->locked = cmd == "lock";
    }
  } else {
    return Usage();
  }
  if (absl::Status s = users.SaveFile(file); !s.ok()) return Fail(std::string(s.message()));
  std::cerr << "gateway-users: " << cmd << " " << login << ": done\n";
  return 0;
}
