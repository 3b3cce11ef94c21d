#include "gateway_http.h"

#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "console_files.h"
#include "contactcenter/log/log.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace contactcenter::gateway {
namespace {

namespace pb = ::google::protobuf;

constexpr char kJson[] = "application/json; charset=utf-8";

void SetError(httplib::Response& res, int http, grpc::StatusCode code, absl::string_view message) {
  HttpAnswer a = GatewayError(http, code, message);
  res.status = a.status;
  res.set_content(a.body, kJson);
}

std::string ContentTypeOf(absl::string_view name) {
  if (absl::EndsWith(name, ".html")) return "text/html; charset=utf-8";
  if (absl::EndsWith(name, ".js")) return "text/javascript; charset=utf-8";
  if (absl::EndsWith(name, ".css")) return "text/css; charset=utf-8";
  if (absl::EndsWith(name, ".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

std::string HomeOf(auth::Role role) {
  switch (role) {
    case auth::Role::kSupervisor: return "/supervisor.html";
    case auth::Role::kExecutor: return "/executor.html";
    case auth::Role::kAnalyst: return "/analytics.html";
    default: return "/operator.html";
  }
}

std::string ReferenceJson(const refdata::Classifier* c) {
  std::string topics, territories;
  if (c != nullptr) {
    for (const auto& [code, t] : c->topics()) {
      absl::StrAppend(&topics, topics.empty() ? "" : ",", "{\"code\":\"", JsonString(code),
                      "\",\"name\":\"", JsonString(t.name_uk), "\"}");
    }
    for (const auto& [code, t] : c->territories()) {
      absl::StrAppend(&territories, territories.empty() ? "" : ",", "{\"code\":\"",
                      JsonString(code), "\",\"name\":\"", JsonString(t.name_uk), "\"}");
    }
  }
  return absl::StrCat("{\"topics\":[", topics, "],\"territories\":[", territories, "]}");
}

std::string SessionJson(const Session& s) {
  return absl::StrCat("{\"login\":\"", JsonString(s.login), "\",\"role\":\"",
                      auth::RoleName(s.role), "\",\"executor_id\":\"", JsonString(s.executor_id),
                      "\",\"csrf_token\":\"", s.csrf_token, "\",\"home\":\"", HomeOf(s.role),
                      "\"}");
}

// Percent-encodes all but unreserved characters (RFC 3986), for a query.
std::string UrlEncode(absl::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppend(&out, "%", absl::AsciiStrToUpper(absl::StrCat(absl::Hex(c, absl::kZeroPad2))));
    }
  }
  return out;
}

// Requests are labelled by what they ask for, from a bounded set.
std::string RouteLabel(const httplib::Request& req, const Transcoder* t) {
  absl::string_view p = req.path;
  if (p == "/healthz") return "healthz";
  if (absl::ConsumePrefix(&p, "/api/")) {
    if (p == "login" || p == "logout" || p == "session" || p == "reference") return std::string(p);
    if (absl::StartsWith(p, "events/")) return "events";
    return t->Allowed(p) ? absl::StrCat("api:", p) : "api:unknown";
  }
  return "static";
}

}  // namespace

void AddSecurityHeaders(const httplib::Request& req, httplib::Response& res, bool tls) {
  // httplib may run both the error and the post-routing handler: once.
  if (res.has_header("Content-Security-Policy")) return;
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                 "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                 "base-uri 'none'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  if (absl::StartsWith(req.path, "/api/")) res.set_header("Cache-Control", "no-store");
  if (tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
}

Gateway::Gateway(GatewayOptions options, UsersSource* users, const Transcoder* transcoder,
                 const refdata::Classifier* classifier, prometheus::Registry* metrics,
                 SessionStore* sessions, std::function<bool()> ready)
    : options_(options),
      users_(users),
      transcoder_(transcoder),
      reference_json_(ReferenceJson(classifier)),
      own_sessions_(sessions == nullptr ? std::make_unique<MemorySessionStore>(options.session_ttl)
                                        : nullptr),
      sessions_(sessions == nullptr ? own_sessions_.get() : sessions),
      ready_(std::move(ready)),
      throttle_(options.login_max_failures, options.login_lockout),
      dummy_hash_(*HashPassword("not-a-password-of-anyone")),
      requests_(&prometheus::BuildCounter()
                     .Name("gateway_http_requests_total")
                     .Help("HTTP requests by route and HTTP status.")
                     .Register(*metrics)) {}

void Gateway::Register(httplib::Server& server) {
  server.set_payload_max_length(options_.max_body_bytes);
  // httplib writes the head and the body separately: without this, Nagle's
  // algorithm and the client's delayed ACK add ~40 ms to every answer.
  server.set_tcp_nodelay(true);
  const bool tls = options_.secure_cookies;
  server.set_post_routing_handler(
      [tls](const httplib::Request& req, httplib::Response& res) { AddSecurityHeaders(req, res, tls); });
  // Errors httplib answers itself (413 too large, 404, 400 bad request line)
  // get a JSON body that says so.
  server.set_error_handler([tls](const httplib::Request& req, httplib::Response& res) {
    AddSecurityHeaders(req, res, tls);
    if (!res.body.empty()) return;
    switch (res.status) {
      case 413:
        SetError(res, 413, grpc::StatusCode::INVALID_ARGUMENT, "the request body is too large");
        break;
      case 404:
        SetError(res, 404, grpc::StatusCode::NOT_FOUND, "no such page");
        break;
      default:
        SetError(res, res.status, grpc::StatusCode::INVALID_ARGUMENT,
                 absl::StrCat("bad request (HTTP ", res.status, ")"));
    }
  });
  server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    requests_->Add({{"route", RouteLabel(req, transcoder_)}, {"code", absl::StrCat(res.status)}})
        .Increment();
  });

