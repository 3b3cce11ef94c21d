// A case's whole life across the real binaries: intake registers, routing
// routes, the executor works it through ExecutorService, and the contact
// center checks the answer with the applicant until it is confirmed.
#include <signal.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "e2e_test.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

using ::contactcenter::testing::StatusIs;
namespace intake = ::contactcenter::intake::v1;
namespace tracking = ::contactcenter::tracking::v1;

class TrackingE2eTest : public E2eTest {
 protected:
  grpc::Status Answer(const std::string& case_id, const std::string& text) {
    tracking::SubmitAnswerRequest req;
    req.set_case_id(case_id);
    tracking::CaseAnswer* a = req.mutable_answer();
    a->set_text(text);
    a->set_outgoing_number("01-15/77");
    *a->mutable_answer_date() = ToDate(Today());
    a->set_signer("I. Petrenko, head of the raion administration");
    a->add_attachment_refs("rva://letters/01-15-77.pdf");
    a->set_result(tracking::CASE_RESULT_DONE);
    tracking::SubmitAnswerResponse resp;
    return executors_->SubmitAnswer(Ctx(cluster_->executor_token()).get(), req, &resp);
  }

  grpc::Status PlanCallBack(const std::string& case_id) {
    tracking::PlanCallBackRequest req;
    req.set_case_id(case_id);
    *req.mutable_planned_date() = ToDate(Today());
    tracking::PlanCallBackResponse resp;
    return tracking_->PlanCallBack(Ctx(cluster_->operator_token()).get(), req, &resp);
  }

  absl::StatusOr<tracking::Case> RecordCallBack(const std::string& case_id, bool confirmed) {
    tracking::RecordCallBackRequest req;
    req.set_case_id(case_id);
    req.set_confirmed(confirmed);
    req.set_grade(confirmed ? 5 : 1);
    req.set_comment(confirmed ? "the lighting works now" : "the street is still dark");
    if (!confirmed) *req.mutable_rework_until() = ToDate(Today() + 10);
    tracking::RecordCallBackResponse resp;
    grpc::Status s = tracking_->RecordCallBack(Ctx(cluster_->operator_token()).get(), req, &resp);
    if (!s.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
    }
    return resp.case_();
  }

  static absl::CivilDay Today() { return absl::ToCivilDay(absl::Now(), KyivTimeZone()); }

};

