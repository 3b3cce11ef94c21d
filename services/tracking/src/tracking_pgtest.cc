// tracking's cases and RPCs on a real PostgreSQL.
#include <functional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "case_manager.h"
#include "case_db_test.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema.h"
#include "executor_service.h"
#include "tracking_service.h"

namespace contactcenter::tracking {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::InProcessServer;
using ::contactcenter::testing::StatusIs;
using ::testing::UnorderedElementsAre;

constexpr char kOperator[] = "operator-token-000001";
constexpr char kHousing[] = "executor-token-housing";
constexpr char kSocial[] = "executor-token-social0";
constexpr char kSupervisor[] = "supervisor-token-0001";

// Received 31 January 2026, noon in Kyiv.
eventlog::v1::Event Routed(int n, const std::string& executor, bool short_term) {
  return RoutedEvent(n, executor, short_term, absl::FromUnixSeconds(1769853600));
}

class TrackingTest : public CaseDbTest {
 protected:
  TrackingTest() : CaseDbTest(absl::FromUnixSeconds(1769857200)) {}

  void SetUp() override {
    CaseDbTest::SetUp();
    auth_ = std::make_unique<auth::Authenticator>(*auth::TokenStore::Parse(absl::StrCat(
        auth::TokenHash(kOperator), " operator op-1\n", auth::TokenHash(kHousing),
        " executor housing-system lg-oda-housing\n", auth::TokenHash(kSocial),
        " executor social-system lg-oda-social\n", auth::TokenHash(kSupervisor),
        " supervisor sup-1\n")));
    service_ = std::make_unique<TrackingServiceImpl>(queries_.get(), manager_.get(), auth_.get());
    server_ = std::make_unique<InProcessServer>(service_.get(),
                                                v1::TrackingService::service_full_name());
    stub_ = v1::TrackingService::NewStub(server_->channel());
    executor_service_ =
        std::make_unique<ExecutorServiceImpl>(queries_.get(), manager_.get(), auth_.get());
    executor_server_ = std::make_unique<InProcessServer>(
        executor_service_.get(), v1::ExecutorService::service_full_name());
    executors_ = v1::ExecutorService::NewStub(executor_server_->channel());
  }

  // The case opened for appeal n.
  v1::Case CaseOf(int n) {
    absl::StatusOr<v1::Case> c = queries_->GetByAppeal(kAnyone, AppealId(n));
    EXPECT_OK(c.status());
    return c.ok() ? *c : v1::Case();
  }

  template <typename Req, typename Resp, typename Method>
  grpc::Status CallExecutor(Method method, const Req& req, Resp* resp, const std::string& token) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return ((*executors_).*method)(&ctx, req, resp);
  }

  grpc::Status Accept(const std::string& case_id, const std::string& token) {
    v1::AcceptCaseRequest req;
    req.set_case_id(case_id);
    v1::AcceptCaseResponse resp;
    return CallExecutor(&v1::ExecutorService::Stub::AcceptCase, req, &resp, token);
  }

  grpc::Status Answer(const std::string& case_id, const std::string& token,
                      v1::CaseResult result = v1::CASE_RESULT_DONE) {
    v1::SubmitAnswerRequest req;
    req.set_case_id(case_id);
    v1::CaseAnswer* a = req.mutable_answer();
    a->set_text("The roof will be repaired by 1 March.");
    a->set_outgoing_number("01-15/123");
    *a->mutable_answer_date() = ToDate(absl::CivilDay(2026, 2, 10));
    a->set_signer("I. Petrenko, head");
    a->add_attachment_refs("doc://housing/123");
    a->set_result(result);
    if (result == v1::CASE_RESULT_REFUSED) {
      a->set_refusal_reasons("The house is not on the repair list for this year.");
      a->set_legal_basis("Housing Code of Ukraine, Art. 151");
      a->set_appeal_procedure("To the Luhansk oblast administration or to a court (Art. 16).");
    }
    v1::SubmitAnswerResponse resp;
    return CallExecutor(&v1::ExecutorService::Stub::SubmitAnswer, req, &resp, token);
  }

  template <typename Req, typename Resp, typename Method>
  grpc::Status CallCenter(Method method, const Req& req, Resp* resp,
                          const std::string& token = kOperator) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return ((*stub_).*method)(&ctx, req, resp);
  }

  grpc::Status PlanCallBack(const std::string& case_id, absl::CivilDay day) {
    v1::PlanCallBackRequest req;
    req.set_case_id(case_id);
    *req.mutable_planned_date() = ToDate(day);
    v1::PlanCallBackResponse resp;
    return CallCenter(&v1::TrackingService::Stub::PlanCallBack, req, &resp);
  }

  grpc::Status RecordCallBack(const std::string& case_id, bool confirmed,
                              std::optional<absl::CivilDay> rework_until = std::nullopt) {
    v1::RecordCallBackRequest req;
    req.set_case_id(case_id);
    req.set_confirmed(confirmed);
    req.set_grade(confirmed ? 5 : 2);
    req.set_comment(confirmed ? "the roof is fixed" : "nothing was done");
    if (rework_until) *req.mutable_rework_until() = ToDate(*rework_until);
    v1::RecordCallBackResponse resp;
    return CallCenter(&v1::TrackingService::Stub::RecordCallBack, req, &resp);
  }

  std::vector<std::string> Attention(v1::AttentionKind kind, const std::string& executor = "") {
    v1::ListCasesNeedingAttentionRequest req;
    req.set_kind(kind);
    req.set_executor_id(executor);
    v1::ListCasesNeedingAttentionResponse resp;
    EXPECT_OK(CallCenter(&v1::TrackingService::Stub::ListCasesNeedingAttention, req, &resp,
                         kSupervisor));
    std::vector<std::string> appeals;
    for (const auto& c : resp.cases()) appeals.push_back(c.appeal_id());
    return appeals;
  }

  std::vector<HistoryEntry> HistoryOf(const std::string& case_id) {
    absl::StatusOr<std::vector<HistoryEntry>> h = queries_->History(kAnyone, case_id);
    EXPECT_OK(h.status());
    return h.ok() ? *h : std::vector<HistoryEntry>();
  }

  // Payload types of every event written so far, in order.
  std::vector<std::string> EventTypes() {
    EXPECT_OK(events_->SequencePending().status());
    absl::StatusOr<std::vector<eventlog::v1::Event>> events = events_->Read(0, 1000);
    EXPECT_OK(events.status());
    std::vector<std::string> types;
    if (!events.ok()) return types;
    for (const auto& e : *events) {
      const std::string& url = e.payload().type_url();
      types.push_back(url.substr(url.rfind('.') + 1));
    }
    return types;
  }

  absl::Status Handle(const eventlog::v1::Event& e) {
    return pool_->Write([&](db::Tx& tx) { return ApplyRoutingEvent(tx, e); });
  }

  grpc::Status GetCase(const v1::GetCaseRequest& req, v1::GetCaseResponse* resp,
                       const std::string& token = kOperator) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return stub_->GetCase(&ctx, req, resp);
  }

  grpc::Status ListCases(const v1::ListCasesRequest& req, v1::ListCasesResponse* resp,
                         const std::string& token = kOperator) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return stub_->ListCases(&ctx, req, resp);
  }

  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<TrackingServiceImpl> service_;
  std::unique_ptr<InProcessServer> server_;
  std::unique_ptr<v1::TrackingService::Stub> stub_;
  std::unique_ptr<ExecutorServiceImpl> executor_service_;
  std::unique_ptr<InProcessServer> executor_server_;
  std::unique_ptr<v1::ExecutorService::Stub> executors_;
};

