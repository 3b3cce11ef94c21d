// intake and routing as real processes: only appeals registered for
// consideration are routed; not-considered and returned ones never are.
#include <signal.h>

#include <thread>

#include "absl/time/clock.h"
#include "cluster.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

using ::contactcenter::testing::StatusIs;
namespace intake = ::contactcenter::intake::v1;
namespace routing = ::contactcenter::routing::v1;
namespace tracking = ::contactcenter::tracking::v1;

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

// All three services: tracking's CaseClosed reaches intake, and a repeat on
// the resolved issue is not considered and never routed.
class IntakeFollowsTrackingE2eTest : public IntakeE2eTest {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Cluster>> c = Cluster::Create();
    ASSERT_TRUE(c.ok()) << c.status();
    cluster_ = *std::move(c);
    ASSERT_OK(cluster_->StartAll());
    intake_ = intake::IntakeService::NewStub(cluster_->channel("intake"));
    routing_ = routing::RoutingService::NewStub(cluster_->channel("routing"));
    tracking_ = tracking::TrackingService::NewStub(cluster_->channel("tracking"));
    executors_ = tracking::ExecutorService::NewStub(cluster_->channel("tracking"));
  }
  void TearDown() override {
    tracking_.reset();
    executors_.reset();
    if (cluster_ != nullptr && cluster_->process("tracking").running()) {
      cluster_->CloseChannels();
      ServiceProcess& p = cluster_->process("tracking");
      p.Signal(SIGTERM);
      absl::StatusOr<int> code = p.Wait(absl::Seconds(20));
      EXPECT_TRUE(code.ok() && *code == 0) << p.LogTail();
    }
    IntakeE2eTest::TearDown();
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ctx->set_wait_for_ready(true);
    auth::AttachToken(*ctx, token);
    return ctx;
  }

  std::unique_ptr<tracking::TrackingService::Stub> tracking_;
  std::unique_ptr<tracking::ExecutorService::Stub> executors_;
};

TEST_F(IntakeFollowsTrackingE2eTest, ARepeatOnAnIssueTrackingClosedIsNotConsideredAndNotRouted) {
  const intake::Appeal first = Register(::contactcenter::intake::SampleAppeal());
  ASSERT_EQ(first.status(), intake::APPEAL_STATUS_REGISTERED);
  // Routed to the executor, who accepts and answers; the call-back confirms.
  tracking::GetCaseRequest get;
  get.set_appeal_id(first.id());
  tracking::GetCaseResponse got;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  grpc::Status s;
  while (!(s = tracking_->GetCase(Ctx().get(), get, &got)).ok() && absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_OK(s);
  const std::string case_id = got.case_().id();
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), KyivTimeZone());
  tracking::AcceptCaseRequest accept;
  accept.set_case_id(case_id);
  tracking::AcceptCaseResponse accepted;
  ASSERT_OK(executors_->AcceptCase(As(cluster_->executor_token()).get(), accept, &accepted));
  tracking::SubmitAnswerRequest answer;
  answer.set_case_id(case_id);
  answer.mutable_answer()->set_text("Опалення відновлено.");
  answer.mutable_answer()->set_outgoing_number("01-15/78");
  *answer.mutable_answer()->mutable_answer_date() = ToDate(today);
  answer.mutable_answer()->set_signer("І. Петренко");
  answer.mutable_answer()->set_result(tracking::CASE_RESULT_DONE);
  tracking::SubmitAnswerResponse answered;
  ASSERT_OK(executors_->SubmitAnswer(As(cluster_->executor_token()).get(), answer, &answered));
  tracking::PlanCallBackRequest plan;
  plan.set_case_id(case_id);
  *plan.mutable_planned_date() = ToDate(today);
  tracking::PlanCallBackResponse planned;
  ASSERT_OK(tracking_->PlanCallBack(Ctx().get(), plan, &planned));
  tracking::RecordCallBackRequest call;
  call.set_case_id(case_id);
  call.set_confirmed(true);
  call.set_grade(5);
  call.set_comment("тепло є");
  tracking::RecordCallBackResponse called;
  ASSERT_OK(tracking_->RecordCallBack(Ctx().get(), call, &called));

  // Intake learns of the closing from tracking's log.
  intake::FindApplicantHistoryRequest history;
  history.set_phone("050 123 45 67");
  bool closed = false;
  const absl::Time wait_until = absl::Now() + absl::Seconds(30);
  while (!closed && absl::Now() < wait_until) {
    intake::FindApplicantHistoryResponse found;
    ASSERT_OK(intake_->FindApplicantHistory(Ctx().get(), history, &found));
    closed = found.appeals_size() == 1 && found.appeals(0).closed();
    if (!closed) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(closed);

  const intake::Appeal repeat = Register(::contactcenter::intake::SampleAppeal());
  EXPECT_EQ(repeat.status(), intake::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(repeat.not_considered_reason(), intake::NOT_CONSIDERED_REASON_REPEATED_RESOLVED);
  EXPECT_THAT(repeat.linked_appeal_ids(), ::testing::ElementsAre(first.id()));
  EXPECT_EQ(repeat.card().applicant().person().surname(), "Шевченко");
  // Another issue from the same applicant is routed, and routing never saw
  // the repeat before it.
  const intake::Appeal other = Register(::contactcenter::intake::SampleAppeal("106", "LG-SEV"));
  ASSERT_EQ(other.status(), intake::APPEAL_STATUS_REGISTERED);
  const absl::Time routed_by = absl::Now() + absl::Seconds(30);
  while (!(s = Decision(other.id())).ok() && absl::Now() < routed_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_OK(s);
  EXPECT_THAT(Decision(repeat.id()), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace contactcenter::e2e