  server.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    if (ready_ && !ready_()) {
      res.status = 503;
      res.set_content("not ready: the sessions' database does not answer", "text/plain");
      return;
    }
    res.set_content("ok", "text/plain");
  });
  server.Post("/api/login", [this](const auto& req, auto& res) { Login(req, res); });
  server.Post("/api/logout", [this](const auto& req, auto& res) { Logout(req, res); });
  server.Get("/api/session", [this](const auto& req, auto& res) { SessionInfo(req, res); });
  server.Get("/api/reference", [this](const auto& req, auto& res) { Reference(req, res); });
  server.Get(R"(/api/events/([a-z-]+))", [this](const auto& req, auto& res) { Events(req, res); });
  server.Post(R"(/api/([A-Za-z]+/[A-Za-z]+))", [this](const auto& req, auto& res) { Api(req, res); });
  // Anything else under /api is refused with a JSON answer, whatever the verb.
  auto unknown_api = [](const httplib::Request& req, httplib::Response& res) {
    SetError(res, 404, grpc::StatusCode::NOT_FOUND,
             absl::StrCat("no such API: ", req.method, " ", req.path.substr(0, 80)));
  };
  server.Get(R"(/api/.*)", unknown_api);
  server.Post(R"(/api/.*)", unknown_api);
  server.Put(R"(/api/.*)", unknown_api);
  server.Delete(R"(/api/.*)", unknown_api);
  server.Get(R"(/[A-Za-z0-9_.-]*)", [this](const auto& req, auto& res) { Static(req, res); });
}

bool Gateway::RequireJson(const httplib::Request& req, httplib::Response& res) {
  std::string type = absl::AsciiStrToLower(req.get_header_value("Content-Type"));
  absl::string_view t = type;
  t = t.substr(0, t.find(';'));
  if (absl::StripAsciiWhitespace(t) != "application/json") {
    SetError(res, 415, grpc::StatusCode::INVALID_ARGUMENT,
             "send the body as JSON, with Content-Type: application/json");
    return false;
  }
  return true;
}