TEST_F(TrackingTest, ARoutedAppealOpensACaseWithItsControlDate) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  v1::GetCaseRequest req;
  req.set_appeal_id(AppealId(1));
  v1::GetCaseResponse resp;
  ASSERT_OK(GetCase(req, &resp));
  const v1::Case& c = resp.case_();
  EXPECT_EQ(c.status(), v1::CASE_STATUS_FORWARDED);
  EXPECT_EQ(c.executor_id(), "lg-oda-housing");
  // Received 31 January, one month: 28 February, a Saturday: Monday 2 March.
  EXPECT_EQ(FromDate(c.control_date()), absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(FromTimestamp(c.due_at()),
            absl::FromCivil(absl::CivilSecond(2026, 3, 3, 0, 0, 0), KyivTimeZone()));
  EXPECT_EQ(FromTimestamp(c.opened_at()), clock_.Now());

  ASSERT_OK(events_->SequencePending().status());
  std::vector<eventlog::v1::Event> events = *events_->Read(0, 10);
  ASSERT_EQ(events.size(), 1u);
  v1::CaseOpened opened;
  ASSERT_TRUE(events[0].payload().UnpackTo(&opened));
  EXPECT_EQ(opened.case_id(), c.id());
  EXPECT_EQ(FromDate(opened.control_date()), absl::CivilDay(2026, 3, 2));

  v1::GetCaseRequest by_id;
  by_id.set_case_id(c.id());
  ASSERT_OK(GetCase(by_id, &resp));
  EXPECT_EQ(resp.case_().appeal_id(), AppealId(1));
  EXPECT_EQ(*pool_->Read([](db::Tx& tx) -> absl::StatusOr<int64_t> {
    return tx.ExecRaw("SELECT count(*) FROM case_history")[0][0].as<int64_t>();
  }), 1);
}

TEST_F(TrackingTest, AShortTermIsFifteenDays) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", true)));
  v1::GetCaseRequest req;
  req.set_appeal_id(AppealId(1));
  v1::GetCaseResponse resp;
  ASSERT_OK(GetCase(req, &resp));
  // 15 February 2026 is a Sunday: Monday 16 February.
  EXPECT_EQ(FromDate(resp.case_().control_date()), absl::CivilDay(2026, 2, 16));
}

TEST_F(TrackingTest, AnAppealOpensOneCaseEvenIfItsEventComesAgain) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  v1::ListCasesResponse resp;
  ASSERT_OK(ListCases(v1::ListCasesRequest(), &resp));
  EXPECT_EQ(resp.cases_size(), 1);
}

TEST_F(TrackingTest, ACorruptStoredAnswerIsDataLossWithNoDetailsForTheCaller) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  ASSERT_OK(Answer(id, kHousing));
  db_->Exec("UPDATE cases SET answer = decode('ffff', 'hex')");
  v1::GetCaseRequest req;
  req.set_case_id(id);
  v1::GetCaseResponse resp;
  grpc::Status s = GetCase(req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(s.error_message(), ::testing::Not(::testing::HasSubstr("answer")));
  EXPECT_FALSE(resp.has_case_());
}

TEST_F(TrackingTest, AnExecutorSeesOnlyItsOwnCases) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  ASSERT_OK(Handle(Routed(2, "lg-oda-social", false)));
  v1::GetCaseRequest mine, theirs, missing;
  mine.set_appeal_id(AppealId(1));
  theirs.set_appeal_id(AppealId(2));
  missing.set_appeal_id(AppealId(3));
  v1::GetCaseResponse resp;
  EXPECT_OK(GetCase(mine, &resp, kHousing));
  grpc::Status other = GetCase(theirs, &resp, kHousing);
  grpc::Status none = GetCase(missing, &resp, kHousing);
  EXPECT_THAT(other, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(none, StatusIs(absl::StatusCode::kNotFound));
  // Nothing tells "someone else's" from "does not exist" but the id asked.
  EXPECT_EQ(other.error_message(), "no case for appeal " + AppealId(2));
  EXPECT_EQ(none.error_message(), "no case for appeal " + AppealId(3));

  v1::ListCasesRequest all;
  all.set_executor_id("lg-oda-social");  // ignored for an executor
  v1::ListCasesResponse list;
  ASSERT_OK(ListCases(all, &list, kHousing));
  ASSERT_EQ(list.cases_size(), 1);
  EXPECT_EQ(list.cases(0).executor_id(), "lg-oda-housing");
}

TEST_F(TrackingTest, PagesAreStableAndCoverEveryCaseOnce) {
  for (int i = 1; i <= 7; ++i) {
    clock_.Advance(absl::Seconds(1));
    ASSERT_OK(Handle(Routed(i, i % 2 ? "lg-oda-housing" : "lg-oda-social", false)));
  }
  v1::ListCasesRequest req;
  req.set_page_size(3);
  std::vector<std::string> seen;
  std::vector<int> sizes;
  do {
    v1::ListCasesResponse resp;
    ASSERT_OK(ListCases(req, &resp));
    sizes.push_back(resp.cases_size());
    for (const auto& c : resp.cases()) seen.push_back(c.appeal_id());
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  EXPECT_EQ(sizes, (std::vector<int>{3, 3, 1}));
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(seen.front(), AppealId(7));  // newest first
  EXPECT_EQ(seen.back(), AppealId(1));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 7u);

  v1::ListCasesRequest housing;
  housing.set_executor_id("lg-oda-housing");
  v1::ListCasesResponse resp;
  ASSERT_OK(ListCases(housing, &resp));
  EXPECT_EQ(resp.cases_size(), 4);
}

TEST_F(TrackingTest, BadListAndGetRequestsNameTheirFields) {
  v1::ListCasesRequest req;
  req.set_page_size(-1);
  req.set_status(static_cast<v1::CaseStatus>(77));
  req.set_executor_id(std::string(65, 'x'));
  v1::ListCasesResponse resp;
  grpc::Status s = ListCases(req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("page_size", "status", "executor_id"));

  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  ASSERT_OK(Handle(Routed(2, "lg-oda-housing", false)));
  v1::ListCasesRequest first;
  first.set_page_size(1);
  ASSERT_OK(ListCases(first, &resp));
  ASSERT_FALSE(resp.next_page_token().empty());
  v1::ListCasesRequest other_filter;
  other_filter.set_executor_id("lg-oda-housing");
  other_filter.set_page_token(resp.next_page_token());
  EXPECT_THAT(FieldsOf(ListCases(other_filter, &resp)), UnorderedElementsAre("page_token"));
  other_filter.set_page_token("garbage!");
  EXPECT_THAT(FieldsOf(ListCases(other_filter, &resp)), UnorderedElementsAre("page_token"));

  v1::GetCaseResponse got;
  EXPECT_THAT(FieldsOf(GetCase(v1::GetCaseRequest(), &got)), UnorderedElementsAre("case_id"));
  v1::GetCaseRequest bad;
  bad.set_case_id("42");
  EXPECT_THAT(FieldsOf(GetCase(bad, &got)), UnorderedElementsAre("case_id"));
}

// --- The lifecycle through ExecutorService -----------------------------------

