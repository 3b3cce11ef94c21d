// The gateway against the real stack: people log in, their calls reach the
// services as themselves (audit and history name the person), bad requests
// get a clear 4xx and never reach a service.
#include <string>

#include "absl/strings/str_cat.h"
#include "e2e_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"

namespace contactcenter::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace tracking = ::contactcenter::tracking::v1;

constexpr char kCard[] = R"({"card": {
    "kind": "APPEAL_KIND_STATEMENT", "form": "APPEAL_FORM_ORAL",
    "channel": "CHANNEL_HOTLINE_PHONE", "subject": "APPEAL_SUBJECT_INDIVIDUAL",
    "applicant": {"person": {"surname": "Шевченко", "name": "Олена",
      "residence_address": "м. Сєвєродонецьк, вул. Центральна, 1", "phone": "050 123 45 67"}},
    "topic_code": "109", "territory_code": "LG-SEV", "needs_no_extra_study": true,
    "essence": "Немає опалення в будинку з 20 листопада."}})";

// One logged-in person's browser, roughly: the cookie and the CSRF token.
class Browser {
 public:
  explicit Browser(int port) : http_("127.0.0.1", port) { http_.set_read_timeout(30); }

  int Login(const std::string& login, const std::string& password) {
    auto r = http_.Post("/api/login", absl::StrCat(R"({"login":")", login, R"(","password":")",
                                                   password, R"("})"), "application/json");
    if (!r) return -1;
    if (r->status == 200) {
      cookie_ = r->get_header_value("Set-Cookie");
      cookie_ = cookie_.substr(0, cookie_.find(';'));
      const std::string key = R"("csrf_token":")";
      csrf_ = r->body.substr(r->body.find(key) + key.size(), 64);
    }
    return r->status;
  }

  httplib::Result Call(const std::string& method, const std::string& body,
                       const std::string& type = "application/json", bool csrf = true) {
    httplib::Headers h{{"Cookie", cookie_}};
    if (csrf) h.emplace("X-CSRF-Token", csrf_);
    return http_.Post(("/api/" + method).c_str(), h, body, type.c_str());
  }

  httplib::Result Get(const std::string& path) { return http_.Get(path.c_str(), {{"Cookie", cookie_}}); }
  httplib::Client& http() { return http_; }
  const std::string& cookie() const { return cookie_; }
  // The cookie and CSRF token of `other`, as one browser sends them to
  // whichever replica a load balancer picks.
  void Adopt(const Browser& other) {
    cookie_ = other.cookie_;
    csrf_ = other.csrf_;
  }
  httplib::Result Post(const std::string& path, const std::string& body) {
    return http_.Post(path.c_str(), {{"Cookie", cookie_}, {"X-CSRF-Token", csrf_}}, body,
                      "application/json");
  }

 private:
  httplib::Client http_;
  std::string cookie_, csrf_;
};

// The value of "key":"..." in a JSON text (enough for these answers).
std::string JsonField(const std::string& json, const std::string& key) {
  const std::string k = absl::StrCat("\"", key, "\":\"");
  const size_t at = json.find(k);
  if (at == std::string::npos) return "";
  const size_t start = at + k.size();
  return json.substr(start, json.find('"', start) - start);
}

class GatewayTest : public E2eTest {
 protected:
  int port() { return cluster_->http_port("gateway"); }
  Browser LoggedIn(const std::string& login) {
    Browser b(port());
    EXPECT_EQ(b.Login(login, cluster_->console_password()), 200) << login;
    return b;
  }
};

