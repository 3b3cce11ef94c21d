// The holder projection on a real PostgreSQL: routing's events, dispatched as
// intake's consumer dispatches them, decide which bodies held an appeal.
#include "appeal_holders.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/values.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema.h"

namespace contactcenter::intake {
namespace {

using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

constexpr char kAppeal[] = "0b7f2a4e-3c1d-4e5f-8a9b-0c1d2e3f4a5b";
constexpr char kOther[] = "1c8f3b5f-4d2e-4f60-9bac-1d2e3f4a5b6c";
const absl::Time kT0 = absl::FromUnixSeconds(1764331200);

MATCHER_P3(HoldingIs, executor, from, until, "") {
  return arg.executor_id == executor && arg.from == from && arg.until == until;
}

class AppealHoldersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("intake_holders",
                                    {&db::EventLogMigrations(), &db::IntakeMigrations()})
              .release();
  }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    db_->Exec("TRUNCATE appeal_holders");
    pool_ = db_->MakePool();
    holders_ = std::make_unique<AppealHolders>(pool_.get(), &store_);
    holders_->FollowRouting(dispatcher_);
  }

  // Routing's event as the consumer receives it.
  template <typename Message>
  absl::Status Deliver(const Message& payload, const std::string& event_id) {
    eventlog::v1::Event e;
    e.set_position(++position_);
    e.set_event_id(event_id);
    e.set_producer("routing");
    e.set_aggregate_id(kAppeal);
    *e.mutable_occurred_at() = ToTimestamp(kT0);
    e.mutable_payload()->PackFrom(payload);
    return pool_->Write([&](db::Tx& tx) { return dispatcher_.Dispatch(tx, e); });
  }

  static routing::v1::AppealRouted Routed(const std::string& appeal, const std::string& to,
                                          absl::Time at) {
    routing::v1::AppealRouted e;
    e.set_appeal_id(appeal);
    e.set_executor_id(to);
    *e.mutable_decided_at() = ToTimestamp(at);
    return e;
  }
  static routing::v1::AppealRerouted Rerouted(const std::string& from, const std::string& to,
                                              absl::Time at) {
    routing::v1::AppealRerouted e;
    e.set_appeal_id(kAppeal);
    e.set_from_executor_id(from);
    e.set_to_executor_id(to);
    *e.mutable_decided_at() = ToTimestamp(at);
    return e;
  }
  static routing::v1::AppealNeedsManualRouting Queued(absl::Time at) {
    routing::v1::AppealNeedsManualRouting e;
    e.set_appeal_id(kAppeal);
    *e.mutable_decided_at() = ToTimestamp(at);
    return e;
  }

  static TestDatabase* db_;
  std::unique_ptr<db::Pool> pool_;
  HolderStore store_;
  std::unique_ptr<AppealHolders> holders_;
  eventlog::Dispatcher dispatcher_;
  int64_t position_ = 0;
};
TestDatabase* AppealHoldersTest::db_ = nullptr;

