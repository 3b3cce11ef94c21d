// The gateway's HTTP rules through a real HTTP server and a fake intake:
// login and lock-out, cookie flags, CSRF, security headers, bad requests.
#include "gateway_http.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "contactcenter/auth/person_token.h"
#include "contactcenter/testing/in_process_server.h"
#include "fake_intake.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "olena password 1";

class GatewayHttpTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(GatewayOptions{}); }
  void TearDown() override { Stop(); }

  void Start(GatewayOptions options) {
    options.login_max_failures = 3;
    options.max_body_bytes = 4096;
    char dir[] = "/tmp/cc-gateway-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    Users users;
    const std::string hash = *HashPassword(kPassword);
    ASSERT_TRUE(users.Add({"olena", auth::Role::kOperator, "", false, hash}).ok());
    ASSERT_TRUE(users.Add({"petro", auth::Role::kOperator, "", true, hash}).ok());
    ASSERT_TRUE(users.SaveFile(dir_ + "/users").ok());
    users_ = *UsersSource::Open(dir_ + "/users");
    keys_ = auth::GeneratePersonKeyPair();
    signer_ = std::make_unique<auth::PersonTokenSigner>(*auth::PersonTokenSigner::FromSeedHex(keys_.seed_hex));
    auth_ = std::make_unique<auth::Authenticator>(
        *auth::TokenStore::Parse(""), nullptr,
        std::make_unique<auth::PersonTokenVerifier>(
            *auth::PersonTokenVerifier::FromPublicKeyHex(keys_.public_hex)));
    fake_ = std::make_unique<FakeIntake>(auth_.get());
    grpc_ = std::make_unique<testing::InProcessServer>(fake_.get(),
                                                       intake::IntakeService::service_full_name());
    transcoder_ = std::make_unique<Transcoder>(
        std::map<std::string, std::shared_ptr<grpc::Channel>>{
            {intake::IntakeService::service_full_name(), grpc_->channel()}},
        ConsoleMethods(), signer_.get());
    gateway_ = std::make_unique<Gateway>(options, users_.get(), transcoder_.get(), nullptr, &metrics_);
    gateway_->Register(http_);
    port_ = http_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    serving_ = std::thread([this] { http_.listen_after_bind(); });
  }

  void Stop() {
    http_.stop();
    if (serving_.joinable()) serving_.join();
    std::filesystem::remove_all(dir_);
  }

  httplib::Client Client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10);
    return c;
  }

  httplib::Result Login(const std::string& login, const std::string& password) {
    return Client().Post("/api/login",
                         absl::StrCat(R"({"login":")", login, R"(","password":")", password, R"("})"),
                         "application/json");
  }

  // Logs in as olena: the Cookie header and the CSRF token.
  std::pair<std::string, std::string> Session() {
    auto r = Login("olena", kPassword);
    EXPECT_EQ(r->status, 200) << r->body;
    std::string cookie = r->get_header_value("Set-Cookie");
    cookie = cookie.substr(0, cookie.find(';'));
    const std::string key = R"("csrf_token":")";
    const size_t at = r->body.find(key) + key.size();
    return {cookie, r->body.substr(at, 64)};
  }

  httplib::Result CallApi(const std::string& path, const std::string& body,
                          const std::string& cookie, const std::string& csrf,
                          const std::string& type = "application/json") {
    httplib::Headers h;
    if (!cookie.empty()) h.emplace("Cookie", cookie);
    if (!csrf.empty()) h.emplace("X-CSRF-Token", csrf);
    return Client().Post(path.c_str(), h, body, type.c_str());
  }

  std::string dir_;
  std::unique_ptr<UsersSource> users_;
  auth::PersonKeyPair keys_;
  std::unique_ptr<auth::PersonTokenSigner> signer_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<FakeIntake> fake_;
  std::unique_ptr<testing::InProcessServer> grpc_;
  std::unique_ptr<Transcoder> transcoder_;
  prometheus::Registry metrics_;
  std::unique_ptr<Gateway> gateway_;
  httplib::Server http_;
  std::thread serving_;
  int port_ = 0;
};