TEST_F(TrackingTest, AnExecutorWorksItsCaseToAnAnswer) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  EXPECT_EQ(CaseOf(1).status(), v1::CASE_STATUS_ACCEPTED);

  v1::ReportProgressRequest progress;
  progress.set_case_id(id);
  progress.set_note("inspected the roof");
  v1::ReportProgressResponse progress_resp;
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::ReportProgress, progress, &progress_resp,
                         kHousing));
  EXPECT_EQ(progress_resp.case_().status(), v1::CASE_STATUS_ACCEPTED);

  v1::RequestExtensionRequest ext;
  ext.set_case_id(id);
  *ext.mutable_new_control_date() = ToDate(absl::CivilDay(2026, 3, 17));  // receipt + 45
  ext.set_reason("an expert survey of the building");
  ext.set_reason_code(v1::EXTENSION_REASON_EXPERT_EXAMINATION);
  ext.set_approved_by("O. Koval, head of department");
  v1::RequestExtensionResponse ext_resp;
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::RequestExtension, ext, &ext_resp, kHousing));
  EXPECT_EQ(FromDate(ext_resp.case_().control_date()), absl::CivilDay(2026, 3, 17));
  EXPECT_TRUE(ext_resp.case_().extended());

  ASSERT_OK(Answer(id, kHousing));
  const v1::Case answered = CaseOf(1);
  EXPECT_EQ(answered.status(), v1::CASE_STATUS_ANSWERED);
  EXPECT_EQ(answered.result(), v1::CASE_RESULT_DONE);
  EXPECT_EQ(answered.answer().outgoing_number(), "01-15/123");
  EXPECT_EQ(answered.answer().attachment_refs(0), "doc://housing/123");
  EXPECT_EQ(FromTimestamp(answered.answer().answered_at()), clock_.Now());

  const std::vector<HistoryEntry> h = HistoryOf(id);
  ASSERT_EQ(h.size(), 5u);
  EXPECT_EQ(h[1].actor, "housing-system");
  EXPECT_EQ(h[1].from, v1::CASE_STATUS_FORWARDED);
  EXPECT_EQ(h[1].to, v1::CASE_STATUS_ACCEPTED);
  EXPECT_THAT(h[2].note, ::testing::HasSubstr("inspected the roof"));
  EXPECT_THAT(h[3].note, ::testing::HasSubstr("an expert survey"));
  EXPECT_EQ(h[4].to, v1::CASE_STATUS_ANSWERED);
  EXPECT_EQ(EventTypes(),
            (std::vector<std::string>{"CaseOpened", "CaseStatusChanged", "CaseStatusChanged",
                                      "CaseStatusChanged", "CaseStatusChanged"}));
  std::vector<eventlog::v1::Event> events = *events_->Read(0, 10);
  v1::CaseStatusChanged changed;
  ASSERT_TRUE(events.back().payload().UnpackTo(&changed));
  EXPECT_EQ(changed.case_id(), id);
  EXPECT_EQ(changed.appeal_id(), AppealId(1));
  EXPECT_EQ(changed.executor_id(), "lg-oda-housing");
  EXPECT_EQ(changed.from_status(), v1::CASE_STATUS_ACCEPTED);
  EXPECT_EQ(changed.to_status(), v1::CASE_STATUS_ANSWERED);
  EXPECT_EQ(changed.actor(), "housing-system");
  EXPECT_EQ(FromDate(changed.control_date()), absl::CivilDay(2026, 3, 17));
  EXPECT_EQ(FromTimestamp(changed.changed_at()), clock_.Now());
  // The extension's event carries its reason code; the answer's none.
  EXPECT_EQ(changed.extension_reason(), v1::EXTENSION_REASON_UNSPECIFIED);
  v1::CaseStatusChanged extended;
  ASSERT_TRUE(events[events.size() - 2].payload().UnpackTo(&extended));
  EXPECT_EQ(extended.extension_reason(), v1::EXTENSION_REASON_EXPERT_EXAMINATION);
}

// Art. 15, 19: a refusal is told with its reasons, the law it rests on and
// how to appeal it; without them it is INVALID_ARGUMENT naming each.
TEST_F(TrackingTest, ARefusalCarriesItsReasonsLegalBasisAndHowToAppeal) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  v1::SubmitAnswerRequest req;
  req.set_case_id(id);
  v1::CaseAnswer* a = req.mutable_answer();
  a->set_text("Refused.");
  a->set_outgoing_number("01-15/124");
  *a->mutable_answer_date() = ToDate(absl::CivilDay(2026, 2, 10));
  a->set_signer("I. Petrenko, head");
  a->set_result(v1::CASE_RESULT_REFUSED);
  a->set_legal_basis("Housing Code of Ukraine, Art. 151");
  v1::SubmitAnswerResponse resp;
  grpc::Status s = CallExecutor(&v1::ExecutorService::Stub::SubmitAnswer, req, &resp, kHousing);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s),
              UnorderedElementsAre("answer.refusal_reasons", "answer.appeal_procedure"));
  EXPECT_EQ(CaseOf(1).status(), v1::CASE_STATUS_ACCEPTED);

  ASSERT_OK(Answer(id, kHousing, v1::CASE_RESULT_REFUSED));
  const v1::Case answered = CaseOf(1);
  EXPECT_EQ(answered.status(), v1::CASE_STATUS_ANSWERED);
  EXPECT_EQ(answered.result(), v1::CASE_RESULT_REFUSED);
  EXPECT_THAT(answered.answer().refusal_reasons(), ::testing::HasSubstr("repair list"));
  EXPECT_EQ(answered.answer().legal_basis(), "Housing Code of Ukraine, Art. 151");
  EXPECT_THAT(answered.answer().appeal_procedure(), ::testing::HasSubstr("Art. 16"));
}

TEST_F(TrackingTest, AnExtensionPast45DaysIsRefusedAndChangesNothing) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  v1::RequestExtensionRequest ext;
  ext.set_case_id(id);
  *ext.mutable_new_control_date() = ToDate(absl::CivilDay(2026, 3, 18));
  ext.set_reason("more time");
  ext.set_reason_code(v1::EXTENSION_REASON_OTHER);
  ext.set_approved_by("head");
  v1::RequestExtensionResponse resp;
  EXPECT_THAT(CallExecutor(&v1::ExecutorService::Stub::RequestExtension, ext, &resp, kHousing),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(FromDate(CaseOf(1).control_date()), absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(HistoryOf(id).size(), 2u);
}

TEST_F(TrackingTest, AnIllegalTransitionNamesTheStatusAndWritesNothing) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  grpc::Status s = Answer(id, kHousing);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("FORWARDED"));
  ASSERT_OK(Accept(id, kHousing));
  s = Accept(id, kHousing);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("ACCEPTED"));
  EXPECT_EQ(HistoryOf(id).size(), 2u);
  EXPECT_EQ(EventTypes(), (std::vector<std::string>{"CaseOpened", "CaseStatusChanged"}));
}

TEST_F(TrackingTest, AnExecutorCannotTouchAnotherExecutorsCase) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  ASSERT_OK(Handle(Routed(2, "lg-oda-social", false)));
  const std::string theirs = CaseOf(2).id();
  const std::string missing = "00000000-0000-4000-8000-999999999999";
  grpc::Status other = Accept(theirs, kHousing);
  grpc::Status none = Accept(missing, kHousing);
  EXPECT_THAT(other, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(none, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(other.error_message(), "no case " + theirs);
  EXPECT_EQ(none.error_message(), "no case " + missing);
  EXPECT_THAT(Answer(theirs, kHousing), StatusIs(absl::StatusCode::kNotFound));
  v1::DeclineCaseRequest decline;
  decline.set_case_id(theirs);
  decline.set_reason("not ours");
  v1::DeclineCaseResponse decline_resp;
  EXPECT_THAT(CallExecutor(&v1::ExecutorService::Stub::DeclineCase, decline, &decline_resp,
                           kHousing),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(CaseOf(2).status(), v1::CASE_STATUS_FORWARDED);

  v1::GetCaseHistoryRequest hreq;
  hreq.set_case_id(theirs);
  v1::GetCaseHistoryResponse hresp;
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kHousing);
  EXPECT_THAT(stub_->GetCaseHistory(&ctx, hreq, &hresp), StatusIs(absl::StatusCode::kNotFound));

  v1::ListMyCasesRequest list;
  v1::ListMyCasesResponse mine;
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::ListMyCases, list, &mine, kHousing));
  ASSERT_EQ(mine.cases_size(), 1);
  EXPECT_EQ(mine.cases(0).executor_id(), "lg-oda-housing");
}

TEST_F(TrackingTest, OnlyExecutorsCallTheExecutorsApi) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  EXPECT_THAT(Accept(CaseOf(1).id(), kOperator), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(CaseOf(1).status(), v1::CASE_STATUS_FORWARDED);
}

