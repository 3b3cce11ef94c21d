// routing's decisions and RPCs on a real PostgreSQL.
#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "appeal_router.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "contactcenter/refdata/csv.h"
#include "directories.h"
#include "executor_directory.h"
#include "manual_queue.h"
#include "overdue_watcher.h"
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
constexpr char kSupervisor[] = "supervisor-token-0001";
constexpr char kAppealId[] = "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01";

// The router's consumers of intake's and tracking's logs, as main.cc wires them.
eventlog::Dispatcher IntakeEvents(AppealRouter& router) {
  eventlog::Dispatcher d;
  router.FollowIntake(d);
  return d;
}
eventlog::Dispatcher TrackingEvents(AppealRouter& router) {
  eventlog::Dispatcher d;
  router.FollowTracking(d);
  return d;
}

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
    db_->Exec(
        "TRUNCATE routing_decisions, manual_routing_queue, directory_versions, routing_declines, "
        "routing_handovers, event_log "
        "RESTART IDENTITY CASCADE");
    pool_ = db_->MakePool();
    classifier_ = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    absl::StatusOr<Directory> d = Directory::LoadDir(CC_REFERENCE_DIR, classifier_);
    ASSERT_OK(d.status());
    directory_ = std::make_unique<Directory>(*std::move(d));
    reference_executors_ = *refdata::ReadTextFile(std::string(CC_REFERENCE_DIR) + "/executors.csv");
    reference_rules_ =
        *refdata::ReadTextFile(std::string(CC_REFERENCE_DIR) + "/competence-rules.csv");
    // As main.cc makes it: with the reference topics and territories' text.
    events_ = std::make_unique<eventlog::Producer>("routing", pool_.get(), nullptr);
    directories_ = std::make_unique<Directories>(
        &classifier_, &directory_store_, events_.get(), reference_executors_, reference_rules_,
        StoredClassifier{
            *refdata::ReadTextFile(std::string(CC_REFERENCE_DIR) + "/classifier-topics.csv"),
            *refdata::ReadTextFile(std::string(CC_REFERENCE_DIR) + "/territories.csv")});
    store_ = std::make_unique<DecisionStore>();
    router_ = std::make_unique<AppealRouter>(directories_.get(), store_.get(), events_.get(),
                                             pool_.get(), &clock_);
    executor_directory_ =
        std::make_unique<ExecutorDirectory>(directories_.get(), pool_.get(), &clock_);
    queue_ = std::make_unique<ManualQueue>(directories_.get(), store_.get(), events_.get(),
                                           pool_.get(), &clock_);
    auth_ = std::make_unique<auth::Authenticator>(*auth::TokenStore::Parse(
        absl::StrCat(auth::TokenHash(kOperator), " operator op-1\n", auth::TokenHash(kSupervisor),
                     " supervisor sup-1\n")));
    service_ = std::make_unique<RoutingServiceImpl>(router_.get(), executor_directory_.get(),
                                                    queue_.get(), auth_.get());
    server_ = std::make_unique<InProcessServer>(service_.get(),
                                                v1::RoutingService::service_full_name());
    stub_ = v1::RoutingService::NewStub(server_->channel());
  }

  absl::Status Handle(const eventlog::v1::Event& e) {
    return pool_->Write([&](db::Tx& tx) { return IntakeEvents(*router_).Dispatch(tx, e); });
  }

  // The log's events about appeals, in order. The directory's own
  // (ExecutorDirectoryChanged, with each version written) are
  // DirectoryEvents().
  std::vector<eventlog::v1::Event> Events() {
    std::vector<eventlog::v1::Event> out;
    for (eventlog::v1::Event& e : AllEvents()) {
      if (!e.payload().Is<v1::ExecutorDirectoryChanged>()) out.push_back(std::move(e));
    }
    return out;
  }
  std::vector<v1::ExecutorDirectoryChanged> DirectoryEvents() {
    std::vector<v1::ExecutorDirectoryChanged> out;
    for (const eventlog::v1::Event& e : AllEvents()) {
      v1::ExecutorDirectoryChanged changed;
      if (e.payload().UnpackTo(&changed)) {
        EXPECT_EQ(e.aggregate_id(), "executor-directory");
        out.push_back(changed);
      }
    }
    return out;
  }
  std::vector<eventlog::v1::Event> AllEvents() {
    EXPECT_OK(events_->SequencePending().status());
    return *events_->Read(0, 1000);
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
  std::string reference_executors_, reference_rules_;
  DirectoryStore directory_store_;
  std::unique_ptr<Directories> directories_;
  std::unique_ptr<eventlog::Producer> events_;
  std::unique_ptr<DecisionStore> store_;
  std::unique_ptr<AppealRouter> router_;
  std::unique_ptr<ExecutorDirectory> executor_directory_;
  std::unique_ptr<ManualQueue> queue_;
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
  Directories partial(&classifier_, &directory_store_, events_.get(),
                      "id,name_uk,kind,parent_id,territories\nlg-oda,ОДА,other,,LG\n",
                      "rule_id,topic,territory,executor_id\nr-106,106,LG,lg-oda\n");
  AppealRouter router(&partial, store_.get(), events_.get(), pool_.get(), &clock_);
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return IntakeEvents(router).Dispatch(tx, Registered(kAppealId, "109", "LG-STA"));
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

// Art. 8: a repeat is excluded only "одним і тим же органом": routing
// tells intake which body a proposed repeat would go to, and routes nothing.
TEST_F(RoutingTest, AProposedRepeatIsAnsweredWithTheBodyItWouldGoToAndNotRouted) {
  intake::v1::AppealExclusionProposed proposed;
  proposed.set_appeal_id(kAppealId);
  proposed.set_registration_number("ЛОКЦ-2026-000002");
  proposed.set_reason(intake::v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED);
  proposed.set_kind(common::v1::APPEAL_KIND_STATEMENT);
  proposed.set_topic_code("109");
  proposed.set_territory_code("LG-SEV");
  eventlog::v1::Event e;
  e.set_position(1);
  e.mutable_payload()->PackFrom(proposed);
  ASSERT_OK(Handle(e));
  // Another ground than the repeat: nothing to tell.
  proposed.set_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e02");
  proposed.set_reason(intake::v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);
  e.set_position(2);
  e.mutable_payload()->PackFrom(proposed);
  ASSERT_OK(Handle(e));

  std::vector<eventlog::v1::Event> events = Events();
  ASSERT_EQ(events.size(), 1u);
  v1::ExclusionProposalRouted routed;
  ASSERT_TRUE(events[0].payload().UnpackTo(&routed));
  EXPECT_EQ(routed.appeal_id(), kAppealId);
  EXPECT_EQ(routed.executor_id(), "lg-sev-rva");
  EXPECT_EQ(routed.rule_id(), "r-109-sev");
  EXPECT_EQ(FromTimestamp(routed.decided_at()), clock_.Now());
  EXPECT_GT(routed.directory_version(), 0);
  // No decision is recorded: the appeal is not routed.
  v1::GetRoutingDecisionResponse resp;
  EXPECT_THAT(GetDecision(kAppealId, &resp), StatusIs(absl::StatusCode::kNotFound));
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

constexpr char kSecondAppealId[] = "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e02";

class DirectoryVersionsTest : public RoutingTest {
 protected:
  grpc::Status Import(const std::string& token, const std::string& executors,
                      const std::string& rules, bool dry_run, v1::ImportDirectoryResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    v1::ImportDirectoryRequest req;
    req.set_executors_csv(executors);
    req.set_rules_csv(rules);
    req.set_dry_run(dry_run);
    return stub_->ImportDirectory(&ctx, req, resp);
  }

  int64_t Count(const std::string& sql) {
    return *pool_->Read([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
      return tx.ExecRaw(sql)[0][0].as<int64_t>();
    });
  }
};

TEST_F(DirectoryVersionsTest, TheReferenceDataIsImportedOnceAndDecisionsRecordTheirVersion) {
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  ASSERT_OK(Handle(Registered(kSecondAppealId, "108", "LG")));
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions"), 1);
  v1::GetRoutingDecisionResponse resp;
  ASSERT_OK(GetDecision(kAppealId, &resp));
  EXPECT_EQ(resp.decision().directory_version(), 1);
  EXPECT_EQ(resp.decision().rule_id(), "r-109-sev");
  // The explanation: the rule that fired, and the oblast rule that lost.
  ASSERT_EQ(resp.decision().candidates_size(), 2);
  EXPECT_TRUE(resp.decision().candidates(0).chosen());
  EXPECT_EQ(resp.decision().candidates(1).rule_id(), "r-109");
  EXPECT_THAT(resp.decision().candidates(1).why(), ::testing::HasSubstr("less specific"));
}

TEST_F(DirectoryVersionsTest, ListingAnEmptyDatabaseImportsTheReferenceDataOnce) {
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions"), 0);
  absl::StatusOr<std::vector<v1::Executor>> first = executor_directory_->List("");
  ASSERT_OK(first.status());
  EXPECT_EQ(first->size(), directory_->executors().size());
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions"), 1);
  // From then on a read: the version in force, nothing written.
  ASSERT_OK(executor_directory_->List("LG-SEV").status());
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions"), 1);
  EXPECT_THAT(executor_directory_->List("LG-NOWHERE").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(DirectoryVersionsTest, ADryRunSaysWhatWouldChangeAndAnImportSwapsTheVersion) {
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  // Sievierodonetsk's communal services go to the oblast department from now on.
  std::string rules;
  for (absl::string_view line : absl::StrSplit(reference_rules_, '\n')) {
    if (!absl::StartsWith(line, "r-109-sev,")) absl::StrAppend(&rules, line, "\n");
  }
  v1::ImportDirectoryResponse dry;
  ASSERT_OK(Import(kSupervisor, reference_executors_, rules, true, &dry));
  EXPECT_FALSE(dry.applied());
  EXPECT_THAT(dry.changes(), ElementsAre("rule r-109-sev: removed"));
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions"), 1);

  v1::ImportDirectoryResponse applied;
  ASSERT_OK(Import(kSupervisor, reference_executors_, rules, false, &applied));
  EXPECT_TRUE(applied.applied());
  EXPECT_EQ(applied.version(), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions WHERE valid_to IS NULL"), 1);

  ASSERT_OK(Handle(Registered(kSecondAppealId, "109", "LG-SEV")));
  v1::GetRoutingDecisionResponse old_one, new_one;
  ASSERT_OK(GetDecision(kAppealId, &old_one));
  ASSERT_OK(GetDecision(kSecondAppealId, &new_one));
  EXPECT_EQ(old_one.decision().directory_version(), 1);
  EXPECT_EQ(old_one.decision().executor_id(), "lg-sev-rva");
  EXPECT_EQ(new_one.decision().directory_version(), 2);
  EXPECT_EQ(new_one.decision().executor_id(), "lg-oda-housing");

  // The same set again changes nothing and opens no version.
  v1::ImportDirectoryResponse again;
  ASSERT_OK(Import(kSupervisor, reference_executors_, rules, false, &again));
  EXPECT_FALSE(again.applied());
  EXPECT_EQ(again.version(), 2);
}

TEST_F(DirectoryVersionsTest, ABadSetIsRefusedWithEveryBadRowNamedAndNothingWritten) {
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  v1::ImportDirectoryResponse resp;
  grpc::Status s = Import(kSupervisor, reference_executors_ + "lg-bad,Bad,wizard,lg-nobody,LG\n",
                          reference_rules_ + "r-dup,109,LG-SEV,lg-oda-housing,\n"
                                             "r-x,999,LG,ghost,\n",
                          false, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("rule r-dup conflicts with rule r-109-sev"));
  // Every bad row and cell of both files at once, as field violations
  // named file:line:column (issue 9).
  auto line_after = [](const std::string& csv, int k) {
    return std::to_string(std::count(csv.begin(), csv.end(), '\n') + k);
  };
  const std::string bad_body = "executors.csv:" + line_after(reference_executors_, 1);
  const std::string dup = "competence-rules.csv:" + line_after(reference_rules_, 1);
  const std::string x = "competence-rules.csv:" + line_after(reference_rules_, 2);
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre(bad_body + ":kind", bad_body + ":parent_id",
                                                dup + ":rule_id", x + ":topic",
                                                x + ":executor_id"));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("unknown topic \"999\""));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("unknown executor \"ghost\""));
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions"), 1);
  EXPECT_THAT(Import(kOperator, reference_executors_, reference_rules_, true, &resp),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(DirectoryVersionsTest, AComplaintGoesToTheParentOfTheBodyItContests) {
  eventlog::v1::Event e = Registered(kAppealId, "109", "LG-SEV");
  intake::v1::AppealRegistered r;
  ASSERT_TRUE(e.payload().UnpackTo(&r));
  r.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  r.set_contested_executor_id("lg-sev-rva");
  e.mutable_payload()->PackFrom(r);
  ASSERT_OK(Handle(e));
  std::vector<eventlog::v1::Event> events = Events();
  ASSERT_EQ(events.size(), 1u);
  v1::AppealRouted routed;
  ASSERT_TRUE(events[0].payload().UnpackTo(&routed));
  EXPECT_EQ(routed.executor_id(), "lg-oda");
  EXPECT_EQ(routed.rule_id(), "r-109-sev");
  v1::GetRoutingDecisionResponse resp;
  ASSERT_OK(GetDecision(kAppealId, &resp));
  EXPECT_EQ(resp.decision().contested_executor_id(), "lg-sev-rva");
  EXPECT_THAT(resp.decision().reason(), ::testing::HasSubstr("contests lg-sev-rva"));
}

class ManualQueueTest : public DirectoryVersionsTest {
 protected:
  eventlog::v1::Event Flagged(const std::string& appeal_id, absl::Time received_at) {
    eventlog::v1::Event e = Registered(appeal_id, "109", "LG-SEV");
    intake::v1::AppealRegistered r;
    EXPECT_TRUE(e.payload().UnpackTo(&r));
    r.set_route_manually(true);
    r.add_author_categories(common::v1::AUTHOR_CATEGORY_COMBATANT);
    *r.mutable_received_at() = ToTimestamp(received_at);
    e.mutable_payload()->PackFrom(r);
    return e;
  }

  grpc::Status List(const std::string& token, v1::ListManualRoutingQueueResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return stub_->ListManualRoutingQueue(&ctx, v1::ListManualRoutingQueueRequest(), resp);
  }

  grpc::Status Assign(const std::string& token, const std::string& appeal_id,
                      const std::string& executor_id, v1::AssignExecutorResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    v1::AssignExecutorRequest req;
    req.set_appeal_id(appeal_id);
    req.set_executor_id(executor_id);
    return stub_->AssignExecutor(&ctx, req, resp);
  }
};

TEST_F(ManualQueueTest, AFlaggedAppealWaitsOldestFirstWithTheTimeLeft) {
  const absl::Time now = clock_.Now();
  ASSERT_OK(Handle(Flagged(kSecondAppealId, now - absl::Hours(1))));
  clock_.Advance(absl::Minutes(1));
  ASSERT_OK(Handle(Flagged(kAppealId, now - absl::Hours(30))));
  v1::ListManualRoutingQueueResponse resp;
  ASSERT_OK(List(kSupervisor, &resp));
  ASSERT_EQ(resp.items_size(), 2);
  // Oldest in the queue first.
  EXPECT_EQ(resp.items(0).appeal_id(), kSecondAppealId);
  EXPECT_EQ(resp.items(0).seconds_left(),
            absl::ToInt64Seconds(absl::Hours(5 * 24 - 1) - absl::Minutes(1)));
  EXPECT_EQ(resp.items(1).seconds_left(),
            absl::ToInt64Seconds(absl::Hours(5 * 24 - 30) - absl::Minutes(1)));
  EXPECT_THAT(resp.items(1).reason(), ::testing::HasSubstr("operator asked"));
  // The rules' advice is kept, but nothing was sent.
  v1::GetRoutingDecisionResponse decision;
  ASSERT_OK(GetDecision(kAppealId, &decision));
  EXPECT_EQ(decision.decision().outcome(), v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  EXPECT_THAT(decision.decision().reason(), ::testing::HasSubstr("lg-sev-rva"));
}

TEST_F(ManualQueueTest, ASupervisorAssignsAndAppealRoutedFollows) {
  ASSERT_OK(Handle(Flagged(kAppealId, clock_.Now())));
  v1::AssignExecutorResponse resp;
  grpc::Status bad = Assign(kSupervisor, kAppealId, "ghost-body", &resp);
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(bad), ElementsAre("executor_id"));
  EXPECT_THAT(bad.error_message(), ::testing::HasSubstr("ghost-body"));
  EXPECT_THAT(Assign(kOperator, kAppealId, "lg-oda-housing", &resp),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Assign(kSupervisor, kSecondAppealId, "lg-oda-housing", &resp),
              StatusIs(absl::StatusCode::kNotFound));

  ASSERT_OK(Assign(kSupervisor, kAppealId, "lg-oda-housing", &resp));
  EXPECT_EQ(resp.decision().outcome(), v1::ROUTING_OUTCOME_ROUTED);
  EXPECT_EQ(resp.decision().assigned_by(), "sup-1");
  std::vector<eventlog::v1::Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  v1::AppealRouted routed;
  ASSERT_TRUE(events[1].payload().UnpackTo(&routed));
  EXPECT_EQ(routed.executor_id(), "lg-oda-housing");
  EXPECT_EQ(routed.rule_id(), "");
  EXPECT_EQ(routed.registration_number(), "ЛОКЦ-2026-000001");
  EXPECT_TRUE(routed.needs_no_extra_study());
  EXPECT_THAT(routed.author_categories(), ElementsAre(common::v1::AUTHOR_CATEGORY_COMBATANT));

  v1::ListManualRoutingQueueResponse queue;
  ASSERT_OK(List(kOperator, &queue));
  EXPECT_EQ(queue.items_size(), 0);
  // Assigned once: a second assignment finds nothing queued.
  EXPECT_THAT(Assign(kSupervisor, kAppealId, "lg-oda-social", &resp),
              StatusIs(absl::StatusCode::kNotFound));
}

// Art. 7, 16: a complaint against the oblast administration goes to none of
// its departments or raion administrations: it waits for a supervisor, who
// may not send it down the chain either.
TEST_F(ManualQueueTest, AComplaintAgainstTheOblastAdministrationNeverGoesToABodyBelowIt) {
  eventlog::v1::Event e = Registered(kAppealId, "109", "LG-SEV");
  intake::v1::AppealRegistered r;
  ASSERT_TRUE(e.payload().UnpackTo(&r));
  r.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  r.set_contested_executor_id("lg-oda");
  e.mutable_payload()->PackFrom(r);
  ASSERT_OK(Handle(e));
  v1::GetRoutingDecisionResponse decision;
  ASSERT_OK(GetDecision(kAppealId, &decision));
  EXPECT_EQ(decision.decision().outcome(), v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  v1::ListManualRoutingQueueResponse queue;
  ASSERT_OK(List(kSupervisor, &queue));
  ASSERT_EQ(queue.items_size(), 1);

  v1::AssignExecutorResponse resp;
  for (const char* below : {"lg-oda", "lg-oda-housing", "lg-sev-rva"}) {
    grpc::Status bad = Assign(kSupervisor, kAppealId, below, &resp);
    EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument)) << below;
    EXPECT_THAT(FieldsOf(bad), ElementsAre("executor_id")) << below;
    EXPECT_THAT(bad.error_message(), ::testing::HasSubstr("contests lg-oda")) << below;
  }
  // Still queued: each refusal rolled its dequeue back.
  ASSERT_OK(List(kSupervisor, &queue));
  EXPECT_EQ(queue.items_size(), 1);
  // The police are outside the oblast administration's chain.
  ASSERT_OK(Assign(kSupervisor, kAppealId, "lg-police", &resp));
  EXPECT_EQ(resp.decision().executor_id(), "lg-police");
}

TEST_F(ManualQueueTest, AnAppealPastTheFiveDayTermIsReportedOnce) {
  const absl::Time received = clock_.Now();
  ASSERT_OK(Handle(Flagged(kAppealId, received)));
  auto report = [&] {
    return *queue_->ReportOverdue();
  };
  clock_.Set(received + absl::Hours(5 * 24) - absl::Seconds(1));
  EXPECT_EQ(report(), 0);
  clock_.Set(received + absl::Hours(5 * 24) + absl::Seconds(1));
  EXPECT_EQ(report(), 1);
  EXPECT_EQ(report(), 0);
  std::vector<eventlog::v1::Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  v1::ManualRoutingOverdue overdue;
  ASSERT_TRUE(events[1].payload().UnpackTo(&overdue));
  EXPECT_EQ(overdue.appeal_id(), kAppealId);
  EXPECT_EQ(FromTimestamp(overdue.forward_by()), received + absl::Hours(5 * 24));
  v1::ListManualRoutingQueueResponse queue;
  ASSERT_OK(List(kSupervisor, &queue));
  ASSERT_EQ(queue.items_size(), 1);
  EXPECT_LT(queue.items(0).seconds_left(), 0);
}

TEST_F(ManualQueueTest, TheWatcherCountsEachLateAppealOnce) {
  prometheus::Registry registry;
  OverdueWatcher watcher(queue_.get(), &registry);
  const absl::Time received = clock_.Now();
  ASSERT_OK(Handle(Flagged(kAppealId, received)));
  ASSERT_OK(Handle(Flagged(kSecondAppealId, received + absl::Hours(1))));
  clock_.Set(received + absl::Hours(5 * 24) + absl::Minutes(1));
  EXPECT_EQ(*watcher.CheckOnce(), 1);
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(*watcher.CheckOnce(), 1);
  EXPECT_EQ(*watcher.CheckOnce(), 0);
  double total = -1;
  for (const auto& family : registry.Collect()) {
    if (family.name == "routing_manual_overdue_appeals_total") {
      total = family.metric.at(0).counter.value;
    }
  }
  EXPECT_EQ(total, 2);
}

eventlog::v1::Event Declined(const std::string& appeal_id, const std::string& executor_id,
                             int64_t position) {
  tracking::v1::CaseReturnedToRouting r;
  r.set_case_id(absl::StrCat("case-", position));
  r.set_appeal_id(appeal_id);
  r.set_executor_id(executor_id);
  r.set_reason("не належить до компетенції");
  *r.mutable_returned_at() = ToTimestamp(absl::FromUnixSeconds(1764400000));
  eventlog::v1::Event e;
  e.set_position(position);
  e.set_aggregate_id(appeal_id);
  e.mutable_payload()->PackFrom(r);
  return e;
}

class ReroutingTest : public ManualQueueTest {
 protected:
  absl::Status HandleTracking(const eventlog::v1::Event& e) {
    return pool_->Write([&](db::Tx& tx) { return TrackingEvents(*router_).Dispatch(tx, e); });
  }
};

TEST_F(ReroutingTest, ADeclinedAppealGoesToTheNextBodyAndNeverBackThenToTheQueue) {
  eventlog::v1::Event registered = Registered(kAppealId, "109", "LG-SEV");
  intake::v1::AppealRegistered r;
  ASSERT_TRUE(registered.payload().UnpackTo(&r));
  r.add_author_categories(common::v1::AUTHOR_CATEGORY_WAR_DISABLED);
  r.set_emergency(true);
  registered.mutable_payload()->PackFrom(r);
  ASSERT_OK(Handle(registered));
  clock_.Advance(absl::Hours(2));

  // lg-sev-rva declines: the oblast rule r-109 is next.
  ASSERT_OK(HandleTracking(Declined(kAppealId, "lg-sev-rva", 1)));
  // The same event again changes nothing.
  ASSERT_OK(HandleTracking(Declined(kAppealId, "lg-sev-rva", 1)));
  std::vector<eventlog::v1::Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  v1::AppealRerouted rerouted;
  ASSERT_TRUE(events[1].payload().UnpackTo(&rerouted));
  EXPECT_EQ(rerouted.appeal_id(), kAppealId);
  EXPECT_EQ(rerouted.registration_number(), "ЛОКЦ-2026-000001");
  EXPECT_EQ(rerouted.from_executor_id(), "lg-sev-rva");
  EXPECT_EQ(rerouted.to_executor_id(), "lg-oda-housing");
  EXPECT_EQ(rerouted.rule_id(), "r-109");
  EXPECT_THAT(rerouted.reason(), ::testing::HasSubstr("declined"));
  EXPECT_EQ(FromTimestamp(rerouted.received_at()), absl::FromUnixSeconds(1764331200));
  EXPECT_EQ(FromTimestamp(rerouted.decided_at()), clock_.Now());
  EXPECT_EQ(rerouted.kind(), common::v1::APPEAL_KIND_STATEMENT);
  EXPECT_EQ(rerouted.topic_code(), "109");
  EXPECT_EQ(rerouted.territory_code(), "LG-SEV");
  EXPECT_TRUE(rerouted.needs_no_extra_study());
  EXPECT_TRUE(rerouted.emergency());
  EXPECT_THAT(rerouted.author_categories(), ElementsAre(common::v1::AUTHOR_CATEGORY_WAR_DISABLED));

  // A decline from a body that no longer has it is remembered, nothing moves.
  ASSERT_OK(HandleTracking(Declined(kAppealId, "lg-oda-apparatus", 2)));
  EXPECT_EQ(Events().size(), 2u);

  // lg-oda-housing declines too: no rule is left, so a supervisor decides.
  ASSERT_OK(HandleTracking(Declined(kAppealId, "lg-oda-housing", 3)));
  events = Events();
  ASSERT_EQ(events.size(), 3u);
  v1::AppealNeedsManualRouting manual;
  ASSERT_TRUE(events[2].payload().UnpackTo(&manual));
  v1::ListManualRoutingQueueResponse queue;
  ASSERT_OK(List(kSupervisor, &queue));
  ASSERT_EQ(queue.items_size(), 1);

  v1::GetRoutingDecisionResponse got;
  ASSERT_OK(GetDecision(kAppealId, &got));
  EXPECT_EQ(got.decision().outcome(), v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  EXPECT_THAT(got.decision().declined_executor_ids(),
              UnorderedElementsAre("lg-sev-rva", "lg-oda-housing", "lg-oda-apparatus"));
  ASSERT_EQ(got.hand_overs_size(), 2);
  EXPECT_EQ(got.hand_overs(0).to_executor_id(), "lg-oda-housing");
  EXPECT_EQ(got.hand_overs(1).from_executor_id(), "lg-oda-housing");
  EXPECT_EQ(got.hand_overs(1).to_executor_id(), "");

  // The supervisor may not send it back to a decliner; a new body gets it by
  // AppealRerouted (tracking moves the case it already has).
  v1::AssignExecutorResponse assigned;
  grpc::Status back = Assign(kSupervisor, kAppealId, "lg-sev-rva", &assigned);
  EXPECT_THAT(back, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(back.error_message(), ::testing::HasSubstr("lg-sev-rva already declined"));
  ASSERT_OK(Assign(kSupervisor, kAppealId, "lg-oda-infrastructure", &assigned));
  events = Events();
  ASSERT_EQ(events.size(), 4u);
  ASSERT_TRUE(events[3].payload().UnpackTo(&rerouted));
  EXPECT_EQ(rerouted.from_executor_id(), "lg-oda-housing");
  EXPECT_EQ(rerouted.to_executor_id(), "lg-oda-infrastructure");
  EXPECT_EQ(rerouted.rule_id(), "");
  EXPECT_EQ(FromTimestamp(rerouted.received_at()), absl::FromUnixSeconds(1764331200));
  ASSERT_OK(GetDecision(kAppealId, &got));
  EXPECT_EQ(got.hand_overs_size(), 3);
}

TEST_F(ReroutingTest, DecisionsAreCountedByKindAndOutcome) {
  prometheus::Registry registry;
  AppealRouter router(directories_.get(), store_.get(), events_.get(), pool_.get(), &clock_,
                      &registry);
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return IntakeEvents(router).Dispatch(tx, Registered(kAppealId, "109", "LG-SEV"));
  }));
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return IntakeEvents(router).Dispatch(tx, Flagged(kSecondAppealId, clock_.Now()));
  }));
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return TrackingEvents(router).Dispatch(tx, Declined(kAppealId, "lg-sev-rva", 1));
  }));
  // The supervisor's assignments are counted in the same family.
  ManualQueue queue(directories_.get(), store_.get(), events_.get(), pool_.get(), &clock_,
                    &registry);
  ASSERT_OK(queue.Assign(kSecondAppealId, "lg-oda-housing", "", "sup-1").status());
  std::map<std::string, double> got;
  for (const auto& family : registry.Collect()) {
    if (family.name != "routing_decisions_total") continue;
    for (const auto& m : family.metric) {
      std::string key;
      for (const auto& l : m.label) absl::StrAppend(&key, l.name, "=", l.value, " ");
      got[key] = m.counter.value;
    }
  }
  EXPECT_EQ(got["kind=first outcome=routed "], 1);
  EXPECT_EQ(got["kind=first outcome=queued "], 1);
  EXPECT_EQ(got["kind=reroute outcome=routed "], 1);
  EXPECT_EQ(got["kind=reroute outcome=queued "], 0);
  EXPECT_EQ(got["kind=assign outcome=routed "], 1);
}

