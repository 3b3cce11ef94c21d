// The limits as a service binary takes them from its flags (here through
// the environment, which the cluster's processes inherit): the rate limit
// per principal and the cap on event streams per principal.
#include <cstdlib>

#include "contactcenter/auth/auth.h"
#include "contactcenter/eventlog/v1/eventlog.grpc.pb.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/testing/status_matchers.h"
#include "e2e_test.h"
#include "gmock/gmock.h"

namespace contactcenter::e2e {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::HasSubstr;

class LimitsE2eTest : public E2eTest {
 protected:
  // Intake alone: no other service holds a stream to it.
  std::vector<std::string> Services() const override { return {"intake"}; }

  void SetUp() override {
    // Five calls at once, then one every 100 seconds: the test never refills.
    setenv("RATE_LIMIT", "0.01", 1);
    setenv("RATE_LIMIT_BURST", "5", 1);
    setenv("MAX_STREAMS_PER_PRINCIPAL", "1", 1);
    E2eTest::SetUp();
  }

  void TearDown() override {
    E2eTest::TearDown();
    for (const char* name : {"RATE_LIMIT", "RATE_LIMIT_BURST", "MAX_STREAMS_PER_PRINCIPAL"}) {
      unsetenv(name);
    }
  }

  grpc::Status GetAppeal(const std::string& token) {
    intake::v1::GetAppealRequest req;
    req.set_appeal_id("00000000-0000-4000-8000-000000000000");
    intake::v1::GetAppealResponse resp;
    return intake_->GetAppeal(Ctx(token).get(), req, &resp);
  }
};

TEST_F(LimitsE2eTest, AnOperatorOverItsRateLimitIsToldWhenToRetry) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(GetAppeal(cluster_->operator_token()).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  grpc::Status over = GetAppeal(cluster_->operator_token());
  EXPECT_THAT(over, StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("retry in")));
  EXPECT_GT(auth::RetryDelayOf(FromGrpcStatus(over)), absl::Seconds(90));
  // Another principal has a bucket of its own.
  EXPECT_EQ(GetAppeal(cluster_->supervisor_token()).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(LimitsE2eTest, APrincipalHoldsNoMoreEventStreamsThanItsCap) {
  // As routing would follow intake: its certificate, its token.
  auto events = eventlog::v1::EventLog::NewStub(cluster_->ServiceChannel("intake", "routing"));
  eventlog::v1::SubscribeRequest req;
  req.set_consumer("limits-test");
  auto first_ctx = Ctx(cluster_->service_token("routing"));
  auto first = events->Subscribe(first_ctx.get(), req);
  first->WaitForInitialMetadata();
  EXPECT_EQ(first_ctx->GetServerInitialMetadata().count("x-eventlog-producer"), 1u);

  auto second_ctx = Ctx(cluster_->service_token("routing"));
  auto second = events->Subscribe(second_ctx.get(), req);
  eventlog::v1::Event e;
  EXPECT_FALSE(second->Read(&e));
  EXPECT_THAT(second->Finish(), StatusIs(absl::StatusCode::kResourceExhausted,
                                         HasSubstr("--max_streams_per_principal")));
  first_ctx->TryCancel();
  (void)first->Finish();
}

}  // namespace
}  // namespace contactcenter::e2e
