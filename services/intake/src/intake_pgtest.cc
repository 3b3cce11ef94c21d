// intake over gRPC in process, on a real PostgreSQL.
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "appeal_holders.h"
#include "appeal_registry.h"
#include "appeal_store.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/values.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "intake_service.h"
#include "knowledge.h"
#include "knowledge_base.h"
#include "request_digest.h"
#include "sample_appeal.h"
#include "schema.h"

namespace contactcenter::intake {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::InProcessServer;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

constexpr char kOperator[] = "operator-token-000001";
constexpr char kOtherOperator[] = "operator-token-000002";
constexpr char kExecutor[] = "executor-token-000001";
constexpr char kOtherExecutor[] = "executor-token-000002";
constexpr char kThirdExecutor[] = "executor-token-000003";
constexpr char kSupervisor[] = "supervisor-token-000001";
constexpr char kAnalytics[] = "service-token-000001";

v1::RegisterAppealRequest ValidRequest() {
  v1::RegisterAppealRequest req = SampleAppeal();
  v1::Person* p = req.mutable_card()->mutable_applicant()->mutable_person();
  p->set_patronymic("Петрівна");
  p->add_author_categories(common::v1::AUTHOR_CATEGORY_INTERNALLY_DISPLACED);
  p->add_author_categories(common::v1::AUTHOR_CATEGORY_DISABILITY_GROUP_2);
  return req;
}

class IntakeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("intake", {&db::EventLogMigrations(), &db::IntakeMigrations()})
              .release();
  }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    db_->Exec(
        "TRUNCATE appeals, registration_counters, idempotency_keys, event_log, case_resolutions, "
        "case_joins, case_overdue, personal_data_reads, articles, consultations, appeal_holders "
        "CASCADE");
    pool_ = db_->MakePool();
    classifier_ = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    auth_ = std::make_unique<auth::Authenticator>(*auth::TokenStore::Parse(absl::StrCat(
        auth::TokenHash(kOperator), " operator op-1\n", auth::TokenHash(kOtherOperator),
        " operator op-2\n", auth::TokenHash(kExecutor), " executor ex-1 lg-oda-housing\n",
        auth::TokenHash(kOtherExecutor), " executor ex-2 lg-sev-rva\n",
        auth::TokenHash(kThirdExecutor), " executor ex-3 lg-oda-social\n",
        auth::TokenHash(kSupervisor), " supervisor sup-1\n", auth::TokenHash(kAnalytics),
        " service analytics\n")),
        nullptr,
        // Plaintext: these tests are about intake's rules, not transport
        // (a service token's certificate: libs/auth auth_tls_test, tls_e2e_test).
        auth::ServiceCertificates::kNotCheckedPlaintextForTestsOnly);
    events_ = std::make_unique<eventlog::Producer>("intake", pool_.get(), nullptr);
    appeals_ = std::make_unique<AppealRegistry>(pool_.get(), &appeal_store_, &holder_store_,
                                                events_.get(), &working_hours_, "ЛОКЦ");
    holders_ = std::make_unique<AppealHolders>(pool_.get(), &holder_store_);
    knowledge_ = std::make_unique<KnowledgeBase>(pool_.get(), &knowledge_store_);
    service_ = std::make_unique<IntakeServiceImpl>(appeals_.get(), knowledge_.get(), &classifier_,
                                                   auth_.get(), &clock_);
    server_ = std::make_unique<InProcessServer>(service_.get(),
                                                v1::IntakeService::service_full_name());
    stub_ = v1::IntakeService::NewStub(server_->channel());
  }

  grpc::Status Register(const v1::RegisterAppealRequest& req, v1::RegisterAppealResponse* resp,
                        const std::string& token = kOperator) {
    grpc::ClientContext ctx;
    if (!token.empty()) auth::AttachToken(ctx, token);
    return stub_->RegisterAppeal(&ctx, req, resp);
  }

  grpc::Status Get(const v1::GetAppealRequest& req, v1::GetAppealResponse* resp,
                   const std::string& token = kOperator) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return stub_->GetAppeal(&ctx, req, resp);
  }

  // Tracking's events, dispatched as main.cc has the consumer do it.
  eventlog::Dispatcher TrackingEvents() {
    eventlog::Dispatcher d;
    appeals_->FollowTracking(d);
    return d;
  }

  // Routing's AppealRouted (or, with `from`, AppealRerouted) handing the
  // appeal to `executor`, dispatched as main.cc has the consumer do it.
  absl::Status HandTo(const std::string& appeal_id, const std::string& executor,
                      const std::string& from = "") {
    eventlog::Dispatcher d;
    holders_->FollowRouting(d);
    eventlog::v1::Event e;
    e.set_position(++routing_position_);
    e.set_event_id(absl::StrCat("routing-event-", routing_position_));
    e.set_aggregate_id(appeal_id);
    *e.mutable_occurred_at() = ToTimestamp(clock_.Now());
    if (from.empty()) {
      routing::v1::AppealRouted routed;
      routed.set_appeal_id(appeal_id);
      routed.set_executor_id(executor);
      e.mutable_payload()->PackFrom(routed);
    } else {
      routing::v1::AppealRerouted rerouted;
      rerouted.set_appeal_id(appeal_id);
      rerouted.set_from_executor_id(from);
      rerouted.set_to_executor_id(executor);
      e.mutable_payload()->PackFrom(rerouted);
    }
    return pool_->Write([&](db::Tx& tx) { return d.Dispatch(tx, e); });
  }

  int64_t Count(const std::string& table) {
    return *pool_->Read([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
      return tx.ExecRaw("SELECT count(*) FROM " + table)[0][0].as<int64_t>();
    });
  }

  static TestDatabase* db_;
  int64_t routing_position_ = 0;
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 28, 12, 0, 0), KyivTimeZone())};
  std::unique_ptr<db::Pool> pool_;
  refdata::Classifier classifier_;
  WorkingHours working_hours_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<eventlog::Producer> events_;
  AppealStore appeal_store_;
  HolderStore holder_store_;
  std::unique_ptr<AppealRegistry> appeals_;
  std::unique_ptr<AppealHolders> holders_;
  KnowledgeStore knowledge_store_;
  std::unique_ptr<KnowledgeBase> knowledge_;
  std::unique_ptr<IntakeServiceImpl> service_;
  std::unique_ptr<InProcessServer> server_;
  std::unique_ptr<v1::IntakeService::Stub> stub_;
};
TestDatabase* IntakeTest::db_ = nullptr;

TEST_F(IntakeTest, RegistersAnAppealWithANumberAndReadsItBack) {
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(ValidRequest(), &resp));
  const v1::Appeal& a = resp.appeal();
  EXPECT_EQ(a.registration_number(), "ЛОКЦ-2026-000001");
  EXPECT_EQ(a.status(), v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(a.registered_by(), "op-1");
  EXPECT_FALSE(resp.replayed());
  EXPECT_EQ(a.card().applicant().person().phone(), "+380501234567");
  EXPECT_EQ(FromTimestamp(a.card().received_at()), clock_.Now());
  EXPECT_EQ(a.card().applicant().person().author_categories_size(), 2);

  v1::GetAppealResponse by_id, by_number;
  v1::GetAppealRequest req;
  req.set_appeal_id(a.id());
  ASSERT_OK(Get(req, &by_id));
  req.set_registration_number(a.registration_number());
  ASSERT_OK(Get(req, &by_number));
  EXPECT_EQ(by_id.appeal().SerializeAsString(), a.SerializeAsString());
  EXPECT_EQ(by_number.appeal().id(), a.id());

  ASSERT_OK(Register(ValidRequest(), &resp));
  EXPECT_EQ(resp.appeal().registration_number(), "ЛОКЦ-2026-000002");
}

TEST_F(IntakeTest, NumbersStartAgainEachYearInKyivTime) {
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(ValidRequest(), &resp));
  // 31 Dec 23:30 UTC is already 1 January in Kyiv.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 12, 31, 23, 30, 0), absl::UTCTimeZone()));
  ASSERT_OK(Register(ValidRequest(), &resp));
  EXPECT_EQ(resp.appeal().registration_number(), "ЛОКЦ-2027-000001");
}

TEST_F(IntakeTest, TheEventIsWrittenWithTheAppealAndCarriesNoPersonalData) {
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(ValidRequest(), &resp));
  ASSERT_EQ(Count("event_log"), 1);
  ASSERT_OK(events_->SequencePending().status());
  absl::StatusOr<std::vector<eventlog::v1::Event>> events = events_->Read(0, 10);
  ASSERT_OK(events.status());
  ASSERT_EQ(events->size(), 1u);
  const eventlog::v1::Event& e = (*events)[0];
  EXPECT_EQ(e.aggregate_id(), resp.appeal().id());
  v1::AppealRegistered registered;
  ASSERT_TRUE(e.payload().UnpackTo(&registered));
  EXPECT_EQ(registered.topic_code(), "109");
  EXPECT_TRUE(registered.needs_no_extra_study());
  const std::string bytes = e.payload().value();
  EXPECT_THAT(bytes, Not(HasSubstr("Шевченко")));
  EXPECT_THAT(bytes, Not(HasSubstr("380501234567")));
  // No free text: the essence stays in intake.
  EXPECT_THAT(bytes, Not(HasSubstr("опалення")));
}

TEST_F(IntakeTest, BadInputNamesEveryFieldAndWritesNothing) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->mutable_applicant()->mutable_person()->set_surname(std::string(101, 'x'));
  req.mutable_card()->set_topic_code("999");
  req.mutable_card()->set_form(static_cast<common::v1::AppealForm>(42));
  req.set_idempotency_key("key-1");
  v1::RegisterAppealResponse resp;
  grpc::Status s = Register(req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("card.applicant.person.surname", "card.topic_code",
                                                "card.form"));
  EXPECT_EQ(Count("appeals"), 0);
  EXPECT_EQ(Count("event_log"), 0);
  EXPECT_EQ(Count("idempotency_keys"), 0);
  EXPECT_EQ(Count("registration_counters"), 0);
}

TEST_F(IntakeTest, ControlCharactersAreRefusedNamingTheFieldNeverStoredCut) {
  using namespace std::string_literals;
  // A NUL used to be stored with the essence cut at it ("Нем").
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_essence("Нем\0ає опалення в будинку"s);
  v1::Person* p = req.mutable_card()->mutable_applicant()->mutable_person();
  p->set_surname("Ко\x1b[31mваль");
  p->set_residence_address("вул. Миру, 1\nкв. 2");  // one line: not free text
  p->set_email("a\0@example.com"s);
  req.mutable_card()->set_call_reference("ref\xc2\x85");  // C1 NEXT LINE
  v1::RegisterAppealResponse resp;
  grpc::Status s = Register(req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("card.essence", "card.applicant.person.surname",
                                                "card.applicant.person.residence_address",
                                                "card.applicant.person.email",
                                                "card.call_reference"));
  EXPECT_THAT(s.error_message(), HasSubstr("card.essence: contains a control character (U+0000 "
                                           "at character 4)"));
  EXPECT_EQ(Count("appeals"), 0);

  // Free text keeps its line breaks and tabs, whole.
  req = ValidRequest();
  req.mutable_card()->set_essence("Немає опалення.\n\tВже тиждень.");
  ASSERT_THAT(Register(req, &resp), StatusIs(absl::StatusCode::kOk));
  v1::GetAppealRequest get;
  get.set_appeal_id(resp.appeal().id());
  v1::GetAppealResponse got;
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kOperator);
  ASSERT_TRUE(stub_->GetAppeal(&ctx, get, &got).ok());
  EXPECT_EQ(got.appeal().card().essence(), "Немає опалення.\n\tВже тиждень.");
}

TEST_F(IntakeTest, AnUnknownCodeIsEchoedCutShortNotWhole) {
  // Echoed whole, a code this long made an error larger than the client
  // takes in: it saw RESOURCE_EXHAUSTED instead of the error.
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_topic_code(std::string(20000, '9'));
  auto repeat = [](absl::string_view text, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) absl::StrAppend(&out, text);
    return out;
  };
  req.mutable_card()->set_territory_code(repeat("Ж", 20000));
  v1::RegisterAppealResponse resp;
  grpc::Status s = Register(req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(s.error_message(),
              HasSubstr("card.topic_code: unknown topic \"" + std::string(40, '9') + "…\""));
  const std::vector<FieldViolation> v = FieldViolationsOf(FromGrpcStatus(s));
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].field, "card.territory_code");
  EXPECT_EQ(v[1].description, "unknown territory \"" + repeat("Ж", 40) + "…\"");
  EXPECT_LT(s.error_message().size(), 400u);
}