TEST_F(GatewayHttpTest, LoginSetsAStrictHttpOnlyCookieAndSecurityHeaders) {
  auto r = Login("olena", kPassword);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  const std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // no TLS here
  EXPECT_THAT(r->body, HasSubstr(R"("role":"operator")"));
  EXPECT_THAT(r->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'none'"));
  EXPECT_THAT(r->get_header_value("Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(GatewayHttpTest, WrongPasswordsLockTheLoginOut) {
  EXPECT_EQ(Login("olena", "wrong password 1")->status, 401);
  EXPECT_EQ(Login("olena", "wrong password 2")->status, 401);
  EXPECT_EQ(Login("olena", "wrong password 3")->status, 401);
  // Locked out: even the right password is refused for a while.
  auto r = Login("olena", kPassword);
  EXPECT_EQ(r->status, 429);
  EXPECT_THAT(r->body, HasSubstr("too many failed attempts"));
  // Unknown logins get the same answer as wrong passwords.
  r = Login("nobody", kPassword);
  EXPECT_EQ(r->status, 401);
  EXPECT_THAT(r->body, HasSubstr("wrong login or password"));
  // A user a supervisor locked cannot log in.
  r = Login("petro", kPassword);
  EXPECT_EQ(r->status, 403);
  EXPECT_THAT(r->body, HasSubstr("locked"));
}

TEST_F(GatewayHttpTest, ChangesNeedTheSessionAndItsCsrfToken) {
  auto [cookie, csrf] = Session();
  const std::string body = R"({"appeal_id":"a-1"})";
  EXPECT_EQ(CallApi("/api/IntakeService/GetAppeal", body, "", "")->status, 401);
  auto r = CallApi("/api/IntakeService/GetAppeal", body, cookie, "");
  EXPECT_EQ(r->status, 403);
  EXPECT_THAT(r->body, HasSubstr("CSRF"));
  EXPECT_EQ(CallApi("/api/IntakeService/GetAppeal", body, cookie, std::string(64, 'a'))->status, 403);
  EXPECT_EQ(fake_->calls, 0);
  r = CallApi("/api/IntakeService/GetAppeal", body, cookie, csrf);
  EXPECT_EQ(r->status, 200) << r->body;
  // The service saw the person, not the gateway.
  EXPECT_THAT(r->body, HasSubstr("operator:olena"));
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
}

TEST_F(GatewayHttpTest, BadRequestsGetAClear4xx) {
  auto [cookie, csrf] = Session();
  auto r = CallApi("/api/IntakeService/GetAppeal", R"({"appeal_id":"a-1"})", cookie, csrf, "text/plain");
  EXPECT_EQ(r->status, 415);
  EXPECT_THAT(r->body, HasSubstr("application/json"));
  r = CallApi("/api/IntakeService/GetAppeal", R"({"appeal_id":)", cookie, csrf);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("not a GetAppealRequest in JSON"));
  r = CallApi("/api/IntakeService/GetAppeal", R"({"color":"red"})", cookie, csrf);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("color"));
  r = CallApi("/api/IntakeService/GetAppeal",
              absl::StrCat(R"({"appeal_id":")", std::string(8000, 'x'), R"("})"), cookie, csrf);
  EXPECT_EQ(r->status, 413);
  EXPECT_THAT(r->body, HasSubstr("too large"));
  r = CallApi("/api/IntakeService/CreateArticle", "{}", cookie, csrf);
  EXPECT_EQ(r->status, 404);
  EXPECT_THAT(r->body, HasSubstr("no such method"));
  r = CallApi("/api/IntakeService/GetAppeal", R"({"registration_number":"bad"})", cookie, csrf);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr(R"("field":"registration_number")"));
  auto g = Client().Get("/api/IntakeService/GetAppeal");
  EXPECT_EQ(g->status, 404);
  EXPECT_THAT(g->body, HasSubstr("no such API"));
  EXPECT_EQ(fake_->calls, 1);  // the field violation only
}

TEST_F(GatewayHttpTest, PagesWithoutASessionGoToTheLogin) {
  auto r = Client().Get("/operator.html?phone=0501234567");
  EXPECT_EQ(r->status, 303);
  // Back to the page, with its parameter, after the login.
  EXPECT_THAT(r->get_header_value("Location"), HasSubstr("/login.html?next="));
  EXPECT_THAT(r->get_header_value("Location"), HasSubstr("operator.html"));
  EXPECT_THAT(r->get_header_value("Location"), HasSubstr("phone"));
  EXPECT_EQ(Client().Get("/login.html")->status, 200);
  EXPECT_EQ(Client().Get("/no-such.html")->status, 404);
  auto [cookie, csrf] = Session();
  r = Client().Get("/operator.html", {{"Cookie", cookie}});
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("text/html"));
}

TEST_F(GatewayHttpTest, ALockedUsersSessionEnds) {
  auto [cookie, csrf] = Session();
  EXPECT_EQ(Client().Get("/api/session", {{"Cookie", cookie}})->status, 200);
  Users users = *Users::LoadFile(dir_ + "/users");
  users.Mutable("olena")->locked = true;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the file's time must move
  ASSERT_TRUE(users.SaveFile(dir_ + "/users").ok());
  EXPECT_EQ(Client().Get("/api/session", {{"Cookie", cookie}})->status, 401);
}

TEST_F(GatewayHttpTest, LogoutEndsTheSession) {
  auto [cookie, csrf] = Session();
  EXPECT_EQ(CallApi("/api/logout", "{}", cookie, "")->status, 403);
  auto r = CallApi("/api/logout", "{}", cookie, csrf);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->get_header_value("Set-Cookie"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(Client().Get("/api/session", {{"Cookie", cookie}})->status, 401);
}

class SecureGatewayHttpTest : public GatewayHttpTest {
 protected:
  void SetUp() override {
    GatewayOptions o;
    o.secure_cookies = true;
    Start(o);
  }
};

TEST_F(SecureGatewayHttpTest, CookiesAreSecureUnderTls) {
  auto r = Login("olena", kPassword);
  EXPECT_THAT(r->get_header_value("Set-Cookie"), HasSubstr("; Secure"));
  EXPECT_THAT(r->get_header_value("Strict-Transport-Security"), HasSubstr("max-age="));
}

}  // namespace
}  // namespace contactcenter::gateway
