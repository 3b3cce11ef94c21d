#include "transcoder.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/auth/person_token.h"
#include "contactcenter/analytics/v1/analytics.grpc.pb.h"
#include "contactcenter/eventlog/v1/eventlog.pb.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/testing/in_process_server.h"
#include "fake_intake.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace intake = ::contactcenter::intake::v1;
namespace analytics = ::contactcenter::analytics::v1;

class TranscoderTest : public ::testing::Test {
 protected:
  TranscoderTest()
      : keys_(auth::GeneratePersonKeyPair()),
        signer_(*auth::PersonTokenSigner::FromSeedHex(keys_.seed_hex)),
        auth_(*auth::TokenStore::Parse(""), nullptr,
              std::make_unique<auth::PersonTokenVerifier>(
                  *auth::PersonTokenVerifier::FromPublicKeyHex(keys_.public_hex))),
        fake_(&auth_),
        server_(&fake_, intake::IntakeService::service_full_name()),
        transcoder_({{intake::IntakeService::service_full_name(), server_.channel()}},
                    ConsoleMethods(), &signer_) {}

  auth::PersonKeyPair keys_;
  auth::PersonTokenSigner signer_;
  auth::Authenticator auth_;
  FakeIntake fake_;
  testing::InProcessServer server_;
  Transcoder transcoder_;
  const auth::PersonClaims olena_{auth::Role::kOperator, "olena", "", absl::Time()};
};

TEST_F(TranscoderTest, CallsTheServiceAsThePerson) {
  HttpAnswer a = transcoder_.Call("IntakeService/GetAppeal", R"({"appeal_id": "a-1"})", olena_);
  EXPECT_EQ(a.status, 200) << a.body;
  // Field names as in the .proto, as field violations name them.
  EXPECT_THAT(a.body, HasSubstr(R"("registration_number":"operator:olena")"));
}

TEST_F(TranscoderTest, FieldViolationsComeBackAsJson) {
  HttpAnswer a =
      transcoder_.Call("IntakeService/GetAppeal", R"({"registration_number": "bad"})", olena_);
  EXPECT_EQ(a.status, 400);
  EXPECT_THAT(a.body, HasSubstr(R"("code":"INVALID_ARGUMENT")"));
  EXPECT_THAT(a.body, HasSubstr(
      R"("field_violations":[{"field":"registration_number","description":"no such registration number"}])"));
}

TEST_F(TranscoderTest, BadJsonNeverReachesTheService) {
  for (const char* body : {"{", "[]", R"({"appeal_id": 5})", R"({"apeal_id": "a-1"})",
                           "\"text\"", R"({"appeal_id": "a", "registration_number": "b"})"}) {
    HttpAnswer a = transcoder_.Call("IntakeService/GetAppeal", body, olena_);
    EXPECT_EQ(a.status, 400) << body;
    EXPECT_THAT(a.body, HasSubstr("is not a GetAppealRequest in JSON")) << body;
  }
  HttpAnswer a = transcoder_.Call("IntakeService/GetAppeal", R"({"apeal_id": "a-1"})", olena_);
  EXPECT_THAT(a.body, HasSubstr("apeal_id"));
  EXPECT_EQ(fake_.calls, 0);
}

TEST_F(TranscoderTest, OnlyAllowedMethods) {
  // CreateArticle exists but is not the console's.
  EXPECT_FALSE(transcoder_.Allowed("IntakeService/CreateArticle"));
  EXPECT_TRUE(transcoder_.Allowed("IntakeService/GetAppeal"));
  HttpAnswer a = transcoder_.Call("IntakeService/CreateArticle", "{}", olena_);
  EXPECT_EQ(a.status, 404);
  EXPECT_THAT(a.body, HasSubstr("no such method"));
  EXPECT_EQ(transcoder_.Call("EventLog/Subscribe", "{}", olena_).status, 404);
  EXPECT_EQ(fake_.calls, 0);
}

TEST_F(TranscoderTest, APersonTheServicesRefuseIsRefused) {
  // A service role is not a person's: the gateway signs nothing for it.
  HttpAnswer a = transcoder_.Call("IntakeService/GetAppeal", R"({"appeal_id": "a-1"})",
                                  {auth::Role::kService, "svc", "", absl::Time()});
  EXPECT_EQ(a.status, 403);
  EXPECT_EQ(fake_.calls, 0);
}

