// Shared by tracking's database tests: the case machinery (store, terms,
// manager, queries, opener) on a fresh database, and routed-appeal events to
// feed it.
#pragma once

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "case_manager.h"
#include "case_opener.h"
#include "case_queries.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/testing/test_database.h"
#include "gtest/gtest.h"
#include "schema.h"

namespace contactcenter::tracking {

inline std::string AppealId(int n) {
  return absl::StrFormat("00000000-0000-4000-8000-%012d", n);
}

// Routing's AppealRouted for appeal `n` (topic 109 in LG-SEV), as an event.
inline eventlog::v1::Event RoutedEvent(int n, const std::string& executor, bool short_term,
                                       absl::Time received) {
  routing::v1::AppealRouted r;
  r.set_appeal_id(AppealId(n));
  r.set_registration_number(absl::StrCat("ЛОКЦ-2026-", n));
  r.set_executor_id(executor);
  r.set_topic_code("109");
  r.set_territory_code("LG-SEV");
  r.set_needs_no_extra_study(short_term);
  *r.mutable_received_at() = ToTimestamp(received);
  eventlog::v1::Event e;
  e.set_position(n);
  e.mutable_payload()->PackFrom(r);
  return e;
}

class CaseDbTest : public ::testing::Test {
 protected:
  explicit CaseDbTest(absl::Time now) : clock_(now) {}

  static void SetUpTestSuite() {
    db_ = testing::TestDatabase::CreateOrDie(
              "tracking", {&db::EventLogMigrations(), &db::TrackingMigrations()})
              .release();
  }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    db_->Exec("TRUNCATE cases, case_history, case_callbacks, event_log CASCADE");
    pool_ = db_->MakePool();
    events_ = std::make_unique<eventlog::Producer>("tracking", pool_.get(), nullptr);
    store_ = std::make_unique<CaseStore>();
    rules_ = std::make_unique<TermRules>(&calendar_, TermPolicy{}, &KyivTimeZone());
    manager_ = std::make_unique<CaseManager>(pool_.get(), store_.get(), events_.get(), &clock_,
                                             rules_.get());
    queries_ = std::make_unique<CaseQueries>(pool_.get(), store_.get(), &clock_);
    categories_ = *refdata::AuthorCategories::LoadDir(CC_REFERENCE_DIR);
    opener_ = std::make_unique<CaseOpener>(store_.get(), manager_.get(), events_.get(), &clock_,
                                           rules_.get(), &categories_);
    opener_->FollowRouting(routing_events_);
  }

  // One of routing's events, dispatched as main.cc has the consumer do it.
  absl::Status ApplyRoutingEvent(db::Tx& tx, const eventlog::v1::Event& e) {
    return routing_events_.Dispatch(tx, e);
  }

  inline static testing::TestDatabase* db_ = nullptr;
  FakeClock clock_;
  refdata::WorkCalendar calendar_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<eventlog::Producer> events_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<TermRules> rules_;
  std::unique_ptr<CaseManager> manager_;
  std::unique_ptr<CaseQueries> queries_;
  std::unique_ptr<CaseOpener> opener_;
  refdata::AuthorCategories categories_;
  eventlog::Dispatcher routing_events_;
};

// Anyone who may see every case.
inline const Actor kAnyone{"test", ""};

}  // namespace contactcenter::tracking
