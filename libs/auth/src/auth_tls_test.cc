// Transport security through a real server: TLS only, the server verified
// against our CA, and a service token honoured only with its service's
// client certificate (mutual TLS).
#include <memory>

#include "absl/strings/str_cat.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/server/server.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_certificates.h"
#include "contactcenter/tls/tls.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"

namespace contactcenter::auth {
namespace {

using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestCertificates;
using ::testing::HasSubstr;
namespace intake = ::contactcenter::intake::v1;

constexpr char kOperator[] = "operator-token-0001-abcdef";
constexpr char kRoutingToken[] = "routing-service-token-0001";

// GetAppeal authenticates as every handler does, then answers NOT_FOUND.
class FakeIntake final : public intake::IntakeService::Service {
 public:
  explicit FakeIntake(const Authenticator* auth) : auth_(auth) {}
  grpc::Status GetAppeal(grpc::ServerContext* ctx, const intake::GetAppealRequest*,
                         intake::GetAppealResponse*) override {
    absl::StatusOr<Principal> who = auth_->Authenticate(*ctx);
    if (!who.ok()) return ToGrpcStatus(who.status());
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such appeal");
  }

 private:
  const Authenticator* auth_;
};

class AuthTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs_ = TestCertificates::CreateOrDie({"intake", "routing", "tracking"}).release();
    // Another CA, with a certificate of the same name: a name alone proves nothing.
    rogue_ = TestCertificates::CreateOrDie({"routing"}).release();
  }
  static void TearDownTestSuite() {
    delete certs_;
    delete rogue_;
  }

  AuthTlsTest()
      : auth_(*TokenStore::Parse(absl::StrCat(TokenHash(kOperator), " operator op-1\n",
                                              TokenHash(kRoutingToken), " service routing\n"))),
        fake_(&auth_) {}
  ~AuthTlsTest() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  void Serve(bool require_client_cert = false) {
    server::CommonConfig c;
    c.service_name = "intake";
    c.listen_host = "127.0.0.1";
    c.max_threads = 4;
    c.shutdown_grace = absl::Seconds(1);
    c.tls = certs_->ServerTls("intake");
    c.tls.require_client_cert = require_client_cert;
    server_ = std::make_unique<server::Server>(c);
    server_->AddService(&fake_, intake::IntakeService::service_full_name());
    absl::Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started;
    server_->SetServing(true);
  }

  // A call to GetAppeal over a fresh channel with `credentials`.
  grpc::Status Get(std::shared_ptr<grpc::ChannelCredentials> credentials,
                   const std::string& token) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto stub = intake::IntakeService::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("127.0.0.1:", server_->grpc_port()), credentials, args));
    grpc::ClientContext ctx;
    if (!token.empty()) AttachToken(ctx, token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    intake::GetAppealResponse resp;
    return stub->GetAppeal(&ctx, intake::GetAppealRequest(), &resp);
  }
  grpc::Status Get(const tls::Config& client, const std::string& token) {
    return Get(tls::ChannelCredentials(client), token);
  }

  static TestCertificates* certs_;
  static TestCertificates* rogue_;
  Authenticator auth_;
  FakeIntake fake_;
  std::unique_ptr<server::Server> server_;
};

TestCertificates* AuthTlsTest::certs_ = nullptr;
TestCertificates* AuthTlsTest::rogue_ = nullptr;

TEST_F(AuthTlsTest, AnOperatorNeedsNoClientCertificate) {
  Serve();
  EXPECT_THAT(Get(certs_->ClientTls(), kOperator), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(AuthTlsTest, AServiceTokenCountsWithItsServicesCertificate) {
  Serve();
  EXPECT_THAT(Get(certs_->ClientTls("routing"), kRoutingToken),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(AuthTlsTest, AStolenServiceTokenWithoutTheCertificateIsUnauthenticated) {
  Serve();
  EXPECT_THAT(Get(certs_->ClientTls(), kRoutingToken),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("client certificate")));
}

TEST_F(AuthTlsTest, AServiceTokenWithAnotherServicesCertificateIsUnauthenticated) {
  Serve();
  EXPECT_THAT(Get(certs_->ClientTls("tracking"), kRoutingToken),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("does not name the service the token belongs to")));
}

TEST_F(AuthTlsTest, APlaintextClientGetsNoAnswer) {
  Serve();
  EXPECT_THAT(Get(grpc::InsecureChannelCredentials(), kOperator),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(AuthTlsTest, AClientRefusesAServerItsCaDidNotSign) {
  Serve();
  EXPECT_THAT(Get(rogue_->ClientTls(), kOperator), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(AuthTlsTest, TheServerRefusesAClientCertificateFromAnotherCa) {
  Serve();
  // Trusts the right CA, but presents a "routing" certificate of the rogue one.
  tls::Config client = rogue_->ClientTls("routing");
  client.certificates.ca_pem = certs_->ClientTls().certificates.ca_pem;
  EXPECT_THAT(Get(client, kRoutingToken), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(AuthTlsTest, RequiredClientCertificatesTurnAwayClientsWithout) {
  Serve(/*require_client_cert=*/true);
  EXPECT_THAT(Get(certs_->ClientTls(), kOperator), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(Get(certs_->ClientTls("tracking"), kOperator),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(AuthTlsTest, AServerWithoutCertificatesDoesNotStartUnlessPlaintextIsAskedFor) {
  server::CommonConfig c;
  c.service_name = "intake";
  c.listen_host = "127.0.0.1";
  c.max_threads = 4;
  server::Server server(c);
  EXPECT_THAT(server.Start(), StatusIs(absl::StatusCode::kFailedPrecondition,
                                       HasSubstr("plaintext not asked for")));
}

}  // namespace
}  // namespace contactcenter::auth