TEST_F(TrackingTest, ListMyCasesPagesAndFilters) {
  for (int i = 1; i <= 5; ++i) {
    clock_.Advance(absl::Seconds(1));
    ASSERT_OK(Handle(Routed(i, "lg-oda-housing", false)));
  }
  ASSERT_OK(Accept(CaseOf(2).id(), kHousing));
  v1::ListMyCasesRequest req;
  req.set_page_size(2);
  std::set<std::string> seen;
  int pages = 0;
  do {
    v1::ListMyCasesResponse resp;
    ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::ListMyCases, req, &resp, kHousing));
    for (const auto& c : resp.cases()) seen.insert(c.appeal_id());
    req.set_page_token(resp.next_page_token());
    ++pages;
  } while (!req.page_token().empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 5u);

  v1::ListMyCasesRequest accepted;
  accepted.set_status(v1::CASE_STATUS_ACCEPTED);
  v1::ListMyCasesResponse resp;
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::ListMyCases, accepted, &resp, kHousing));
  ASSERT_EQ(resp.cases_size(), 1);
  EXPECT_EQ(resp.cases(0).appeal_id(), AppealId(2));

  // Another executor's token cannot reuse this executor's page token.
  v1::ListMyCasesRequest first;
  first.set_page_size(1);
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::ListMyCases, first, &resp, kHousing));
  first.set_page_token(resp.next_page_token());
  EXPECT_THAT(FieldsOf(CallExecutor(&v1::ExecutorService::Stub::ListMyCases, first, &resp,
                                    kSocial)),
              UnorderedElementsAre("page_token"));
}

TEST_F(TrackingTest, BadExecutorRequestsNameEveryFieldAndWriteNothing) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  ASSERT_OK(Accept(CaseOf(1).id(), kHousing));
  v1::SubmitAnswerRequest req;
  req.set_case_id("nope");
  req.mutable_answer()->set_result(v1::CASE_RESULT_NOT_WITHIN_COMPETENCE);
  *req.mutable_answer()->mutable_answer_date() = ToDate(absl::CivilDay(2026, 2, 1));
  req.mutable_answer()->mutable_answer_date()->set_day(30);  // 30 February
  req.mutable_answer()->add_attachment_refs("");
  v1::SubmitAnswerResponse resp;
  grpc::Status s = CallExecutor(&v1::ExecutorService::Stub::SubmitAnswer, req, &resp, kHousing);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s),
              UnorderedElementsAre("case_id", "answer.text", "answer.outgoing_number",
                                   "answer.answer_date", "answer.signer",
                                   "answer.attachment_refs[0]", "answer.result"));

  v1::RequestExtensionRequest ext;
  ext.set_case_id(CaseOf(1).id());
  v1::RequestExtensionResponse ext_resp;
  EXPECT_THAT(FieldsOf(CallExecutor(&v1::ExecutorService::Stub::RequestExtension, ext, &ext_resp,
                                    kHousing)),
              UnorderedElementsAre("new_control_date", "reason", "approved_by", "reason_code"));
  // A code the contract does not define is refused too.
  ext.set_reason_code(static_cast<v1::ExtensionReason>(99));
  EXPECT_THAT(FieldsOf(CallExecutor(&v1::ExecutorService::Stub::RequestExtension, ext, &ext_resp,
                                    kHousing)),
              UnorderedElementsAre("new_control_date", "reason", "approved_by", "reason_code"));
  EXPECT_EQ(HistoryOf(CaseOf(1).id()).size(), 2u);
}

TEST_F(TrackingTest, PriorityAndFirstHeadFlagsComeFromTheAuthorsCategories) {
  eventlog::v1::Event e = Routed(1, "lg-oda-housing", false);
  routing::v1::AppealRouted r;
  ASSERT_TRUE(e.payload().UnpackTo(&r));
  r.add_author_categories(common::v1::AUTHOR_CATEGORY_WAR_DISABLED);
  e.mutable_payload()->PackFrom(r);
  ASSERT_OK(Handle(e));
  ASSERT_OK(Handle(Routed(2, "lg-oda-housing", false)));
  EXPECT_TRUE(CaseOf(1).priority());
  EXPECT_TRUE(CaseOf(1).first_head());
  ASSERT_EQ(CaseOf(1).author_categories_size(), 1);
  EXPECT_FALSE(CaseOf(2).priority());

  v1::ListMyCasesRequest req;
  req.set_priority_only(true);
  v1::ListMyCasesResponse resp;
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::ListMyCases, req, &resp, kHousing));
  ASSERT_EQ(resp.cases_size(), 1);
  EXPECT_TRUE(resp.cases(0).first_head());
}

TEST_F(TrackingTest, AnEmergencyCaseHasATermInHours) {
  eventlog::v1::Event e = Routed(1, "lg-oda-housing", false);
  routing::v1::AppealRouted r;
  ASSERT_TRUE(e.payload().UnpackTo(&r));
  r.set_emergency(true);
  e.mutable_payload()->PackFrom(r);
  ASSERT_OK(Handle(e));
  const v1::Case c = CaseOf(1);
  EXPECT_EQ(FromTimestamp(c.due_at()), FromTimestamp(c.received_at()) + absl::Hours(24));
  // The hours are a control term: the statutory term (Art. 20) is still a
  // month from receipt on 31 Jan 2026, i.e. Mon 2 Mar.
  EXPECT_EQ(FromDate(c.statutory_control_date()), absl::CivilDay(2026, 3, 2));
}