std::optional<Session> Gateway::FindSession(const std::string& id) {
  if (id.empty()) return std::nullopt;
  absl::StatusOr<std::optional<Session>> s = sessions_->Find(id, absl::Now());
  if (!s.ok()) {
    CC_LOG(Warning) << "sessions: " << s.status();
    return std::nullopt;
  }
  return *s;
}

std::optional<Gateway::Caller> Gateway::RequireSession(const httplib::Request& req,
                                                       httplib::Response& res) {
  const std::string id = SessionIdFromCookies(req.get_header_value("Cookie"));
  absl::StatusOr<std::optional<Session>> found =
      id.empty() ? std::optional<Session>() : sessions_->Find(id, absl::Now());
  if (!found.ok()) {
    // The store is away: the person is not logged out for that.
    CC_LOG(Warning) << "sessions: " << found.status();
    SetError(res, 503, grpc::StatusCode::UNAVAILABLE, "sessions are unavailable; try again");
    return std::nullopt;
  }
  std::optional<Session> s = *std::move(found);
  if (s) {
    // A user locked or removed since the login is out at once.
    std::optional<User> u = users_->Find(s->login);
    if (!u || u->locked || u->role != s->role || u->executor_id != s->executor_id) {
      if (absl::Status st = sessions_->RemoveLogin(s->login); !st.ok()) {
        CC_LOG(Warning) << "sessions: " << st;
      }
      s.reset();
    }
  }
  if (!s) {
    SetError(res, 401, grpc::StatusCode::UNAUTHENTICATED, "not logged in, or the session ended");
    return std::nullopt;
  }
  return Caller{id, *s};
}

std::optional<Gateway::Caller> Gateway::RequireChange(const httplib::Request& req,
                                                      httplib::Response& res) {
  std::optional<Caller> c = RequireSession(req, res);
  if (!c) return std::nullopt;
  // SameSite=Strict keeps other sites' pages from sending the cookie; the
  // token, which only our page can read, is the second lock.
  if (!SameSecret(req.get_header_value("X-CSRF-Token"), c->session.csrf_token)) {
    SetError(res, 403, grpc::StatusCode::PERMISSION_DENIED,
             "missing or wrong CSRF token (header X-CSRF-Token)");
    return std::nullopt;
  }
  return c;
}

void Gateway::Login(const httplib::Request& req, httplib::Response& res) {
  if (!RequireJson(req, res)) return;
  pb::Struct body;
  if (!pb::util::JsonStringToMessage(req.body, &body).ok()) {
    SetError(res, 400, grpc::StatusCode::INVALID_ARGUMENT, "the body is not a JSON object");
    return;
  }
  std::string login, password;
  for (const auto& [key, value] : body.fields()) {
    if ((key != "login" && key != "password") || !value.has_string_value()) {
      SetError(res, 400, grpc::StatusCode::INVALID_ARGUMENT,
               "send {\"login\": \"...\", \"password\": \"...\"} and nothing else");
      return;
    }
    (key == "login" ? login : password) = value.string_value();
  }
  login = absl::AsciiStrToLower(absl::StripAsciiWhitespace(login));
  const absl::Duration locked = IsValidLogin(login) ? throttle_.LockedFor(login, absl::Now())
                                                    : absl::ZeroDuration();
  if (locked > absl::ZeroDuration()) {
    SetError(res, 429, grpc::StatusCode::RESOURCE_EXHAUSTED,
             absl::StrCat("too many failed attempts: try again in ",
                          absl::ToInt64Minutes(locked) + 1, " min, or ask a supervisor"));
    res.set_header("Retry-After", absl::StrCat(absl::ToInt64Seconds(locked) + 1));
    return;
  }
  std::optional<User> user = IsValidLogin(login) ? users_->Find(login) : std::nullopt;
  bool matches;
  {
    std::unique_lock<std::mutex> lock(login_mu_);
    login_cv_.wait(lock, [this] { return logins_running_ < 2; });
    ++logins_running_;
    lock.unlock();
    // Unknown logins cost the same, so the time does not tell who exists.
    matches = PasswordMatches(user ? user->password_hash : dummy_hash_, password) && user;
    lock.lock();
    --logins_running_;
    login_cv_.notify_one();
  }
  if (!matches) {
    if (IsValidLogin(login)) throttle_.Failed(login, absl::Now());
    SetError(res, 401, grpc::StatusCode::UNAUTHENTICATED, "wrong login or password");
    return;
  }
  if (user->locked) {
    SetError(res, 403, grpc::StatusCode::PERMISSION_DENIED,
             "this account is locked; ask a supervisor");
    return;
  }
  throttle_.Succeeded(login);
  absl::StatusOr<std::pair<std::string, Session>> made =
      sessions_->Create(user->login, user->role, user->executor_id, absl::Now());
  if (!made.ok()) {
    CC_LOG(Warning) << "sessions: " << made.status();
    SetError(res, 503, grpc::StatusCode::UNAVAILABLE, "sessions are unavailable; try again");
    return;
  }
  const auto& [id, session] = *made;
  res.set_header("Set-Cookie", SessionCookie(id, sessions_->ttl(), options_.secure_cookies));
  res.set_content(SessionJson(session), kJson);
}

