// Transport security of the real binaries: they speak TLS only, clients
// verify them against the CA, and a service token is honoured only with its
// service's client certificate. (Every other e2e test runs over TLS too.)
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/eventlog/v1/eventlog.grpc.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_certificates.h"
#include "e2e_test.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"

namespace contactcenter::e2e {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::HasSubstr;

class TlsE2eTest : public E2eTest {
 protected:
  std::vector<std::string> Services() const override { return {"intake"}; }

  grpc::Status GetAppeal(std::shared_ptr<grpc::ChannelCredentials> credentials) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto stub = intake::v1::IntakeService::NewStub(
        grpc::CreateCustomChannel(cluster_->address("intake"), credentials, args));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    auth::AttachToken(ctx, cluster_->operator_token());
    intake::v1::GetAppealRequest req;
    req.set_appeal_id("00000000-0000-4000-8000-000000000000");
    intake::v1::GetAppealResponse resp;
    return stub->GetAppeal(&ctx, req, &resp);
  }

  // Subscribes to intake's events over `channel` with `token`; the status
  // the stream ends with, or OK once the producer answered.
  grpc::Status Subscribe(std::shared_ptr<grpc::Channel> channel, const std::string& token) {
    auto events = eventlog::v1::EventLog::NewStub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auth::AttachToken(ctx, token);
    eventlog::v1::SubscribeRequest req;
    req.set_consumer("tls-test");
    auto stream = events->Subscribe(&ctx, req);
    stream->WaitForInitialMetadata();
    if (ctx.GetServerInitialMetadata().count("x-eventlog-producer") == 1) {
      ctx.TryCancel();
      (void)stream->Finish();
      return grpc::Status::OK;
    }
    return stream->Finish();
  }
};

TEST_F(TlsE2eTest, AnOperatorsToolCallsOverTlsWithTheCa) {
  EXPECT_THAT(GetAppeal(tls::ChannelCredentials(cluster_->ClientTls())),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(TlsE2eTest, APlaintextClientGetsNoAnswer) {
  EXPECT_THAT(GetAppeal(grpc::InsecureChannelCredentials()),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(TlsE2eTest, AClientTrustingAnotherCaRefusesTheService) {
  auto other = testing::TestCertificates::CreateOrDie({"intake"});
  EXPECT_THAT(GetAppeal(tls::ChannelCredentials(other->ClientTls())),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(TlsE2eTest, AServiceTokenIsHonouredOnlyWithItsServicesCertificate) {
  const std::string& token = cluster_->service_token("routing");
  EXPECT_OK(Subscribe(cluster_->ServiceChannel("intake", "routing"), token));
  // Stolen: the token without routing's certificate.
  EXPECT_THAT(Subscribe(cluster_->channel("intake"), token),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("client certificate")));
  EXPECT_THAT(Subscribe(cluster_->ServiceChannel("intake", "tracking"), token),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("does not name the service the token belongs to")));
}

// RegisterAppeal takes role service from the exchange alone (its cards from
// the Government Contact Center), each service known by its certificate.
TEST_F(TlsE2eTest, OfTheServicesOnlyTheExchangeRegistersAppeals) {
  auto register_as = [&](const std::string& service) {
    auto stub = intake::v1::IntakeService::NewStub(cluster_->ServiceChannel("intake", service));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    auth::AttachToken(ctx, cluster_->service_token(service));
    intake::v1::RegisterAppealRequest empty;  // past the role check, it is invalid
    intake::v1::RegisterAppealResponse resp;
    return stub->RegisterAppeal(&ctx, empty, &resp);
  };
  EXPECT_THAT(register_as("routing"),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("service routing")));
  EXPECT_THAT(register_as("exchange"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(TlsE2eTest, AServiceWithoutTlsFilesOrAVerifyingDsnDoesNotStart) {
  const RegisteredService* svc = nullptr;
  for (const RegisteredService& s : Registry()) {
    if (s.name == "intake") svc = &s;
  }
  ASSERT_NE(svc, nullptr);
  char dir[] = "/tmp/cc-tls-e2e-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string log = absl::StrCat(dir, "/intake.log");
  ServiceProcess bare("intake", svc->binary,
                      {{"TLS_CERT", ""},
                       {"TLS_KEY", ""},
                       {"TLS_CA", ""},
                       {"INSECURE_PLAINTEXT_FOR_TESTS_ONLY", "false"},
                       {"TOKENS_FILE", "/nonexistent"},
                       {"DB_DSN", "postgresql://intake:pw@127.0.0.1:5432/intake"}},
                      log);
  ASSERT_OK(bare.Start());
  absl::StatusOr<int> exit = bare.Wait(absl::Seconds(20));
  ASSERT_OK(exit.status());
  EXPECT_EQ(*exit, 2);
  const std::string tail = bare.LogTail(50);
  EXPECT_THAT(tail, HasSubstr("--tls_cert, --tls_key, --tls_ca"));
  EXPECT_THAT(tail, HasSubstr("--insecure_plaintext_for_tests_only"));
  EXPECT_THAT(tail, HasSubstr("sslmode=verify-full"));
  EXPECT_THAT(tail, ::testing::Not(HasSubstr("pw@")));
  std::remove(log.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace contactcenter::e2e