TEST_F(TrackingTest, ASupervisorMayLeaveACaseWithoutConsideration) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  v1::LeaveWithoutConsiderationRequest req;
  req.set_case_id(CaseOf(1).id());
  req.set_reason("Іваненко І. І. is anonymous after all (Art. 8)");
  v1::LeaveWithoutConsiderationResponse resp;
  EXPECT_THAT(CallCenter(&v1::TrackingService::Stub::LeaveWithoutConsideration, req, &resp),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // The ground's code is required: it is what leaves tracking.
  grpc::Status no_code =
      CallCenter(&v1::TrackingService::Stub::LeaveWithoutConsideration, req, &resp, kSupervisor);
  EXPECT_THAT(no_code, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(no_code), UnorderedElementsAre("reason_code"));
  req.set_reason_code(intake::v1::NOT_CONSIDERED_REASON_ANONYMOUS);
  ASSERT_OK(CallCenter(&v1::TrackingService::Stub::LeaveWithoutConsideration, req, &resp,
                       kSupervisor));
  EXPECT_EQ(resp.case_().status(), v1::CASE_STATUS_NOT_CONSIDERED);
  EXPECT_THAT(Accept(CaseOf(1).id(), kHousing), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(HistoryOf(CaseOf(1).id()).back().note,
              ::testing::AllOf(::testing::HasSubstr("Іваненко"),
                               ::testing::HasSubstr("NOT_CONSIDERED_REASON_ANONYMOUS")));
  // The event carries the ground and none of the supervisor's words.
  ASSERT_EQ(EventTypes(), (std::vector<std::string>{"CaseOpened", "CaseStatusChanged"}));
  std::vector<eventlog::v1::Event> events = *events_->Read(0, 10);
  v1::CaseStatusChanged left;
  ASSERT_TRUE(events.back().payload().UnpackTo(&left));
  EXPECT_EQ(left.to_status(), v1::CASE_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(left.not_considered_reason(), intake::v1::NOT_CONSIDERED_REASON_ANONYMOUS);
  EXPECT_THAT(events.back().payload().value(), ::testing::Not(::testing::HasSubstr("Іваненко")));
}

// Every RPC that changes a case, from every status: the adapters apply the
// lifecycle's action (lifecycle_test.cc checks the table itself).
TEST_F(TrackingTest, EveryRpcFollowsTheLifecycleFromEveryStatus) {
  struct Rpc {
    std::string name;
    CaseAction action;
    std::function<grpc::Status(const std::string&)> call;
  };
  const std::vector<Rpc> rpcs = {
      {"AcceptCase", CaseAction::kAccept,
       [&](const std::string& id) { return Accept(id, kHousing); }},
      {"ReportProgress", CaseAction::kReportProgress,
       [&](const std::string& id) {
         v1::ReportProgressRequest req;
         req.set_case_id(id);
         req.set_note("working");
         v1::ReportProgressResponse resp;
         return CallExecutor(&v1::ExecutorService::Stub::ReportProgress, req, &resp, kHousing);
       }},
      {"RequestExtension", CaseAction::kExtendTerm,
       [&](const std::string& id) {
         v1::RequestExtensionRequest req;
         req.set_case_id(id);
         *req.mutable_new_control_date() = ToDate(absl::CivilDay(2026, 3, 10));
         req.set_reason("survey");
         req.set_reason_code(v1::EXTENSION_REASON_INSPECTION_ON_SITE);
         req.set_approved_by("head");
         v1::RequestExtensionResponse resp;
         return CallExecutor(&v1::ExecutorService::Stub::RequestExtension, req, &resp, kHousing);
       }},
      {"SubmitAnswer", CaseAction::kAnswer,
       [&](const std::string& id) { return Answer(id, kHousing); }},
      {"DeclineCase", CaseAction::kDecline,
       [&](const std::string& id) {
         v1::DeclineCaseRequest req;
         req.set_case_id(id);
         req.set_reason("not ours");
         v1::DeclineCaseResponse resp;
         return CallExecutor(&v1::ExecutorService::Stub::DeclineCase, req, &resp, kHousing);
       }},
      {"PlanCallBack", CaseAction::kPlanCallBack,
       [&](const std::string& id) { return PlanCallBack(id, absl::CivilDay(2026, 2, 2)); }},
      {"RecordCallBackConfirmed", CaseAction::kConfirm,
       [&](const std::string& id) { return RecordCallBack(id, true); }},
      {"RecordCallBackNotConfirmed", CaseAction::kReturnForRework,
       [&](const std::string& id) {
         return RecordCallBack(id, false, absl::CivilDay(2026, 2, 20));
       }},
      {"ShortenTerm", CaseAction::kShortenTerm,
       [&](const std::string& id) {
         v1::ShortenTermRequest req;
         req.set_case_id(id);
         *req.mutable_new_control_date() = ToDate(absl::CivilDay(2026, 2, 20));
         req.set_reason("urgent");
         v1::ShortenTermResponse resp;
         return CallCenter(&v1::TrackingService::Stub::ShortenTerm, req, &resp);
       }},
      {"LeaveWithoutConsideration", CaseAction::kNotConsidered,
       [&](const std::string& id) {
         v1::LeaveWithoutConsiderationRequest req;
         req.set_case_id(id);
         req.set_reason("Art. 8");
         req.set_reason_code(intake::v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
         v1::LeaveWithoutConsiderationResponse resp;
         return CallCenter(&v1::TrackingService::Stub::LeaveWithoutConsideration, req, &resp,
                           kSupervisor);
       }},
  };
  const v1::CaseStatus statuses[] = {
      v1::CASE_STATUS_FORWARDED,           v1::CASE_STATUS_ACCEPTED,
      v1::CASE_STATUS_ANSWERED,            v1::CASE_STATUS_ON_CHECK,
      v1::CASE_STATUS_CLOSED,              v1::CASE_STATUS_RETURNED_FOR_REWORK,
      v1::CASE_STATUS_RETURNED_TO_ROUTING, v1::CASE_STATUS_NOT_CONSIDERED};
  int n = 0;
  for (const Rpc& rpc : rpcs) {
    for (v1::CaseStatus from : statuses) {
      SCOPED_TRACE(absl::StrCat(rpc.name, " from ", StatusName(from)));
      ++n;
      ASSERT_OK(Handle(Routed(n, "lg-oda-housing", false)));
      const std::string id = CaseOf(n).id();
      db_->Exec(absl::StrCat("UPDATE cases SET status = ", static_cast<int>(from),
                             " WHERE id = '", id, "'"));
      db_->Exec(absl::StrCat("INSERT INTO case_callbacks (case_id, planned_date, planned_by, "
                             "planned_at) VALUES ('", id, "', '2026-02-02', 'op-1', now())"));
      const size_t history_before = HistoryOf(id).size();
      const absl::StatusOr<v1::CaseStatus> want = NextStatus(from, rpc.action);
      grpc::Status got = rpc.call(id);
      if (want.ok()) {
        EXPECT_OK(got);
        EXPECT_EQ(CaseOf(n).status(), *want);
        EXPECT_EQ(HistoryOf(id).size(), history_before + 1);
      } else {
        EXPECT_THAT(got, StatusIs(absl::StatusCode::kFailedPrecondition));
        EXPECT_THAT(got.error_message(), ::testing::HasSubstr(StatusName(from)));
        EXPECT_EQ(CaseOf(n).status(), from);
        EXPECT_EQ(HistoryOf(id).size(), history_before);
      }
    }
  }
}

// --- Sent back to routing, and re-routed ---------------------------------------

eventlog::v1::Event Rerouted(int n, const std::string& from, const std::string& to) {
  routing::v1::AppealRerouted r;
  r.set_appeal_id(AppealId(n));
  r.set_registration_number(absl::StrCat("ЛОКЦ-2026-", n));
  r.set_from_executor_id(from);
  r.set_to_executor_id(to);
  r.set_rule_id("R-2");
  r.set_reason("declined by " + from);
  r.set_topic_code("109");
  r.set_territory_code("LG-SEV");
  *r.mutable_received_at() = ToTimestamp(absl::FromUnixSeconds(1769853600));
  eventlog::v1::Event e;
  e.set_position(1000 + n);
  e.mutable_payload()->PackFrom(r);
  return e;
}

TEST_F(TrackingTest, ADeclinedCaseGoesBackToRoutingAndMovesWhenReRouted) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const v1::Case before = CaseOf(1);
  v1::DeclineCaseRequest decline;
  decline.set_case_id(before.id());
  decline.set_reason("social benefits are not housing's");
  v1::DeclineCaseResponse resp;
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::DeclineCase, decline, &resp, kHousing));
  EXPECT_EQ(resp.case_().status(), v1::CASE_STATUS_RETURNED_TO_ROUTING);

  EXPECT_OK(events_->SequencePending().status());
  std::vector<eventlog::v1::Event> events = *events_->Read(0, 10);
  v1::CaseReturnedToRouting returned;
  int found = 0;
  for (const auto& e : events) found += e.payload().UnpackTo(&returned) ? 1 : 0;
  ASSERT_EQ(found, 1);
  EXPECT_EQ(returned.executor_id(), "lg-oda-housing");
  EXPECT_EQ(returned.reason(), "social benefits are not housing's");

  clock_.Advance(absl::Hours(72));
  ASSERT_OK(Handle(Rerouted(1, "lg-oda-housing", "lg-oda-social")));
  ASSERT_OK(Handle(Rerouted(1, "lg-oda-housing", "lg-oda-social")));  // again: no change
  const v1::Case after = CaseOf(1);
  EXPECT_EQ(after.id(), before.id());
  EXPECT_EQ(after.executor_id(), "lg-oda-social");
  EXPECT_EQ(after.status(), v1::CASE_STATUS_FORWARDED);
  // The law counts from the original receipt.
  EXPECT_EQ(FromTimestamp(after.received_at()), FromTimestamp(before.received_at()));
  EXPECT_EQ(FromDate(after.control_date()), FromDate(before.control_date()));
  const std::vector<HistoryEntry> h = HistoryOf(after.id());
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[2].actor, "routing");
  EXPECT_EQ(h[2].from, v1::CASE_STATUS_RETURNED_TO_ROUTING);
  EXPECT_EQ(h[2].to, v1::CASE_STATUS_FORWARDED);
  EXPECT_THAT(h[2].note, ::testing::HasSubstr("lg-oda-social"));

  // Now the new executor's, no longer the old one's.
  EXPECT_THAT(Accept(after.id(), kHousing), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_OK(Accept(after.id(), kSocial));
  // The same event once more changes nothing, though the case moved on.
  ASSERT_OK(Handle(Rerouted(1, "lg-oda-housing", "lg-oda-social")));
  EXPECT_EQ(CaseOf(1).status(), v1::CASE_STATUS_ACCEPTED);
  EXPECT_EQ(HistoryOf(after.id()).size(), 4u);
}

TEST_F(TrackingTest, AnAnsweredCaseIsNotTakenAwayByAReRouting) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  ASSERT_OK(Accept(CaseOf(1).id(), kHousing));
  ASSERT_OK(Answer(CaseOf(1).id(), kHousing));
  ASSERT_OK(Handle(Rerouted(1, "lg-oda-housing", "lg-oda-social")));
  EXPECT_EQ(CaseOf(1).executor_id(), "lg-oda-housing");
  EXPECT_EQ(CaseOf(1).status(), v1::CASE_STATUS_ANSWERED);
}

