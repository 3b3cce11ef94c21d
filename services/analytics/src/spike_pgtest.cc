// Spike detection on a real PostgreSQL: the daily job over the
// projection's topic day counts stores a signal for a planted outbreak,
// announces it and counts it, analyses a day once; the RPCs list and
// decide signals by role, refuse bad input naming every field, and keep
// who decided and why.
//
// The counts: a year of every top-level topic in every raion, 0 or 1 a day
// by a fixed hash (flat), and two planted outbreaks on the last three days
// (2026-11-28..30): +12 appeals on topic 109 in Sievierodonetsk raion and
// +12 on topic 101 in Dovzhansk raion.
#include "analytics_service.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema.h"
#include "signal_store.h"
#include "spike_detection.h"

namespace contactcenter::analytics {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

constexpr absl::CivilDay kDay(2026, 11, 30);

class SpikeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("analytics_spikes",
                                    {&db::EventLogMigrations(), &db::AnalyticsMigrations()})
              .release();
  }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    db_->Exec("TRUNCATE topic_day_counts, spike_signals, spike_signal_decisions, "
              "spike_detection_runs, event_log");
    // Flat: every top-level topic in every raion, 0 or 1 a day.
    db_->Exec(
        "INSERT INTO topic_day_counts (received_day, territory_code, code, n) "
        "SELECT d::date, t, c, 1 FROM generate_series('2025-12-01'::date, '2026-11-30', "
        "  '1 day') AS d, unnest(ARRAY['LG-SVA','LG-STA','LG-SEV','LG-SHC','LG-ALC','LG-LUH',"
        "  'LG-ROV','LG-DOV']) AS t, unnest(ARRAY['101','102','103','104','105','106','107',"
        "  '108','109','110','111','112','113']) AS c "
        "WHERE abs(hashtext(d::text || t || c)) % 4 = 0");
    // A sub-topic's rows are not the detection's (their heading counts them).
    db_->Exec("INSERT INTO topic_day_counts VALUES ('2026-11-30', 'LG-SVA', '109.001', 50)");
    for (const auto& [code, territory] :
         {std::pair{"109", "LG-SEV"}, std::pair{"101", "LG-DOV"}}) {
      for (const auto& [day, n] : {std::pair{"2026-11-28", 4}, std::pair{"2026-11-29", 4},
                                   std::pair{"2026-11-30", 4}}) {
        db_->Exec(absl::StrCat(
            "INSERT INTO topic_day_counts VALUES ('", day, "', '", territory, "', '", code, "', ",
            n, ") ON CONFLICT (received_day, territory_code, code) DO UPDATE "
            "SET n = topic_day_counts.n + EXCLUDED.n"));
      }
    }
    pool_ = db_->MakePool();
    absl::StatusOr<refdata::Classifier> c = refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    ASSERT_TRUE(c.ok()) << c.status();
    classifier_ = *std::move(c);
    absl::StatusOr<detect::Adjacency> a = detect::Adjacency::LoadDir(CC_REFERENCE_DIR);
    ASSERT_TRUE(a.ok()) << a.status();
    adjacency_ = *std::move(a);
    events_ = std::make_unique<eventlog::Producer>("analytics", pool_.get(), nullptr);
    spikes_ = std::make_unique<SpikeDetection>(pool_.get(), &store_, events_.get(), &classifier_,
                                               &adjacency_, &clock_, &registry_);
  }

  std::vector<eventlog::v1::Event> Events() {
    EXPECT_OK(events_->SequencePending().status());
    absl::StatusOr<std::vector<eventlog::v1::Event>> events = events_->Read(0, 100);
    EXPECT_OK(events.status());
    return events.value_or(std::vector<eventlog::v1::Event>{});
  }

  double Counted(const std::string& method) {
    for (const auto& family : registry_.Collect()) {
      if (family.name != "analytics_spike_signals_total") continue;
      for (const auto& m : family.metric) {
        if (m.label.at(0).value == method) return m.counter.value;
      }
    }
    return -1;
  }

  static TestDatabase* db_;
  std::unique_ptr<db::Pool> pool_;
  // 1 December 2026, 09:00 Kyiv: the job analyses 30 November.
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 12, 1, 7, 0, 0), absl::UTCTimeZone())};
  prometheus::Registry registry_;
  refdata::Classifier classifier_;
  detect::Adjacency adjacency_;
  SignalStore store_;
  std::unique_ptr<eventlog::Producer> events_;
  std::unique_ptr<SpikeDetection> spikes_;
};