TEST_F(ReroutingTest, ADeclineForAnAppealRoutingNeverSawBlocksTheLog) {
  EXPECT_THAT(HandleTracking(Declined(kAppealId, "lg-sev-rva", 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

class ExecutorChangesTest : public DirectoryVersionsTest {
 protected:
  template <typename Req>
  grpc::Status Call(grpc::Status (v1::RoutingService::Stub::*rpc)(grpc::ClientContext*,
                                                                 const Req&,
                                                                 v1::ExecutorChangeResponse*),
                    const std::string& token, const Req& req, v1::ExecutorChangeResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return (stub_.get()->*rpc)(&ctx, req, resp);
  }

  static v1::Executor Body() {
    v1::Executor e;
    e.set_id("lg-sev-housing");
    e.set_name("Відділ ЖКГ Сєвєродонецької РВА, \"тестовий\"");
    e.set_kind(v1::EXECUTOR_KIND_COMMUNAL_ENTERPRISE);
    e.set_parent_id("lg-sev-rva");
    e.add_territory_codes("LG-SEV");
    return e;
  }
};

TEST_F(ExecutorChangesTest, ABodyIsCreatedUpdatedAndDeactivatedAsVersions) {
  v1::CreateExecutorRequest create;
  *create.mutable_executor() = Body();
  v1::ExecutorChangeResponse resp;
  EXPECT_THAT(Call(&v1::RoutingService::Stub::CreateExecutor, kOperator, create, &resp),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_OK(Call(&v1::RoutingService::Stub::CreateExecutor, kSupervisor, create, &resp));
  EXPECT_EQ(resp.version(), 2);  // 1 is the reference data
  EXPECT_TRUE(resp.executor().active());
  EXPECT_EQ(resp.executor().name(), Body().name());
  EXPECT_THAT(resp.changes(), ElementsAre(::testing::HasSubstr("executor lg-sev-housing: added")));
  EXPECT_THAT(Call(&v1::RoutingService::Stub::CreateExecutor, kSupervisor, create, &resp),
              StatusIs(absl::StatusCode::kAlreadyExists));

  v1::UpdateExecutorRequest update;
  *update.mutable_executor() = Body();
  update.mutable_executor()->set_active(true);
  update.mutable_executor()->add_territory_codes("LG-STA");
  ASSERT_OK(Call(&v1::RoutingService::Stub::UpdateExecutor, kSupervisor, update, &resp));
  EXPECT_EQ(resp.version(), 3);
  EXPECT_THAT(resp.executor().territory_codes(), ElementsAre("LG-SEV", "LG-STA"));

  v1::DeactivateExecutorRequest deactivate;
  deactivate.set_executor_id("lg-sev-housing");
  ASSERT_OK(Call(&v1::RoutingService::Stub::DeactivateExecutor, kSupervisor, deactivate, &resp));
  EXPECT_EQ(resp.version(), 4);
  EXPECT_FALSE(resp.executor().active());
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions WHERE valid_to IS NULL"), 1);

  // A body rules still send appeals to cannot retire; the rules are named.
  deactivate.set_executor_id("lg-sev-rva");
  grpc::Status busy =
      Call(&v1::RoutingService::Stub::DeactivateExecutor, kSupervisor, deactivate, &resp);
  EXPECT_THAT(busy, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(busy.error_message(), ::testing::HasSubstr("executor lg-sev-rva is not active"));
  deactivate.set_executor_id("lg-ghost");
  EXPECT_THAT(Call(&v1::RoutingService::Stub::DeactivateExecutor, kSupervisor, deactivate, &resp),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions"), 4);
}

TEST_F(ExecutorChangesTest, EveryBadFieldIsNamedAndNothingWritten) {
  v1::CreateExecutorRequest create;
  v1::Executor* e = create.mutable_executor();
  e->set_id("Bad Id");
  e->set_parent_id("Bad Parent");
  e->add_territory_codes("LG-NOWHERE");
  v1::ExecutorChangeResponse resp;
  grpc::Status s = Call(&v1::RoutingService::Stub::CreateExecutor, kSupervisor, create, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("executor.id", "executor.name", "executor.kind",
                                                "executor.parent_id",
                                                "executor.territory_codes[0]"));
  // A well-formed but unknown parent is named with the other bad fields at
  // once (it used to wait for them to be fixed), and an unknown kind is
  // unknown, not "required".
  *e = Body();
  e->set_parent_id("lg-nobody");
  e->set_kind(static_cast<v1::ExecutorKind>(57));
  e->clear_name();
  s = Call(&v1::RoutingService::Stub::CreateExecutor, kSupervisor, create, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(FromGrpcStatus(s)),
              UnorderedElementsAre(
                  FieldViolation{"executor.name", "required"},
                  FieldViolation{"executor.kind", "unknown value 57"},
                  FieldViolation{"executor.parent_id", "unknown executor \"lg-nobody\""}));
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions WHERE version > 1"), 0);
}

// Issue 11: every version written is announced once, in its transaction,
// with its bodies (analytics' names and parents); a dry run or a set that
// changes nothing announces nothing.
const v1::DirectoryBody* BodyOf(const v1::ExecutorDirectoryChanged& e, const std::string& id) {
  for (const v1::DirectoryBody& b : e.bodies()) {
    if (b.id() == id) return &b;
  }
  return nullptr;
}

TEST_F(DirectoryVersionsTest, TheReferenceImportAndAnImportEachAnnounceTheirVersionOnce) {
  EXPECT_TRUE(DirectoryEvents().empty());
  // The reference data, imported on first use (here by the first appeal),
  // is announced in the same transaction, before the decision.
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  std::vector<eventlog::v1::Event> all = AllEvents();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].payload().Is<v1::ExecutorDirectoryChanged>());
  EXPECT_TRUE(all[1].payload().Is<v1::AppealRouted>());
  std::vector<v1::ExecutorDirectoryChanged> events = DirectoryEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].version(), 1);
  EXPECT_EQ(static_cast<size_t>(events[0].bodies_size()), directory_->executors().size());
  const v1::DirectoryBody* social = BodyOf(events[0], "lg-oda-social");
  ASSERT_NE(social, nullptr);
  EXPECT_EQ(social->parent_id(), "lg-oda");
  EXPECT_EQ(social->name_uk(), "Департамент соціального захисту населення Луганської ОВА");
  EXPECT_EQ(social->kind(), v1::EXECUTOR_KIND_OBLAST_ADMINISTRATION_DEPARTMENT);
  EXPECT_TRUE(social->active());
  // A second appeal reads the version in force: nothing announced.
  ASSERT_OK(Handle(Registered(kSecondAppealId, "108", "LG")));
  EXPECT_EQ(DirectoryEvents().size(), 1u);

  // A new body under the Sievierodonetsk administration.
  const std::string executors =
      reference_executors_ + "lg-sev-housing,Відділ ЖКГ Сєвєродонецької РВА,"
                             "communal_enterprise,lg-sev-rva,LG-SEV\n";
  v1::ImportDirectoryResponse dry;
  ASSERT_OK(Import(kSupervisor, executors, reference_rules_, true, &dry));
  EXPECT_FALSE(dry.applied());
  EXPECT_EQ(DirectoryEvents().size(), 1u);  // a dry run announces nothing

  v1::ImportDirectoryResponse applied;
  ASSERT_OK(Import(kSupervisor, executors, reference_rules_, false, &applied));
  ASSERT_TRUE(applied.applied());
  events = DirectoryEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].version(), applied.version());
  EXPECT_EQ(events[1].bodies_size(), events[0].bodies_size() + 1);
  const v1::DirectoryBody* housing = BodyOf(events[1], "lg-sev-housing");
  ASSERT_NE(housing, nullptr);
  EXPECT_EQ(housing->parent_id(), "lg-sev-rva");
  EXPECT_EQ(housing->kind(), v1::EXECUTOR_KIND_COMMUNAL_ENTERPRISE);

  // The same set again writes no version and announces none; nor does a
  // refused one.
  ASSERT_OK(Import(kSupervisor, executors, reference_rules_, false, &applied));
  EXPECT_FALSE(applied.applied());
  EXPECT_FALSE(Import(kSupervisor, executors + "lg-bad,Bad,wizard,,LG\n", reference_rules_, false,
                      &applied)
                   .ok());
  EXPECT_EQ(DirectoryEvents().size(), 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions WHERE NOT announced"), 0);
}

TEST_F(ExecutorChangesTest, EachChangeOfOneBodyAnnouncesItsVersionOnce) {
  v1::CreateExecutorRequest create;
  *create.mutable_executor() = Body();
  v1::ExecutorChangeResponse resp;
  ASSERT_OK(Call(&v1::RoutingService::Stub::CreateExecutor, kSupervisor, create, &resp));
  // The reference data (version 1, imported by this first change) and the new body.
  std::vector<v1::ExecutorDirectoryChanged> events = DirectoryEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].version(), 1);
  EXPECT_EQ(BodyOf(events[0], "lg-sev-housing"), nullptr);
  EXPECT_EQ(events[1].version(), 2);
  ASSERT_NE(BodyOf(events[1], "lg-sev-housing"), nullptr);
  EXPECT_EQ(BodyOf(events[1], "lg-sev-housing")->parent_id(), "lg-sev-rva");
  EXPECT_EQ(BodyOf(events[1], "lg-sev-housing")->name_uk(), Body().name());

  // Re-parented to the oblast administration's housing department.
  v1::UpdateExecutorRequest update;
  *update.mutable_executor() = Body();
  update.mutable_executor()->set_parent_id("lg-oda-housing");
  update.mutable_executor()->set_active(true);
  ASSERT_OK(Call(&v1::RoutingService::Stub::UpdateExecutor, kSupervisor, update, &resp));
  events = DirectoryEvents();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].version(), 3);
  EXPECT_EQ(BodyOf(events[2], "lg-sev-housing")->parent_id(), "lg-oda-housing");

  // Refused changes announce nothing.
  EXPECT_THAT(Call(&v1::RoutingService::Stub::CreateExecutor, kSupervisor, create, &resp),
              StatusIs(absl::StatusCode::kAlreadyExists));
  v1::DeactivateExecutorRequest deactivate;
  deactivate.set_executor_id("lg-ghost");
  EXPECT_THAT(Call(&v1::RoutingService::Stub::DeactivateExecutor, kSupervisor, deactivate, &resp),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(DirectoryEvents().size(), 3u);

  deactivate.set_executor_id("lg-sev-housing");
  ASSERT_OK(Call(&v1::RoutingService::Stub::DeactivateExecutor, kSupervisor, deactivate, &resp));
  events = DirectoryEvents();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[3].version(), 4);
  EXPECT_FALSE(BodyOf(events[3], "lg-sev-housing")->active());
}