TEST_F(TrackingTest, AReRoutedAppealWithoutACaseOpensOneFromTheOriginalReceipt) {
  ASSERT_OK(Handle(Rerouted(1, "", "lg-oda-social")));
  const v1::Case c = CaseOf(1);
  EXPECT_EQ(c.executor_id(), "lg-oda-social");
  EXPECT_EQ(FromTimestamp(c.received_at()), absl::FromUnixSeconds(1769853600));
  EXPECT_EQ(FromDate(c.control_date()), absl::CivilDay(2026, 3, 2));
}

// Issue 10, the policy for re-routing: the original receipt and term stay
// (the law counts from receipt; a decline must not lengthen the wait), and
// each body's own receipt date is kept beside them.
TEST_F(TrackingTest, AReRoutedAppealKeepsItsTermAndStoresEachBodysOwnReceiptDate) {
  const absl::Time first_receipt = clock_.Now();
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const v1::Case before = CaseOf(1);
  EXPECT_EQ(FromTimestamp(before.executor_received_at()), first_receipt);
  v1::DeclineCaseRequest decline;
  decline.set_case_id(before.id());
  decline.set_reason("not housing's");
  v1::DeclineCaseResponse resp;
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::DeclineCase, decline, &resp, kHousing));
  clock_.Advance(absl::Hours(72));
  ASSERT_OK(Handle(Rerouted(1, "lg-oda-housing", "lg-oda-social")));
  const v1::Case after = CaseOf(1);
  EXPECT_EQ(FromTimestamp(after.executor_received_at()), first_receipt + absl::Hours(72));
  EXPECT_EQ(FromTimestamp(after.received_at()), FromTimestamp(before.received_at()));
  EXPECT_EQ(FromDate(after.statutory_control_date()), absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(FromDate(after.control_date()), absl::CivilDay(2026, 3, 2));
  absl::StatusOr<std::vector<Receipt>> receipts =
      pool_->Read([&](db::Tx& tx) { return store_->Receipts(tx, after.id()); });
  ASSERT_OK(receipts.status());
  EXPECT_EQ(*receipts, (std::vector<Receipt>{{"lg-oda-housing", first_receipt},
                                             {"lg-oda-social", first_receipt + absl::Hours(72)}}));
}

TEST_F(TrackingTest, GetCaseShowsEachBodysReceiptDateAfterAReRouting) {
  const absl::Time first_receipt = clock_.Now();
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  v1::DeclineCaseRequest decline;
  decline.set_case_id(id);
  decline.set_reason("not housing's");
  v1::DeclineCaseResponse declined;
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::DeclineCase, decline, &declined, kHousing));
  clock_.Advance(absl::Hours(72));
  ASSERT_OK(Handle(Rerouted(1, "lg-oda-housing", "lg-oda-social")));

  v1::GetCaseRequest req;
  req.set_case_id(id);
  v1::GetCaseResponse got;
  ASSERT_OK(GetCase(req, &got));
  ASSERT_EQ(got.receipts_size(), 2);
  EXPECT_EQ(got.receipts(0).executor_id(), "lg-oda-housing");
  EXPECT_EQ(FromTimestamp(got.receipts(0).received_at()), first_receipt);
  EXPECT_EQ(got.receipts(1).executor_id(), "lg-oda-social");
  EXPECT_EQ(FromTimestamp(got.receipts(1).received_at()), first_receipt + absl::Hours(72));
  // The same by the appeal's id, and for the body that holds it now.
  req.set_appeal_id(AppealId(1));
  ASSERT_OK(GetCase(req, &got, kSocial));
  EXPECT_EQ(got.receipts_size(), 2);
}

// CMU 348 Instruction, дублетне: the same appeal reaching the body again
// (through another addressee) is considered with the first, not as a second
// case with a term of its own.
eventlog::v1::Event DuplicateRouted(int n, int first, const std::string& executor, int position) {
  eventlog::v1::Event e = Routed(n, executor, false);
  routing::v1::AppealRouted r;
  EXPECT_TRUE(e.payload().UnpackTo(&r));
  r.set_duplicate_of_appeal_id(AppealId(first));
  e.mutable_payload()->PackFrom(r);
  e.set_position(position);
  return e;
}

TEST_F(TrackingTest, ADuplicateJoinsTheFirstAppealsCaseAndGetCaseByItsIdFindsIt) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const v1::Case first = CaseOf(1);
  clock_.Advance(absl::Hours(24));
  // Routed to another body, even: it joins the case where the case is.
  ASSERT_OK(Handle(DuplicateRouted(2, 1, "lg-oda-social", 2)));
  // Delivered again: nothing more.
  ASSERT_OK(Handle(DuplicateRouted(2, 1, "lg-oda-social", 2)));

  v1::ListCasesRequest list;
  v1::ListCasesResponse all;
  ASSERT_OK(ListCases(list, &all));
  ASSERT_EQ(all.cases_size(), 1);
  EXPECT_EQ(all.cases(0).id(), first.id());

  v1::GetCaseRequest req;
  req.set_appeal_id(AppealId(2));
  v1::GetCaseResponse got;
  ASSERT_OK(GetCase(req, &got));
  EXPECT_EQ(got.case_().id(), first.id());
  EXPECT_EQ(got.case_().appeal_id(), AppealId(1));
  EXPECT_EQ(got.case_().executor_id(), "lg-oda-housing");
  // The first appeal's term: the duplicate starts none of its own.
  EXPECT_EQ(FromDate(got.case_().statutory_control_date()),
            FromDate(first.statutory_control_date()));
  ASSERT_EQ(got.joined_appeals_size(), 1);
  EXPECT_EQ(got.joined_appeals(0).appeal_id(), AppealId(2));
  EXPECT_EQ(got.joined_appeals(0).registration_number(), "ЛОКЦ-2026-2");
  EXPECT_EQ(FromTimestamp(got.joined_appeals(0).joined_at()), clock_.Now());
  // Only the body holding the case sees it by the duplicate's id.
  EXPECT_OK(GetCase(req, &got, kHousing));
  EXPECT_THAT(GetCase(req, &got, kSocial), StatusIs(absl::StatusCode::kNotFound));

  EXPECT_EQ(EventTypes(),
            (std::vector<std::string>{"CaseOpened", "CaseAppealJoined"}));
  v1::CaseAppealJoined joined;
  const std::vector<eventlog::v1::Event> events = *events_->Read(0, 100);
  ASSERT_TRUE(events.back().payload().UnpackTo(&joined));
  EXPECT_EQ(joined.case_id(), first.id());
  EXPECT_EQ(joined.case_appeal_id(), AppealId(1));
  EXPECT_EQ(joined.appeal_id(), AppealId(2));
  EXPECT_EQ(joined.executor_id(), "lg-oda-housing");
  const std::vector<HistoryEntry> history = HistoryOf(first.id());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].from, v1::CASE_STATUS_FORWARDED);
  EXPECT_EQ(history[1].to, v1::CASE_STATUS_FORWARDED);
  EXPECT_EQ(history[1].note, "duplicate appeal ЛОКЦ-2026-2 joined the case (CMU 348 Instruction: дублетне)");
}

TEST_F(TrackingTest, ADuplicateOfAClosedOrUnopenedCaseOpensItsOwn) {
  // The first appeal's case was answered and closed in the meantime.
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  ASSERT_OK(Answer(id, kHousing));
  ASSERT_OK(PlanCallBack(id, absl::CivilDay(2026, 2, 3)));
  ASSERT_OK(RecordCallBack(id, true));
  ASSERT_OK(Handle(DuplicateRouted(2, 1, "lg-oda-housing", 2)));
  // The first appeal has no case here (it waits for a supervisor).
  ASSERT_OK(Handle(DuplicateRouted(3, 9, "lg-oda-housing", 3)));
  EXPECT_NE(CaseOf(2).id(), id);
  EXPECT_EQ(CaseOf(2).appeal_id(), AppealId(2));
  EXPECT_EQ(CaseOf(3).appeal_id(), AppealId(3));
}