TEST_F(IntakeTest, ADatabaseErrorShowsTheClientNoHostPortOrSql) {
  // A database nobody listens on: the pool's error names its host and port.
  db::PoolOptions o;
  o.dsn = "postgresql://intake@127.0.0.1:1/intake?connect_timeout=2";
  o.acquire_timeout = absl::Seconds(2);
  db::Pool down(o);
  eventlog::Producer events("intake", &down, nullptr);
  AppealRegistry appeals(&down, &appeal_store_, &holder_store_, &events, &working_hours_,
                         "ЛОКЦ");
  KnowledgeBase knowledge(&down, &knowledge_store_);
  IntakeServiceImpl service(&appeals, &knowledge, &classifier_, auth_.get(), &clock_);
  InProcessServer server(&service, v1::IntakeService::service_full_name());
  auto stub = v1::IntakeService::NewStub(server.channel());
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kOperator);
  v1::RegisterAppealResponse resp;
  grpc::Status s = stub->RegisterAppeal(&ctx, ValidRequest(), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(s.error_message(),
              ::testing::StartsWith("the service is unavailable for a moment; retry (incident "));
  for (const char* secret : {"127.0.0.1", "port", "postgresql", "connect", "intake"}) {
    EXPECT_THAT(s.error_message(), Not(HasSubstr(secret)));
  }
}

TEST_F(IntakeTest, HistoryByEmailRefusesAControlCharacter) {
  using namespace std::string_literals;
  v1::FindApplicantHistoryRequest req;
  req.set_email("a\0@example.com"s);
  v1::FindApplicantHistoryResponse resp;
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kOperator);
  grpc::Status s = stub_->FindApplicantHistory(&ctx, req, &resp);
  EXPECT_THAT(FieldsOf(s), ElementsAre("email"));
  EXPECT_THAT(s.error_message(), HasSubstr("control character"));
}

TEST_F(IntakeTest, ARetryWithTheSameKeyReturnsTheFirstAppeal) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.set_idempotency_key("call-2026-11-28-0001");
  v1::RegisterAppealResponse first, second;
  ASSERT_OK(Register(req, &first));
  ASSERT_OK(Register(req, &second));
  EXPECT_TRUE(second.replayed());
  EXPECT_EQ(second.appeal().id(), first.appeal().id());
  EXPECT_EQ(Count("appeals"), 1);
  EXPECT_EQ(Count("event_log"), 1);
  // Another caller's keys are its own.
  v1::RegisterAppealResponse other;
  ASSERT_OK(Register(req, &other, kOtherOperator));
  EXPECT_NE(other.appeal().id(), first.appeal().id());
}

TEST_F(IntakeTest, TheSameKeyForADifferentRequestIsRefusedByName) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.set_idempotency_key("call-0002");
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  req.mutable_card()->set_essence("Інше питання");
  grpc::Status s = Register(req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ЛОКЦ-2026-000001")));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("idempotency_key"));
  EXPECT_EQ(Count("appeals"), 1);
}

TEST_F(IntakeTest, TheKeyKeepsADigestOfTheRequestNotTheRequest) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.set_idempotency_key("call-digest");
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  absl::StatusOr<std::string> stored = pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::string> {
    return db::BytesFromField(tx.ExecRaw("SELECT request_sha256 FROM idempotency_keys")[0][0]);
  });
  ASSERT_OK(stored.status());
  EXPECT_EQ(*stored, RequestDigest(req));
  EXPECT_EQ(stored->size(), 32u);
}

TEST_F(IntakeTest, ARetryWithinTheKeysRetentionReplaysAndAfterItRegistersANewAppeal) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.set_idempotency_key("call-retention");
  v1::RegisterAppealResponse first, retry, after;
  ASSERT_OK(Register(req, &first));
  // The default retention, 7 days from the first use, to the second.
  clock_.Advance(absl::Hours(7 * 24));
  ASSERT_OK(Register(req, &retry));
  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.appeal().id(), first.appeal().id());
  clock_.Advance(absl::Seconds(1));
  ASSERT_OK(Register(req, &after));
  EXPECT_FALSE(after.replayed());
  EXPECT_NE(after.appeal().id(), first.appeal().id());
  EXPECT_EQ(Count("appeals"), 2);
  EXPECT_EQ(Count("event_log"), 2);
  // From now on the key stands for the new appeal.
  ASSERT_OK(Register(req, &retry));
  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.appeal().id(), after.appeal().id());
}

TEST_F(IntakeTest, AKeyReusedForADifferentRequestIsRefusedUntilItExpires) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.set_idempotency_key("call-0004");
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  req.mutable_card()->set_essence("Інше питання");
  clock_.Advance(absl::Hours(7 * 24) - absl::Seconds(1));
  grpc::Status s = Register(req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ЛОКЦ-2026-000001")));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("idempotency_key"));
  EXPECT_EQ(Count("appeals"), 1);
  clock_.Advance(absl::Seconds(2));
  ASSERT_OK(Register(req, &resp));
  EXPECT_FALSE(resp.replayed());
  EXPECT_EQ(resp.appeal().registration_number(), "ЛОКЦ-2026-000002");
}

TEST_F(IntakeTest, TheCleanupDeletesExpiredKeysInBoundedBatches) {
  AppealRegistry registry(pool_.get(), &appeal_store_, &holder_store_, events_.get(),
                          &working_hours_, "ЛОКЦ", MassRule{},
                          KeyRetention{absl::Hours(7 * 24), 2});
  v1::RegisterAppealResponse resp;
  for (int i = 0; i < 5; ++i) {
    v1::RegisterAppealRequest req = ValidRequest();
    req.set_idempotency_key(absl::StrCat("old-", i));
    ASSERT_OK(Register(req, &resp));
  }
  clock_.Advance(absl::Hours(3 * 24));
  v1::RegisterAppealRequest fresh = ValidRequest();
  fresh.set_idempotency_key("fresh");
  ASSERT_OK(Register(fresh, &resp));
  clock_.Advance(absl::Hours(4 * 24) + absl::Seconds(1));

  absl::StatusOr<AppealRegistry::KeyCleanup> done = registry.DeleteExpiredKeys(clock_.Now());
  ASSERT_OK(done.status());
  EXPECT_EQ(done->deleted, 5);
  EXPECT_EQ(done->batches, 3);  // 2, 2, then the last 1
  EXPECT_EQ(Count("idempotency_keys"), 1);
  // Its size for the metric: the table and its two indexes take pages.
  EXPECT_GE(done->bytes, 3 * 8192);
  EXPECT_GE(done->rows_estimate, 0);
  EXPECT_EQ(Count("appeals"), 6);  // the appeals stay, only the keys go
  done = registry.DeleteExpiredKeys(clock_.Now());
  ASSERT_OK(done.status());
  EXPECT_EQ(done->deleted, 0);
  EXPECT_EQ(done->batches, 1);
  // The fresh key still replays.
  ASSERT_OK(Register(fresh, &resp));
  EXPECT_TRUE(resp.replayed());
}

TEST_F(IntakeTest, ConcurrentRetriesWithOneKeyRegisterOneAppeal) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.set_idempotency_key("call-0003");
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      v1::RegisterAppealResponse resp;
      grpc::Status s = Register(req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      std::lock_guard<std::mutex> lock(mu);
      ids.insert(resp.appeal().id());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(Count("appeals"), 1);
}

TEST_F(IntakeTest, ConcurrentRegistrationsGetDistinctConsecutiveNumbers) {
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> numbers;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        v1::RegisterAppealResponse resp;
        EXPECT_OK(Register(ValidRequest(), &resp));
        std::lock_guard<std::mutex> lock(mu);
        numbers.insert(resp.appeal().registration_number());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(numbers.size(), 50u);
  EXPECT_EQ(*numbers.begin(), "ЛОКЦ-2026-000001");
  EXPECT_EQ(*numbers.rbegin(), "ЛОКЦ-2026-000050");
}

// Concurrent registrations share transactions (GroupCommit); one refused
// after it claimed its key and took a number must leave neither behind:
// the numbers of the others still run without a gap, and its key is free.
TEST_F(IntakeTest, ARefusedRegistrationAmongConcurrentOnesLeavesNoGapAndNoKey) {
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> numbers;
  std::atomic<int> refused{0};
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 6; ++j) {
        v1::RegisterAppealRequest req = ValidRequest();
        req.set_idempotency_key(absl::StrCat("concurrent-", i, "-", j));
        // Every third one links to an appeal that does not exist.
        const bool bad = j % 3 == 1;
        if (bad) req.mutable_card()->set_same_event_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
        v1::RegisterAppealResponse resp;
        grpc::Status s = Register(req, &resp);
        if (bad) {
          EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
          ++refused;
          continue;
        }
        EXPECT_OK(s);
        std::lock_guard<std::mutex> lock(mu);
        numbers.insert(resp.appeal().registration_number());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(refused.load(), 20);
  EXPECT_EQ(numbers.size(), 40u);
  EXPECT_EQ(*numbers.begin(), "ЛОКЦ-2026-000001");
  EXPECT_EQ(*numbers.rbegin(), "ЛОКЦ-2026-000040");
  EXPECT_EQ(Count("appeals"), 40);
  EXPECT_EQ(Count("idempotency_keys"), 40);
  EXPECT_EQ(Count("event_log"), 40);
  // The refused key registers once the request is put right.
  v1::RegisterAppealRequest fixed = ValidRequest();
  fixed.set_idempotency_key("concurrent-0-1");
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(fixed, &resp));
  EXPECT_FALSE(resp.replayed());
  EXPECT_EQ(resp.appeal().registration_number(), "ЛОКЦ-2026-000041");
}

TEST_F(IntakeTest, CallersMustBeAuthenticatedAndAllowed) {
  v1::RegisterAppealResponse resp;
  EXPECT_THAT(Register(ValidRequest(), &resp, ""), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Register(ValidRequest(), &resp, "not-a-real-token-at-all"),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Register(ValidRequest(), &resp, kExecutor),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::GetAppealRequest req;
  req.set_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  v1::GetAppealResponse got;
  // Since issue 10 an executor may call GetAppeal (Art. 10: the body
  // considering an appeal reads it); an appeal its body never held is
  // NOT_FOUND, as this made-up one is.
  EXPECT_THAT(Get(req, &got, kExecutor), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(Count("appeals"), 0);
}

TEST_F(IntakeTest, GetAppealNamesABadKeyAndReportsAMissingAppeal) {
  v1::GetAppealResponse resp;
  grpc::Status s = Get(v1::GetAppealRequest(), &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("appeal_id"));
  v1::GetAppealRequest req;
  req.set_appeal_id("not-a-uuid");
  s = Get(req, &resp);
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("appeal_id"));
  req.set_registration_number("");
  EXPECT_THAT(FieldsOf(Get(req, &resp)), UnorderedElementsAre("registration_number"));
  req.set_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  EXPECT_THAT(Get(req, &resp), StatusIs(absl::StatusCode::kNotFound));
}

// The events the log holds, in order.
std::vector<eventlog::v1::Event> LoggedEvents(eventlog::Producer& events) {
  EXPECT_OK(events.SequencePending().status());
  absl::StatusOr<std::vector<eventlog::v1::Event>> read = events.Read(0, 100);
  EXPECT_OK(read.status());
  return read.ok() ? *read : std::vector<eventlog::v1::Event>();
}

eventlog::v1::Event CaseClosedEvent(const std::string& appeal_id, tracking::v1::CaseResult result,
                                    int64_t position) {
  tracking::v1::CaseClosed closed;
  closed.set_case_id(absl::StrCat("case-", position));
  closed.set_appeal_id(appeal_id);
  closed.set_executor_id("lg-sev-rva");
  closed.set_result(result);
  *closed.mutable_closed_at() = ToTimestamp(absl::FromUnixSeconds(1790000000));
  eventlog::v1::Event e;
  e.set_position(position);
  e.set_aggregate_id(appeal_id);
  e.mutable_payload()->PackFrom(closed);
  return e;
}

TEST_F(IntakeTest, AnAnonymousAppealIsRegisteredAsNotConsideredAndNeverRouted) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_subject(common::v1::APPEAL_SUBJECT_ANONYMOUS);
  req.mutable_card()->clear_applicant();
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  EXPECT_EQ(resp.appeal().status(), v1::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(resp.appeal().not_considered_reason(), v1::NOT_CONSIDERED_REASON_ANONYMOUS);
  EXPECT_EQ(resp.appeal().screened_by(), "op-1");
  EXPECT_FALSE(resp.appeal().card().has_applicant());
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].payload().Is<v1::AppealRegistered>());
  v1::AppealNotConsidered nc;
  ASSERT_TRUE(events[0].payload().UnpackTo(&nc));
  EXPECT_EQ(nc.appeal_id(), resp.appeal().id());
  EXPECT_EQ(nc.reason(), v1::NOT_CONSIDERED_REASON_ANONYMOUS);
  EXPECT_EQ(nc.decided_by(), "op-1");
}

