// Sessions of people logged in to the console, the lock-out of a login after
// repeated failed passwords, and the cookie and CSRF rules. Pure logic with
// the time passed in, so the rules are unit-tested without waiting.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "contactcenter/auth/auth.h"

namespace contactcenter::gateway {

inline constexpr absl::string_view kSessionCookie = "cc_session";

// The Set-Cookie value of a session: HttpOnly (no script reads it),
// SameSite=Strict (no other site's page sends it), Path=/, Max-Age the
// session's lifetime, and Secure when the console is served over TLS.
std::string SessionCookie(absl::string_view session_id, absl::Duration ttl, bool secure);
// The Set-Cookie value that ends the session in the browser.
std::string ClearedSessionCookie(bool secure);
// The session id from a Cookie header, or "".
std::string SessionIdFromCookies(absl::string_view cookie_header);

// 32 random bytes as hex (libsodium randombytes).
std::string RandomToken();
// Constant-time comparison, for the CSRF token.
bool SameSecret(absl::string_view a, absl::string_view b);

struct Session {
  std::string login;
  auth::Role role = auth::Role::kOperator;
  std::string executor_id;
  // Sent with every change in the header X-CSRF-Token; the page reads it
  // from the login answer or GET /api/session, never from a cookie.
  std::string csrf_token;
  absl::Time expires;
};

// Where sessions live: MemorySessionStore keeps them in this process (one
// replica: a restart logs everyone out); PgSessionStore (session_store_pg.h)
// in the gateway's database, shared by every replica. An error is the
// store's (a database away), never "no session".
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // A new session (id, session).
  virtual absl::StatusOr<std::pair<std::string, Session>> Create(absl::string_view login,
                                                                 auth::Role role,
                                                                 absl::string_view executor_id,
                                                                 absl::Time now) = 0;
  // The live session, or nothing (unknown or expired).
  virtual absl::StatusOr<std::optional<Session>> Find(absl::string_view id, absl::Time now) = 0;
  virtual absl::Status Remove(absl::string_view id) = 0;
  // Ends every session of `login` (locked, password changed, removed).
  virtual absl::Status RemoveLogin(absl::string_view login) = 0;
  virtual absl::Duration ttl() const = 0;
};

class MemorySessionStore final : public SessionStore {
 public:
  explicit MemorySessionStore(absl::Duration ttl, size_t max_sessions = 10000)
      : ttl_(ttl), max_sessions_(max_sessions) {}

  // The oldest session goes when the store is full; an expired one is
  // forgotten when looked for.
  absl::StatusOr<std::pair<std::string, Session>> Create(absl::string_view login, auth::Role role,
                                                         absl::string_view executor_id,
                                                         absl::Time now) override;
  absl::StatusOr<std::optional<Session>> Find(absl::string_view id, absl::Time now) override;
  absl::Status Remove(absl::string_view id) override;
  absl::Status RemoveLogin(absl::string_view login) override;
  absl::Duration ttl() const override { return ttl_; }

 private:
  const absl::Duration ttl_;
  const size_t max_sessions_;
  std::mutex mu_;
  std::map<std::string, Session, std::less<>> sessions_;
};

// A short per-replica memory of session lookups in front of the shared
// store (PgSessionStore), so that a request does not wait for the database:
// a session found is used for `fresh_for` without asking the store again.
// A logout, or a user locked, on this replica forgets it here at once; one
// on another replica ends it here within `fresh_for` (the bound the README
// states). Expiry is checked at every use. `fresh_for` zero asks the store
// every time.
class CachingSessionStore final : public SessionStore {
 public:
  CachingSessionStore(SessionStore* store, absl::Duration fresh_for, size_t max_entries = 10000)
      : store_(store), fresh_for_(fresh_for), max_entries_(max_entries) {}

  absl::StatusOr<std::pair<std::string, Session>> Create(absl::string_view login, auth::Role role,
                                                         absl::string_view executor_id,
                                                         absl::Time now) override;
  absl::StatusOr<std::optional<Session>> Find(absl::string_view id, absl::Time now) override;
  absl::Status Remove(absl::string_view id) override;
  absl::Status RemoveLogin(absl::string_view login) override;
  absl::Duration ttl() const override { return store_->ttl(); }

 private:
  struct Entry {
    Session session;
    absl::Time read_at;  // when the store last said it exists
  };
  void Remember(const std::string& id, const Session& s, absl::Time now);

  SessionStore* const store_;
  const absl::Duration fresh_for_;
  const size_t max_entries_;
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

// Lock-out: after `max_failures` failed passwords in a row a login is
// refused for `lock_for`, whatever password comes (so guessing is slow),
// and an unknown login is counted alike (so the answer does not tell which
// logins exist). A success resets the count.
class LoginThrottle {
 public:
  LoginThrottle(int max_failures, absl::Duration lock_for, size_t max_logins = 10000)
      : max_failures_(max_failures), lock_for_(lock_for), max_logins_(max_logins) {}

  // How long the login is still locked out at `now`; zero if it may try.
  absl::Duration LockedFor(absl::string_view login, absl::Time now);
  void Failed(absl::string_view login, absl::Time now);
  void Succeeded(absl::string_view login);

 private:
  struct Entry {
    int failures = 0;
    absl::Time locked_until = absl::InfinitePast();
  };
  const int max_failures_;
  const absl::Duration lock_for_;
  const size_t max_logins_;
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace contactcenter::gateway
