// routing's decisions and RPCs on a real PostgreSQL.
#include "absl/strings/str_cat.h"
#include "appeal_router.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "routing_service.h"
#include "schema.h"

namespace contactcenter::routing {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::InProcessServer;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kOperator[] = "operator-token-000001";
constexpr char kAppealId[] = "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01";

eventlog::v1::Event Registered(const std::string& appeal_id, const std::string& topic,
                               const std::string& territory) {
  intake::v1::AppealRegistered r;
  r.set_appeal_id(appeal_id);
  r.set_registration_number("ЛОКЦ-2026-000001");
  r.set_topic_code(topic);
  r.set_territory_code(territory);
  r.set_kind(common::v1::APPEAL_KIND_STATEMENT);
  r.set_needs_no_extra_study(true);
  *r.mutable_received_at() = ToTimestamp(absl::FromUnixSeconds(1764331200));
  eventlog::v1::Event e;
  e.set_position(1);
  e.set_aggregate_id(appeal_id);
  e.mutable_payload()->PackFrom(r);
  return e;
}

class RoutingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("routing",
                                    {&db::EventLogMigrations(), &db::RoutingMigrations()})
              .release();
  }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    db_->Exec("TRUNCATE routing_decisions, manual_routing_queue, event_log CASCADE");
    pool_ = db_->MakePool();
    classifier_ = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    absl::StatusOr<Directory> d = Directory::LoadDir(CC_REFERENCE_DIR, classifier_);
    ASSERT_OK(d.status());
    directory_ = std::make_unique<Directory>(*std::move(d));
    events_ = std::make_unique<eventlog::Producer>("routing", pool_.get(), nullptr);
    store_ = std::make_unique<DecisionStore>(pool_.get());
    router_ = std::make_unique<AppealRouter>(directory_.get(), store_.get(), events_.get(), &clock_);
    auth_ = std::make_unique<auth::Authenticator>(
        *auth::TokenStore::Parse(absl::StrCat(kOperator, " operator op-1\n")));
    service_ = std::make_unique<RoutingServiceImpl>(directory_.get(), store_.get(), &classifier_,
                                                    auth_.get());
    server_ = std::make_unique<InProcessServer>(service_.get(),
                                                v1::RoutingService::service_full_name());
    stub_ = v1::RoutingService::NewStub(server_->channel());
  }

  absl::Status Handle(const eventlog::v1::Event& e) {
    return pool_->Write([&](db::Tx& tx) { return router_->Handle(tx, e); });
  }

  std::vector<eventlog::v1::Event> Events() {
    EXPECT_OK(events_->SequencePending().status());
    return *events_->Read(0, 100);
  }

  grpc::Status GetDecision(const std::string& appeal_id, v1::GetRoutingDecisionResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, kOperator);
    v1::GetRoutingDecisionRequest req;
    req.set_appeal_id(appeal_id);
    return stub_->GetRoutingDecision(&ctx, req, resp);
  }

  static TestDatabase* db_;
  FakeClock clock_{absl::FromUnixSeconds(1764334800)};
  std::unique_ptr<db::Pool> pool_;
  refdata::Classifier classifier_;
  std::unique_ptr<Directory> directory_;
  std::unique_ptr<eventlog::Producer> events_;
  std::unique_ptr<DecisionStore> store_;
  std::unique_ptr<AppealRouter> router_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<RoutingServiceImpl> service_;
  std::unique_ptr<InProcessServer> server_;
  std::unique_ptr<v1::RoutingService::Stub> stub_;
};
TestDatabase* RoutingTest::db_ = nullptr;

