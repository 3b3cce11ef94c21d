#include "users_source.h"

#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "contactcenter/log/log.h"

namespace contactcenter::gateway {
namespace {

bool ModTime(const std::string& path, timespec* out) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return false;
  *out = st.st_mtim;
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<UsersSource>> UsersSource::Open(const std::string& path) {
  timespec mtime{};
  if (!ModTime(path, &mtime)) return absl::NotFoundError(absl::StrCat("cannot read users file ", path));
  absl::StatusOr<Users> users = Users::LoadFile(path);
  if (!users.ok()) return users.status();
  return std::unique_ptr<UsersSource>(new UsersSource(path, *std::move(users), mtime));
}

void UsersSource::ReloadIfChanged() {
  // At most once a second: a stat per request is cheap, but not free.
  const absl::Time now = absl::Now();
  if (now - last_check_ < absl::Seconds(1)) return;
  last_check_ = now;
  timespec mtime{};
  if (!ModTime(path_, &mtime)) return;
  if (mtime.tv_sec == mtime_.tv_sec && mtime.tv_nsec == mtime_.tv_nsec) return;
  absl::StatusOr<Users> users = Users::LoadFile(path_);
  if (!users.ok()) {
    CC_LOG(Error) << "users file changed but cannot be used; keeping the last good one: "
                  << users.status();
    return;
  }
  users_ = *std::move(users);
  mtime_ = mtime;
  CC_LOG(Info) << "users file reloaded (" << users_.size() << " users)";
}

std::optional<User> UsersSource::Find(const std::string& login) {
  std::lock_guard<std::mutex> lock(mu_);
  ReloadIfChanged();
  const User* u = users_.Find(login);
  if (u == nullptr) return std::nullopt;
  return *u;
}

}  // namespace contactcenter::gateway