TEST_F(TrackingE2eTest, ACaseLivesFromRegistrationToAConfirmedAnswerThroughRework) {
  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(Ctx(cluster_->operator_token()).get(),
                                    ::contactcenter::intake::SampleAppeal("109", "LG-SEV", true),
                                    &registered));
  absl::StatusOr<tracking::Case> opened = WaitForCase(registered.appeal().id());
  ASSERT_OK(opened.status());
  ASSERT_EQ(opened->executor_id(), Cluster::kExecutorId);
  const std::string id = opened->id();

  // The executor finds it among its own cases.
  tracking::ListMyCasesResponse mine;
  ASSERT_OK(executors_->ListMyCases(Ctx(cluster_->executor_token()).get(),
                                    tracking::ListMyCasesRequest(), &mine));
  ASSERT_EQ(mine.cases_size(), 1);
  EXPECT_EQ(mine.cases(0).id(), id);

  tracking::AcceptCaseRequest accept;
  accept.set_case_id(id);
  tracking::AcceptCaseResponse accepted;
  ASSERT_OK(executors_->AcceptCase(Ctx(cluster_->executor_token()).get(), accept, &accepted));
  EXPECT_EQ(accepted.case_().status(), tracking::CASE_STATUS_ACCEPTED);
  // An operator is not an executor.
  EXPECT_THAT(executors_->AcceptCase(Ctx(cluster_->operator_token()).get(), accept, &accepted),
              StatusIs(absl::StatusCode::kPermissionDenied));

  ASSERT_OK(Answer(id, "The street lighting was repaired."));
  ASSERT_OK(PlanCallBack(id));
  absl::StatusOr<tracking::Case> rework = RecordCallBack(id, false);
  ASSERT_OK(rework.status());
  EXPECT_EQ(rework->status(), tracking::CASE_STATUS_RETURNED_FOR_REWORK);
  EXPECT_EQ(rework->rework_count(), 1);
  EXPECT_EQ(FromDate(rework->control_date()) >= Today() + 10, true);

  tracking::ListCasesNeedingAttentionRequest in_rework;
  in_rework.set_kind(tracking::ATTENTION_KIND_IN_REWORK);
  tracking::ListCasesNeedingAttentionResponse listed;
  ASSERT_OK(tracking_->ListCasesNeedingAttention(Ctx(cluster_->supervisor_token()).get(),
                                                 in_rework, &listed));
  ASSERT_EQ(listed.cases_size(), 1);
  EXPECT_EQ(listed.cases(0).id(), id);

  ASSERT_OK(Answer(id, "The lamps on the whole street were replaced."));
  ASSERT_OK(PlanCallBack(id));
  absl::StatusOr<tracking::Case> closed = RecordCallBack(id, true);
  ASSERT_OK(closed.status());
  EXPECT_EQ(closed->status(), tracking::CASE_STATUS_CLOSED);
  EXPECT_EQ(closed->result(), tracking::CASE_RESULT_DONE);
  EXPECT_EQ(closed->answer().text(), "The lamps on the whole street were replaced.");
  // The receipt time never moved.
  EXPECT_EQ(FromTimestamp(closed->received_at()), FromTimestamp(opened->received_at()));

  // The whole history, in order, with who did what.
  tracking::GetCaseHistoryRequest hreq;
  hreq.set_case_id(id);
  tracking::GetCaseHistoryResponse history;
  ASSERT_OK(tracking_->GetCaseHistory(Ctx(cluster_->supervisor_token()).get(), hreq, &history));
  std::vector<tracking::CaseStatus> path;
  for (const auto& e : history.entries()) path.push_back(e.to_status());
  EXPECT_EQ(path, (std::vector<tracking::CaseStatus>{
                      tracking::CASE_STATUS_FORWARDED, tracking::CASE_STATUS_ACCEPTED,
                      tracking::CASE_STATUS_ANSWERED, tracking::CASE_STATUS_ON_CHECK,
                      tracking::CASE_STATUS_RETURNED_FOR_REWORK, tracking::CASE_STATUS_ANSWERED,
                      tracking::CASE_STATUS_ON_CHECK, tracking::CASE_STATUS_CLOSED}));
  ASSERT_EQ(history.entries_size(), 8);
  EXPECT_EQ(history.entries(0).actor(), "routing");
  for (int i = 1; i < history.entries_size(); ++i) {
    EXPECT_EQ(history.entries(i).from_status(), history.entries(i - 1).to_status()) << i;
    EXPECT_FALSE(history.entries(i).actor().empty()) << i;
    EXPECT_FALSE(history.entries(i).note().empty()) << i;
    EXPECT_GE(FromTimestamp(history.entries(i).at()), FromTimestamp(history.entries(i - 1).at()));
  }
  EXPECT_THAT(history.entries(4).note(), ::testing::HasSubstr("the street is still dark"));

  // Closed is final.
  EXPECT_THAT(Answer(id, "again"), StatusIs(absl::StatusCode::kFailedPrecondition));
}