TEST_F(RoutingTest, ARegisteredAppealIsRoutedByTheMostSpecificRule) {
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  std::vector<eventlog::v1::Event> events = Events();
  ASSERT_EQ(events.size(), 1u);
  v1::AppealRouted routed;
  ASSERT_TRUE(events[0].payload().UnpackTo(&routed));
  EXPECT_EQ(routed.executor_id(), "lg-sev-rva");
  EXPECT_EQ(routed.rule_id(), "r-109-sev");
  EXPECT_TRUE(routed.needs_no_extra_study());
  EXPECT_EQ(FromTimestamp(routed.received_at()), absl::FromUnixSeconds(1764331200));

  v1::GetRoutingDecisionResponse resp;
  ASSERT_OK(GetDecision(kAppealId, &resp));
  EXPECT_EQ(resp.decision().outcome(), v1::ROUTING_OUTCOME_ROUTED);
  EXPECT_EQ(resp.decision().executor_id(), "lg-sev-rva");
  EXPECT_EQ(FromTimestamp(resp.decision().decided_at()), clock_.Now());
}

TEST_F(RoutingTest, AnAppealNoRuleCoversWaitsForASupervisor) {
  absl::StatusOr<Directory> partial = Directory::Parse(
      "id,name_uk,kind,parent_id,territories\nlg-oda,ОДА,other,,LG\n",
      "rule_id,topic,territory,executor_id\nr-106,106,LG,lg-oda\n", classifier_);
  ASSERT_OK(partial.status());
  AppealRouter router(&*partial, store_.get(), events_.get(), &clock_);
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return router.Handle(tx, Registered(kAppealId, "109", "LG-STA"));
  }));
  std::vector<eventlog::v1::Event> events = Events();
  ASSERT_EQ(events.size(), 1u);
  v1::AppealNeedsManualRouting manual;
  ASSERT_TRUE(events[0].payload().UnpackTo(&manual));
  EXPECT_EQ(manual.appeal_id(), kAppealId);
  v1::GetRoutingDecisionResponse resp;
  ASSERT_OK(GetDecision(kAppealId, &resp));
  EXPECT_EQ(resp.decision().outcome(), v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  EXPECT_EQ(resp.decision().executor_id(), "");
  EXPECT_EQ(*pool_->Read([](db::Tx& tx) -> absl::StatusOr<int64_t> {
    return tx.ExecRaw("SELECT count(*) FROM manual_routing_queue")[0][0].as<int64_t>();
  }), 1);
}

TEST_F(RoutingTest, AnAppealIsDecidedOnceEvenIfItsEventComesAgain) {
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  EXPECT_EQ(Events().size(), 1u);
}

TEST_F(RoutingTest, OtherEventsAreIgnored) {
  eventlog::v1::Event e;
  e.set_position(1);
  e.mutable_payload()->PackFrom(intake::v1::GetAppealRequest());
  ASSERT_OK(Handle(e));
  EXPECT_TRUE(Events().empty());
}

TEST_F(RoutingTest, GetRoutingDecisionNamesABadIdAndReportsAnUnknownAppeal) {
  v1::GetRoutingDecisionResponse resp;
  grpc::Status s = GetDecision("nope", &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), ElementsAre("appeal_id"));
  EXPECT_THAT(GetDecision(kAppealId, &resp), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RoutingTest, ListExecutorsFiltersByTerritoryAndNamesAnUnknownOne) {
  auto list = [&](const std::string& territory, v1::ListExecutorsResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, kOperator);
    v1::ListExecutorsRequest req;
    req.set_territory_code(territory);
    return stub_->ListExecutors(&ctx, req, resp);
  };
  v1::ListExecutorsResponse all, sev;
  ASSERT_OK(list("", &all));
  EXPECT_EQ(all.executors_size(), static_cast<int>(directory_->executors().size()));
  ASSERT_OK(list("LG-SEV", &sev));
  std::vector<std::string> ids;
  for (const auto& e : sev.executors()) ids.push_back(e.id());
  EXPECT_THAT(ids, ::testing::Contains("lg-sev-rva"));
  EXPECT_THAT(ids, ::testing::Not(::testing::Contains("lg-sta-rva")));
  v1::ListExecutorsResponse none;
  grpc::Status s = list("LG-NOWHERE", &none);
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("territory_code"));
}

}  // namespace
}  // namespace contactcenter::routing
