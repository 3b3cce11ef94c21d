#include "sessions.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace contactcenter::gateway {

std::string SessionCookie(absl::string_view session_id, absl::Duration ttl, bool secure) {
  return absl::StrCat(kSessionCookie, "=", session_id, "; Path=/; Max-Age=",
                      absl::ToInt64Seconds(ttl), "; HttpOnly; SameSite=Strict",
                      secure ? "; Secure" : "");
}

std::string ClearedSessionCookie(bool secure) {
  return absl::StrCat(kSessionCookie, "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
                      secure ? "; Secure" : "");
}

std::string SessionIdFromCookies(absl::string_view header) {
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, kSessionCookie) && absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

std::string RandomToken() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
  unsigned char buf[32];
  randombytes_buf(buf, sizeof buf);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(buf), sizeof buf));
}

bool SameSecret(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

absl::StatusOr<std::pair<std::string, Session>> MemorySessionStore::Create(
    absl::string_view login, auth::Role role, absl::string_view executor_id, absl::Time now) {
  Session s{std::string(login), role, std::string(executor_id), RandomToken(), now + ttl_};
  std::string id = RandomToken();
  std::lock_guard<std::mutex> lock(mu_);
  if (sessions_.size() >= max_sessions_) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.expires < oldest->second.expires) oldest = it;
    }
    sessions_.erase(oldest);
  }
  sessions_[id] = s;
  return std::pair<std::string, Session>{id, s};
}

absl::StatusOr<std::optional<Session>> MemorySessionStore::Find(absl::string_view id,
                                                                absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::optional<Session>();
  if (it->second.expires <= now) {
    sessions_.erase(it);
    return std::optional<Session>();
  }
  return std::optional<Session>(it->second);
}

absl::Status MemorySessionStore::Remove(absl::string_view id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it != sessions_.end()) sessions_.erase(it);
  return absl::OkStatus();
}

absl::Status MemorySessionStore::RemoveLogin(absl::string_view login) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.login == login ? sessions_.erase(it) : std::next(it);
  }
  return absl::OkStatus();
}

void CachingSessionStore::Remember(const std::string& id, const Session& s, absl::Time now) {
  if (fresh_for_ <= absl::ZeroDuration()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_entries_ && entries_.find(id) == entries_.end()) {
    // Full: what is stale goes; if nothing is, everything (the store has it).
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now - it->second.read_at >= fresh_for_ ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= max_entries_) entries_.clear();
  }
  entries_[id] = Entry{s, now};
}

absl::StatusOr<std::pair<std::string, Session>> CachingSessionStore::Create(
    absl::string_view login, auth::Role role, absl::string_view executor_id, absl::Time now) {
  absl::StatusOr<std::pair<std::string, Session>> made =
      store_->Create(login, role, executor_id, now);
  if (made.ok()) Remember(made->first, made->second, now);
  return made;
}

absl::StatusOr<std::optional<Session>> CachingSessionStore::Find(absl::string_view id,
                                                                 absl::Time now) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(id);
    if (it != entries_.end()) {
      if (it->second.session.expires <= now) {
        entries_.erase(it);
        return std::optional<Session>();
      }
      if (now - it->second.read_at < fresh_for_) return std::optional<Session>(it->second.session);
      entries_.erase(it);
    }
  }
  absl::StatusOr<std::optional<Session>> found = store_->Find(id, now);
  if (found.ok() && found->has_value()) Remember(std::string(id), **found, now);
  return found;
}

absl::Status CachingSessionStore::Remove(absl::string_view id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(id);
    if (it != entries_.end()) entries_.erase(it);
  }
  return store_->Remove(id);
}

absl::Status CachingSessionStore::RemoveLogin(absl::string_view login) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = it->second.session.login == login ? entries_.erase(it) : std::next(it);
    }
  }
  return store_->RemoveLogin(login);
}

absl::Duration LoginThrottle::LockedFor(absl::string_view login, absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(login);
  if (it == entries_.end() || it->second.locked_until <= now) return absl::ZeroDuration();
  return it->second.locked_until - now;
}

void LoginThrottle::Failed(absl::string_view login, absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(login);
  if (it == entries_.end()) {
    // Bounded: a flood of made-up logins forgets the oldest first (by name,
    // which is as good as any order for a flood).
    if (entries_.size() >= max_logins_) entries_.erase(entries_.begin());
    it = entries_.emplace(std::string(login), Entry{}).first;
  }
  if (++it->second.failures >= max_failures_) {
    it->second.locked_until = now + lock_for_;
    it->second.failures = 0;
  }
}

void LoginThrottle::Succeeded(absl::string_view login) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(login);
  if (it != entries_.end()) entries_.erase(it);
}

}  // namespace contactcenter::gateway