// Art. 8: excluding the appeal is the body head's decision (before issue 10
// this test expected NOT_CONSIDERED at registration).
TEST_F(IntakeTest, AnApplicantDeclaredIncapableWaitsForASupervisorAndIsNotRouted) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_applicant_declared_incapable(true);
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  EXPECT_EQ(resp.appeal().status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(resp.appeal().not_considered_reason(), v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  EXPECT_EQ(resp.appeal().exclusion_proposal().reason(),
            v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);
  EXPECT_EQ(resp.appeal().exclusion_proposal().decision(), v1::EXCLUSION_DECISION_PENDING);
  EXPECT_TRUE(resp.appeal().card().applicant_declared_incapable());
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), 1u);
  v1::AppealExclusionProposed proposed;
  ASSERT_TRUE(events[0].payload().UnpackTo(&proposed));
  EXPECT_EQ(proposed.reason(), v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);
  EXPECT_EQ(proposed.proposed_by(), "op-1");
}

TEST_F(IntakeTest, ALateComplaintWaitsForASupervisorsDecision) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  common::v1::Date* d = req.mutable_card()->mutable_learned_of_decision_date();
  d->set_year(2026);
  d->set_month(9);
  d->set_day(1);
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  EXPECT_EQ(resp.appeal().status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(resp.appeal().exclusion_proposal().reason(), v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
  EXPECT_EQ(resp.appeal().card().learned_of_decision_date().month(), 9);
  // The same complaint with the term restored is considered.
  req.mutable_card()->set_complaint_term_restored(true);
  ASSERT_OK(Register(req, &resp));
  EXPECT_EQ(resp.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
}

TEST_F(IntakeTest, AnAppealMissingTheArticle5MinimumIsReturnedWithTheExplanation) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->mutable_applicant()->mutable_person()->clear_residence_address();
  req.mutable_card()->clear_essence();
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  EXPECT_EQ(resp.appeal().status(), v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  EXPECT_EQ(resp.appeal().return_explanation_size(), 2);
  EXPECT_EQ(resp.appeal().screened_by(), "op-1");
  v1::GetAppealRequest get;
  get.set_appeal_id(resp.appeal().id());
  v1::GetAppealResponse got;
  ASSERT_OK(Get(get, &got));
  EXPECT_EQ(got.appeal().return_explanation_size(), 2);
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), 1u);
  v1::AppealReturnedToApplicant returned;
  ASSERT_TRUE(events[0].payload().UnpackTo(&returned));
  EXPECT_EQ(returned.explanation_size(), 2);
  EXPECT_THAT(events[0].payload().value(), Not(HasSubstr("Шевченко")));
}

TEST_F(IntakeTest, ARepeatOnAnIssueResolvedOnItsMeritsIsProposedForExclusionAndLinked) {
  v1::RegisterAppealResponse first;
  ASSERT_OK(Register(ValidRequest(), &first));
  // Tracking closes the first appeal's case on its merits.
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return TrackingEvents().Dispatch(
        tx, CaseClosedEvent(first.appeal().id(), tracking::v1::CASE_RESULT_EXPLAINED, 1));
  }));
  // The same applicant, found by name and address although the phone and
  // the case differ.
  v1::RegisterAppealRequest again = ValidRequest();
  v1::Person* p = again.mutable_card()->mutable_applicant()->mutable_person();
  p->set_phone("067 000 00 00");
  p->set_surname("ШЕВЧЕНКО");
  v1::RegisterAppealResponse second;
  ASSERT_OK(Register(again, &second));
  EXPECT_EQ(second.appeal().status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(second.appeal().exclusion_proposal().reason(),
            v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED);
  // The supervisor sees which body resolved the earlier one.
  EXPECT_EQ(second.appeal().exclusion_proposal().earlier_executor_id(), "lg-sev-rva");
  EXPECT_THAT(second.appeal().linked_appeal_ids(), ::testing::ElementsAre(first.appeal().id()));

  // Another topic is another issue.
  v1::RegisterAppealRequest other = ValidRequest();
  other.mutable_card()->set_topic_code("106");
  ASSERT_OK(Register(other, &second));
  EXPECT_EQ(second.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
  // A complaint about the answer is not a repeat.
  v1::RegisterAppealRequest complaint = ValidRequest();
  complaint.mutable_card()->set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  ASSERT_OK(Register(complaint, &second));
  EXPECT_EQ(second.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
}

TEST_F(IntakeTest, ACaseClosedNotOnItsMeritsDoesNotMakeARepeat) {
  v1::RegisterAppealResponse first;
  ASSERT_OK(Register(ValidRequest(), &first));
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return TrackingEvents().Dispatch(
        tx, CaseClosedEvent(first.appeal().id(), tracking::v1::CASE_RESULT_NOT_POSSIBLE_NOW, 1));
  }));
  v1::RegisterAppealResponse second;
  ASSERT_OK(Register(ValidRequest(), &second));
  EXPECT_EQ(second.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(second.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_REPEATED);
  EXPECT_EQ(Count("case_resolutions"), 1);
  // Applying the same event twice records it once; other events are ignored.
  eventlog::v1::Event done = CaseClosedEvent(first.appeal().id(), tracking::v1::CASE_RESULT_DONE, 2);
  for (int i = 0; i < 2; ++i) {
    ASSERT_OK(pool_->Write([&](db::Tx& tx) { return TrackingEvents().Dispatch(tx, done); }));
  }
  eventlog::v1::Event unrelated;
  unrelated.mutable_payload()->PackFrom(v1::GetAppealRequest());
  ASSERT_OK(pool_->Write([&](db::Tx& tx) { return TrackingEvents().Dispatch(tx, unrelated); }));
  EXPECT_EQ(Count("case_resolutions"), 2);
}

// Art. 8: "якщо перше вирішено по суті". A case closed as "answered, not
// confirmed" (the applicant could not be reached for the call-back) is
// answered, so the next appeal is repeated, but not resolved on its merits
// as far as anyone confirmed: no exclusion is proposed.
TEST_F(IntakeTest, AnAnswerNotConfirmedIsNotResolvedOnItsMeritsSoTheRepeatIsConsidered) {
  v1::RegisterAppealResponse first;
  ASSERT_OK(Register(ValidRequest(), &first));
  eventlog::v1::Event closed =
      CaseClosedEvent(first.appeal().id(), tracking::v1::CASE_RESULT_DONE, 1);
  tracking::v1::CaseClosed payload;
  ASSERT_TRUE(closed.payload().UnpackTo(&payload));
  payload.set_not_confirmed(true);
  closed.mutable_payload()->PackFrom(payload);
  ASSERT_OK(pool_->Write([&](db::Tx& tx) { return TrackingEvents().Dispatch(tx, closed); }));

  v1::RegisterAppealResponse second;
  ASSERT_OK(Register(ValidRequest(), &second));
  EXPECT_EQ(second.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
  EXPECT_FALSE(second.appeal().has_exclusion_proposal());
  EXPECT_EQ(second.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_REPEATED);

  // The same closure confirmed by the applicant does make it a proposal.
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return TrackingEvents().Dispatch(
        tx, CaseClosedEvent(second.appeal().id(), tracking::v1::CASE_RESULT_DONE, 2));
  }));
  v1::RegisterAppealResponse third;
  ASSERT_OK(Register(ValidRequest(), &third));
  EXPECT_EQ(third.appeal().status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_THAT(third.appeal().linked_appeal_ids(), ::testing::Contains(second.appeal().id()));
}

// A duplicate (дублетне) joined the first appeal's case in tracking: when
// the case closes, both appeals are closed, and a later appeal on the issue
// is a repeat of a resolved one.
TEST_F(IntakeTest, ADuplicateThatJoinedACaseClosesWithIt) {
  v1::RegisterAppealResponse first, duplicate;
  ASSERT_OK(Register(ValidRequest(), &first));
  ASSERT_OK(Register(ValidRequest(), &duplicate));
  ASSERT_EQ(duplicate.appeal().duplicate_of_appeal_id(), first.appeal().id());
  tracking::v1::CaseAppealJoined joined;
  joined.set_case_id("case-1");
  joined.set_case_appeal_id(first.appeal().id());
  joined.set_appeal_id(duplicate.appeal().id());
  eventlog::v1::Event e;
  e.set_position(1);
  e.mutable_payload()->PackFrom(joined);
  for (int i = 0; i < 2; ++i) {
    ASSERT_OK(pool_->Write([&](db::Tx& tx) { return TrackingEvents().Dispatch(tx, e); }));
  }
  EXPECT_EQ(Count("case_resolutions"), 0);
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return TrackingEvents().Dispatch(
        tx, CaseClosedEvent(first.appeal().id(), tracking::v1::CASE_RESULT_DONE, 1));
  }));
  EXPECT_EQ(Count("case_resolutions"), 2);

  v1::FindApplicantHistoryRequest req;
  req.set_phone("050 123 45 67");
  v1::FindApplicantHistoryResponse history;
  {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, kOperator);
    ASSERT_OK(stub_->FindApplicantHistory(&ctx, req, &history));
  }
  ASSERT_EQ(history.appeals_size(), 2);
  EXPECT_TRUE(history.appeals(0).closed());
  EXPECT_TRUE(history.appeals(1).closed());
  v1::RegisterAppealResponse again;
  ASSERT_OK(Register(ValidRequest(), &again));
  EXPECT_EQ(again.appeal().status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_TRUE(again.appeal().duplicate_of_appeal_id().empty());
}

TEST_F(IntakeTest, ACaseClosedThatCannotBeReadIsDataLossAndRecordsNothing) {
  // Without an appeal id: the consumer must stop on it, not record it.
  EXPECT_THAT(pool_->Write([&](db::Tx& tx) {
                return TrackingEvents().Dispatch(
                    tx, CaseClosedEvent("", tracking::v1::CASE_RESULT_DONE, 1));
              }),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("position 1")));
  // A payload that claims to be CaseClosed and does not parse.
  eventlog::v1::Event garbled = CaseClosedEvent("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01",
                                                tracking::v1::CASE_RESULT_DONE, 2);
  garbled.mutable_payload()->set_value("\xff\xff\xff");
  EXPECT_THAT(pool_->Write([&](db::Tx& tx) { return TrackingEvents().Dispatch(tx, garbled); }),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("position 2")));
  EXPECT_EQ(Count("case_resolutions"), 0);
}

