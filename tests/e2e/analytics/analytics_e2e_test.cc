// Appeals registered, routed and answered through the real binaries, and
// analytics' reports (and their CSV) read back over gRPC.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/analytics/v1/analytics.grpc.pb.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/testing/status_matchers.h"
#include "e2e_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::testing::UnorderedElementsAre;
namespace analytics = ::contactcenter::analytics::v1;
namespace intake = ::contactcenter::intake::v1;
namespace routing = ::contactcenter::routing::v1;
namespace tracking = ::contactcenter::tracking::v1;

class AnalyticsE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    analytics_ = analytics::AnalyticsService::NewStub(cluster_->channel("analytics"));
  }

  // This quarter, by Kyiv dates.
  static analytics::Period ThisQuarter() {
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), KyivTimeZone());
    const absl::CivilMonth first((today.year()), (today.month() - 1) / 3 * 3 + 1);
    analytics::Period p;
    *p.mutable_from() = ToDate(absl::CivilDay(first));
    *p.mutable_to() = ToDate(absl::CivilDay(first + 3));
    return p;
  }

  std::map<std::string, int64_t> Rows(const std::string& token) {
    analytics::GetClassifierReportRequest req;
    *req.mutable_period() = ThisQuarter();
    req.set_territory_code("LG");
    analytics::GetClassifierReportResponse resp;
    grpc::Status s = analytics_->GetClassifierReport(Ctx(token).get(), req, &resp);
    std::map<std::string, int64_t> out;
    if (!s.ok()) return out;
    for (const analytics::ClassifierRow& row : resp.rows()) out[row.code()] = row.count();
    return out;
  }

  std::unique_ptr<analytics::AnalyticsService::Stub> analytics_;
};