TEST_F(GatewayTest, AnOperatorRegistersAndTheServicesNameThePerson) {
  Browser op = LoggedIn("e2e-operator");
  auto r = op.Call("IntakeService/RegisterAppeal", kCard);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(JsonField(r->body, "registration_number"), Not(""));
  // The appeal's author is the person, not the gateway.
  EXPECT_EQ(JsonField(r->body, "registered_by"), "e2e-operator");
  const std::string appeal_id = JsonField(r->body, "id");
  absl::StatusOr<tracking::Case> c = WaitForCase(appeal_id);
  ASSERT_TRUE(c.ok()) << c.status();

  // The executor's clerk accepts the case on the console; its history
  // names the clerk.
  Browser clerk = LoggedIn("e2e-executor");
  r = clerk.Call("ExecutorService/ListMyCases", "{}");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr(c->id()));
  r = clerk.Call("ExecutorService/AcceptCase", absl::StrCat(R"({"case_id":")", c->id(), R"("})"));
  ASSERT_EQ(r->status, 200) << r->body;
  r = op.Call("TrackingService/GetCaseHistory", absl::StrCat(R"({"case_id":")", c->id(), R"("})"));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr(R"("actor":"e2e-executor")"));

  // Another executor's clerk cannot see it: the same 404 as for no case.
  Browser other = LoggedIn("e2e-other-executor");
  r = other.Call("TrackingService/GetCase", absl::StrCat(R"({"case_id":")", c->id(), R"("})"));
  EXPECT_EQ(r->status, 404) << r->body;
  r = other.Call("ExecutorService/AcceptCase", absl::StrCat(R"({"case_id":")", c->id(), R"("})"));
  EXPECT_EQ(r->status, 404) << r->body;
}

TEST_F(GatewayTest, FieldViolationsComeBackBesideTheirFields) {
  Browser op = LoggedIn("e2e-operator");
  std::string card = kCard;
  card.replace(card.find(R"("topic_code": "109")"), 19, R"("topic_code": "99999")");
  auto r = op.Call("IntakeService/RegisterAppeal", card);
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_THAT(r->body, HasSubstr(R"("field":"card.topic_code")"));
}

TEST_F(GatewayTest, BadRequestsGetA4xxAndReachNoService) {
  Browser op = LoggedIn("e2e-operator");
  auto r = op.Call("IntakeService/RegisterAppeal", R"({"card": {"kind": )");
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("not a RegisterAppealRequest in JSON"));
  r = op.Call("IntakeService/RegisterAppeal", R"({"card": {"colour": "red"}})");
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("colour"));
  r = op.Call("IntakeService/RegisterAppeal", kCard, "text/plain");
  EXPECT_EQ(r->status, 415);
  r = op.Call("IntakeService/RegisterAppeal",
              absl::StrCat(R"({"card": {"essence": ")", std::string(300 << 10, 'x'), R"("}})"));
  EXPECT_EQ(r->status, 413);
  r = op.Call("IntakeService/CreateArticle", "{}");
  EXPECT_EQ(r->status, 404);
  r = op.Call("IntakeService/RegisterAppeal", kCard, "application/json", /*csrf=*/false);
  EXPECT_EQ(r->status, 403);
  Browser nobody(port());
  r = nobody.Call("IntakeService/RegisterAppeal", kCard);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(nobody.Login("e2e-operator", "not the password"), 401);

  // Nothing of that was registered.
  intake::v1::ListAppealsRequest list;
  intake::v1::ListAppealsResponse appeals;
  ASSERT_TRUE(intake_->ListAppeals(Ctx().get(), list, &appeals).ok());
  EXPECT_EQ(appeals.appeals_size(), 0);
}

TEST_F(GatewayTest, APageWithoutASessionGoesToTheLogin) {
  Browser nobody(port());
  auto r = nobody.Get("/operator.html");
  EXPECT_EQ(r->status, 303);
  EXPECT_THAT(r->get_header_value("Location"), HasSubstr("/login.html"));
  r = nobody.Get("/login.html");
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'none'"));
  Browser op = LoggedIn("e2e-operator");
  EXPECT_EQ(op.Get("/operator.html")->status, 200);
}

TEST_F(GatewayTest, TheManualQueueArrivesAsServerSentEvents) {
  Browser op = LoggedIn("e2e-operator");
  std::string card = kCard;
  card.replace(card.find(R"("needs_no_extra_study")"), 0, R"("route_manually": true, )");
  auto r = op.Call("IntakeService/RegisterAppeal", card);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string number = JsonField(r->body, "registration_number");

  Browser sup = LoggedIn("e2e-supervisor");
  std::string events;
  ASSERT_TRUE(Eventually([&] {
    events.clear();
    sup.http().Get("/api/events/manual-queue", {{"Cookie", sup.cookie()}},
                   [&](const char* data, size_t n) {
                     events.append(data, n);
                     return events.find("\n\n") == std::string::npos;  // one event is enough
                   });
    return events.find(number) != std::string::npos;
  }));
  EXPECT_THAT(events, HasSubstr("event: update"));
}