TEST(HttpStatusTest, MapsGrpcCodes) {
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::INVALID_ARGUMENT), 400);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::FAILED_PRECONDITION), 400);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::PERMISSION_DENIED), 403);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::NOT_FOUND), 404);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::ALREADY_EXISTS), 409);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::RESOURCE_EXHAUSTED), 429);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::UNAVAILABLE), 503);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::DEADLINE_EXCEEDED), 504);
  EXPECT_EQ(HttpStatusOf(grpc::StatusCode::INTERNAL), 500);
}

TEST(ErrorJsonTest, EscapesTheMessage) {
  // The message in Ukrainian (the code's, with the English detail) and in
  // English (message_en), both escaped.
  EXPECT_EQ(ErrorJson(grpc::Status(grpc::StatusCode::NOT_FOUND, "a \"b\"\n\\")),
            R"j({"error":{"code":"NOT_FOUND","message":"Не знайдено. (a \"b\"\n\\)",)j"
            R"j("message_en":"a \"b\"\n\\"}})j");
}

// Analytics' CSV export as a stream of chunks, as the person asks for it.
class FakeAnalytics final : public analytics::AnalyticsService::Service {
 public:
  explicit FakeAnalytics(const auth::Authenticator* auth) : auth_(auth) {}
  grpc::Status ExportClassifierReport(grpc::ServerContext* ctx,
                                      const analytics::GetClassifierReportRequest* req,
                                      grpc::ServerWriter<analytics::CsvChunk>* out) override {
    absl::StatusOr<auth::Principal> who = auth_->Authenticate(*ctx);
    if (!who.ok()) return ToGrpcStatus(who.status());
    if (req->territory_code() == "bad") {
      FieldViolations v;
      v.Add("territory_code", "unknown territory \"bad\"");
      return ToGrpcStatus(v.ToStatus("invalid request"));
    }
    for (const char* part : {"\xEF\xBB\xBFрозділ,код\r\n", "I.1,1\r\n", who->id.c_str()}) {
      analytics::CsvChunk chunk;
      chunk.set_data(part);
      out->Write(chunk);
    }
    return grpc::Status::OK;
  }

 private:
  const auth::Authenticator* auth_;
};

TEST_F(TranscoderTest, ADownloadIsTheStreamsChunksInOrder) {
  FakeAnalytics fake(&auth_);
  testing::InProcessServer server(&fake, analytics::AnalyticsService::service_full_name());
  Transcoder t({{analytics::AnalyticsService::service_full_name(), server.channel()}},
               ConsoleMethods(), &signer_);
  ASSERT_TRUE(t.Allowed("AnalyticsService/ExportClassifierReport"));
  HttpAnswer a = t.Call("AnalyticsService/ExportClassifierReport", "{}", olena_);
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(a.body, "\xEF\xBB\xBFрозділ,код\r\nI.1,1\r\nolena");
  // An error before the first chunk is an error, in JSON.
  a = t.Call("AnalyticsService/ExportClassifierReport", R"({"territory_code": "bad"})", olena_);
  EXPECT_EQ(a.status, 400);
  EXPECT_THAT(a.content_type, HasSubstr("application/json"));
  EXPECT_THAT(a.body, HasSubstr(R"("field":"territory_code")"));
}

TEST(ConsoleMethodsTest, EveryListedMethodIsAMethodTheGatewayCarries) {
  // A misspelt entry would be a 404 the console cannot explain.
  Transcoder t({{intake::IntakeService::service_full_name(), nullptr},
                {routing::v1::RoutingService::service_full_name(), nullptr},
                {tracking::v1::TrackingService::service_full_name(), nullptr},
                {tracking::v1::ExecutorService::service_full_name(), nullptr},
                {analytics::AnalyticsService::service_full_name(), nullptr}},
               ConsoleMethods(), nullptr);
  for (const std::string& m : ConsoleMethods()) EXPECT_TRUE(t.Allowed(m)) << m;
  EXPECT_TRUE(t.Allowed("AnalyticsService/ExportContentAnalysis"));  // a download
  EXPECT_FALSE(t.Allowed("IntakeService/ReadEssencesForAnalysis"));  // analytics' alone
}

TEST(TranscoderStreamsTest, OnlyDownloadsOfAllStreams) {
  // EventLog/Subscribe streams events, not a file's chunks: never allowed,
  // even when listed.
  (void)eventlog::v1::SubscribeRequest::descriptor();  // in the pool
  Transcoder t({{"contactcenter.eventlog.v1.EventLog", nullptr}}, {"EventLog/Subscribe"}, nullptr);
  EXPECT_FALSE(t.Allowed("EventLog/Subscribe"));
}

}  // namespace
}  // namespace contactcenter::gateway
