// tracking's cases and RPCs on a real PostgreSQL.
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "case_opener.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema.h"
#include "tracking_service.h"

namespace contactcenter::tracking {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::InProcessServer;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::UnorderedElementsAre;

constexpr char kOperator[] = "operator-token-000001";
constexpr char kHousing[] = "executor-token-housing";
constexpr char kSocial[] = "executor-token-social0";

std::string AppealId(int n) { return absl::StrFormat("00000000-0000-4000-8000-%012d", n); }

eventlog::v1::Event Routed(int n, const std::string& executor, bool short_term) {
  routing::v1::AppealRouted r;
  r.set_appeal_id(AppealId(n));
  r.set_registration_number(absl::StrCat("ЛОКЦ-2026-", n));
  r.set_executor_id(executor);
  r.set_topic_code("109");
  r.set_territory_code("LG-SEV");
  r.set_needs_no_extra_study(short_term);
  // 31 January 2026, noon in Kyiv.
  *r.mutable_received_at() = ToTimestamp(absl::FromUnixSeconds(1769853600));
  eventlog::v1::Event e;
  e.set_position(n);
  e.mutable_payload()->PackFrom(r);
  return e;
}

class TrackingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("tracking",
                                    {&db::EventLogMigrations(), &db::TrackingMigrations()})
              .release();
  }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    db_->Exec("TRUNCATE cases, case_history, event_log CASCADE");
    pool_ = db_->MakePool();
    events_ = std::make_unique<eventlog::Producer>("tracking", pool_.get(), nullptr);
    store_ = std::make_unique<CaseStore>(pool_.get());
    opener_ = std::make_unique<CaseOpener>(store_.get(), events_.get(), &clock_, &KyivTimeZone());
    auth_ = std::make_unique<auth::Authenticator>(*auth::TokenStore::Parse(absl::StrCat(
        kOperator, " operator op-1\n", kHousing, " executor housing-system lg-oda-housing\n",
        kSocial, " executor social-system lg-oda-social\n")));
    service_ = std::make_unique<TrackingServiceImpl>(store_.get(), auth_.get());
    server_ = std::make_unique<InProcessServer>(service_.get(),
                                                v1::TrackingService::service_full_name());
    stub_ = v1::TrackingService::NewStub(server_->channel());
  }

  absl::Status Handle(const eventlog::v1::Event& e) {
    return pool_->Write([&](db::Tx& tx) { return opener_->Handle(tx, e); });
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

  static TestDatabase* db_;
  FakeClock clock_{absl::FromUnixSeconds(1769857200)};
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<eventlog::Producer> events_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<CaseOpener> opener_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<TrackingServiceImpl> service_;
  std::unique_ptr<InProcessServer> server_;
  std::unique_ptr<v1::TrackingService::Stub> stub_;
};
TestDatabase* TrackingTest::db_ = nullptr;

TEST_F(TrackingTest, ARoutedAppealOpensACaseWithItsControlDate) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  v1::GetCaseRequest req;
  req.set_appeal_id(AppealId(1));
  v1::GetCaseResponse resp;
  ASSERT_OK(GetCase(req, &resp));
  const v1::Case& c = resp.case_();
  EXPECT_EQ(c.status(), v1::CASE_STATUS_FORWARDED);
  EXPECT_EQ(c.executor_id(), "lg-oda-housing");
  // Received 31 January, one month: 28 February.
  EXPECT_EQ(FromDate(c.control_date()), absl::CivilDay(2026, 2, 28));
  EXPECT_EQ(FromTimestamp(c.opened_at()), clock_.Now());

  ASSERT_OK(events_->SequencePending().status());
  std::vector<eventlog::v1::Event> events = *events_->Read(0, 10);
  ASSERT_EQ(events.size(), 1u);
  v1::CaseOpened opened;
  ASSERT_TRUE(events[0].payload().UnpackTo(&opened));
  EXPECT_EQ(opened.case_id(), c.id());
  EXPECT_EQ(FromDate(opened.control_date()), absl::CivilDay(2026, 2, 28));

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
  EXPECT_EQ(FromDate(resp.case_().control_date()), absl::CivilDay(2026, 2, 15));
}

TEST_F(TrackingTest, AnAppealOpensOneCaseEvenIfItsEventComesAgain) {
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  ASSERT_OK(Handle(Routed(1, "lg-oda-housing", false)));
  v1::ListCasesResponse resp;
  ASSERT_OK(ListCases(v1::ListCasesRequest(), &resp));
  EXPECT_EQ(resp.cases_size(), 1);
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

}  // namespace
}  // namespace contactcenter::tracking