void Gateway::Logout(const httplib::Request& req, httplib::Response& res) {
  std::optional<Caller> c = RequireChange(req, res);
  if (!c) return;
  if (absl::Status st = sessions_->Remove(c->session_id); !st.ok()) {
    CC_LOG(Warning) << "sessions: " << st;
    SetError(res, 503, grpc::StatusCode::UNAVAILABLE, "sessions are unavailable; try again");
    return;
  }
  res.set_header("Set-Cookie", ClearedSessionCookie(options_.secure_cookies));
  res.set_content("{}", kJson);
}

void Gateway::SessionInfo(const httplib::Request& req, httplib::Response& res) {
  std::optional<Caller> c = RequireSession(req, res);
  if (!c) return;
  res.set_content(SessionJson(c->session), kJson);
}

void Gateway::Reference(const httplib::Request& req, httplib::Response& res) {
  if (!RequireSession(req, res)) return;
  res.set_content(reference_json_, kJson);
}

void Gateway::Api(const httplib::Request& req, httplib::Response& res) {
  const std::string method = req.matches[1];
  if (!transcoder_->Allowed(method)) {
    SetError(res, 404, grpc::StatusCode::NOT_FOUND,
             absl::StrCat("no such method: ", absl::string_view(method).substr(0, 80)));
    return;
  }
  std::optional<Caller> c = RequireChange(req, res);
  if (!c) return;
  if (!RequireJson(req, res)) return;
  const Session& s = c->session;
  HttpAnswer a = transcoder_->Call(method, req.body.empty() ? "{}" : req.body,
                                   {s.role, s.login, s.executor_id, absl::Time()});
  res.status = a.status;
  res.set_content(a.body, a.content_type);
}

const std::vector<EventStream>& EventStreams() {
  static const auto* kStreams = new std::vector<EventStream>{
      {"manual-queue", {{"", "RoutingService/ListManualRoutingQueue", "{}"}}},
      // Cases needing attention, each list as tracking gives it (the page
      // groups them by body); 200 of each is more than a page shows.
      {"attention",
       {{"overdue", "TrackingService/ListCasesNeedingAttention",
         R"({"kind":"ATTENTION_KIND_OVERDUE","page_size":200})"},
        {"due_soon", "TrackingService/ListCasesNeedingAttention",
         R"({"kind":"ATTENTION_KIND_DUE_SOON","page_size":200})"},
        {"in_rework", "TrackingService/ListCasesNeedingAttention",
         R"({"kind":"ATTENTION_KIND_IN_REWORK","page_size":200})"}}},
  };
  return *kStreams;
}