TestDatabase* SpikeTest::db_ = nullptr;

std::vector<std::string> Territories(const v1::Signal& s) {
  return {s.territory_codes().begin(), s.territory_codes().end()};
}

TEST_F(SpikeTest, TheDailyJobStoresAnnouncesAndCountsASignalForAPlantedOutbreakOnce) {
  ASSERT_OK(spikes_->RunDaily());
  absl::StatusOr<std::vector<v1::Signal>> all = pool_->Read(
      [&](db::Tx& tx) { return store_.DetectedSince(tx, absl::CivilDay(2026, 1, 1)); });
  ASSERT_OK(all.status());
  std::vector<v1::Signal> scan;
  for (const v1::Signal& s : *all) {
    EXPECT_EQ(s.status(), v1::SIGNAL_STATUS_NEW);
    EXPECT_EQ(FromDate(s.detected_on()), kDay);
    EXPECT_THAT(s.topic_code(), ::testing::AnyOf("101", "109")) << s.DebugString();
    if (s.method() == v1::SIGNAL_METHOD_SPACE_TIME_SCAN) scan.push_back(s);
  }
  ASSERT_THAT(scan, SizeIs(2));
  std::sort(scan.begin(), scan.end(),
            [](const v1::Signal& a, const v1::Signal& b) { return a.topic_code() < b.topic_code(); });
  EXPECT_EQ(scan[0].topic_code(), "101");
  EXPECT_THAT(Territories(scan[0]), Contains("LG-DOV"));
  EXPECT_EQ(scan[1].topic_code(), "109");
  EXPECT_THAT(Territories(scan[1]), Contains("LG-SEV"));
  for (const v1::Signal& s : scan) {
    EXPECT_GE(s.recurrence_days(), 365);
    EXPECT_GE(s.observed(), 12);
    EXPECT_GT(s.observed(), s.expected());
    EXPECT_LE(FromDate(s.first_day()), absl::CivilDay(2026, 11, 28));
  }

  // One SignalRaised a signal, ids and codes only; one count a signal.
  std::vector<std::string> raised;
  for (const eventlog::v1::Event& e : Events()) {
    v1::SignalRaised r;
    ASSERT_TRUE(e.payload().UnpackTo(&r));
    EXPECT_EQ(e.aggregate_id(), r.signal_id());
    raised.push_back(r.signal_id());
  }
  EXPECT_THAT(raised, SizeIs(all->size()));
  double scan_count = Counted("space_time_scan");
  double cusum_count = Counted("nb_cusum");
  EXPECT_EQ(scan_count, 2);
  EXPECT_EQ(scan_count + cusum_count, static_cast<double>(all->size()));

  // The day is analysed once, whatever the job's schedule.
  absl::StatusOr<std::vector<v1::Signal>> again = spikes_->Analyse(kDay);
  ASSERT_OK(again.status());
  EXPECT_THAT(*again, IsEmpty());
  EXPECT_EQ(Counted("space_time_scan"), 2);

  // The next day the same spike is not signalled again.
  db_->Exec("INSERT INTO topic_day_counts VALUES ('2026-12-01', 'LG-SEV', '109', 3)");
  absl::StatusOr<std::vector<v1::Signal>> next = spikes_->Analyse(kDay + 1);
  ASSERT_OK(next.status());
  for (const v1::Signal& s : *next) {
    EXPECT_FALSE(s.topic_code() == "109" && s.method() == v1::SIGNAL_METHOD_SPACE_TIME_SCAN);
  }
}

