// intake and routing as real processes: only appeals registered for
// consideration are routed; not-considered and returned ones never are.
#include <signal.h>

#include <thread>

#include "absl/time/clock.h"
#include "cluster.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

using ::contactcenter::testing::StatusIs;
namespace intake = ::contactcenter::intake::v1;
namespace routing = ::contactcenter::routing::v1;

class IntakeE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Cluster>> c = Cluster::Create();
    ASSERT_TRUE(c.ok()) << c.status();
    cluster_ = *std::move(c);
    // Tracking is not needed: intake keeps following it in the background.
    ASSERT_OK(cluster_->Start("intake"));
    ASSERT_OK(cluster_->Start("routing"));
    intake_ = intake::IntakeService::NewStub(cluster_->channel("intake"));
    routing_ = routing::RoutingService::NewStub(cluster_->channel("routing"));
  }

  void TearDown() override {
    intake_.reset();
    routing_.reset();
    cluster_->CloseChannels();
    for (const char* svc : {"routing", "intake"}) {
      ServiceProcess& p = cluster_->process(svc);
      if (!p.running()) continue;
      p.Signal(SIGTERM);
      absl::StatusOr<int> code = p.Wait(absl::Seconds(20));
      EXPECT_TRUE(code.ok() && *code == 0)
          << svc << " did not stop cleanly: " << code.status() << "\n" << p.LogTail();
    }
  }

  std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ctx->set_wait_for_ready(true);
    auth::AttachToken(*ctx, cluster_->operator_token());
    return ctx;
  }

  intake::Appeal Register(const intake::RegisterAppealRequest& req) {
    intake::RegisterAppealResponse resp;
    grpc::Status s = intake_->RegisterAppeal(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.appeal();
  }

  grpc::Status Decision(const std::string& appeal_id) {
    routing::GetRoutingDecisionRequest req;
    req.set_appeal_id(appeal_id);
    routing::GetRoutingDecisionResponse resp;
    return routing_->GetRoutingDecision(Ctx().get(), req, &resp);
  }

  std::unique_ptr<Cluster> cluster_;
  std::unique_ptr<intake::IntakeService::Stub> intake_;
  std::unique_ptr<routing::RoutingService::Stub> routing_;
};

TEST_F(IntakeE2eTest, NotConsideredAndReturnedAppealsAreNeverRoutedWhileAValidOneIs) {
  intake::RegisterAppealRequest anonymous = ::contactcenter::intake::SampleAppeal();
  anonymous.mutable_card()->set_subject(common::v1::APPEAL_SUBJECT_ANONYMOUS);
  anonymous.mutable_card()->clear_applicant();
  intake::RegisterAppealRequest incapable = ::contactcenter::intake::SampleAppeal();
  incapable.mutable_card()->set_applicant_declared_incapable(true);
  intake::RegisterAppealRequest returned = ::contactcenter::intake::SampleAppeal();
  returned.mutable_card()->clear_essence();

  const intake::Appeal a = Register(anonymous);
  const intake::Appeal b = Register(incapable);
  const intake::Appeal c = Register(returned);
  EXPECT_EQ(a.status(), intake::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(b.status(), intake::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(c.status(), intake::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  // Registered after them, so routing has read past their events once it
  // has decided this one.
  const intake::Appeal valid = Register(::contactcenter::intake::SampleAppeal());
  ASSERT_EQ(valid.status(), intake::APPEAL_STATUS_REGISTERED);

  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  grpc::Status s;
  while (!(s = Decision(valid.id())).ok() && absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_OK(s);
  for (const intake::Appeal* never : {&a, &b, &c}) {
    EXPECT_THAT(Decision(never->id()), StatusIs(absl::StatusCode::kNotFound))
        << never->registration_number();
  }
}

}  // namespace
}  // namespace contactcenter::e2e