// A database from before the event: its version in force is announced once
// at start-up (main.cc's job "directory_announcement"), never again.
TEST_F(DirectoryVersionsTest, AVersionWrittenBeforeTheEventIsAnnouncedOnceAtStartUp) {
  // Nothing to announce on an empty database (the first use imports and
  // announces the reference data).
  EXPECT_EQ(*pool_->Write([&](db::Tx& tx) { return directories_->AnnounceInForce(tx, clock_.Now()); }),
            std::nullopt);
  // Two versions written as before migration 0006: by the store alone.
  ASSERT_OK(pool_->Write([&](db::Tx& tx) -> absl::Status {
    for (int i = 0; i < 2; ++i) {
      absl::StatusOr<int64_t> v = directory_store_.Install(
          tx, StoredDirectory{0, reference_executors_, reference_rules_, "", ""}, "before",
          clock_.Now());
      if (!v.ok()) return v.status();
    }
    return absl::OkStatus();
  }));
  EXPECT_TRUE(DirectoryEvents().empty());
  absl::StatusOr<std::optional<int64_t>> announced =
      pool_->Write([&](db::Tx& tx) { return directories_->AnnounceInForce(tx, clock_.Now()); });
  ASSERT_OK(announced.status());
  EXPECT_EQ(*announced, std::optional<int64_t>(2));
  std::vector<v1::ExecutorDirectoryChanged> events = DirectoryEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].version(), 2);  // only the version in force
  EXPECT_EQ(static_cast<size_t>(events[0].bodies_size()), directory_->executors().size());
  // Once: a restart announces nothing more.
  announced =
      pool_->Write([&](db::Tx& tx) { return directories_->AnnounceInForce(tx, clock_.Now()); });
  ASSERT_OK(announced.status());
  EXPECT_EQ(*announced, std::nullopt);
  EXPECT_EQ(DirectoryEvents().size(), 1u);
  // Nor is a version written since (announced with it) announced again.
  v1::ImportDirectoryResponse applied;
  ASSERT_OK(Import(kSupervisor,
                   reference_executors_ + "lg-sev-housing,Відділ ЖКГ,communal_enterprise,"
                                          "lg-sev-rva,LG-SEV\n",
                   reference_rules_, false, &applied));
  ASSERT_OK(pool_->Write([&](db::Tx& tx) { return directories_->AnnounceInForce(tx, clock_.Now()); })
                .status());
  EXPECT_EQ(DirectoryEvents().size(), 2u);
}