// CMU 348 Instruction, дублетне: the same applicant's same appeal again
// while the first is under consideration joins the first one's case: one
// case, one term, found by either appeal's id.
TEST_F(TrackingE2eTest, ADuplicateJoinsTheFirstAppealsCase) {
  intake::RegisterAppealResponse first, again;
  ASSERT_OK(intake_->RegisterAppeal(Ctx(cluster_->operator_token()).get(),
                                    ::contactcenter::intake::SampleAppeal("109", "LG-SEV", true),
                                    &first));
  absl::StatusOr<tracking::Case> opened = WaitForCase(first.appeal().id());
  ASSERT_OK(opened.status());
  ASSERT_OK(intake_->RegisterAppeal(Ctx(cluster_->operator_token()).get(),
                                    ::contactcenter::intake::SampleAppeal("109", "LG-SEV", true),
                                    &again));
  ASSERT_EQ(again.appeal().duplicate_of_appeal_id(), first.appeal().id());
  absl::StatusOr<tracking::Case> joined = WaitForCase(again.appeal().id());
  ASSERT_OK(joined.status());
  EXPECT_EQ(joined->id(), opened->id());
  EXPECT_EQ(joined->appeal_id(), first.appeal().id());
  tracking::GetCaseRequest req;
  req.set_appeal_id(again.appeal().id());
  tracking::GetCaseResponse got;
  ASSERT_OK(tracking_->GetCase(Ctx().get(), req, &got));
  ASSERT_EQ(got.joined_appeals_size(), 1);
  EXPECT_EQ(got.joined_appeals(0).registration_number(), again.appeal().registration_number());
  tracking::ListCasesResponse all;
  ASSERT_OK(tracking_->ListCases(Ctx().get(), tracking::ListCasesRequest(), &all));
  EXPECT_EQ(all.cases_size(), 1);
}

TEST_F(TrackingE2eTest, ADeclinedCaseIsReRoutedAndKeepsItsTerm) {
  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(Ctx(cluster_->operator_token()).get(),
                                    ::contactcenter::intake::SampleAppeal("109", "LG-SEV", false),
                                    &registered));
  absl::StatusOr<tracking::Case> opened = WaitForCase(registered.appeal().id());
  ASSERT_OK(opened.status());
  ASSERT_EQ(opened->executor_id(), Cluster::kExecutorId);

  tracking::DeclineCaseRequest decline;
  decline.set_case_id(opened->id());
  decline.set_reason("street lighting in this village is the oblast's");
  tracking::DeclineCaseResponse declined;
  ASSERT_OK(executors_->DeclineCase(Ctx(cluster_->executor_token()).get(), decline, &declined));
  EXPECT_EQ(declined.case_().status(), tracking::CASE_STATUS_RETURNED_TO_ROUTING);

  // Routing reads CaseReturnedToRouting, chooses another body (never the one
  // that declined), and tracking moves the case there.
  tracking::GetCaseRequest get;
  get.set_case_id(opened->id());
  tracking::Case moved;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (true) {
    tracking::GetCaseResponse resp;
    ASSERT_OK(tracking_->GetCase(Ctx(cluster_->operator_token()).get(), get, &resp));
    moved = resp.case_();
    if (moved.executor_id() != Cluster::kExecutorId || absl::Now() > give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(moved.executor_id(), Cluster::kExecutorId);
  EXPECT_EQ(moved.status(), tracking::CASE_STATUS_FORWARDED);
  EXPECT_EQ(moved.id(), opened->id());
  EXPECT_EQ(FromTimestamp(moved.received_at()), FromTimestamp(opened->received_at()));
  EXPECT_EQ(FromDate(moved.control_date()), FromDate(opened->control_date()));

  // No longer the declining executor's: it cannot even see it.
  tracking::GetCaseResponse hidden;
  EXPECT_THAT(tracking_->GetCase(Ctx(cluster_->executor_token()).get(), get, &hidden),
              StatusIs(absl::StatusCode::kNotFound));

  tracking::GetCaseHistoryRequest hreq;
  hreq.set_case_id(opened->id());
  tracking::GetCaseHistoryResponse history;
  ASSERT_OK(tracking_->GetCaseHistory(Ctx(cluster_->supervisor_token()).get(), hreq, &history));
  ASSERT_EQ(history.entries_size(), 3);
  EXPECT_EQ(history.entries(1).to_status(), tracking::CASE_STATUS_RETURNED_TO_ROUTING);
  EXPECT_THAT(history.entries(1).note(), ::testing::HasSubstr("the oblast's"));
  EXPECT_EQ(history.entries(2).actor(), "routing");
  EXPECT_EQ(history.entries(2).to_status(), tracking::CASE_STATUS_FORWARDED);
  EXPECT_THAT(history.entries(2).note(), ::testing::HasSubstr(moved.executor_id()));
}

}  // namespace
}  // namespace contactcenter::e2e
