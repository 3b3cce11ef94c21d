// The deadline monitor on a real PostgreSQL with a fake clock.
#include "deadline_monitor.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "case_db_test.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "schema.h"

namespace contactcenter::tracking {
namespace {

using ::testing::HasSubstr;

// Received 2 November 2026 (a Monday), noon in Kyiv.
absl::Time Received() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 2, 12, 0, 0), KyivTimeZone());
}

eventlog::v1::Event Routed(int n, bool short_term) {
  return RoutedEvent(n, "lg-oda-housing", short_term, Received());
}

class DeadlineMonitorTest : public CaseDbTest {
 protected:
  DeadlineMonitorTest() : CaseDbTest(Received()) {}

  void SetUp() override {
    CaseDbTest::SetUp();
    monitor_ = std::make_unique<DeadlineMonitor>(pool_.get(), store_.get(), events_.get(),
                                                 &clock_, &registry_);
  }

  void Open(int n, bool short_term) {
    ASSERT_OK(
        pool_->Write([&](db::Tx& tx) { return ApplyRoutingEvent(tx, Routed(n, short_term)); }));
  }

  MonitorCounts Run() {
    absl::StatusOr<MonitorCounts> c = monitor_->RunOnce();
    EXPECT_OK(c.status());
    return c.ok() ? *c : MonitorCounts{};
  }

  int CountEvents(const std::string& type) {
    // The sequencer numbers a batch at a time.
    for (absl::StatusOr<int> k = events_->SequencePending(); k.ok() && *k > 0;
         k = events_->SequencePending()) {
    }
    int n = 0;
    int64_t after = 0;
    while (true) {
      absl::StatusOr<std::vector<eventlog::v1::Event>> page = events_->Read(after, 1000);
      EXPECT_OK(page.status());
      if (!page.ok() || page->empty()) return n;
      for (const auto& e : *page) {
        if (absl::EndsWith(e.payload().type_url(), absl::StrCat(".", type))) ++n;
        after = e.position();
      }
    }
  }

  std::string Metrics() {
    return prometheus::TextSerializer().Serialize(registry_.Collect());
  }

  prometheus::Registry registry_;
  std::unique_ptr<DeadlineMonitor> monitor_;
};

TEST_F(DeadlineMonitorTest, NoticesDueSoonAndOverdueAtTheRightMomentExactlyOnce) {
  Open(1, true);  // 15 days: last day Tue 17 Nov, due at midnight after it
  const v1::Case c = *queries_->GetByAppeal(kAnyone, AppealId(1));
  const absl::Time warn = FromTimestamp(c.warn_at());
  const absl::Time due = FromTimestamp(c.due_at());
  EXPECT_EQ(due, absl::FromCivil(absl::CivilSecond(2026, 11, 18, 0, 0, 0), KyivTimeZone()));

  clock_.Set(warn - absl::Seconds(1));
  MonitorCounts r = Run();
  EXPECT_EQ(r.due_soon, 0);
  EXPECT_EQ(r.overdue, 0);

  clock_.Set(warn);
  r = Run();
  EXPECT_EQ(r.due_soon, 1);
  EXPECT_EQ(r.overdue, 0);
  EXPECT_EQ(Run().due_soon, 0);  // once
  EXPECT_THAT(Metrics(), HasSubstr("tracking_due_soon_cases 1"));

  clock_.Set(due - absl::Seconds(1));
  EXPECT_EQ(Run().overdue, 0);
  clock_.Set(due);
  r = Run();
  EXPECT_EQ(r.overdue, 1);
  EXPECT_EQ(r.due_soon, 0);
  clock_.Advance(absl::Hours(240));
  EXPECT_EQ(Run().overdue, 0);  // once
  EXPECT_EQ(CountEvents("CaseDueSoon"), 1);
  EXPECT_EQ(CountEvents("CaseOverdue"), 1);
  const std::string m = Metrics();
  EXPECT_THAT(m, HasSubstr("tracking_overdue_cases 1"));
  EXPECT_THAT(m, HasSubstr("tracking_open_cases{status=\"forwarded\"} 1"));
  EXPECT_THAT(m, HasSubstr("tracking_deadline_notices_total{kind=\"overdue\"} 1"));
}