// Issue 10: the rules in force can be read. A supervisor lists the version
// in force and exports it as exactly the files ImportDirectory takes; the
// export imported back is a dry run with nothing to change.
TEST_F(DirectoryVersionsTest, TheRulesInForceAreExportedAsCsvThatImportsBackUnchanged) {
  auto export_as = [&](const std::string& token, v1::ExportDirectoryResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return stub_->ExportDirectory(&ctx, v1::ExportDirectoryRequest(), resp);
  };
  auto import_back = [&](const v1::ExportDirectoryResponse& ex, bool dry_run,
                         v1::ImportDirectoryResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, kSupervisor);
    v1::ImportDirectoryRequest req;
    req.set_executors_csv(ex.executors_csv());
    req.set_rules_csv(ex.rules_csv());
    req.set_topics_csv(ex.topics_csv());
    req.set_territories_csv(ex.territories_csv());
    req.set_dry_run(dry_run);
    return stub_->ImportDirectory(&ctx, req, resp);
  };
  v1::ExportDirectoryResponse ex;
  EXPECT_THAT(export_as(kOperator, &ex), StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_OK(export_as(kSupervisor, &ex));
  EXPECT_EQ(ex.version(), 1);
  // The reference files, as they are.
  EXPECT_EQ(ex.rules_csv(), reference_rules_);
  EXPECT_EQ(ex.topics_csv(),
            *refdata::ReadTextFile(std::string(CC_REFERENCE_DIR) + "/classifier-topics.csv"));
  auto has_executor = [](const std::string& id) {
    return ::testing::Contains(::testing::Property(&v1::Executor::id, id));
  };
  EXPECT_THAT(ex.executors(), has_executor("lg-sev-rva"));
  EXPECT_THAT(ex.rules(), ::testing::Contains(::testing::Property(
                              &v1::CompetenceRule::rule_id, "r-109-sev")));
  EXPECT_THAT(ex.topics(),
              ::testing::Contains(::testing::Property(&v1::DirectoryTopic::code, "109")));
  EXPECT_THAT(ex.territories(),
              ::testing::Contains(::testing::AllOf(
                  ::testing::Property(&v1::DirectoryTerritory::code, "LG-SEV"),
                  ::testing::Property(&v1::DirectoryTerritory::parent, "LG"))));

  v1::ImportDirectoryResponse resp;
  ASSERT_OK(import_back(ex, true, &resp));
  EXPECT_THAT(resp.changes(), ::testing::IsEmpty());
  EXPECT_FALSE(resp.applied());
  ASSERT_OK(import_back(ex, false, &resp));
  EXPECT_FALSE(resp.applied());
  EXPECT_EQ(Count("SELECT count(*) FROM directory_versions"), 1);

  // A version made by a change exports and round-trips the same way.
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kSupervisor);
  v1::CreateExecutorRequest create;
  v1::Executor* body = create.mutable_executor();
  body->set_id("lg-sev-heat");
  body->set_name("КП «Тепло», з комою");
  body->set_kind(v1::EXECUTOR_KIND_COMMUNAL_ENTERPRISE);
  body->set_parent_id("lg-sev-rva");
  body->add_territory_codes("LG-SEV");
  v1::ExecutorChangeResponse changed;
  ASSERT_OK(stub_->CreateExecutor(&ctx, create, &changed));
  ASSERT_OK(export_as(kSupervisor, &ex));
  EXPECT_EQ(ex.version(), 2);
  EXPECT_THAT(ex.executors(), has_executor("lg-sev-heat"));
  ASSERT_OK(import_back(ex, true, &resp));
  EXPECT_THAT(resp.changes(), ::testing::IsEmpty());
  EXPECT_EQ(resp.version(), 2);
}