TEST_F(SpikeTest, FlatCountsGiveNoSignal) {
  db_->Exec("DELETE FROM topic_day_counts WHERE received_day >= '2026-11-28' AND n > 1");
  absl::StatusOr<std::vector<v1::Signal>> found = spikes_->Analyse(kDay);
  ASSERT_OK(found.status());
  EXPECT_THAT(*found, IsEmpty());
}

TEST_F(SpikeTest, AnalystsAndSupervisorsDecideTheAdministrationSeesTheConfirmed) {
  ASSERT_OK(spikes_->Analyse(kDay).status());
  auth::TokenStore tokens = *auth::TokenStore::Parse(absl::StrCat(
      auth::TokenHash("analyst-token-00000001"), " analyst analyst-one\n",
      auth::TokenHash("supervisor-token-0001"), " supervisor s-1\n",
      auth::TokenHash("operator-token-0001"), " operator o-1\n",
      auth::TokenHash("system-token-00001"), " system oda-1\n"));
  auth::Authenticator auth(std::move(tokens));
  Reports reports(pool_.get(), nullptr, &classifier_, &clock_, nullptr);
  AnalyticsServiceImpl service(&reports, &auth, spikes_.get());
  contactcenter::testing::InProcessServer server(&service,
                                                v1::AnalyticsService::service_full_name());
  auto stub = v1::AnalyticsService::NewStub(server.channel());
  auto list = [&](const char* token, const v1::ListSignalsRequest& req, v1::ListSignalsResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return stub->ListSignals(&ctx, req, resp);
  };
  auto decide = [&](const char* token, const v1::DecideSignalRequest& req,
                    v1::DecideSignalResponse* resp) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    return stub->DecideSignal(&ctx, req, resp);
  };

  // Analysts see every signal, newest first, a page at a time.
  v1::ListSignalsRequest all;
  v1::ListSignalsResponse listed;
  ASSERT_TRUE(list("analyst-token-00000001", all, &listed).ok());
  ASSERT_GE(listed.signals_size(), 2);
  const int total = listed.signals_size();
  v1::ListSignalsRequest paged;
  paged.set_page_size(1);
  v1::ListSignalsResponse first, second;
  ASSERT_TRUE(list("supervisor-token-0001", paged, &first).ok());
  ASSERT_THAT(first.signals(), SizeIs(1));
  ASSERT_FALSE(first.next_page_token().empty());
  paged.set_page_token(first.next_page_token());
  ASSERT_TRUE(list("supervisor-token-0001", paged, &second).ok());
  ASSERT_THAT(second.signals(), SizeIs(1));
  EXPECT_NE(first.signals(0).signal_id(), second.signals(0).signal_id());

  // Nobody else; the administration's system sees nothing until confirmed.
  v1::ListSignalsResponse none;
  EXPECT_EQ(list("operator-token-0001", all, &none).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(list("system-token-00001", all, &none).ok());
  EXPECT_THAT(none.signals(), IsEmpty());
  v1::ListSignalsRequest news;
  news.add_statuses(v1::SIGNAL_STATUS_NEW);
  EXPECT_EQ(list("system-token-00001", news, &none).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Bad input: every field named at once.
  v1::ListSignalsRequest bad_list;
  *bad_list.mutable_period()->mutable_from() = ToDate(absl::CivilDay(2026, 12, 1));
  *bad_list.mutable_period()->mutable_to() = ToDate(absl::CivilDay(2026, 11, 1));
  bad_list.add_statuses(v1::SIGNAL_STATUS_NEW);
  bad_list.add_statuses(static_cast<v1::SignalStatus>(99));
  bad_list.set_topic_code("109.001");
  bad_list.set_page_size(-1);
  grpc::Status s = list("analyst-token-00000001", bad_list, &none);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("period.to", "statuses[1]", "topic_code",
                                                "page_size"));
  v1::DecideSignalRequest bad_decision;
  bad_decision.set_signal_id("not-a-uuid");
  bad_decision.set_decision(v1::SIGNAL_STATUS_NEW);
  v1::DecideSignalResponse decided;
  s = decide("analyst-token-00000001", bad_decision, &decided);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("signal_id", "decision", "reason"));
  bad_decision.set_signal_id("00000000-0000-4000-8000-000000000001");
  bad_decision.set_decision(v1::SIGNAL_STATUS_CONFIRMED);
  bad_decision.set_reason("so");
  EXPECT_EQ(decide("analyst-token-00000001", bad_decision, &decided).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Only analysts and supervisors decide.
  v1::DecideSignalRequest confirm;
  confirm.set_signal_id(listed.signals(0).signal_id());
  confirm.set_decision(v1::SIGNAL_STATUS_CONFIRMED);
  confirm.set_reason("Аварія на водогоні, підтверджено службою");
  for (const char* token : {"operator-token-0001", "system-token-00001"}) {
    EXPECT_EQ(decide(token, confirm, &decided).error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << token;
  }
  ASSERT_TRUE(decide("analyst-token-00000001", confirm, &decided).ok());
  EXPECT_EQ(decided.signal().status(), v1::SIGNAL_STATUS_CONFIRMED);
  EXPECT_EQ(decided.signal().decided_by(), "analyst-one");
  EXPECT_EQ(decided.signal().decision_reason(), confirm.reason());
  // Once.
  EXPECT_EQ(decide("supervisor-token-0001", confirm, &decided).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::DecideSignalRequest dismiss;
  dismiss.set_signal_id(listed.signals(1).signal_id());
  dismiss.set_decision(v1::SIGNAL_STATUS_DISMISSED);
  dismiss.set_reason("Сезонне зростання");
  ASSERT_TRUE(decide("supervisor-token-0001", dismiss, &decided).ok());
  EXPECT_EQ(decided.signal().decided_by(), "s-1");

  // The administration's system now sees the confirmed one only.
  v1::ListSignalsResponse told;
  ASSERT_TRUE(list("system-token-00001", all, &told).ok());
  ASSERT_THAT(told.signals(), SizeIs(1));
  EXPECT_EQ(told.signals(0).signal_id(), confirm.signal_id());
  v1::ListSignalsRequest dismissed;
  dismissed.add_statuses(v1::SIGNAL_STATUS_DISMISSED);
  ASSERT_TRUE(list("analyst-token-00000001", dismissed, &told).ok());
  ASSERT_THAT(told.signals(), SizeIs(1));
  EXPECT_EQ(told.signals(0).signal_id(), dismiss.signal_id());
  ASSERT_TRUE(list("analyst-token-00000001", all, &told).ok());
  EXPECT_THAT(told.signals(), SizeIs(total));

  // The audit keeps who, when and why; the events carry ids and codes only.
  absl::StatusOr<std::vector<std::string>> audit =
      pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
        std::vector<std::string> out;
        for (const auto& row : tx.ExecRaw("SELECT signal_id::text || ' ' || status || ' ' || "
                                          "decided_by || ' ' || reason FROM "
                                          "spike_signal_decisions ORDER BY decided_at")) {
          out.push_back(row[0].as<std::string>());
        }
        return out;
      });
  ASSERT_OK(audit.status());
  EXPECT_THAT(*audit, ElementsAre(absl::StrCat(confirm.signal_id(), " 2 analyst-one ", confirm.reason()),
                                  absl::StrCat(dismiss.signal_id(), " 3 s-1 ", dismiss.reason())));
  std::vector<std::pair<std::string, int>> decisions;
  for (const eventlog::v1::Event& e : Events()) {
    v1::SignalDecided d;
    if (!e.payload().UnpackTo(&d)) continue;
    decisions.emplace_back(d.signal_id(), d.status());
    EXPECT_FALSE(d.topic_code().empty());
    EXPECT_THAT(e.payload().value(), ::testing::Not(::testing::HasSubstr("analyst-one")));
  }
  EXPECT_THAT(decisions, ElementsAre(std::pair{confirm.signal_id(), 2},
                                     std::pair{dismiss.signal_id(), 3}));
}

}  // namespace
}  // namespace contactcenter::analytics