HttpAnswer Gateway::StreamSnapshot(const EventStream& stream, const auth::PersonClaims& person) const {
  if (stream.calls.size() == 1 && stream.calls[0].key.empty()) {
    const EventStream::Call& c = stream.calls[0];
    return transcoder_->Call(c.method, c.body, person);
  }
  std::string out = "{";
  for (const EventStream::Call& c : stream.calls) {
    HttpAnswer a = transcoder_->Call(c.method, c.body, person);
    if (a.status != 200) return a;  // the first failure stands for the whole
    absl::StrAppend(&out, out.size() > 1 ? "," : "", "\"", c.key, "\":", a.body);
  }
  return {200, out + "}"};
}

void Gateway::Events(const httplib::Request& req, httplib::Response& res) {
  const std::string name = req.matches[1];
  const EventStream* stream = nullptr;
  for (const EventStream& s : EventStreams()) {
    if (s.name == name) stream = &s;
  }
  if (stream == nullptr) {
    SetError(res, 404, grpc::StatusCode::NOT_FOUND, absl::StrCat("no such event stream: ", name.substr(0, 40)));
    return;
  }
  std::optional<Caller> c = RequireSession(req, res);
  if (!c) return;
  if (event_streams_.fetch_add(1) >= options_.max_event_streams) {
    event_streams_.fetch_sub(1);
    SetError(res, 429, grpc::StatusCode::RESOURCE_EXHAUSTED, "too many open event streams");
    return;
  }
  // Every interval, the lists as the person sees them; sent when changed.
  auto last = std::make_shared<std::string>();
  const std::string id = c->session_id;
  res.set_header("Cache-Control", "no-store");
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, id, stream, last, first = std::make_shared<bool>(true)](size_t, httplib::DataSink& sink) {
        if (!*first) std::this_thread::sleep_for(absl::ToChronoMilliseconds(options_.events_interval));
        *first = false;
        std::optional<Session> s = FindSession(id);
        if (!s || !sink.is_writable()) {
          sink.done();
          return false;
        }
        HttpAnswer a = StreamSnapshot(*stream, {s->role, s->login, s->executor_id, absl::Time()});
        std::string event = a.status == 200 ? a.body : absl::StrCat("{\"status\":", a.status, ",", a.body.substr(1));
        std::string chunk;
        if (event != *last) {
          *last = event;
          chunk = absl::StrCat("event: ", a.status == 200 ? "update" : "failure", "\ndata: ", event, "\n\n");
        } else {
          chunk = ": still here\n\n";  // keeps proxies from closing an idle stream
        }
        return sink.write(chunk.data(), chunk.size());
      },
      [this](bool) { event_streams_.fetch_sub(1); });
}

void Gateway::Static(const httplib::Request& req, httplib::Response& res) {
  std::string name = req.path.substr(1);
  std::optional<Session> s;
  if (absl::EndsWith(name, ".html") || name.empty()) {
    const std::string id = SessionIdFromCookies(req.get_header_value("Cookie"));
    s = FindSession(id);
  }
  if (name.empty()) {
    res.set_redirect(s ? HomeOf(s->role) : "/login.html", 303);
    return;
  }
  const auto& files = ConsoleFiles();
  auto it = files.find(name);
  if (it == files.end()) {
    SetError(res, 404, grpc::StatusCode::NOT_FOUND, "no such page");
    return;
  }
  // A page without a session goes to the login, and back after it.
  if (absl::EndsWith(name, ".html") && name != "login.html" && !s) {
    std::string next = req.path;
    if (!req.params.empty()) {
      // Pages take one parameter at most (?id=...), kept for after the login.
      auto p = req.params.begin();
      absl::StrAppend(&next, "?", p->first, "=", UrlEncode(p->second));
    }
    res.set_redirect(absl::StrCat("/login.html?next=", UrlEncode(next)), 303);
    return;
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_content(it->second, ContentTypeOf(name));
}

}  // namespace contactcenter::gateway