TEST_F(DirectoryVersionsTest, TopicsAndTerritoriesAreVersionedWithTheDirectory) {
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  const std::string topics =
      *refdata::ReadTextFile(std::string(CC_REFERENCE_DIR) + "/classifier-topics.csv") +
      "109.001,Теплопостачання,Heating,\n";
  const std::string territories =
      *refdata::ReadTextFile(std::string(CC_REFERENCE_DIR) + "/territories.csv") +
      "LG-SEV-01,LG-SEV,Сєвєродонецька громада,Sievierodonetsk community,community,\n";
  const std::string executors =
      reference_executors_ +
      "lg-sev-01-heat,КП «Теплокомуненерго»,communal_enterprise,lg-sev-rva,LG-SEV-01\n";
  const std::string rules = reference_rules_ + "r-heat-sev-01,109.001,LG-SEV-01,lg-sev-01-heat,\n";

  // Without the new topic and territory, the rule is refused, both named.
  v1::ImportDirectoryResponse resp;
  grpc::Status s = Import(kSupervisor, executors, rules, true, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("unknown topic \"109.001\""));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("unknown territory \"LG-SEV-01\""));

  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kSupervisor);
  v1::ImportDirectoryRequest req;
  req.set_executors_csv(executors);
  req.set_rules_csv(rules);
  req.set_topics_csv(topics);
  req.set_territories_csv(territories);
  ASSERT_OK(stub_->ImportDirectory(&ctx, req, &resp));
  EXPECT_TRUE(resp.applied());
  EXPECT_THAT(resp.changes(), ::testing::IsSupersetOf({::testing::HasSubstr("topic 109.001: added"),
                                                       ::testing::HasSubstr(
                                                           "territory LG-SEV-01: added")}));

  ASSERT_OK(Handle(Registered(kSecondAppealId, "109.001", "LG-SEV-01")));
  v1::GetRoutingDecisionResponse got;
  ASSERT_OK(GetDecision(kSecondAppealId, &got));
  EXPECT_EQ(got.decision().rule_id(), "r-heat-sev-01");
  EXPECT_EQ(got.decision().directory_version(), 2);

  // A later import without them keeps the topics and territories in force.
  v1::ImportDirectoryResponse kept;
  ASSERT_OK(Import(kSupervisor, executors, rules + "r-extra,109,LG-SEV-01,lg-sev-rva,\n", false,
                   &kept));
  EXPECT_EQ(kept.version(), 3);
  EXPECT_THAT(kept.changes(), ElementsAre(::testing::HasSubstr("rule r-extra: added")));
  // ListExecutors knows the new territory.
  grpc::ClientContext list_ctx;
  auth::AttachToken(list_ctx, kOperator);
  v1::ListExecutorsRequest list;
  list.set_territory_code("LG-SEV-01");
  v1::ListExecutorsResponse listed;
  ASSERT_OK(stub_->ListExecutors(&list_ctx, list, &listed));
  std::vector<std::string> ids;
  for (const auto& e : listed.executors()) ids.push_back(e.id());
  EXPECT_THAT(ids, ::testing::Contains("lg-sev-01-heat"));
  // Half a classifier is refused.
  grpc::ClientContext half_ctx;
  auth::AttachToken(half_ctx, kSupervisor);
  req.clear_territories_csv();
  grpc::Status half = stub_->ImportDirectory(&half_ctx, req, &resp);
  EXPECT_THAT(FieldsOf(half), ElementsAre("territories_csv"));
}