TEST_F(DeadlineMonitorTest, AMonitorThatWasDownNoticesBothOnce) {
  Open(1, true);
  Open(2, false);
  clock_.Advance(absl::Hours(24 * 60));
  MonitorCounts r = Run();
  EXPECT_EQ(r.due_soon, 2);
  EXPECT_EQ(r.overdue, 2);
  r = Run();
  EXPECT_EQ(r.due_soon + r.overdue, 0);
}

TEST_F(DeadlineMonitorTest, AnsweredCasesAreNotOverdue) {
  Open(1, true);
  const std::string id = queries_->GetByAppeal(kAnyone, AppealId(1))->id();
  ASSERT_OK(manager_->Accept(Actor{"x", ""}, id).status());
  v1::CaseAnswer a;
  a.set_result(v1::CASE_RESULT_EXPLAINED);
  ASSERT_OK(manager_->Answer(Actor{"x", ""}, id, a).status());
  clock_.Advance(absl::Hours(24 * 60));
  MonitorCounts r = Run();
  EXPECT_EQ(r.due_soon + r.overdue, 0);
  EXPECT_THAT(Metrics(), HasSubstr("tracking_overdue_cases 0"));
}

TEST_F(DeadlineMonitorTest, ANewTermIsWatchedAgain) {
  Open(1, true);
  const std::string id = queries_->GetByAppeal(kAnyone, AppealId(1))->id();
  ASSERT_OK(manager_->Accept(Actor{"x", ""}, id).status());
  clock_.Set(FromTimestamp(queries_->GetByAppeal(kAnyone, AppealId(1))->warn_at()));
  EXPECT_EQ(Run().due_soon, 1);
  // The head extends to 16 December (receipt + 44 days).
  ASSERT_OK(manager_->Extend(Actor{"x", ""}, id, absl::CivilDay(2026, 12, 16),
                             v1::EXTENSION_REASON_INSPECTION_ON_SITE, "survey", "head")
                .status());
  EXPECT_EQ(Run().due_soon, 0);  // the new term's warning is later
  const v1::Case c = *queries_->GetByAppeal(kAnyone, AppealId(1));
  clock_.Set(FromTimestamp(c.warn_at()));
  EXPECT_EQ(Run().due_soon, 1);
  clock_.Set(FromTimestamp(c.due_at()));
  EXPECT_EQ(Run().overdue, 1);
  EXPECT_EQ(CountEvents("CaseDueSoon"), 2);
  EXPECT_EQ(CountEvents("CaseOverdue"), 1);
}

TEST_F(DeadlineMonitorTest, ManyCasesAreNoticedInBatchesEachOnce) {
  constexpr int kCases = 1000;  // five batches
  ASSERT_OK(pool_->Write([&](db::Tx& tx) -> absl::Status {
    for (int n = 1; n <= kCases; ++n) {
      absl::Status s = ApplyRoutingEvent(tx, Routed(n, n % 2 == 0));
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }));
  clock_.Advance(absl::Hours(24 * 60));
  const absl::Time started = absl::Now();
  MonitorCounts r = Run();
  std::printf("monitor pass noticing %d cases due soon and overdue: %s\n", kCases,
              absl::FormatDuration(absl::Now() - started).c_str());
  EXPECT_EQ(r.due_soon, kCases);
  EXPECT_EQ(r.overdue, kCases);
  r = Run();
  EXPECT_EQ(r.due_soon + r.overdue, 0);
  EXPECT_EQ(CountEvents("CaseOverdue"), kCases);
  EXPECT_THAT(Metrics(), HasSubstr(absl::StrCat("tracking_overdue_cases ", kCases)));
}

}  // namespace
}  // namespace contactcenter::tracking