TEST_F(AppealHoldersTest, ARoutedAppealIsHeldByItsExecutorFromTheDecision) {
  ASSERT_OK(Deliver(Routed(kAppeal, "lg-sev-rva", kT0), "e-1"));
  EXPECT_THAT(holders_->CurrentHolder(kAppeal), IsOkAndHolds(Optional(std::string("lg-sev-rva"))));
  EXPECT_THAT(holders_->HoldersOf(kAppeal),
              IsOkAndHolds(ElementsAre(HoldingIs("lg-sev-rva", kT0, std::nullopt))));
  // Another appeal is held by nobody.
  EXPECT_THAT(holders_->CurrentHolder(kOther), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(holders_->HoldersOf(kOther), IsOkAndHolds(IsEmpty()));
}

TEST_F(AppealHoldersTest, AReroutedAppealIsHeldByTheNewBodyAndTheOldOneHeldItUntilThen) {
  const absl::Time t1 = kT0 + absl::Hours(26);
  ASSERT_OK(Deliver(Routed(kAppeal, "lg-sev-rva", kT0), "e-1"));
  ASSERT_OK(Deliver(Rerouted("lg-sev-rva", "lg-oda-housing", t1), "e-2"));
  EXPECT_THAT(holders_->CurrentHolder(kAppeal),
              IsOkAndHolds(Optional(std::string("lg-oda-housing"))));
  EXPECT_THAT(holders_->HoldersOf(kAppeal),
              IsOkAndHolds(ElementsAre(HoldingIs("lg-sev-rva", kT0, std::optional<absl::Time>(t1)),
                                       HoldingIs("lg-oda-housing", t1, std::nullopt))));
}

TEST_F(AppealHoldersTest, ADeclinedAppealInTheManualQueueIsHeldByNobodyUntilASupervisorAssignsIt) {
  const absl::Time t1 = kT0 + absl::Hours(2), t2 = kT0 + absl::Hours(30);
  ASSERT_OK(Deliver(Routed(kAppeal, "lg-sev-rva", kT0), "e-1"));
  ASSERT_OK(Deliver(Queued(t1), "e-2"));
  EXPECT_THAT(holders_->CurrentHolder(kAppeal), IsOkAndHolds(std::nullopt));
  // A supervisor assigns it: routing logs the hand-over from the body that declined it.
  ASSERT_OK(Deliver(Rerouted("lg-sev-rva", "lg-oda-social", t2), "e-3"));
  EXPECT_THAT(holders_->CurrentHolder(kAppeal),
              IsOkAndHolds(Optional(std::string("lg-oda-social"))));
  EXPECT_THAT(holders_->HoldersOf(kAppeal),
              IsOkAndHolds(ElementsAre(HoldingIs("lg-sev-rva", kT0, std::optional<absl::Time>(t1)),
                                       HoldingIs("lg-oda-social", t2, std::nullopt))));
}

TEST_F(AppealHoldersTest, AFirstDecisionToTheManualQueueThenAnAssignmentMakesOneHolder) {
  const absl::Time t1 = kT0 + absl::Hours(5);
  ASSERT_OK(Deliver(Queued(kT0), "e-1"));
  EXPECT_THAT(holders_->HoldersOf(kAppeal), IsOkAndHolds(IsEmpty()));
  ASSERT_OK(Deliver(Routed(kAppeal, "lg-oda-housing", t1), "e-2"));
  EXPECT_THAT(holders_->HoldersOf(kAppeal),
              IsOkAndHolds(ElementsAre(HoldingIs("lg-oda-housing", t1, std::nullopt))));
}

TEST_F(AppealHoldersTest, ReplayingRoutingsLogChangesNothing) {
  const absl::Time t1 = kT0 + absl::Hours(26), t2 = kT0 + absl::Hours(50);
  ASSERT_OK(Deliver(Routed(kAppeal, "lg-sev-rva", kT0), "e-1"));
  ASSERT_OK(Deliver(Queued(t1), "e-2"));
  ASSERT_OK(Deliver(Rerouted("lg-sev-rva", "lg-oda-social", t2), "e-3"));
  // The whole log again, as a consumer replaying from the start applies it.
  ASSERT_OK(Deliver(Routed(kAppeal, "lg-sev-rva", kT0), "e-1"));
  ASSERT_OK(Deliver(Queued(t1), "e-2"));
  ASSERT_OK(Deliver(Rerouted("lg-sev-rva", "lg-oda-social", t2), "e-3"));
  EXPECT_THAT(holders_->CurrentHolder(kAppeal),
              IsOkAndHolds(Optional(std::string("lg-oda-social"))));
  EXPECT_THAT(holders_->HoldersOf(kAppeal),
              IsOkAndHolds(ElementsAre(HoldingIs("lg-sev-rva", kT0, std::optional<absl::Time>(t1)),
                                       HoldingIs("lg-oda-social", t2, std::nullopt))));
}

TEST_F(AppealHoldersTest, AnEventWithoutAnAppealIdIsRefusedAndWritesNothing) {
  EXPECT_THAT(Deliver(Routed("", "lg-sev-rva", kT0), "e-1"),
              ::contactcenter::testing::StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(holders_->HoldersOf(kAppeal), IsOkAndHolds(IsEmpty()));
}

}  // namespace
}  // namespace contactcenter::intake