TEST_F(GatewayTest, CasesNeedingAttentionArriveAsTheirThreeLists) {
  // Tracking wants the list's kind: the stream asks for each of the three
  // (it sent a failure before, asking for none).
  Browser sup = LoggedIn("e2e-supervisor");
  std::string events;
  sup.http().Get("/api/events/attention", {{"Cookie", sup.cookie()}},
                 [&](const char* data, size_t n) {
                   events.append(data, n);
                   return events.find("\n\n") == std::string::npos;
                 });
  EXPECT_THAT(events, HasSubstr("event: update"));
  for (const char* key : {R"("overdue":{)", R"("due_soon":{)", R"("in_rework":{)"}) {
    EXPECT_THAT(events, HasSubstr(key));
  }
  // An operator may not read them: the failure comes as such.
  Browser op = LoggedIn("e2e-operator");
  events.clear();
  op.http().Get("/api/events/attention", {{"Cookie", op.cookie()}},
                [&](const char* data, size_t n) {
                  events.append(data, n);
                  return events.find("\n\n") == std::string::npos;
                });
  EXPECT_THAT(events, HasSubstr("event: failure"));
  EXPECT_THAT(events, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(GatewayTest, AnAnalystReadsReportsAndDownloadsTheirCsv) {
  Browser analyst = LoggedIn("e2e-analyst");
  const std::string period =
      R"({"period": {"from": {"year": 2026, "month": 1, "day": 1}, "to": {"year": 2027, "month": 1, "day": 1}}})";
  auto r = analyst.Call("AnalyticsService/GetClassifierReport", period);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr(R"("rows":[)"));
  r = analyst.Call("AnalyticsService/ExportTimelinessReport", period);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("text/csv"));
  EXPECT_EQ(r->body.substr(0, 3), "\xEF\xBB\xBF");  // the byte-order mark analytics writes
  // A bad period: the violation in Ukrainian, the English beside it.
  r = analyst.Call("AnalyticsService/ExportClassifierReport",
                   R"({"period": {"from": {"year": 2026, "month": 2, "day": 1}, "to": {"year": 2026, "month": 1, "day": 1}}})");
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_THAT(r->body, HasSubstr(R"("field":"period.to","description":"має бути пізніше)"));
  EXPECT_THAT(r->body, HasSubstr(R"("description_en":"must be after period.from)"));
  // An analyst is no operator.
  r = analyst.Call("IntakeService/ListAppeals", "{}");
  EXPECT_EQ(r->status, 403) << r->body;
}

TEST_F(GatewayTest, ASessionWorksOnEveryReplicaAndALogoutEndsItOnAll) {
  // Two replicas share the sessions' table in the gateway's database.
  absl::StatusOr<int> second = cluster_->StartReplica("gateway");
  ASSERT_TRUE(second.ok()) << second.status();
  Browser on_first = LoggedIn("e2e-operator");
  // The same browser (cookie and CSRF token) on the other replica.
  Browser on_second(*second);
  on_second.Adopt(on_first);
  auto r = on_second.Get("/api/session");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(JsonField(r->body, "login"), "e2e-operator");
  r = on_second.Call("IntakeService/ListAppeals", "{}");
  EXPECT_EQ(r->status, 200) << r->body;

  // A logout on the second replica ends the session there at once, and on
  // the first within the bound of its memory of sessions
  // (--session_cache_ttl, 2s): the first has just used it, so it remembers it.
  ASSERT_EQ(on_first.Get("/api/session")->status, 200);
  r = on_second.Post("/api/logout", "{}");
  const absl::Time logged_out = absl::Now();
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(on_second.Get("/api/session")->status, 401);
  int first_status = 0;
  while ((first_status = on_first.Get("/api/session")->status) == 200 &&
         absl::Now() - logged_out < absl::Seconds(5)) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(first_status, 401);
  // The bound, and a second for a request's own time on a loaded machine.
  EXPECT_LE(absl::Now() - logged_out, absl::Seconds(3));
  EXPECT_EQ(on_first.Call("IntakeService/ListAppeals", "{}")->status, 401);
  EXPECT_EQ(on_second.Get("/api/session")->status, 401);
}

}  // namespace
}  // namespace contactcenter::e2e
