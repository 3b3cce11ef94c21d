// intake over gRPC in process, on a real PostgreSQL.
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "appeal_store.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "intake_service.h"
#include "sample_appeal.h"
#include "schema.h"

namespace contactcenter::intake {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::InProcessServer;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

constexpr char kOperator[] = "operator-token-000001";
constexpr char kOtherOperator[] = "operator-token-000002";
constexpr char kExecutor[] = "executor-token-000001";

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
    db_->Exec("TRUNCATE appeals, registration_counters, idempotency_keys, event_log CASCADE");
    pool_ = db_->MakePool();
    classifier_ = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    auth_ = std::make_unique<auth::Authenticator>(*auth::TokenStore::Parse(absl::StrCat(
        kOperator, " operator op-1\n", kOtherOperator, " operator op-2\n", kExecutor,
        " executor ex-1 lg-oda-housing\n")));
    events_ = std::make_unique<eventlog::Producer>("intake", pool_.get(), nullptr);
    store_ = std::make_unique<AppealStore>(pool_.get(), events_.get(), "ЛОКЦ");
    service_ = std::make_unique<IntakeServiceImpl>(store_.get(), &classifier_, auth_.get(), &clock_);
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

  int64_t Count(const std::string& table) {
    return *pool_->Read([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
      return tx.ExecRaw("SELECT count(*) FROM " + table)[0][0].as<int64_t>();
    });
  }

  static TestDatabase* db_;
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 28, 12, 0, 0), KyivTimeZone())};
  std::unique_ptr<db::Pool> pool_;
  refdata::Classifier classifier_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<eventlog::Producer> events_;
  std::unique_ptr<AppealStore> store_;
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
  EXPECT_THAT(bytes, Not(HasSubstr("опалення")));
}

TEST_F(IntakeTest, BadInputNamesEveryFieldAndWritesNothing) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->mutable_applicant()->mutable_person()->clear_surname();
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
  EXPECT_THAT(Get(req, &got, kExecutor), StatusIs(absl::StatusCode::kPermissionDenied));
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

}  // namespace
}  // namespace contactcenter::intake