// --- The contact center's side ------------------------------------------------

TEST_F(TrackingTest, ACallBackClosesTheCaseOrSendsItBackForRework) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  ASSERT_OK(Answer(id, kHousing));
  // Not planned yet: a call-back cannot be recorded.
  EXPECT_THAT(RecordCallBack(id, true), StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_OK(PlanCallBack(id, absl::CivilDay(2026, 2, 3)));
  EXPECT_EQ(CaseOf(1).status(), v1::CASE_STATUS_ON_CHECK);

  clock_.Advance(absl::Hours(48));
  ASSERT_OK(RecordCallBack(id, false, absl::CivilDay(2026, 2, 10)));
  v1::Case c = CaseOf(1);
  EXPECT_EQ(c.status(), v1::CASE_STATUS_RETURNED_FOR_REWORK);
  EXPECT_EQ(c.rework_count(), 1);
  EXPECT_EQ(FromDate(c.control_date()), absl::CivilDay(2026, 2, 10));
  EXPECT_EQ(Attention(v1::ATTENTION_KIND_IN_REWORK), std::vector<std::string>{AppealId(1)});

  ASSERT_OK(Answer(id, kHousing));
  ASSERT_OK(PlanCallBack(id, absl::CivilDay(2026, 2, 6)));
  ASSERT_OK(RecordCallBack(id, true));
  c = CaseOf(1);
  EXPECT_EQ(c.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(c.rework_count(), 1);
  EXPECT_THAT(Accept(id, kHousing), StatusIs(absl::StatusCode::kFailedPrecondition));

  absl::StatusOr<std::vector<CallBack>> calls = queries_->CallBacks(kAnyone, id);
  ASSERT_OK(calls.status());
  ASSERT_EQ(calls->size(), 2u);
  EXPECT_EQ((*calls)[0].confirmed, std::optional<bool>(false));
  EXPECT_EQ((*calls)[0].grade, std::optional<int>(2));
  EXPECT_EQ((*calls)[0].called_by, std::optional<std::string>("op-1"));
  EXPECT_EQ((*calls)[1].confirmed, std::optional<bool>(true));

  std::vector<v1::CaseStatus> path;
  for (const HistoryEntry& e : HistoryOf(id)) path.push_back(e.to);
  EXPECT_EQ(path, (std::vector<v1::CaseStatus>{
                      v1::CASE_STATUS_FORWARDED, v1::CASE_STATUS_ACCEPTED,
                      v1::CASE_STATUS_ANSWERED, v1::CASE_STATUS_ON_CHECK,
                      v1::CASE_STATUS_RETURNED_FOR_REWORK, v1::CASE_STATUS_ANSWERED,
                      v1::CASE_STATUS_ON_CHECK, v1::CASE_STATUS_CLOSED}));

  EXPECT_OK(events_->SequencePending().status());
  std::vector<eventlog::v1::Event> events = *events_->Read(0, 100);
  v1::CaseClosed closed;
  int found = 0;
  for (const auto& e : events) found += e.payload().UnpackTo(&closed) ? 1 : 0;
  ASSERT_EQ(found, 1);
  EXPECT_EQ(closed.result(), v1::CASE_RESULT_DONE);
  EXPECT_EQ(closed.appeal_id(), AppealId(1));
  EXPECT_EQ(closed.topic_code(), "109");
}

// Art. 20: received 31 Jan 2026, a month's term ends Mon 2 Mar 2026. An
// unconfirmed call-back sends it back for rework until 10 Mar: a control
// term beside the statutory one, which stays 2 Mar, in the case and in the
// events; rework past 17 Mar (45 days) needs a new appeal.
TEST_F(TrackingTest, ReworkReceivedJanuary31SetsAControlTermAndTheStatutoryTermStaysMarch2) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  ASSERT_OK(Answer(id, kHousing));
  ASSERT_OK(PlanCallBack(id, absl::CivilDay(2026, 2, 3)));
  clock_.Advance(absl::Hours(48));
  grpc::Status past_cap = RecordCallBack(id, false, absl::CivilDay(2026, 3, 18));
  EXPECT_THAT(past_cap, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(past_cap), UnorderedElementsAre("rework_until"));
  EXPECT_THAT(past_cap.error_message(), ::testing::HasSubstr("register a new appeal"));
  EXPECT_EQ(CaseOf(1).status(), v1::CASE_STATUS_ON_CHECK);

  ASSERT_OK(RecordCallBack(id, false, absl::CivilDay(2026, 3, 10)));
  const v1::Case c = CaseOf(1);
  EXPECT_EQ(c.status(), v1::CASE_STATUS_RETURNED_FOR_REWORK);
  EXPECT_EQ(FromDate(c.control_date()), absl::CivilDay(2026, 3, 10));
  EXPECT_EQ(FromDate(c.statutory_control_date()), absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(FromTimestamp(c.statutory_due_at()),
            absl::FromCivil(absl::CivilDay(2026, 3, 3), KyivTimeZone()));

  EXPECT_OK(events_->SequencePending().status());
  std::vector<eventlog::v1::Event> events = *events_->Read(0, 100);
  v1::CaseOpened opened;
  ASSERT_TRUE(events.front().payload().UnpackTo(&opened));
  EXPECT_EQ(FromDate(opened.control_date()), absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(FromDate(opened.control_term_date()), absl::CivilDay(2026, 3, 2));
  v1::CaseStatusChanged rework;
  ASSERT_TRUE(events.back().payload().UnpackTo(&rework));
  EXPECT_EQ(rework.to_status(), v1::CASE_STATUS_RETURNED_FOR_REWORK);
  EXPECT_EQ(FromDate(rework.control_date()), absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(FromDate(rework.control_term_date()), absl::CivilDay(2026, 3, 10));
  EXPECT_EQ(FromTimestamp(rework.control_term_due_at()), FromTimestamp(c.due_at()));
}

// The head's extension (Art. 20) moves the statutory term itself.
TEST_F(TrackingTest, AnExtensionMovesTheStatutoryTermAndTheControlTermWithIt) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  v1::RequestExtensionRequest ext;
  ext.set_case_id(id);
  *ext.mutable_new_control_date() = ToDate(absl::CivilDay(2026, 3, 16));
  ext.set_reason("an expert survey");
  ext.set_reason_code(v1::EXTENSION_REASON_EXPERT_EXAMINATION);
  ext.set_approved_by("O. Koval, head");
  v1::RequestExtensionResponse resp;
  ASSERT_OK(CallExecutor(&v1::ExecutorService::Stub::RequestExtension, ext, &resp, kHousing));
  EXPECT_EQ(FromDate(resp.case_().statutory_control_date()), absl::CivilDay(2026, 3, 16));
  EXPECT_EQ(FromDate(resp.case_().control_date()), absl::CivilDay(2026, 3, 16));
}

// An answered appeal whose applicant cannot be reached: after
// --call_back_max_tries (3 here) tries it closes as "answered, not
// confirmed", and CaseClosed says so with the statutory term.
TEST_F(TrackingTest, AnApplicantNotReachedThreeTimesClosesAsAnsweredNotConfirmed) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  ASSERT_OK(Answer(id, kHousing));
  ASSERT_OK(PlanCallBack(id, absl::CivilDay(2026, 2, 3)));
  EXPECT_EQ(FromDate(CaseOf(1).call_back_planned_date()), absl::CivilDay(2026, 2, 3));
  auto not_reached = [&](std::optional<absl::CivilDay> next) {
    v1::RecordCallBackRequest req;
    req.set_case_id(id);
    req.set_not_reached(true);
    if (next) *req.mutable_next_try_date() = ToDate(*next);
    v1::RecordCallBackResponse resp;
    return CallCenter(&v1::TrackingService::Stub::RecordCallBack, req, &resp);
  };
  // A try that reached no one confirms nothing.
  {
    v1::RecordCallBackRequest req;
    req.set_case_id(id);
    req.set_not_reached(true);
    req.set_confirmed(true);
    req.set_grade(5);
    v1::RecordCallBackResponse resp;
    EXPECT_THAT(FieldsOf(CallCenter(&v1::TrackingService::Stub::RecordCallBack, req, &resp)),
                UnorderedElementsAre("confirmed", "grade"));
  }
  ASSERT_OK(not_reached(absl::CivilDay(2026, 2, 4)));
  EXPECT_EQ(CaseOf(1).status(), v1::CASE_STATUS_ON_CHECK);
  EXPECT_EQ(CaseOf(1).unreached_call_backs(), 1);
  // The next try is the planned call-back now.
  EXPECT_EQ(FromDate(CaseOf(1).call_back_planned_date()), absl::CivilDay(2026, 2, 4));
  ASSERT_OK(not_reached(std::nullopt));
  EXPECT_EQ(CaseOf(1).status(), v1::CASE_STATUS_ON_CHECK);
  ASSERT_OK(not_reached(std::nullopt));
  const v1::Case closed = CaseOf(1);
  EXPECT_EQ(closed.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_TRUE(closed.closed_not_confirmed());
  EXPECT_EQ(closed.unreached_call_backs(), 3);
  EXPECT_FALSE(closed.has_call_back_planned_date());

  absl::StatusOr<std::vector<CallBack>> calls = queries_->CallBacks(kAnyone, id);
  ASSERT_OK(calls.status());
  ASSERT_EQ(calls->size(), 3u);
  EXPECT_EQ((*calls)[1].planned_date, absl::CivilDay(2026, 2, 4));
  for (const CallBack& cb : *calls) {
    EXPECT_FALSE(cb.reached);
    EXPECT_FALSE(cb.confirmed.has_value());
  }
  EXPECT_OK(events_->SequencePending().status());
  v1::CaseClosed e;
  int found = 0;
  const std::vector<eventlog::v1::Event> events = *events_->Read(0, 100);
  for (const auto& ev : events) found += ev.payload().UnpackTo(&e) ? 1 : 0;
  ASSERT_EQ(found, 1);
  EXPECT_TRUE(e.not_confirmed());
  EXPECT_EQ(FromDate(e.statutory_control_date()), absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(FromTimestamp(e.answered_at()), FromTimestamp(closed.answer().answered_at()));
}

TEST_F(TrackingTest, APlannedCallBackCarriesItsDateInTheCaseAndTheEvent) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  const std::string id = CaseOf(1).id();
  ASSERT_OK(Accept(id, kHousing));
  ASSERT_OK(Answer(id, kHousing));
  EXPECT_FALSE(CaseOf(1).has_call_back_planned_date());
  ASSERT_OK(PlanCallBack(id, absl::CivilDay(2026, 2, 5)));
  EXPECT_EQ(FromDate(CaseOf(1).call_back_planned_date()), absl::CivilDay(2026, 2, 5));
  EXPECT_OK(events_->SequencePending().status());
  const std::vector<eventlog::v1::Event> events = *events_->Read(0, 100);
  v1::CaseStatusChanged planned;
  ASSERT_TRUE(events.back().payload().UnpackTo(&planned));
  EXPECT_EQ(planned.to_status(), v1::CASE_STATUS_ON_CHECK);
  EXPECT_EQ(FromDate(planned.call_back_planned_date()), absl::CivilDay(2026, 2, 5));
  // Recorded: none is pending any more.
  ASSERT_OK(RecordCallBack(id, true));
  EXPECT_FALSE(CaseOf(1).has_call_back_planned_date());
}

TEST_F(TrackingTest, BadCallBacksNameTheirFields) {
  v1::RecordCallBackRequest req;
  req.set_case_id("x");
  req.set_grade(7);
  v1::RecordCallBackResponse resp;
  EXPECT_THAT(FieldsOf(CallCenter(&v1::TrackingService::Stub::RecordCallBack, req, &resp)),
              UnorderedElementsAre("case_id", "grade", "rework_until"));
  EXPECT_THAT(RecordCallBack("00000000-0000-4000-8000-999999999999", true),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  // Executors do not record call-backs.
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kHousing);
  req.set_case_id(CaseOf(1).id());
  EXPECT_THAT(stub_->RecordCallBack(&ctx, req, &resp),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(TrackingTest, TheApplicantMayAskForAShorterTerm) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  v1::ShortenTermRequest req;
  req.set_case_id(CaseOf(1).id());
  *req.mutable_new_control_date() = ToDate(absl::CivilDay(2026, 2, 9));
  req.set_reason("the heating season: the applicant's flat is cold");
  v1::ShortenTermResponse resp;
  ASSERT_OK(CallCenter(&v1::TrackingService::Stub::ShortenTerm, req, &resp));
  EXPECT_EQ(FromDate(resp.case_().control_date()), absl::CivilDay(2026, 2, 9));
  *req.mutable_new_control_date() = ToDate(absl::CivilDay(2026, 2, 20));  // longer: no
  grpc::Status s = CallCenter(&v1::TrackingService::Stub::ShortenTerm, req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  // A field violation like every other INVALID_ARGUMENT, not a bare message.
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("new_control_date"));
}

TEST_F(TrackingTest, SupervisorsSeeCasesDueSoonAndOverdueByExecutor) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", true)));   // due end of 16 Feb
  ASSERT_OK(Handle(Routed(2, "lg-oda-social", false)));   // due end of 2 Mar
  ASSERT_OK(Handle(Routed(3, "lg-oda-housing", false)));  // answered in time
  ASSERT_OK(Accept(CaseOf(3).id(), kHousing));
  ASSERT_OK(Answer(CaseOf(3).id(), kHousing));
  EXPECT_TRUE(Attention(v1::ATTENTION_KIND_DUE_SOON).empty());

  clock_.Set(FromTimestamp(CaseOf(1).warn_at()));
  EXPECT_EQ(Attention(v1::ATTENTION_KIND_DUE_SOON), std::vector<std::string>{AppealId(1)});
  EXPECT_TRUE(Attention(v1::ATTENTION_KIND_OVERDUE).empty());

  clock_.Set(FromTimestamp(CaseOf(2).due_at()));
  EXPECT_EQ(Attention(v1::ATTENTION_KIND_OVERDUE),
            (std::vector<std::string>{AppealId(1), AppealId(2)}));
  EXPECT_EQ(Attention(v1::ATTENTION_KIND_OVERDUE, "lg-oda-social"),
            std::vector<std::string>{AppealId(2)});

  v1::CountOverdueByExecutorResponse counts;
  ASSERT_OK(CallCenter(&v1::TrackingService::Stub::CountOverdueByExecutor,
                       v1::CountOverdueByExecutorRequest(), &counts, kSupervisor));
  ASSERT_EQ(counts.executors_size(), 2);
  EXPECT_EQ(counts.executors(0).overdue(), 1);

  v1::ListCasesNeedingAttentionRequest bad;
  v1::ListCasesNeedingAttentionResponse resp;
  EXPECT_THAT(FieldsOf(CallCenter(&v1::TrackingService::Stub::ListCasesNeedingAttention, bad,
                                  &resp, kSupervisor)),
              UnorderedElementsAre("kind"));
  bad.set_kind(v1::ATTENTION_KIND_OVERDUE);
  EXPECT_THAT(CallCenter(&v1::TrackingService::Stub::ListCasesNeedingAttention, bad, &resp),
              StatusIs(absl::StatusCode::kPermissionDenied));  // operators do not

  // Pages.
  bad.set_page_size(1);
  ASSERT_OK(CallCenter(&v1::TrackingService::Stub::ListCasesNeedingAttention, bad, &resp,
                       kSupervisor));
  ASSERT_EQ(resp.cases_size(), 1);
  EXPECT_EQ(resp.cases(0).appeal_id(), AppealId(1));
  bad.set_page_token(resp.next_page_token());
  ASSERT_OK(CallCenter(&v1::TrackingService::Stub::ListCasesNeedingAttention, bad, &resp,
                       kSupervisor));
  ASSERT_EQ(resp.cases_size(), 1);
  EXPECT_EQ(resp.cases(0).appeal_id(), AppealId(2));
  EXPECT_TRUE(resp.next_page_token().empty());
}

}  // namespace
}  // namespace contactcenter::tracking