// Bytes that are no protobuf message: field 1 says 5 bytes follow, none do.
constexpr char kCorruptBytes[] = "'\\x0a05'::bytea";

class StoredProtoTest : public ReroutingTest {
 protected:
  void Corrupt(const std::string& column) {
    db_->Exec(absl::StrCat("UPDATE routing_decisions SET ", column, " = ", kCorruptBytes));
  }
};

TEST_F(StoredProtoTest, ACorruptStoredDecisionIsDataLossNeverAnEmptyDecision) {
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  Corrupt("decision");
  v1::GetRoutingDecisionResponse resp;
  grpc::Status s = GetDecision(kAppealId, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kDataLoss));
  // The caller sees an incident number; the server log has the detail.
  EXPECT_THAT(router_->GetDecision(kAppealId).status().message(),
              ::testing::HasSubstr("stored routing decision does not parse"));
  // A decline of it blocks tracking's log instead of re-routing from nothing.
  EXPECT_THAT(HandleTracking(Declined(kAppealId, "lg-sev-rva", 1)),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_EQ(Events().size(), 1u);
}

TEST_F(StoredProtoTest, ACorruptStoredAppealRegisteredIsDataLossNeverEventsWithEmptyFields) {
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  ASSERT_OK(Handle(Flagged(kSecondAppealId, clock_.Now())));
  Corrupt("registered");
  EXPECT_THAT(HandleTracking(Declined(kAppealId, "lg-sev-rva", 1)),
              StatusIs(absl::StatusCode::kDataLoss));
  v1::AssignExecutorResponse assigned;
  grpc::Status s = Assign(kSupervisor, kSecondAppealId, "lg-oda-housing", &assigned);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(queue_->Assign(kSecondAppealId, "lg-oda-housing", "", "sup-1").status().message(),
              ::testing::HasSubstr("stored AppealRegistered of the queued appeal does not parse"));
  // Nothing was written: no event, the decline not recorded, still queued.
  EXPECT_EQ(Events().size(), 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM routing_declines"), 0);
  v1::ListManualRoutingQueueResponse queue;
  ASSERT_OK(List(kSupervisor, &queue));
  EXPECT_EQ(queue.items_size(), 1);
}

TEST_F(StoredProtoTest, AMissingStoredAppealRegisteredIsDataLossToo) {
  ASSERT_OK(Handle(Flagged(kAppealId, clock_.Now())));
  db_->Exec("UPDATE routing_decisions SET registered = NULL");
  v1::AssignExecutorResponse assigned;
  EXPECT_THAT(Assign(kSupervisor, kAppealId, "lg-oda-housing", &assigned),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST_F(StoredProtoTest, ADecisionFromBeforeDirectoryVersionsIsReadFromItsColumns) {
  ASSERT_OK(Handle(Registered(kAppealId, "109", "LG-SEV")));
  db_->Exec("UPDATE routing_decisions SET decision = NULL");
  v1::GetRoutingDecisionResponse resp;
  ASSERT_OK(GetDecision(kAppealId, &resp));
  EXPECT_EQ(resp.decision().outcome(), v1::ROUTING_OUTCOME_ROUTED);
  EXPECT_EQ(resp.decision().executor_id(), "lg-sev-rva");
  EXPECT_EQ(resp.decision().rule_id(), "r-109-sev");
  EXPECT_EQ(FromTimestamp(resp.decision().decided_at()), clock_.Now());
}

TEST_F(StoredProtoTest, StoresReturnAStatusInsteadOfThrowing) {
  AppealFacts facts{"not-a-uuid", "ЛОКЦ-2026-000001", 1, "109", "LG", clock_.Now()};
  v1::RoutingDecision decision;
  decision.set_outcome(v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  *decision.mutable_decided_at() = ToTimestamp(clock_.Now());
  absl::Status recorded = pool_->Write([&](db::Tx& tx) -> absl::Status {
    return store_->Record(tx, facts, decision, intake::v1::AppealRegistered()).status();
  });
  EXPECT_THAT(recorded, StatusIs(absl::StatusCode::kInvalidArgument));
  absl::Status loaded = pool_->Read([&](db::Tx& tx) -> absl::Status {
    return directory_store_.Load(tx, 42).status();
  });
  EXPECT_THAT(loaded, StatusIs(absl::StatusCode::kNotFound));
}

// Migration 0005 on decisions that kept AppealRegistered with its
// masked_essence (field 18, reserved since issue 10): the essence is gone,
// the facts a hand-over carries stay, and a decision without the event
// stays without it.
TEST(NoEssenceMigrationTest, KeptAppealRegisteredEventsLoseTheEssenceAndKeepTheRest) {
  std::vector<db::Migration> before;
  for (const db::Migration& m : db::RoutingMigrations()) {
    if (m.name < "routing/0005") before.push_back(m);
  }
  std::unique_ptr<TestDatabase> db =
      TestDatabase::CreateOrDie("routing_0005", {&db::EventLogMigrations(), &before});
  const eventlog::v1::Event event = Registered(kAppealId, "109", "LG-SEV");
  intake::v1::AppealRegistered registered;
  ASSERT_TRUE(event.payload().UnpackTo(&registered));
  const std::string essence = "Я, Гайдамахівський Остромир, с. Ясноворіччя";
  // Field 18, length-delimited: key 18 << 3 | 2 = 146, a two-byte varint.
  const std::string old_bytes =
      absl::StrCat(registered.SerializeAsString(), "\x92\x01",
                   std::string(1, static_cast<char>(essence.size())), essence);
  auto insert = [&](const std::string& id, const std::string& bytes) {
    db->Exec(absl::StrCat(
        "INSERT INTO routing_decisions (appeal_id, registration_number, outcome, reason, kind, "
        "topic_code, territory_code, received_at, decided_at, registered) VALUES ('",
        id, "', 'ЛОКЦ-2026-000001', 2, 'no rule', 1, '109', 'LG-SEV', now(), now(), ",
        bytes.empty() ? std::string("NULL")
                      : absl::StrCat("decode('", absl::BytesToHexString(bytes), "', 'hex')"),
        ")"));
  };
  insert(kAppealId, old_bytes);
  insert("1c8f3b5f-4d2e-4f60-9bac-1d2e3f4a5b6c", "");
  ASSERT_OK(db::Migrate(db->dsn(), {&db::EventLogMigrations(), &db::RoutingMigrations()}));

  std::unique_ptr<db::Pool> pool = db->MakePool();
  absl::StatusOr<std::vector<std::string>> kept =
      pool->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
        std::vector<std::string> out;
        for (const pqxx::row& r : tx.ExecRaw(
                 "SELECT coalesce(encode(registered, 'hex'), 'null') FROM routing_decisions "
                 "ORDER BY registered IS NULL")) {
          out.push_back(r[0].c_str());
        }
        return out;
      });
  ASSERT_OK(kept.status());
  EXPECT_THAT(*kept, ElementsAre(absl::BytesToHexString(registered.SerializeAsString()), "null"));
}

}  // namespace
}  // namespace contactcenter::routing
