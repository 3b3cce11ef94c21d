// The users file as the gateway reads it: loaded at start, read again when
// it changes (gateway-users rewrote it), so a supervisor's lock or a new
// password takes effect without a restart. A file that became unreadable
// or bad keeps the last good users, and says so in the log.
#pragma once

#include <ctime>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "users.h"

namespace contactcenter::gateway {

class UsersSource {
 public:
  static absl::StatusOr<std::unique_ptr<UsersSource>> Open(const std::string& path);

  // A copy of the user as the file says now, or nothing.
  std::optional<User> Find(const std::string& login);

 private:
  UsersSource(std::string path, Users users, timespec mtime)
      : path_(std::move(path)), users_(std::move(users)), mtime_(mtime) {}
  void ReloadIfChanged();

  const std::string path_;
  std::mutex mu_;
  Users users_;
  timespec mtime_;
  absl::Time last_check_ = absl::InfinitePast();
};

}  // namespace contactcenter::gateway