TEST_F(AnalyticsE2eTest, ReportsCountWhatWasRegisteredRoutedAndAnswered) {
  std::vector<std::string> cases;
  for (int i = 0; i < 2; ++i) {
    // Two applicants: the same one again on the same issue would be a
    // duplicate (дублетне) and join the first appeal's case.
    intake::RegisterAppealRequest req = ::contactcenter::intake::SampleAppeal("109", "LG-SEV", true);
    if (i == 1) {
      intake::Person* p = req.mutable_card()->mutable_applicant()->mutable_person();
      p->set_surname("Коваленко");
      p->set_name("Петро");
      p->set_residence_address("м. Сєвєродонецьк, вул. Гоголя, 5");
      p->set_phone("050 765 43 21");
    }
    intake::RegisterAppealResponse registered;
    ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), req, &registered));
    absl::StatusOr<tracking::Case> opened = WaitForCase(registered.appeal().id());
    ASSERT_OK(opened.status());
    cases.push_back(opened->id());
  }
  // The first is answered and confirmed; the second stays open.
  tracking::AcceptCaseRequest accept;
  accept.set_case_id(cases[0]);
  tracking::AcceptCaseResponse accepted;
  ASSERT_OK(executors_->AcceptCase(Ctx(cluster_->executor_token()).get(), accept, &accepted));
  tracking::SubmitAnswerRequest answer;
  answer.set_case_id(cases[0]);
  answer.mutable_answer()->set_text("The heating is back.");
  answer.mutable_answer()->set_outgoing_number("01-15/78");
  *answer.mutable_answer()->mutable_answer_date() =
      ToDate(absl::ToCivilDay(absl::Now(), KyivTimeZone()));
  answer.mutable_answer()->set_signer("I. Petrenko");
  answer.mutable_answer()->set_result(tracking::CASE_RESULT_DONE);
  tracking::SubmitAnswerResponse answered;
  ASSERT_OK(executors_->SubmitAnswer(Ctx(cluster_->executor_token()).get(), answer, &answered));
  tracking::PlanCallBackRequest plan;
  plan.set_case_id(cases[0]);
  *plan.mutable_planned_date() = ToDate(absl::ToCivilDay(absl::Now(), KyivTimeZone()));
  tracking::PlanCallBackResponse planned;
  ASSERT_OK(tracking_->PlanCallBack(Ctx().get(), plan, &planned));
  tracking::RecordCallBackRequest call;
  call.set_case_id(cases[0]);
  call.set_confirmed(true);
  call.set_grade(5);
  call.set_comment("warm again");
  tracking::RecordCallBackResponse called;
  ASSERT_OK(tracking_->RecordCallBack(Ctx().get(), call, &called));

  // The projection catches up with all three logs.
  std::map<std::string, int64_t> rows;
  ASSERT_TRUE(Eventually([&] {
    rows = Rows(cluster_->analyst_token());
    return rows[""] == 2 && rows["9.1"] == 1 && rows["Д.4"] == 1 && rows["Д.7"] == 1;
  })) << "total " << rows[""] << ", done " << rows["9.1"] << ", on time " << rows["Д.4"];
  EXPECT_EQ(rows["1.7"], 2);  // the hotline
  EXPECT_EQ(rows["109"], 2);
  EXPECT_EQ(rows["Д.1"], 2);
  EXPECT_EQ(rows["Д.5"], 0);
  // Supervisors and the administration's system read reports too.
  EXPECT_EQ(Rows(cluster_->supervisor_token())[""], 2);
  EXPECT_EQ(Rows(cluster_->system_token())[""], 2);

  // Nobody else.
  analytics::GetClassifierReportRequest req;
  *req.mutable_period() = ThisQuarter();
  analytics::GetClassifierReportResponse denied;
  EXPECT_EQ(analytics_->GetClassifierReport(Ctx(cluster_->operator_token()).get(), req, &denied)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(analytics_->GetClassifierReport(Ctx(cluster_->executor_token()).get(), req, &denied)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  analytics::GetTimelinessReportRequest t;
  *t.mutable_period() = ThisQuarter();
  analytics::GetTimelinessReportResponse timeliness;
  ASSERT_OK(analytics_->GetTimelinessReport(Ctx(cluster_->analyst_token()).get(), t, &timeliness));
  bool found = false;
  for (const analytics::TimelinessRow& r : timeliness.rows()) {
    if (r.level() != "body" || r.executor_id() != Cluster::kExecutorId) continue;
    found = true;
    EXPECT_EQ(r.received(), 2);
    EXPECT_EQ(r.answered_on_time(), 1);
    EXPECT_EQ(r.answered_late(), 0);
    EXPECT_EQ(r.open(), 1);
  }
  EXPECT_TRUE(found);

  analytics::CountAppealsRequest count;
  *count.mutable_period() = ThisQuarter();
  count.set_first_dimension("executor");
  count.set_second_dimension("timeliness");
  analytics::CountAppealsResponse counted;
  ASSERT_OK(analytics_->CountAppeals(Ctx(cluster_->analyst_token()).get(), count, &counted));
  ASSERT_EQ(counted.rows_size(), 2);
  EXPECT_EQ(counted.rows(0).first_value(), Cluster::kExecutorId);
  EXPECT_EQ(counted.rows(0).second_value(), "on_time");
  EXPECT_EQ(counted.rows(1).second_value(), "open");

  // The same as CSV.
  analytics::GetClassifierReportRequest csv_req;
  *csv_req.mutable_period() = ThisQuarter();
  auto ctx = Ctx(cluster_->analyst_token());
  std::unique_ptr<grpc::ClientReader<analytics::CsvChunk>> reader =
      analytics_->ExportClassifierReport(ctx.get(), csv_req);
  std::string csv;
  analytics::CsvChunk chunk;
  while (reader->Read(&chunk)) csv += chunk.data();
  ASSERT_OK(reader->Finish());
  EXPECT_TRUE(absl::StartsWith(csv, "\xEF\xBB\xBF" "Розділ,Назва розділу,Код,Показник,Кількість\r\n"))
      << csv.substr(0, 80);
  EXPECT_TRUE(absl::StrContains(csv, ",,,Усього надійшло звернень,2\r\n"));
  EXPECT_TRUE(absl::StrContains(csv, "I.9,За результатами розгляду,9.1,Вирішено позитивно,1\r\n"));

  // Bad filters are named.
  analytics::CountAppealsRequest bad;
  *bad.mutable_period()->mutable_from() = ToDate(absl::CivilDay(2026, 4, 1));
  *bad.mutable_period()->mutable_to() = ToDate(absl::CivilDay(2019, 4, 1));
  bad.set_first_dimension("colour");
  grpc::Status s = analytics_->CountAppeals(Ctx(cluster_->analyst_token()).get(), bad, &counted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("period.to", "first_dimension"));
}

// Issue 11: a body created in routing, and a body re-parented under it,
// through routing's gRPC, reach the timeliness report by parent through
// routing's ExecutorDirectoryChanged (analytics reads no executors.csv).
TEST_F(AnalyticsE2eTest, ABodyCreatedOrReparentedInRoutingShowsInTheTimelinessReportByParent) {
  routing::CreateExecutorRequest create;
  routing::Executor* body = create.mutable_executor();
  body->set_id("lg-sev-social-unit");
  body->set_name("Управління соціального захисту Сєвєродонецької РВА");
  body->set_kind(routing::EXECUTOR_KIND_OBLAST_ADMINISTRATION_DEPARTMENT);
  body->set_parent_id("lg-oda");
  body->add_territory_codes("LG-SEV");
  routing::ExecutorChangeResponse created;
  ASSERT_OK(routing_->CreateExecutor(Ctx(cluster_->supervisor_token()).get(), create, &created));

  // The body appeals on topic 109 in Sievierodonetsk go to, moved under it.
  routing::ListExecutorsRequest list;
  routing::ListExecutorsResponse listed;
  ASSERT_OK(routing_->ListExecutors(Ctx().get(), list, &listed));
  routing::UpdateExecutorRequest update;
  for (const routing::Executor& e : listed.executors()) {
    if (e.id() == Cluster::kExecutorId) *update.mutable_executor() = e;
  }
  ASSERT_EQ(update.executor().id(), Cluster::kExecutorId);
  ASSERT_NE(update.executor().parent_id(), "lg-sev-social-unit");
  update.mutable_executor()->set_parent_id("lg-sev-social-unit");
  routing::ExecutorChangeResponse updated;
  ASSERT_OK(routing_->UpdateExecutor(Ctx(cluster_->supervisor_token()).get(), update, &updated));

  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(
      Ctx().get(), ::contactcenter::intake::SampleAppeal("109", "LG-SEV", true), &registered));
  absl::StatusOr<tracking::Case> opened = WaitForCase(registered.appeal().id());
  ASSERT_OK(opened.status());
  ASSERT_EQ(opened->executor_id(), Cluster::kExecutorId);

  analytics::GetTimelinessReportRequest t;
  *t.mutable_period() = ThisQuarter();
  analytics::TimelinessRow parent;
  ASSERT_TRUE(Eventually([&] {
    analytics::GetTimelinessReportResponse timeliness;
    if (!analytics_->GetTimelinessReport(Ctx(cluster_->analyst_token()).get(), t, &timeliness)
             .ok()) {
      return false;
    }
    for (const analytics::TimelinessRow& r : timeliness.rows()) {
      if (r.level() == "parent" && r.executor_id() == "lg-sev-social-unit") parent = r;
    }
    return parent.received() == 1;
  })) << "the new parent's row: " << parent.ShortDebugString();
  EXPECT_EQ(parent.executor_name(), "Управління соціального захисту Сєвєродонецької РВА");
  EXPECT_EQ(parent.open(), 1);
}

}  // namespace
}  // namespace contactcenter::e2e