TEST_F(IntakeTest, AttributesFollowTheApplicantsEarlierAppeals) {
  v1::RegisterAppealResponse first, second, third, fourth;
  ASSERT_OK(Register(ValidRequest(), &first));
  EXPECT_EQ(first.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_PRIMARY);
  EXPECT_EQ(first.appeal().linked_appeal_ids_size(), 0);
  // Again while the first is open: a duplicate, linked to it. The phone is
  // spelled differently and still matches.
  v1::RegisterAppealRequest again = ValidRequest();
  again.mutable_card()->mutable_applicant()->mutable_person()->set_phone("+38 (050) 123-45-67");
  ASSERT_OK(Register(again, &second));
  EXPECT_EQ(second.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
  EXPECT_THAT(second.appeal().linked_appeal_ids(), ::testing::ElementsAre(first.appeal().id()));
  // Both answered (not on the merits, so still considered): multiple.
  for (const auto* r : {&first, &second}) {
    ASSERT_OK(pool_->Write([&](db::Tx& tx) {
      return TrackingEvents().Dispatch(
          tx, CaseClosedEvent(r->appeal().id(), tracking::v1::CASE_RESULT_NOT_POSSIBLE_NOW,
                              r == &first ? 1 : 2));
    }));
  }
  ASSERT_OK(Register(ValidRequest(), &third));
  EXPECT_EQ(third.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(third.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_MULTIPLE);
  EXPECT_EQ(third.appeal().linked_appeal_ids_size(), 2);
  // Another topic is another issue.
  v1::RegisterAppealRequest other = ValidRequest();
  other.mutable_card()->set_topic_code("106");
  ASSERT_OK(Register(other, &fourth));
  EXPECT_EQ(fourth.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_PRIMARY);
}

// Classifier item 2, масове: many applicants on one object or event, as an
// operator confirms it (before issue 10: any 5 applicants on a topic and
// territory within 72 hours, which marked busy days).
TEST_F(IntakeTest, ApplicantsAnOperatorLinksToOneBurstMainMakeAMassAppeal) {
  v1::RegisterAppealResponse resp;
  std::vector<std::string> linked;
  std::string first;
  for (int i = 0; i < 5; ++i) {
    v1::RegisterAppealRequest req = ValidRequest();
    v1::Person* p = req.mutable_card()->mutable_applicant()->mutable_person();
    p->set_phone(absl::StrCat("050 000 00 0", i));
    p->set_surname(absl::StrCat("Мешканець", i));
    if (i > 0) req.mutable_card()->set_same_event_appeal_id(i == 1 ? first : linked.back());
    ASSERT_OK(Register(req, &resp));
    EXPECT_EQ(resp.appeal().attribute(), i < 4 ? common::v1::APPEAL_ATTRIBUTE_PRIMARY
                                               : common::v1::APPEAL_ATTRIBUTE_MASS)
        << i;
    if (i == 0) first = resp.appeal().id();
    if (i < 4) linked.push_back(resp.appeal().id());
  }
  // The mass appeal's card links the other applicants' appeals on the event.
  EXPECT_THAT(resp.appeal().linked_appeal_ids(), ::testing::IsSupersetOf(linked));
  EXPECT_EQ(resp.appeal().card().same_event_appeal_id(), linked.back());
  // Many applicants on the same topic and territory without a link are a
  // busy day, not a mass appeal.
  for (int i = 0; i < 5; ++i) {
    v1::RegisterAppealRequest req = ValidRequest();
    v1::Person* p = req.mutable_card()->mutable_applicant()->mutable_person();
    p->set_phone(absl::StrCat("067 000 00 0", i));
    p->set_surname(absl::StrCat("Сусід", i));
    ASSERT_OK(Register(req, &resp));
    EXPECT_EQ(resp.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_PRIMARY) << i;
  }
  // A link to an appeal that does not exist is refused, naming the field.
  v1::RegisterAppealRequest bad = ValidRequest();
  bad.mutable_card()->set_same_event_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  EXPECT_THAT(FieldsOf(Register(bad, &resp)), ElementsAre("card.same_event_appeal_id"));
  bad.mutable_card()->set_same_event_appeal_id("not-a-uuid");
  EXPECT_THAT(FieldsOf(Register(bad, &resp)), ElementsAre("card.same_event_appeal_id"));
}

// CMU 348 Instruction, дублетне: the same appeal reaching the body again
// while the first is considered joins the first's case: AppealRegistered
// names it, and routing and tracking follow.
TEST_F(IntakeTest, TheSameAppealAgainFromTheGovernmentContactCenterIsADuplicateOfTheFirst) {
  v1::RegisterAppealResponse first, again;
  ASSERT_OK(Register(ValidRequest(), &first));
  v1::RegisterAppealRequest forwarded = ValidRequest();
  forwarded.mutable_card()->set_channel(common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER);
  forwarded.mutable_card()->set_external_card_number("УКЦ-12345");
  ASSERT_OK(Register(forwarded, &again));
  EXPECT_EQ(again.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
  EXPECT_EQ(again.appeal().duplicate_of_appeal_id(), first.appeal().id());
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), 2u);
  v1::AppealRegistered e;
  ASSERT_TRUE(events[1].payload().UnpackTo(&e));
  EXPECT_EQ(e.duplicate_of_appeal_id(), first.appeal().id());
  EXPECT_EQ(e.attribute(), common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
}

// CMU 348 Instruction, повторне: an appeal reporting that the earlier one
// went unanswered past its term.
TEST_F(IntakeTest, AnAppealAfterTheFirstWentPastItsTermIsRepeatedNotADuplicate) {
  v1::RegisterAppealResponse first, again;
  ASSERT_OK(Register(ValidRequest(), &first));
  tracking::v1::CaseOverdue overdue;
  overdue.set_case_id("case-1");
  overdue.set_appeal_id(first.appeal().id());
  overdue.set_executor_id("lg-sev-rva");
  *overdue.mutable_due_at() = ToTimestamp(absl::FromUnixSeconds(1790000000));
  eventlog::v1::Event e;
  e.set_position(1);
  e.mutable_payload()->PackFrom(overdue);
  for (int i = 0; i < 2; ++i) {  // applied twice, recorded once
    ASSERT_OK(pool_->Write([&](db::Tx& tx) { return TrackingEvents().Dispatch(tx, e); }));
  }
  EXPECT_EQ(Count("case_overdue"), 1);
  ASSERT_OK(Register(ValidRequest(), &again));
  EXPECT_EQ(again.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_REPEATED);
  EXPECT_EQ(again.appeal().duplicate_of_appeal_id(), "");
  EXPECT_THAT(again.appeal().linked_appeal_ids(), ElementsAre(first.appeal().id()));
}

TEST_F(IntakeTest, ASharedPhoneAloneIsNotTheSamePerson) {
  v1::RegisterAppealResponse first;
  ASSERT_OK(Register(ValidRequest(), &first));
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return TrackingEvents().Dispatch(
        tx, CaseClosedEvent(first.appeal().id(), tracking::v1::CASE_RESULT_DONE, 1));
  }));
  // Her neighbour calls from the same phone about the same issue.
  v1::RegisterAppealRequest neighbour = ValidRequest();
  v1::Person* p = neighbour.mutable_card()->mutable_applicant()->mutable_person();
  p->set_surname("Коваленко");
  p->set_name("Іван");
  p->clear_patronymic();
  p->set_residence_address("м. Сєвєродонецьк, вул. Центральна, 3");
  v1::RegisterAppealResponse second;
  ASSERT_OK(Register(neighbour, &second));
  EXPECT_EQ(second.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(second.appeal().attribute(), common::v1::APPEAL_ATTRIBUTE_PRIMARY);
  EXPECT_EQ(second.appeal().linked_appeal_ids_size(), 0);
  // She herself, from another address but the same phone, is the same person.
  v1::RegisterAppealRequest moved = ValidRequest();
  moved.mutable_card()->mutable_applicant()->mutable_person()->set_residence_address(
      "м. Київ, вул. Хрещатик, 1");
  ASSERT_OK(Register(moved, &second));
  EXPECT_EQ(second.appeal().status(), v1::APPEAL_STATUS_AWAITING_DECISION);
}

grpc::Status ListProposals(v1::IntakeService::Stub* stub, v1::ListExclusionProposalsResponse* resp,
                           const std::string& token) {
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, token);
  return stub->ListExclusionProposals(&ctx, v1::ListExclusionProposalsRequest(), resp);
}

grpc::Status Decide(v1::IntakeService::Stub* stub, const std::string& id,
                    v1::ExclusionDecision decision, const std::string& comment,
                    v1::DecideExclusionResponse* resp, const std::string& token) {
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, token);
  v1::DecideExclusionRequest req;
  req.set_appeal_id(id);
  req.set_decision(decision);
  req.set_comment(comment);
  return stub->DecideExclusion(&ctx, req, resp);
}

// Routing's answer for a proposed repeat, dispatched as main.cc has the
// consumer of routing's log do it.
absl::Status BodyForProposal(db::Pool& pool, AppealRegistry& appeals, const std::string& appeal_id,
                             const std::string& executor, int64_t position, absl::Time at) {
  eventlog::Dispatcher d;
  appeals.FollowRouting(d);
  routing::v1::ExclusionProposalRouted routed;
  routed.set_appeal_id(appeal_id);
  routed.set_executor_id(executor);
  eventlog::v1::Event e;
  e.set_position(position);
  e.set_aggregate_id(appeal_id);
  *e.mutable_occurred_at() = ToTimestamp(at);
  e.mutable_payload()->PackFrom(routed);
  return pool.Write([&](db::Tx& tx) { return d.Dispatch(tx, e); });
}

