// The rate limit where every handler authenticates, through a real server:
// per principal, per peer address without a token, and never on health.
#include <memory>

#include "absl/strings/str_cat.h"

#include "contactcenter/auth/auth.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"

namespace contactcenter::auth {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::HasSubstr;
namespace intake = ::contactcenter::intake::v1;

constexpr char kOperator1[] = "operator-token-0001-abcdef";
constexpr char kOperator2[] = "operator-token-0002-abcdef";

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

class AuthRateLimitTest : public ::testing::Test {
 protected:
  AuthRateLimitTest()
      : auth_(*TokenStore::Parse(absl::StrCat(TokenHash(kOperator1), " operator op-1\n",
                                              TokenHash(kOperator2), " operator op-2\n")),
              // Three calls at once, then one a minute: the test never refills.
              std::make_unique<RateLimiter>(RateLimit{1.0 / 60, 3, 100})),
        fake_(&auth_),
        server_(&fake_, intake::IntakeService::service_full_name()),
        stub_(intake::IntakeService::NewStub(server_.channel())) {}

  grpc::Status Get(const std::string& token) {
    grpc::ClientContext ctx;
    if (!token.empty()) AttachToken(ctx, token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    intake::GetAppealResponse resp;
    return stub_->GetAppeal(&ctx, intake::GetAppealRequest(), &resp);
  }

  Authenticator auth_;
  FakeIntake fake_;
  testing::InProcessServer server_;
  std::unique_ptr<intake::IntakeService::Stub> stub_;
};

TEST_F(AuthRateLimitTest, APrincipalOverItsLimitGetsResourceExhaustedWithARetryHint) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Get(kOperator1).error_code(), grpc::StatusCode::NOT_FOUND);
  grpc::Status over = Get(kOperator1);
  EXPECT_THAT(over, StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("retry in ")));
  // The hint travels as a standard google.rpc.RetryInfo error detail: a
  // minute for the next call, less the moments the test has taken.
  const absl::Duration delay = RetryDelayOf(FromGrpcStatus(over));
  EXPECT_GT(delay, absl::Seconds(50));
  EXPECT_LE(delay, absl::Minutes(1));
  EXPECT_THAT(over.error_message(), HasSubstr(absl::FormatDuration(delay)));
  // Another principal is not held back by it.
  EXPECT_EQ(Get(kOperator2).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(AuthRateLimitTest, CallsWithoutAValidTokenAreLimitedByPeerAddress) {
  EXPECT_EQ(Get("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Get("not-a-token-of-ours-at-all").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // A new connection from the same address shares the bucket.
  auto other = intake::IntakeService::NewStub(grpc::CreateCustomChannel(
      absl::StrCat("127.0.0.1:", server_.port()), grpc::InsecureChannelCredentials(),
      [] {
        grpc::ChannelArguments args;
        args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
        return args;
      }()));
  grpc::ClientContext ctx;
  intake::GetAppealResponse resp;
  EXPECT_EQ(other->GetAppeal(&ctx, intake::GetAppealRequest(), &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(Get(""), StatusIs(absl::StatusCode::kResourceExhausted));
  // A valid token has its own bucket.
  EXPECT_EQ(Get(kOperator1).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(AuthRateLimitTest, HealthIsNeverLimited) {
  for (int i = 0; i < 4; ++i) (void)Get("");
  auto health = grpc::health::v1::Health::NewStub(server_.channel());
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext ctx;
    grpc::health::v1::HealthCheckResponse resp;
    EXPECT_TRUE(health->Check(&ctx, grpc::health::v1::HealthCheckRequest(), &resp).ok());
  }
}

}  // namespace
}  // namespace contactcenter::auth
