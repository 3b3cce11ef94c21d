// The gateway's HTTP side: login and sessions, CSRF, security headers, the
// console's static files, the transcoder under /api/<Service>/<Method>, the
// reference data for the pickers, and server-sent events.
//
//   GET  /healthz                 200 "ok" (readiness)
//   POST /api/login               {"login","password"} -> session cookie + CSRF token
//   POST /api/logout              ends the session
//   GET  /api/session             who is logged in, and the CSRF token
//   GET  /api/reference           topics and territories (code, name)
//   POST /api/<Service>/<Method>  the transcoder (allow-list: transcoder.h)
//   GET  /api/events/<stream>     server-sent events: manual-queue, attention
//   GET  /<page>.html, /app.js, /style.css   the console; a page without a
//                                 session is sent to /login.html
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "contactcenter/refdata/classifier.h"
#include "httplib.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"
#include "sessions.h"
#include "transcoder.h"
#include "users_source.h"

namespace contactcenter::gateway {

struct GatewayOptions {
  // Cookies marked Secure: the console is served over TLS (by us or by a
  // proxy in front).
  bool secure_cookies = false;
  absl::Duration session_ttl = absl::Hours(8);
  int login_max_failures = 5;
  absl::Duration login_lockout = absl::Minutes(15);
  size_t max_body_bytes = 256 << 10;
  absl::Duration events_interval = absl::Seconds(3);
  int max_event_streams = 32;
};

// A server-sent event stream: what it sends is the answer of one call, or,
// for several, {"<key>": <answer>, ...}, as the person logged in.
struct EventStream {
  struct Call {
    std::string key;     // "" for a stream of one call: its answer as it is
    std::string method;  // "<Service>/<Method>" of the allow-list
    std::string body;    // the request, JSON
  };
  std::string name;  // /api/events/<name>
  std::vector<Call> calls;
};
const std::vector<EventStream>& EventStreams();

// The security headers every answer carries: a Content-Security-Policy that
// allows nothing from outside (and no inline script), no framing, no MIME
// sniffing, no referrer; no caching of API answers. HSTS under TLS.
void AddSecurityHeaders(const httplib::Request& req, httplib::Response& res, bool tls);

class Gateway {
 public:
  // `sessions`: where sessions live (the database, shared by replicas);
  // null keeps them in this process's memory (one replica only).
  // `ready`: whether the gateway can serve (its database answers), for
  // /healthz; null is always.
  Gateway(GatewayOptions options, UsersSource* users, const Transcoder* transcoder,
          const refdata::Classifier* classifier, prometheus::Registry* metrics,
          SessionStore* sessions = nullptr, std::function<bool()> ready = nullptr);

  // Routes and handlers on `server` (with the body limit and a JSON error
  // body for every error httplib answers itself).
  void Register(httplib::Server& server);

 private:
  struct Caller {
    std::string session_id;
    Session session;
  };
  // The live session of the request's cookie whose user may still log in;
  // or an answer already set (401).
  std::optional<Caller> RequireSession(const httplib::Request& req, httplib::Response& res);
  // The live session of a cookie's id; nothing for none, or when the store
  // fails (logged).
  std::optional<Session> FindSession(const std::string& id);
  // As RequireSession, then the CSRF token and the Origin (403).
  std::optional<Caller> RequireChange(const httplib::Request& req, httplib::Response& res);
  // A JSON body (415 otherwise).
  bool RequireJson(const httplib::Request& req, httplib::Response& res);

  void Login(const httplib::Request& req, httplib::Response& res);
  void Logout(const httplib::Request& req, httplib::Response& res);
  void SessionInfo(const httplib::Request& req, httplib::Response& res);
  void Reference(const httplib::Request& req, httplib::Response& res);
  void Api(const httplib::Request& req, httplib::Response& res);
  void Events(const httplib::Request& req, httplib::Response& res);
  void Static(const httplib::Request& req, httplib::Response& res);
  HttpAnswer StreamSnapshot(const EventStream& stream, const auth::PersonClaims& person) const;

  GatewayOptions options_;
  UsersSource* users_;
  const Transcoder* transcoder_;
  std::string reference_json_;
  std::unique_ptr<SessionStore> own_sessions_;  // when none was given
  SessionStore* sessions_;
  std::function<bool()> ready_;
  LoginThrottle throttle_;
  // Argon2id takes 64 MiB and a good part of a core: two at once at most.
  std::mutex login_mu_;
  std::condition_variable login_cv_;
  int logins_running_ = 0;
  std::string dummy_hash_;  // verified for unknown logins, so timing is alike
  std::atomic<int> event_streams_{0};
  prometheus::Family<prometheus::Counter>* requests_;
};

}  // namespace contactcenter::gateway