// Art. 8: "Не розглядаються повторні звернення одним і тим же органом ...".
// The earlier appeal was resolved by lg-sev-rva (CaseClosedEvent).
TEST_F(IntakeTest, ARepeatRoutingSendsToAnotherBodyIsWithdrawnAndRoutedTheSameBodyStaysProposed) {
  v1::RegisterAppealResponse first;
  ASSERT_OK(Register(ValidRequest(), &first));
  ASSERT_OK(pool_->Write([&](db::Tx& tx) {
    return TrackingEvents().Dispatch(
        tx, CaseClosedEvent(first.appeal().id(), tracking::v1::CASE_RESULT_DONE, 1));
  }));
  v1::RegisterAppealResponse same, other;
  ASSERT_OK(Register(ValidRequest(), &same));
  ASSERT_OK(Register(ValidRequest(), &other));
  ASSERT_EQ(same.appeal().status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  ASSERT_EQ(other.appeal().status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  const size_t logged = LoggedEvents(*events_).size();

  // The same body: the proposal stands, and the supervisor sees the body.
  ASSERT_OK(BodyForProposal(*pool_, *appeals_, same.appeal().id(), "lg-sev-rva", 1,
                            clock_.Now()));
  // Another body: withdrawn, registered and routed (AppealRegistered).
  clock_.Advance(absl::Minutes(5));
  ASSERT_OK(BodyForProposal(*pool_, *appeals_, other.appeal().id(), "lg-oda-housing", 2,
                            clock_.Now()));
  // Delivered again: nothing more.
  ASSERT_OK(BodyForProposal(*pool_, *appeals_, other.appeal().id(), "lg-oda-housing", 2,
                            clock_.Now()));

  v1::ListExclusionProposalsResponse queue;
  ASSERT_OK(ListProposals(stub_.get(), &queue, kSupervisor));
  ASSERT_EQ(queue.proposals_size(), 1);
  EXPECT_EQ(queue.proposals(0).appeal().appeal_id(), same.appeal().id());
  EXPECT_EQ(queue.proposals(0).proposal().earlier_executor_id(), "lg-sev-rva");
  EXPECT_EQ(queue.proposals(0).proposal().body_executor_id(), "lg-sev-rva");

  v1::GetAppealRequest get;
  get.set_appeal_id(other.appeal().id());
  v1::GetAppealResponse got;
  ASSERT_OK(Get(get, &got, kSupervisor));
  EXPECT_EQ(got.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(got.appeal().exclusion_proposal().decision(), v1::EXCLUSION_DECISION_WITHDRAWN);
  EXPECT_EQ(got.appeal().exclusion_proposal().decided_by(), "routing");
  EXPECT_EQ(got.appeal().exclusion_proposal().body_executor_id(), "lg-oda-housing");
  EXPECT_EQ(FromTimestamp(got.appeal().exclusion_proposal().decided_at()), clock_.Now());

  const std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), logged + 1);
  v1::AppealRegistered registered;
  ASSERT_TRUE(events.back().payload().UnpackTo(&registered));
  EXPECT_EQ(registered.appeal_id(), other.appeal().id());
  // A supervisor finds nothing to decide on the withdrawn one.
  v1::DecideExclusionResponse decided;
  EXPECT_THAT(Decide(stub_.get(), other.appeal().id(), v1::EXCLUSION_DECISION_CONFIRMED, "",
                     &decided, kSupervisor),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(IntakeTest, ASupervisorConfirmsAProposalAndTheAppealIsNotConsideredWithWhoDecided) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_applicant_declared_incapable(true);
  v1::RegisterAppealResponse registered;
  ASSERT_OK(Register(req, &registered));
  const std::string id = registered.appeal().id();

  v1::ListExclusionProposalsResponse queue;
  ASSERT_OK(ListProposals(stub_.get(), &queue, kSupervisor));
  ASSERT_EQ(queue.proposals_size(), 1);
  EXPECT_EQ(queue.proposals(0).appeal().appeal_id(), id);
  EXPECT_EQ(queue.proposals(0).proposal().reason(), v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);
  EXPECT_EQ(queue.proposals(0).proposal().proposed_by(), "op-1");
  // The queue and the decision are the supervisor's.
  EXPECT_THAT(ListProposals(stub_.get(), &queue, kOperator),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::DecideExclusionResponse decided;
  EXPECT_THAT(Decide(stub_.get(), id, v1::EXCLUSION_DECISION_CONFIRMED, "", &decided, kOperator),
              StatusIs(absl::StatusCode::kPermissionDenied));

  clock_.Advance(absl::Hours(2));
  ASSERT_OK(Decide(stub_.get(), id, v1::EXCLUSION_DECISION_CONFIRMED, "", &decided, kSupervisor));
  EXPECT_EQ(decided.appeal().status(), v1::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(decided.appeal().not_considered_reason(),
            v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);
  EXPECT_EQ(decided.appeal().screened_by(), "sup-1");
  EXPECT_EQ(decided.appeal().exclusion_proposal().decided_by(), "sup-1");
  EXPECT_EQ(FromTimestamp(decided.appeal().exclusion_proposal().decided_at()), clock_.Now());

  // As stored, and out of the queue.
  v1::GetAppealRequest get;
  get.set_appeal_id(id);
  v1::GetAppealResponse got;
  ASSERT_OK(Get(get, &got));
  EXPECT_EQ(got.appeal().status(), v1::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(got.appeal().exclusion_proposal().decision(), v1::EXCLUSION_DECISION_CONFIRMED);
  ASSERT_OK(ListProposals(stub_.get(), &queue, kSupervisor));
  EXPECT_EQ(queue.proposals_size(), 0);

  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(events[0].payload().Is<v1::AppealExclusionProposed>());
  v1::AppealNotConsidered nc;
  ASSERT_TRUE(events[1].payload().UnpackTo(&nc));
  EXPECT_EQ(nc.reason(), v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);
  EXPECT_EQ(nc.decided_by(), "sup-1");

  // Decided once.
  EXPECT_THAT(Decide(stub_.get(), id, v1::EXCLUSION_DECISION_OVERRULED, "again", &decided,
                     kSupervisor),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(IntakeTest, AnOverruledProposalIsRegisteredAndRouted) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_applicant_declared_incapable(true);
  v1::RegisterAppealResponse registered;
  ASSERT_OK(Register(req, &registered));
  const std::string id = registered.appeal().id();
  v1::DecideExclusionResponse decided;
  // Overruling needs the reason on file.
  EXPECT_THAT(FieldsOf(Decide(stub_.get(), id, v1::EXCLUSION_DECISION_OVERRULED, "", &decided,
                              kSupervisor)),
              UnorderedElementsAre("comment"));
  EXPECT_THAT(FieldsOf(Decide(stub_.get(), "nope", v1::EXCLUSION_DECISION_PENDING, "", &decided,
                              kSupervisor)),
              UnorderedElementsAre("appeal_id", "decision"));
  EXPECT_THAT(Decide(stub_.get(), "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01",
                     v1::EXCLUSION_DECISION_CONFIRMED, "", &decided, kSupervisor),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK(Decide(stub_.get(), id, v1::EXCLUSION_DECISION_OVERRULED,
                   "рішення суду скасовано", &decided, kSupervisor));
  EXPECT_EQ(decided.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(decided.appeal().not_considered_reason(), v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  EXPECT_EQ(decided.appeal().exclusion_proposal().decision(), v1::EXCLUSION_DECISION_OVERRULED);
  EXPECT_EQ(decided.appeal().exclusion_proposal().comment(), "рішення суду скасовано");
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), 2u);
  v1::AppealRegistered routed;
  ASSERT_TRUE(events[1].payload().UnpackTo(&routed));
  EXPECT_EQ(routed.appeal_id(), id);
  EXPECT_EQ(routed.topic_code(), "109");
  // A registered appeal is no proposal: nothing to decide.
  v1::RegisterAppealResponse plain;
  ASSERT_OK(Register(ValidRequest(), &plain));
  EXPECT_THAT(Decide(stub_.get(), plain.appeal().id(), v1::EXCLUSION_DECISION_CONFIRMED, "",
                     &decided, kSupervisor),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(IntakeTest, AnAnonymousReportOfCorruptionIsRegisteredAndRouted) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_subject(common::v1::APPEAL_SUBJECT_ANONYMOUS);
  req.mutable_card()->clear_applicant();
  req.mutable_card()->set_topic_code("124");
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  EXPECT_EQ(resp.appeal().status(), v1::APPEAL_STATUS_REGISTERED);
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].payload().Is<v1::AppealRegistered>());
}

TEST_F(IntakeTest, AWrittenAppealWithoutAPlaceOfResidenceIsAnonymousNotReturned) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_form(common::v1::APPEAL_FORM_WRITTEN);
  req.mutable_card()->set_channel(common::v1::CHANNEL_WEB_FORM);
  req.mutable_card()->mutable_applicant()->mutable_person()->clear_residence_address();
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  EXPECT_EQ(resp.appeal().status(), v1::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(resp.appeal().not_considered_reason(), v1::NOT_CONSIDERED_REASON_ANONYMOUS);
  EXPECT_FALSE(resp.appeal().has_return_due_date());
}

grpc::Status RecordLetter(v1::IntakeService::Stub* stub, const std::string& id,
                          absl::CivilDay day, const std::string& number,
                          v1::RecordReturnLetterResponse* resp, const std::string& token) {
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, token);
  v1::RecordReturnLetterRequest req;
  req.set_appeal_id(id);
  *req.mutable_letter_date() = ToDate(day);
  req.set_letter_number(number);
  return stub->RecordReturnLetter(&ctx, req, resp);
}

grpc::Status ListOverdue(v1::IntakeService::Stub* stub, v1::ListOverdueReturnsResponse* resp,
                         const std::string& token) {
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, token);
  return stub->ListOverdueReturns(&ctx, v1::ListOverdueReturnsRequest(), resp);
}

TEST_F(IntakeTest, AReturnLetterIsRecordedWithItsDateAndNumberWithinTenDays) {
  // Saturday 28 November 2026 + 10 days = Tuesday 8 December.
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->clear_essence();
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  ASSERT_EQ(resp.appeal().status(), v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  EXPECT_EQ(FromDate(resp.appeal().return_due_date()), absl::CivilDay(2026, 12, 8));
  const std::string id = resp.appeal().id();

  v1::RecordReturnLetterResponse letter;
  EXPECT_THAT(FieldsOf(RecordLetter(stub_.get(), id, absl::CivilDay(2026, 12, 30), "", &letter,
                                    kOperator)),
              UnorderedElementsAre("letter_date", "letter_number"));
  EXPECT_THAT(FieldsOf(RecordLetter(stub_.get(), id, absl::CivilDay(2026, 11, 20), "01-12/77",
                                    &letter, kOperator)),
              UnorderedElementsAre("letter_date"));
  clock_.Advance(absl::Hours(24 * 3));
  ASSERT_OK(RecordLetter(stub_.get(), id, absl::CivilDay(2026, 12, 1), "01-12/77", &letter,
                         kOperator));
  EXPECT_EQ(letter.appeal().return_letter().letter_number(), "01-12/77");
  EXPECT_EQ(FromDate(letter.appeal().return_letter().letter_date()), absl::CivilDay(2026, 12, 1));
  EXPECT_EQ(letter.appeal().return_letter().recorded_by(), "op-1");
  // A retry is answered as recorded; another letter is refused.
  ASSERT_OK(RecordLetter(stub_.get(), id, absl::CivilDay(2026, 12, 1), "01-12/77", &letter,
                         kOperator));
  EXPECT_THAT(RecordLetter(stub_.get(), id, absl::CivilDay(2026, 12, 1), "01-12/78", &letter,
                           kOperator),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), 2u);
  v1::AppealReturnLetterRecorded recorded;
  ASSERT_TRUE(events[1].payload().UnpackTo(&recorded));
  EXPECT_TRUE(recorded.within_term());
  EXPECT_THAT(events[1].payload().value(), Not(HasSubstr("01-12/77")));
  // Only a returned appeal has a return letter.
  v1::RegisterAppealResponse registered;
  ASSERT_OK(Register(ValidRequest(), &registered));
  EXPECT_THAT(RecordLetter(stub_.get(), registered.appeal().id(), absl::CivilDay(2026, 12, 1),
                           "01-12/79", &letter, kOperator),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(IntakeTest, AReturnWithoutALetterPastTenDaysIsReportedOnceAndListed) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->clear_essence();
  v1::RegisterAppealResponse late, on_time;
  ASSERT_OK(Register(req, &late));
  ASSERT_OK(Register(req, &on_time));
  v1::RecordReturnLetterResponse letter;
  ASSERT_OK(RecordLetter(stub_.get(), on_time.appeal().id(), absl::CivilDay(2026, 11, 28), "1",
                         &letter, kOperator));
  // Tuesday 8 December is the last day: nothing is overdue on it.
  clock_.Advance(absl::Hours(24 * 10));
  EXPECT_THAT(appeals_->ReportOverdueReturns(clock_.Now()), IsOkAndHolds(0));
  v1::ListOverdueReturnsResponse overdue;
  ASSERT_OK(ListOverdue(stub_.get(), &overdue, kSupervisor));
  EXPECT_EQ(overdue.returns_size(), 0);
  // The next day it is, once.
  clock_.Advance(absl::Hours(24));
  EXPECT_THAT(appeals_->ReportOverdueReturns(clock_.Now()), IsOkAndHolds(1));
  EXPECT_THAT(appeals_->ReportOverdueReturns(clock_.Now()), IsOkAndHolds(0));
  ASSERT_OK(ListOverdue(stub_.get(), &overdue, kSupervisor));
  ASSERT_EQ(overdue.returns_size(), 1);
  EXPECT_EQ(overdue.returns(0).appeal().appeal_id(), late.appeal().id());
  EXPECT_EQ(FromDate(overdue.returns(0).return_due_date()), absl::CivilDay(2026, 12, 8));
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  int reported = 0;
  for (const eventlog::v1::Event& e : events) {
    v1::AppealReturnOverdue o;
    if (e.payload().UnpackTo(&o)) {
      ++reported;
      EXPECT_EQ(o.appeal_id(), late.appeal().id());
    }
  }
  EXPECT_EQ(reported, 1);
  // A late letter takes it off the list, and says it was late.
  ASSERT_OK(RecordLetter(stub_.get(), late.appeal().id(), absl::CivilDay(2026, 12, 9), "2",
                         &letter, kOperator));
  ASSERT_OK(ListOverdue(stub_.get(), &overdue, kOperator));
  EXPECT_EQ(overdue.returns_size(), 0);
  v1::AppealReturnLetterRecorded recorded;
  ASSERT_TRUE(LoggedEvents(*events_).back().payload().UnpackTo(&recorded));
  EXPECT_FALSE(recorded.within_term());
}

grpc::Status FindHistory(v1::IntakeService::Stub* stub, const v1::FindApplicantHistoryRequest& req,
                         v1::FindApplicantHistoryResponse* resp, const std::string& token) {
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, token);
  return stub->FindApplicantHistory(&ctx, req, resp);
}

TEST_F(IntakeTest, HistoryIsFoundByPhoneEmailOrNameWhateverTheSpelling) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->mutable_applicant()->mutable_person()->set_email("Olena.S@Example.com");
  v1::RegisterAppealResponse first, second;
  ASSERT_OK(Register(req, &first));
  req.mutable_card()->set_topic_code("106");
  ASSERT_OK(Register(req, &second));
  v1::RegisterAppealRequest stranger = ValidRequest();
  v1::Person* sp = stranger.mutable_card()->mutable_applicant()->mutable_person();
  sp->set_surname("Шевчук");
  sp->set_phone("067 111 22 33");
  v1::RegisterAppealResponse other;
  ASSERT_OK(Register(stranger, &other));

  v1::FindApplicantHistoryRequest by_phone, by_email, by_name;
  by_phone.set_phone("380501234567");
  by_email.set_email("OLENA.s@example.COM ");
  by_name.mutable_name()->set_surname(" шевченко");
  by_name.mutable_name()->set_name("ОЛЕНА");
  for (const auto* q : {&by_phone, &by_email, &by_name}) {
    v1::FindApplicantHistoryResponse resp;
    ASSERT_OK(FindHistory(stub_.get(), *q, &resp, kOperator));
    ASSERT_EQ(resp.appeals_size(), 2) << q->DebugString();
    EXPECT_EQ(resp.appeals(0).appeal_id(), second.appeal().id());  // newest first
    EXPECT_EQ(resp.appeals(1).appeal_id(), first.appeal().id());
    EXPECT_EQ(resp.appeals(1).status(), v1::APPEAL_STATUS_REGISTERED);
    EXPECT_FALSE(resp.appeals(1).closed());
  }
  // The address narrows a name.
  by_name.mutable_name()->set_residence_address("м. Київ");
  v1::FindApplicantHistoryResponse none;
  ASSERT_OK(FindHistory(stub_.get(), by_name, &none, kOperator));
  EXPECT_EQ(none.appeals_size(), 0);
  // A name given with a patronymic the appeal lacks does not match.
  v1::FindApplicantHistoryRequest with_patronymic = by_name;
  with_patronymic.mutable_name()->clear_residence_address();
  with_patronymic.mutable_name()->set_patronymic("Іванівна");
  ASSERT_OK(FindHistory(stub_.get(), with_patronymic, &none, kOperator));
  EXPECT_EQ(none.appeals_size(), 0);
}

TEST_F(IntakeTest, HistoryNamesABadKeyAndIsForOperators) {
  v1::FindApplicantHistoryResponse resp;
  EXPECT_THAT(FieldsOf(FindHistory(stub_.get(), v1::FindApplicantHistoryRequest(), &resp,
                                   kOperator)),
              UnorderedElementsAre("phone"));
  v1::FindApplicantHistoryRequest req;
  req.set_phone("call me");
  EXPECT_THAT(FieldsOf(FindHistory(stub_.get(), req, &resp, kOperator)),
              UnorderedElementsAre("phone"));
  req.set_email("nobody");
  EXPECT_THAT(FieldsOf(FindHistory(stub_.get(), req, &resp, kOperator)),
              UnorderedElementsAre("email"));
  req.mutable_name()->set_name(std::string(101, 'x'));
  req.mutable_name()->set_residence_address(std::string(501, 'x'));
  EXPECT_THAT(FieldsOf(FindHistory(stub_.get(), req, &resp, kOperator)),
              UnorderedElementsAre("name.surname", "name.name", "name.residence_address"));
  req.set_phone("050 123 45 67");
  EXPECT_THAT(FindHistory(stub_.get(), req, &resp, kExecutor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(IntakeTest, AnEAppealOutOfHoursIsRegisteredOnTheNextWorkingDayKeepingItsReceipt) {
  // Saturday 28 November 2026, 12:00 Kyiv.
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_form(common::v1::APPEAL_FORM_ELECTRONIC);
  req.mutable_card()->set_channel(common::v1::CHANNEL_WEB_FORM);
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  EXPECT_EQ(FromTimestamp(resp.appeal().card().received_at()), clock_.Now());
  const common::v1::Date& day = resp.appeal().registration_date();
  EXPECT_EQ(day.year() * 10000 + day.month() * 100 + day.day(), 20261130);
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  v1::AppealRegistered registered;
  ASSERT_TRUE(events.back().payload().UnpackTo(&registered));
  EXPECT_EQ(registered.registration_date().day(), 30);
  // An oral appeal is registered on the day it is taken.
  ASSERT_OK(Register(ValidRequest(), &resp));
  EXPECT_EQ(resp.appeal().registration_date().day(), 28);
}

TEST_F(IntakeTest, TheWholeCardIsKeptAndTheEventCarriesTheRoutingFacts) {
  v1::RegisterAppealRequest req = ValidRequest();
  v1::AppealCard* c = req.mutable_card();
  c->set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  c->set_contested_executor_id("lg-sev-rva");
  c->set_route_manually(true);
  c->set_channel(common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER);
  c->set_external_card_number("1545-000123");
  c->set_call_reference("pbx-77");
  c->add_additional_topic_codes("106");
  c->set_do_not_disclose_name(true);
  c->set_keep_consideration_secret(true);
  c->mutable_applicant()->mutable_person()->set_sex(v1::SEX_FEMALE);
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  const v1::AppealCard& got = resp.appeal().card();
  EXPECT_EQ(got.contested_executor_id(), "lg-sev-rva");
  EXPECT_TRUE(got.route_manually());
  EXPECT_EQ(got.external_card_number(), "1545-000123");
  EXPECT_EQ(got.call_reference(), "pbx-77");
  EXPECT_THAT(got.additional_topic_codes(), ::testing::ElementsAre("106"));
  EXPECT_TRUE(got.do_not_disclose_name());
  EXPECT_TRUE(got.keep_consideration_secret());
  EXPECT_EQ(got.applicant().person().sex(), v1::SEX_FEMALE);
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  v1::AppealRegistered registered;
  ASSERT_TRUE(events.back().payload().UnpackTo(&registered));
  EXPECT_EQ(registered.contested_executor_id(), "lg-sev-rva");
  EXPECT_TRUE(registered.route_manually());
}

// The registration answer is built from what was inserted, not re-read: it
// must be exactly what the registrar reads back, for every kind of card.
TEST_F(IntakeTest, TheRegistrationAnswerIsTheAppealAsStored) {
  std::vector<v1::RegisterAppealRequest> requests;
  // A person's complaint with every field, received at a time with nanoseconds.
  v1::RegisterAppealRequest full = ValidRequest();
  v1::AppealCard* c = full.mutable_card();
  c->set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  *c->mutable_received_at() =
      ToTimestamp(clock_.Now() - absl::Hours(1) + absl::Nanoseconds(123456789));
  c->set_contested_executor_id("lg-sev-rva");
  *c->mutable_contested_decision_date() = ToDate(absl::CivilDay(2026, 11, 1));
  *c->mutable_learned_of_decision_date() = ToDate(absl::CivilDay(2026, 11, 10));
  c->set_emergency(true);
  c->set_call_reference("pbx-1");
  c->add_additional_topic_codes("106");
  c->set_do_not_disclose_workplace(true);
  v1::Person* p = c->mutable_applicant()->mutable_person();
  p->set_sex(v1::SEX_FEMALE);
  p->set_email("Olena@Example.com");
  p->set_social_status(common::v1::SOCIAL_STATUS_PENSIONER);
  p->set_residence_territory_code("LG-SEV");
  requests.push_back(full);
  // An organisation, collective.
  v1::RegisterAppealRequest org = ValidRequest();
  org.mutable_card()->set_subject(common::v1::APPEAL_SUBJECT_COLLECTIVE);
  org.mutable_card()->set_signatories(12);
  v1::Organisation* o = org.mutable_card()->mutable_applicant()->mutable_organisation();
  o->set_name("ОСББ «Світанок»");
  o->set_edrpou("12345678");
  o->set_contact_person("Іваненко Петро");
  o->set_address("м. Сєвєродонецьк, вул. Центральна, 3");
  o->set_phone("050 765 43 21");
  requests.push_back(org);
  // Anonymous (not considered) and returned (an explanation, no surname).
  v1::RegisterAppealRequest anonymous = ValidRequest();
  anonymous.mutable_card()->set_subject(common::v1::APPEAL_SUBJECT_ANONYMOUS);
  anonymous.mutable_card()->clear_applicant();
  requests.push_back(anonymous);
  v1::RegisterAppealRequest returned = ValidRequest();
  returned.mutable_card()->mutable_applicant()->mutable_person()->clear_surname();
  requests.push_back(returned);
  // A duplicate of the first person's appeal: linked.
  requests.push_back(ValidRequest());

  for (const v1::RegisterAppealRequest& req : requests) {
    v1::RegisterAppealResponse resp;
    ASSERT_OK(Register(req, &resp));
    v1::GetAppealRequest get;
    get.set_appeal_id(resp.appeal().id());
    v1::GetAppealResponse read;
    ASSERT_OK(Get(get, &read));
    EXPECT_EQ(resp.appeal().DebugString(), read.appeal().DebugString());
    EXPECT_EQ(resp.appeal().SerializeAsString(), read.appeal().SerializeAsString());
  }
}

grpc::Status List(v1::IntakeService::Stub* stub, const v1::ListAppealsRequest& req,
                  v1::ListAppealsResponse* resp, const std::string& token = kOperator) {
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, token);
  return stub->ListAppeals(&ctx, req, resp);
}

TEST_F(IntakeTest, ListAppealsPagesNewestFirstAndStaysStableWhileAppealsArrive) {
  std::vector<std::string> ids;  // oldest first
  for (int i = 0; i < 7; ++i) {
    clock_.Advance(absl::Minutes(1));
    v1::RegisterAppealResponse resp;
    ASSERT_OK(Register(ValidRequest(), &resp));
    ids.push_back(resp.appeal().id());
  }
  v1::ListAppealsRequest req;
  req.set_page_size(3);
  std::vector<std::string> seen;
  int pages = 0;
  do {
    v1::ListAppealsResponse resp;
    ASSERT_OK(List(stub_.get(), req, &resp));
    for (const auto& a : resp.appeals()) seen.push_back(a.appeal_id());
    req.set_page_token(resp.next_page_token());
    ++pages;
    // A newer appeal registered between pages does not shift the pages.
    clock_.Advance(absl::Minutes(1));
    v1::RegisterAppealResponse newer;
    ASSERT_OK(Register(ValidRequest(), &newer));
  } while (!req.page_token().empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, std::vector<std::string>(ids.rbegin(), ids.rend()));
}

TEST_F(IntakeTest, ListAppealsFiltersByPeriodStatusChannelTopicTerritoryAndNumber) {
  const absl::Time t0 = clock_.Now();
  v1::RegisterAppealResponse a, b, c, d;
  ASSERT_OK(Register(ValidRequest(), &a));
  clock_.Advance(absl::Hours(1));
  v1::RegisterAppealRequest web = ValidRequest();
  web.mutable_card()->set_channel(common::v1::CHANNEL_WEB_FORM);
  web.mutable_card()->set_topic_code("106");
  web.mutable_card()->mutable_applicant()->mutable_person()->set_phone("067 111 11 11");
  ASSERT_OK(Register(web, &b));
  clock_.Advance(absl::Hours(1));
  v1::RegisterAppealRequest anonymous = ValidRequest();
  anonymous.mutable_card()->set_subject(common::v1::APPEAL_SUBJECT_ANONYMOUS);
  anonymous.mutable_card()->clear_applicant();
  anonymous.mutable_card()->set_territory_code("LG");
  ASSERT_OK(Register(anonymous, &c));

  auto ids = [&](const v1::ListAppealsRequest& req) {
    v1::ListAppealsResponse resp;
    EXPECT_OK(List(stub_.get(), req, &resp));
    std::vector<std::string> out;
    for (const auto& x : resp.appeals()) out.push_back(x.appeal_id());
    return out;
  };
  using V = std::vector<std::string>;
  v1::ListAppealsRequest req;
  req.set_status(v1::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(ids(req), V{c.appeal().id()});
  req = {};
  req.set_channel(common::v1::CHANNEL_WEB_FORM);
  EXPECT_EQ(ids(req), V{b.appeal().id()});
  req = {};
  req.set_topic_code("106");
  EXPECT_EQ(ids(req), V{b.appeal().id()});
  req = {};
  req.set_territory_code("LG");
  EXPECT_EQ(ids(req), V{c.appeal().id()});
  req = {};
  req.set_registration_number(a.appeal().registration_number());
  EXPECT_EQ(ids(req), V{a.appeal().id()});
  req = {};
  *req.mutable_received_from() = ToTimestamp(t0 + absl::Minutes(30));
  *req.mutable_received_to() = ToTimestamp(t0 + absl::Minutes(90));
  EXPECT_EQ(ids(req), V{b.appeal().id()});
  (void)d;
}

TEST_F(IntakeTest, ListAppealsNamesEveryBadFilterAndRefusesAForeignToken) {
  v1::ListAppealsRequest req;
  req.set_status(static_cast<v1::AppealStatus>(99));
  req.set_channel(static_cast<common::v1::Channel>(99));
  req.set_topic_code("999");
  req.set_territory_code("LG-XXX");
  req.set_registration_number(std::string(65, 'x'));
  req.set_page_size(-1);
  *req.mutable_received_from() = ToTimestamp(clock_.Now());
  *req.mutable_received_to() = ToTimestamp(clock_.Now() - absl::Hours(1));
  v1::ListAppealsResponse resp;
  grpc::Status s = List(stub_.get(), req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("status", "channel", "topic_code",
                                                "territory_code", "registration_number",
                                                "page_size", "received_to"));
  // A token made for one filter is refused by another.
  for (int i = 0; i < 3; ++i) {
    v1::RegisterAppealResponse r;
    ASSERT_OK(Register(ValidRequest(), &r));
  }
  v1::ListAppealsRequest first;
  first.set_page_size(1);
  ASSERT_OK(List(stub_.get(), first, &resp));
  ASSERT_FALSE(resp.next_page_token().empty());
  v1::ListAppealsRequest other;
  other.set_channel(common::v1::CHANNEL_EMAIL);
  other.set_page_token(resp.next_page_token());
  EXPECT_THAT(FieldsOf(List(stub_.get(), other, &resp)), UnorderedElementsAre("page_token"));
  other.set_page_token("garbage!");
  EXPECT_THAT(FieldsOf(List(stub_.get(), other, &resp)), UnorderedElementsAre("page_token"));
  EXPECT_THAT(List(stub_.get(), first, &resp, kExecutor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(IntakeTest, ListAppealsCapsThePageSize) {
  for (int i = 0; i < 201; ++i) {
    v1::RegisterAppealResponse r;
    ASSERT_OK(Register(ValidRequest(), &r));
  }
  v1::ListAppealsRequest req;
  req.set_page_size(100000);
  v1::ListAppealsResponse resp;
  ASSERT_OK(List(stub_.get(), req, &resp));
  EXPECT_EQ(resp.appeals_size(), 200);
  EXPECT_FALSE(resp.next_page_token().empty());
  req.set_page_size(0);
  ASSERT_OK(List(stub_.get(), req, &resp));
  EXPECT_EQ(resp.appeals_size(), 50);
}

// Issue 10: masking phones and e-mails left the names people write into the
// essence in the event; now the event carries no free text at all, secret
// or not.
TEST_F(IntakeTest, TheEventCarriesNoFreeTextNotEvenTheNamesWrittenIntoTheEssence) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_essence(
      "Я, Гайдамахівський Остромир, прошу дати опалення. Телефон сусіда 067 765 43 21.");
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  req.mutable_card()->set_keep_consideration_secret(true);
  ASSERT_OK(Register(req, &resp));
  std::vector<eventlog::v1::Event> events = LoggedEvents(*events_);
  ASSERT_EQ(events.size(), 2u);
  for (const eventlog::v1::Event& e : events) {
    v1::AppealRegistered registered;
    ASSERT_TRUE(e.payload().UnpackTo(&registered));
    EXPECT_EQ(registered.appeal_id(), e.aggregate_id());
    EXPECT_THAT(e.payload().value(), Not(HasSubstr("Гайдамахівський")));
    EXPECT_THAT(e.payload().value(), Not(HasSubstr("опалення")));
    EXPECT_THAT(e.payload().value(), Not(HasSubstr("765")));
  }
}

TEST_F(IntakeTest, Article10RequestsAreHonouredForEveryoneButTheRegistrar) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_do_not_disclose_name(true);
  req.mutable_card()->set_do_not_disclose_residence(true);
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));  // by op-1
  v1::GetAppealRequest get;
  get.set_appeal_id(resp.appeal().id());
  v1::GetAppealResponse mine, theirs;
  ASSERT_OK(Get(get, &mine, kOperator));
  EXPECT_EQ(mine.appeal().card().applicant().person().surname(), "Шевченко");
  get.set_registration_number(resp.appeal().registration_number());
  ASSERT_OK(Get(get, &theirs, kOtherOperator));
  const v1::Person& p = theirs.appeal().card().applicant().person();
  EXPECT_EQ(p.surname(), "");
  EXPECT_EQ(p.name(), "");
  EXPECT_EQ(p.patronymic(), "");
  EXPECT_EQ(p.residence_address(), "");
  EXPECT_EQ(p.phone(), "+380501234567");  // for the answer
}

TEST_F(IntakeTest, ReadsOfPersonalDataByOthersAreAudited) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_do_not_disclose_name(true);
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(req, &resp));
  v1::GetAppealRequest get;
  get.set_appeal_id(resp.appeal().id());
  v1::GetAppealResponse got;
  ASSERT_OK(Get(get, &got, kOperator));  // the registrar: not audited
  EXPECT_EQ(Count("personal_data_reads"), 0);
  clock_.Advance(absl::Minutes(5));
  ASSERT_OK(Get(get, &got, kOtherOperator));
  ASSERT_EQ(Count("personal_data_reads"), 1);
  pqxx::row row = *pool_->Read([&](db::Tx& tx) -> absl::StatusOr<pqxx::row> {
    return tx.ExecRaw(
        "SELECT appeal_id::text, reader, reader_role, read_at, fields "
        "FROM personal_data_reads")[0];
  });
  EXPECT_EQ(std::string(row[0].c_str()), resp.appeal().id());
  EXPECT_EQ(std::string(row[1].c_str()), "op-2");
  EXPECT_EQ(std::string(row[2].c_str()), "operator");
  EXPECT_EQ(db::TimeFromField(row[3]), clock_.Now());
  // What the reader got: the name was withheld, so it is not listed.
  EXPECT_THAT(db::TextArrayFromField(row[4]),
              ElementsAre("applicant.person.residence_address", "applicant.person.phone",
                          "applicant.person.author_categories", "essence"));
  // A missing appeal is not audited.
  get.set_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  EXPECT_THAT(Get(get, &got, kOtherOperator), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(Count("personal_data_reads"), 1);
}

// Art. 10 lets the information go to those who resolve the case; the
// applicant's requests travel with it, and Art. 18's secrecy binds third
// parties, not the body considering the appeal.
TEST_F(IntakeTest, TheBodyHoldingTheAppealReadsItWholeWithTheApplicantsRequestsAttached) {
  v1::RegisterAppealResponse first, second;
  ASSERT_OK(Register(ValidRequest(), &first));
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_essence("Я, Шевченко Олена, прошу дати опалення в будинку.");
  req.mutable_card()->set_do_not_disclose_name(true);
  req.mutable_card()->set_do_not_disclose_residence(true);
  req.mutable_card()->set_keep_consideration_secret(true);
  ASSERT_OK(Register(req, &second));
  ASSERT_THAT(second.appeal().linked_appeal_ids(), ElementsAre(first.appeal().id()));
  v1::GetAppealRequest get;
  get.set_appeal_id(second.appeal().id());
  v1::GetAppealResponse got;
  // Not routed yet: no body holds it.
  EXPECT_THAT(Get(get, &got, kExecutor), StatusIs(absl::StatusCode::kNotFound));

  ASSERT_OK(HandTo(second.appeal().id(), "lg-oda-housing"));
  ASSERT_OK(Get(get, &got, kExecutor));
  const v1::Person& p = got.appeal().card().applicant().person();
  EXPECT_EQ(p.surname(), "Шевченко");
  EXPECT_EQ(p.name(), "Олена");
  EXPECT_EQ(p.patronymic(), "Петрівна");
  EXPECT_NE(p.residence_address(), "");
  EXPECT_EQ(p.phone(), "+380501234567");
  EXPECT_EQ(got.appeal().card().essence(), "Я, Шевченко Олена, прошу дати опалення в будинку.");
  EXPECT_EQ(got.appeal().card().topic_code(), "109");
  EXPECT_TRUE(got.applicant_requests().do_not_disclose_name());
  EXPECT_TRUE(got.applicant_requests().do_not_disclose_residence());
  EXPECT_FALSE(got.applicant_requests().do_not_disclose_workplace());
  EXPECT_TRUE(got.applicant_requests().keep_consideration_secret());
  ASSERT_EQ(got.linked_appeals_size(), 1);
  EXPECT_EQ(got.linked_appeals(0).appeal_id(), first.appeal().id());
  EXPECT_EQ(got.linked_appeals(0).registration_number(), first.appeal().registration_number());
  // By its number too.
  get.set_registration_number(second.appeal().registration_number());
  ASSERT_OK(Get(get, &got, kExecutor));
  EXPECT_EQ(got.appeal().id(), second.appeal().id());
  // Another operator still gets the Art. 10 redaction, and the requests.
  ASSERT_OK(Get(get, &got, kOtherOperator));
  EXPECT_EQ(got.appeal().card().applicant().person().surname(), "");
  EXPECT_TRUE(got.applicant_requests().do_not_disclose_name());
}

TEST_F(IntakeTest, AnotherBodysExecutorGetsExactlyTheNotFoundOfAMadeUpAppeal) {
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(ValidRequest(), &resp));
  ASSERT_OK(HandTo(resp.appeal().id(), "lg-oda-housing"));
  const std::string made_up = "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01";
  v1::GetAppealRequest theirs, none;
  theirs.set_appeal_id(resp.appeal().id());
  none.set_appeal_id(made_up);
  v1::GetAppealResponse got;
  const grpc::Status refused = Get(theirs, &got, kOtherExecutor);
  const grpc::Status missing = Get(none, &got, kOtherExecutor);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(refused.error_message(), absl::StrCat("no appeal ", resp.appeal().id()));
  EXPECT_EQ(missing.error_message(), absl::StrCat("no appeal ", made_up));
  EXPECT_EQ(refused.error_details(), missing.error_details());
  // The same by registration number.
  theirs.set_registration_number(resp.appeal().registration_number());
  none.set_registration_number("ЛОКЦ-2026-999999");
  const grpc::Status refused_number = Get(theirs, &got, kOtherExecutor);
  const grpc::Status missing_number = Get(none, &got, kOtherExecutor);
  EXPECT_EQ(refused_number.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(refused_number.error_message(),
            absl::StrCat("no appeal ", resp.appeal().registration_number()));
  EXPECT_EQ(missing_number.error_message(), "no appeal ЛОКЦ-2026-999999");
  EXPECT_EQ(refused_number.error_details(), missing_number.error_details());
}

TEST_F(IntakeTest, AReroutedAppealIsReadByTheNewBodyAndTheOldOneButNeverByAThird) {
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(ValidRequest(), &resp));
  ASSERT_OK(HandTo(resp.appeal().id(), "lg-oda-housing"));
  clock_.Advance(absl::Hours(3));
  ASSERT_OK(HandTo(resp.appeal().id(), "lg-sev-rva", "lg-oda-housing"));
  v1::GetAppealRequest get;
  get.set_appeal_id(resp.appeal().id());
  v1::GetAppealResponse got;
  EXPECT_OK(Get(get, &got, kOtherExecutor));  // lg-sev-rva holds it
  EXPECT_OK(Get(get, &got, kExecutor));       // lg-oda-housing held it
  EXPECT_THAT(Get(get, &got, kThirdExecutor), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(IntakeTest, EveryExecutorReadIsAuditedWithItsBodyAndSoIsARefusal) {
  v1::RegisterAppealResponse resp;
  ASSERT_OK(Register(ValidRequest(), &resp));
  ASSERT_OK(HandTo(resp.appeal().id(), "lg-oda-housing"));
  v1::GetAppealRequest get;
  get.set_appeal_id(resp.appeal().id());
  v1::GetAppealResponse got;
  clock_.Advance(absl::Minutes(5));
  ASSERT_OK(Get(get, &got, kExecutor));
  const absl::Time read_at = clock_.Now();
  clock_.Advance(absl::Minutes(1));
  EXPECT_THAT(Get(get, &got, kOtherExecutor), StatusIs(absl::StatusCode::kNotFound));
  // A made-up appeal has nothing to protect: not audited.
  get.set_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  EXPECT_THAT(Get(get, &got, kOtherExecutor), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_EQ(Count("personal_data_reads"), 2);
  pqxx::result rows = *pool_->Read([&](db::Tx& tx) -> absl::StatusOr<pqxx::result> {
    return tx.ExecRaw(
        "SELECT appeal_id::text, reader, reader_role, executor_id, read_at, fields, refused "
        "FROM personal_data_reads ORDER BY id");
  });
  EXPECT_EQ(std::string(rows[0][0].c_str()), resp.appeal().id());
  EXPECT_EQ(std::string(rows[0][1].c_str()), "ex-1");
  EXPECT_EQ(std::string(rows[0][2].c_str()), "executor");
  EXPECT_EQ(std::string(rows[0][3].c_str()), "lg-oda-housing");
  EXPECT_EQ(db::TimeFromField(rows[0][4]), read_at);
  EXPECT_THAT(db::TextArrayFromField(rows[0][5]),
              ElementsAre("applicant.person.surname", "applicant.person.name",
                          "applicant.person.patronymic", "applicant.person.residence_address",
                          "applicant.person.phone", "applicant.person.author_categories",
                          "essence"));
  EXPECT_FALSE(rows[0][6].as<bool>());
  EXPECT_EQ(std::string(rows[1][1].c_str()), "ex-2");
  EXPECT_EQ(std::string(rows[1][3].c_str()), "lg-sev-rva");
  EXPECT_EQ(db::TimeFromField(rows[1][4]), clock_.Now());
  EXPECT_THAT(db::TextArrayFromField(rows[1][5]), ::testing::IsEmpty());
  EXPECT_TRUE(rows[1][6].as<bool>());
}

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

v1::Article MakeArticle(const std::string& title, const std::string& body,
                        const std::string& topic) {
  v1::Article a;
  a.set_title(title);
  a.set_body(body);
  a.add_topic_codes(topic);
  *a.mutable_valid_from() = Day(2026, 1, 1);
  return a;
}

class KnowledgeTest : public IntakeTest {
 protected:
  grpc::Status Create(const v1::Article& a, v1::Article* out,
                      const std::string& token = kSupervisor) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    v1::CreateArticleRequest req;
    *req.mutable_article() = a;
    v1::CreateArticleResponse resp;
    grpc::Status s = stub_->CreateArticle(&ctx, req, &resp);
    *out = resp.article();
    return s;
  }
  grpc::Status Search(const v1::SearchArticlesRequest& req, v1::SearchArticlesResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, kOperator);
    return stub_->SearchArticles(&ctx, req, resp);
  }
  std::vector<std::string> Titles(const std::string& query, const std::string& topic = "") {
    v1::SearchArticlesRequest req;
    req.set_query(query);
    req.set_topic_code(topic);
    v1::SearchArticlesResponse resp;
    EXPECT_OK(Search(req, &resp));
    std::vector<std::string> out;
    for (const auto& h : resp.hits()) out.push_back(h.article().title());
    return out;
  }
};

TEST_F(KnowledgeTest, SearchFindsInflectedUkrainianWordsRankedByRelevance) {
  v1::Article a, b, c;
  ASSERT_OK(Create(MakeArticle("Житлова субсидія на опалення",
                               "Як оформити субсидію: заява до управління соцзахисту.", "106"),
                   &a));
  ASSERT_OK(Create(MakeArticle("Графік вивезення сміття",
                               "Вивезення сміття; про субсидії див. окрему статтю.", "109"),
                   &b));
  ASSERT_OK(Create(MakeArticle("Ремонт доріг", "Дорожні роботи у 2026 році.", "105"), &c));
  EXPECT_EQ(a.updated_by(), "sup-1");
  // "субсидії" finds "субсидія" and "субсидію"; the title match ranks first.
  EXPECT_THAT(Titles("Субсидії"), ::testing::ElementsAre("Житлова субсидія на опалення",
                                                         "Графік вивезення сміття"));
  EXPECT_THAT(Titles("субсидії", "109"), ::testing::ElementsAre("Графік вивезення сміття"));
  EXPECT_THAT(Titles("космос"), ::testing::IsEmpty());
}

TEST_F(KnowledgeTest, OnlyArticlesValidOnTheDateAreFound) {
  v1::Article old = MakeArticle("Тарифи на газ 2025", "Старі тарифи на газ.", "109");
  *old.mutable_valid_from() = Day(2025, 1, 1);
  *old.mutable_valid_to() = Day(2025, 12, 31);
  v1::Article created;
  ASSERT_OK(Create(old, &created));
  ASSERT_OK(Create(MakeArticle("Тарифи на газ 2026", "Нові тарифи на газ.", "109"), &created));
  EXPECT_THAT(Titles("тарифи газ"), ::testing::ElementsAre("Тарифи на газ 2026"));
  v1::SearchArticlesRequest req;
  req.set_query("тарифи газ");
  *req.mutable_valid_on() = Day(2025, 6, 1);
  v1::SearchArticlesResponse resp;
  ASSERT_OK(Search(req, &resp));
  ASSERT_EQ(resp.hits_size(), 1);
  EXPECT_EQ(resp.hits(0).article().title(), "Тарифи на газ 2025");
}

TEST_F(KnowledgeTest, SupervisorsMaintainArticlesAndOperatorsCannot) {
  v1::Article a;
  EXPECT_THAT(Create(MakeArticle("Т", "Б", "106"), &a, kOperator),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_OK(Create(MakeArticle("Пенсії", "Перерахунок пенсій.", "106"), &a));
  a.set_title("Пенсії та субсидії");
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kSupervisor);
  v1::UpdateArticleRequest up;
  *up.mutable_article() = a;
  v1::UpdateArticleResponse updated;
  ASSERT_OK(stub_->UpdateArticle(&ctx, up, &updated));
  EXPECT_EQ(updated.article().title(), "Пенсії та субсидії");
  EXPECT_THAT(Titles("субсидії"), ::testing::ElementsAre("Пенсії та субсидії"));
  grpc::ClientContext missing_ctx;
  auth::AttachToken(missing_ctx, kSupervisor);
  up.mutable_article()->set_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  EXPECT_THAT(stub_->UpdateArticle(&missing_ctx, up, &updated),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(KnowledgeTest, BadArticlesAndSearchesNameEveryFieldAndWriteNothing) {
  v1::Article bad = MakeArticle("", "", "999");
  v1::Article out;
  grpc::Status s = Create(bad, &out);
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("article.title", "article.body",
                                                "article.topic_codes[0]"));
  EXPECT_EQ(Count("articles"), 0);
  v1::SearchArticlesRequest req;
  req.set_query("?!");
  req.set_topic_code("999");
  *req.mutable_valid_on() = Day(2026, 2, 30);
  req.set_page_size(-1);
  v1::SearchArticlesResponse resp;
  EXPECT_THAT(FieldsOf(Search(req, &resp)),
              UnorderedElementsAre("query", "topic_code", "valid_on", "page_size"));
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kSupervisor);
  v1::UpdateArticleRequest up;
  *up.mutable_article() = MakeArticle("Назва", "Текст", "106");
  up.mutable_article()->set_id("not-a-uuid");
  up.mutable_article()->add_tags(std::string(kMaxTagChars + 1, 't'));
  v1::UpdateArticleResponse updated;
  EXPECT_THAT(FieldsOf(stub_->UpdateArticle(&ctx, up, &updated)),
              UnorderedElementsAre("article.id", "article.tags[0]"));
}

TEST_F(KnowledgeTest, ArticleTextRefusesControlCharactersButTheBodyKeepsLines) {
  using namespace std::string_literals;
  v1::Article out;
  grpc::Status s = Create(MakeArticle("Назва\nдруга", "Текст\0хвіст"s, "106"), &out);
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("article.title", "article.body"));
  EXPECT_EQ(Count("articles"), 0);
  ASSERT_TRUE(Create(MakeArticle("Назва", "Рядок 1\n\tрядок 2", "106"), &out).ok());
  EXPECT_EQ(out.body(), "Рядок 1\n\tрядок 2");
}

TEST_F(KnowledgeTest, ConsultationsAreRecordedCountedAndNeverRouted) {
  v1::Article a;
  ASSERT_OK(Create(MakeArticle("Субсидії", "Про субсидії.", "106"), &a));
  auto record = [&](const v1::Consultation& c, v1::RecordConsultationResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, kOperator);
    v1::RecordConsultationRequest req;
    *req.mutable_consultation() = c;
    return stub_->RecordConsultation(&ctx, req, resp);
  };
  v1::Consultation c;
  c.set_topic_code("106");
  c.add_article_ids(a.id());
  c.set_note("Пояснено порядок оформлення.");
  v1::RecordConsultationResponse resp;
  ASSERT_OK(record(c, &resp));
  EXPECT_EQ(resp.consultation().consulted_by(), "op-1");
  c.clear_article_ids();
  c.set_topic_code("109");
  ASSERT_OK(record(c, &resp));
  ASSERT_OK(record(c, &resp));
  // An article that does not exist is named; nothing is written.
  c.add_article_ids("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  EXPECT_THAT(FieldsOf(record(c, &resp)), UnorderedElementsAre("consultation.article_ids[0]"));
  EXPECT_EQ(Count("consultations"), 3);
  EXPECT_EQ(Count("event_log"), 0);  // nothing for routing
  EXPECT_EQ(Count("appeals"), 0);

  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kOperator);
  v1::CountConsultationsRequest count;
  *count.mutable_from() = ToTimestamp(clock_.Now() - absl::Hours(1));
  *count.mutable_to() = ToTimestamp(clock_.Now() + absl::Hours(1));
  v1::CountConsultationsResponse counted;
  ASSERT_OK(stub_->CountConsultations(&ctx, count, &counted));
  EXPECT_EQ(counted.total(), 3);
  ASSERT_EQ(counted.by_topic_size(), 2);
  EXPECT_EQ(counted.by_topic(0).topic_code(), "106");
  EXPECT_EQ(counted.by_topic(0).count(), 1);
  EXPECT_EQ(counted.by_topic(1).count(), 2);
  grpc::ClientContext bad_ctx;
  auth::AttachToken(bad_ctx, kOperator);
  EXPECT_THAT(FieldsOf(stub_->CountConsultations(&bad_ctx, v1::CountConsultationsRequest(),
                                                 &counted)),
              UnorderedElementsAre("from", "to"));
}

TEST_F(IntakeTest, AnalyticsReadsEssencesEachAuditedWithItsPurpose) {
  v1::RegisterAppealResponse first, second;
  ASSERT_OK(Register(ValidRequest(), &first));
  ASSERT_OK(Register(ValidRequest(), &second));
  const std::string missing = "00000000-0000-4000-8000-000000000001";
  v1::ReadEssencesForAnalysisRequest req;
  req.add_appeal_ids(first.appeal().id());
  req.add_appeal_ids(second.appeal().id());
  req.add_appeal_ids(missing);
  req.set_purpose("content analysis");
  const auto read = [&](const std::string& token, v1::ReadEssencesForAnalysisResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return stub_->ReadEssencesForAnalysis(&ctx, req, resp);
  };
  v1::ReadEssencesForAnalysisResponse resp;
  EXPECT_THAT(read(kOperator, &resp), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(read(kSupervisor, &resp), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(Count("personal_data_reads"), 0);

  clock_.Advance(absl::Minutes(1));
  ASSERT_OK(read(kAnalytics, &resp));
  std::set<std::string> ids;
  for (const v1::AppealEssence& e : resp.essences()) {
    ids.insert(e.appeal_id());
    EXPECT_EQ(e.essence(), ValidRequest().card().essence());
  }
  EXPECT_THAT(ids, UnorderedElementsAre(first.appeal().id(), second.appeal().id()));
  // One audit row per essence given; the missing id is not audited.
  pqxx::result rows = *pool_->Read([&](db::Tx& tx) -> absl::StatusOr<pqxx::result> {
    return tx.ExecRaw(
        "SELECT appeal_id::text, reader, reader_role, read_at, fields, purpose, refused "
        "FROM personal_data_reads ORDER BY appeal_id");
  });
  ASSERT_EQ(rows.size(), 2u);
  for (const pqxx::row& row : rows) {
    EXPECT_NE(std::string(row[0].c_str()), missing);
    EXPECT_EQ(std::string(row[1].c_str()), "analytics");
    EXPECT_EQ(std::string(row[2].c_str()), "service");
    EXPECT_EQ(db::TimeFromField(row[3]), clock_.Now());
    EXPECT_THAT(db::TextArrayFromField(row[4]), ElementsAre("essence"));
    EXPECT_EQ(std::string(row[5].c_str()), "content analysis");
    EXPECT_FALSE(row[6].as<bool>());
  }
}

TEST_F(IntakeTest, ReadEssencesNamesEveryBadField) {
  v1::ReadEssencesForAnalysisRequest req;
  req.add_appeal_ids("not-a-uuid");
  req.add_appeal_ids("00000000-0000-4000-8000-000000000001");
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, kAnalytics);
  v1::ReadEssencesForAnalysisResponse resp;
  grpc::Status s = stub_->ReadEssencesForAnalysis(&ctx, req, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("appeal_ids[0]", "purpose"));
  v1::ReadEssencesForAnalysisRequest none;
  none.set_purpose("content analysis");
  grpc::ClientContext ctx2;
  auth::AttachToken(ctx2, kAnalytics);
  EXPECT_THAT(FieldsOf(stub_->ReadEssencesForAnalysis(&ctx2, none, &resp)),
              ElementsAre("appeal_ids"));
  for (int i = 0; i < 101; ++i) none.add_appeal_ids("00000000-0000-4000-8000-000000000001");
  grpc::ClientContext ctx3;
  auth::AttachToken(ctx3, kAnalytics);
  EXPECT_THAT(FieldsOf(stub_->ReadEssencesForAnalysis(&ctx3, none, &resp)),
              ElementsAre("appeal_ids"));
}

}  // namespace
}  // namespace contactcenter::intake
