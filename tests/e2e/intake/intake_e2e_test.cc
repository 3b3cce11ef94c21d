// intake and routing as real processes: only appeals registered for
// consideration are routed; not-considered and returned ones never are.
#include <signal.h>

#include <thread>

#include "absl/time/clock.h"
#include "e2e_test.h"
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

class IntakeE2eTest : public E2eTest {
 protected:
  // Tracking is not needed: intake keeps following it in the background.
  std::vector<std::string> Services() const override { return {"intake", "routing"}; }

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

  grpc::Status Decide(const std::string& appeal_id, intake::ExclusionDecision decision,
                      const std::string& comment, intake::DecideExclusionResponse* resp) {
    intake::DecideExclusionRequest req;
    req.set_appeal_id(appeal_id);
    req.set_decision(decision);
    req.set_comment(comment);
    return intake_->DecideExclusion(Ctx(cluster_->supervisor_token()).get(), req, resp);
  }
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
  // Art. 8: the incapacity is the body head's decision, so the appeal waits
  // for a supervisor (not considered at once before issue 10); unrouted too.
  EXPECT_EQ(b.status(), intake::APPEAL_STATUS_AWAITING_DECISION);
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
// the resolved issue is proposed for exclusion, with the body that resolved
// the first, and never routed while it waits; the supervisor confirms it.
class IntakeFollowsTrackingE2eTest : public IntakeE2eTest {
 protected:
  std::vector<std::string> Services() const override {
    return {"intake", "routing", "tracking"};
  }
};

TEST_F(IntakeFollowsTrackingE2eTest, ARepeatOnAnIssueTrackingClosedIsProposedAndNotRouted) {
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
  ASSERT_OK(executors_->AcceptCase(Ctx(cluster_->executor_token()).get(), accept, &accepted));
  tracking::SubmitAnswerRequest answer;
  answer.set_case_id(case_id);
  answer.mutable_answer()->set_text("Опалення відновлено.");
  answer.mutable_answer()->set_outgoing_number("01-15/78");
  *answer.mutable_answer()->mutable_answer_date() = ToDate(today);
  answer.mutable_answer()->set_signer("І. Петренко");
  answer.mutable_answer()->set_result(tracking::CASE_RESULT_DONE);
  tracking::SubmitAnswerResponse answered;
  ASSERT_OK(executors_->SubmitAnswer(Ctx(cluster_->executor_token()).get(), answer, &answered));
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

  // Art. 8: the body head decides the exclusion, so intake proposes it (it
  // was not considered at once before issue 10).
  const intake::Appeal repeat = Register(::contactcenter::intake::SampleAppeal());
  EXPECT_EQ(repeat.status(), intake::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(repeat.exclusion_proposal().reason(), intake::NOT_CONSIDERED_REASON_REPEATED_RESOLVED);
  EXPECT_EQ(repeat.exclusion_proposal().earlier_executor_id(), got.case_().executor_id());
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
  intake::DecideExclusionResponse decided;
  ASSERT_OK(Decide(repeat.id(), intake::EXCLUSION_DECISION_CONFIRMED, "", &decided));
  EXPECT_EQ(decided.appeal().status(), intake::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(decided.appeal().not_considered_reason(),
            intake::NOT_CONSIDERED_REASON_REPEATED_RESOLVED);
}

// Art. 8: intake proposes the exclusion, the appeal waits in the
// supervisor's queue; an overruled proposal is registered and routed, a
// confirmed one is not considered, with the supervisor who decided.
TEST_F(IntakeE2eTest, ASupervisorOverrulesOneProposalWhichIsRoutedAndConfirmsAnotherWhichIsNot) {
  intake::RegisterAppealRequest incapable = ::contactcenter::intake::SampleAppeal();
  incapable.mutable_card()->set_applicant_declared_incapable(true);
  const intake::Appeal overruled = Register(incapable);
  const intake::Appeal confirmed = Register(incapable);
  ASSERT_EQ(overruled.status(), intake::APPEAL_STATUS_AWAITING_DECISION);
  ASSERT_EQ(confirmed.status(), intake::APPEAL_STATUS_AWAITING_DECISION);

  intake::ListExclusionProposalsResponse queue;
  ASSERT_OK(intake_->ListExclusionProposals(Ctx(cluster_->supervisor_token()).get(),
                                            intake::ListExclusionProposalsRequest(), &queue));
  ASSERT_EQ(queue.proposals_size(), 2);
  EXPECT_EQ(queue.proposals(0).appeal().appeal_id(), overruled.id());
  EXPECT_EQ(queue.proposals(0).proposal().reason(),
            intake::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);

  intake::DecideExclusionResponse decided;
  ASSERT_OK(Decide(confirmed.id(), intake::EXCLUSION_DECISION_CONFIRMED, "", &decided));
  EXPECT_EQ(decided.appeal().status(), intake::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(decided.appeal().screened_by(), decided.appeal().exclusion_proposal().decided_by());
  EXPECT_FALSE(decided.appeal().screened_by().empty());
  EXPECT_NE(decided.appeal().screened_by(), confirmed.registered_by());
  ASSERT_OK(Decide(overruled.id(), intake::EXCLUSION_DECISION_OVERRULED,
                   "рішення суду про недієздатність скасовано", &decided));
  EXPECT_EQ(decided.appeal().status(), intake::APPEAL_STATUS_REGISTERED);

  // The overruled one is routed; the confirmed one, decided before it, is not.
  grpc::Status s;
  ASSERT_TRUE(Eventually([&] { return (s = Decision(overruled.id())).ok(); })) << s.error_message();
  EXPECT_THAT(Decision(confirmed.id()), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK(intake_->ListExclusionProposals(Ctx(cluster_->supervisor_token()).get(),
                                            intake::ListExclusionProposalsRequest(), &queue));
  EXPECT_EQ(queue.proposals_size(), 0);
}

}  // namespace
}  // namespace contactcenter::e2e
