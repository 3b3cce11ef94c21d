// analytics_load: the speed of analytics' reports over a large projection,
// and of the projection itself. It makes a throwaway database (on the
// cluster of CC_TEST_ADMIN_DSN) and
//   1. BULK-LOADS the projection's own tables (appeal_facts, routing_facts,
//      case_facts, case_declines, case_joined_appeals: one appeal in
//      --joined_every a duplicate joined to an earlier case, and the day
//      counts the projector and the triggers keep) with --appeals appeals
//      received over
//      --days days and their cases, by SQL (generate_series), not through
//      the event path: a million appeals through three services would take
//      hours on this machine;
//   2. times the quarterly classifier report for the whole oblast and the
//      timeliness report over all bodies for the latest full quarter, each
//      --runs times, through the real gRPC handler (AnalyticsServiceImpl on
//      an in-process server): p50, p99, max;
//   3. applies --events AppealRegistered events through the real consumer
//      path (eventlog::Consumer::ApplyBatch, batches of 100): events a
//      second and the time per batch (what the projection adds to the lag).
//
//   CC_TEST_ADMIN_DSN=... build/tests/analytics_load --appeals=1000000
//
// With --lag, instead: the projection's lag under register_load's load. It
// starts the whole stack as the e2e tests do (every service of
// deploy/services.txt, analytics following intake, routing and tracking),
// registers --lag_appeals appeals from --concurrency callers (as
// register_load does), and watches analytics' cursors (event_cursors) every
// 20 ms until every event of the three logs is applied. An event's lag is
// the time its position was first seen applied less its occurred_at in the
// producer's log (what eventlog_consumer_lag_seconds shows for the last of
// a batch), so it includes the producer's sequencing, the stream and the
// apply, and is at most 20 ms late. Per producer: p50, p99, max.
//
//   CC_TEST_ADMIN_DSN=... build/tests/analytics_load --lag [--lag_appeals=2000]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "analytics_service.h"
#include "cluster.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/eventlog/consumer.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/test_database.h"
#include "contactcenter/refdata/csv.h"
#include "projector.h"
#include "sample_appeal.h"
#include "schema.h"

ABSL_FLAG(int64_t, appeals, 1000000, "Appeals in the projection.");
ABSL_FLAG(int, days, 730, "Over how many days before 2027-01-01 they were received.");
ABSL_FLAG(int, runs, 50, "Timed calls of each report.");
ABSL_FLAG(int, joined_every, 25,
          "One appeal in this many is a duplicate (дублетне) joined to an earlier appeal's "
          "case (case_joined_appeals) instead of a case of its own; 0 for none, else above 7.");
ABSL_FLAG(int, events, 20000, "Events applied through the consumer path.");
ABSL_FLAG(bool, keep_database, false, "Keep the database (and print its name) to look into.");
ABSL_FLAG(bool, lag, false,
          "Instead: the projection's lag on the whole stack under register_load's load.");
ABSL_FLAG(int, lag_appeals, 2000, "With --lag: appeals registered.");
ABSL_FLAG(int, concurrency, 8, "With --lag: concurrent callers of RegisterAppeal.");

namespace {

using namespace contactcenter;  // NOLINT

using Steady = std::chrono::steady_clock;

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void PrintLatencies(const std::string& what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))]; };
  std::printf("%-34s p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%zu calls)\n", what.c_str(),
              at(0.50), at(0.99), ms.back(), ms.size());
}

// Receipt i of n spread evenly over `days` days ending at 2027-01-01 Kyiv.
// `joined_every`: one appeal in that many (those with i % joined_every =
// 7) is a duplicate joined to the case of the appeal five before it, as
// tracking's CaseAppealJoined leaves it: attribute 3 (item 2.3), routed, no
// case of its own, a row in case_joined_appeals; 0 for none.
std::string BulkLoadSql(int64_t n, int days, int joined_every) {
  return absl::StrFormat(R"sql(
SET synchronous_commit = off;
-- Set-based: the day counts are summed once below (recount_day_counts,
-- migration 0003), instead of by the triggers row by row.
ALTER TABLE case_facts DISABLE TRIGGER case_day_counts;
ALTER TABLE case_facts DISABLE TRIGGER case_answer_days;
ALTER TABLE case_facts DISABLE TRIGGER case_answer_days_update;
ALTER TABLE routing_facts DISABLE TRIGGER routing_day_counts;
CREATE TEMP TABLE gen AS
SELECT i,
       ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS appeal_id,
       ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid AS case_id,
       timestamptz '2027-01-01 00:00+02' - interval '1 second' * ((%d.0 * 86400 * (%d - i)) / %d)
         AS received_at,
       (ARRAY['LG-SEV','LG-SVA','LG-STA','LG-SHC','LG'])[1 + i %% 5] AS territory,
       (101 + i %% 25)::text AS topic,
       (ARRAY['lg-oda-social','lg-oda-health','lg-oda-housing','lg-oda-education','lg-oda-agro',
              'lg-sva-rva','lg-sev-rva','lg-sta-rva','lg-shc-rva','lg-police'])[1 + i %% 10]
         AS executor
FROM generate_series(1, %d) AS i;
ALTER TABLE gen ADD COLUMN received_day date;
ALTER TABLE gen ADD COLUMN joined boolean;
UPDATE gen SET received_day = (received_at AT TIME ZONE 'Europe/Kiev')::date,
               joined = %d > 0 AND i %% greatest(%d, 1) = 7 AND i > 7
                        AND i %% 50 <> 0 AND i %% 70 <> 0
                        AND (i - 5) %% 50 <> 0 AND (i - 5) %% 70 <> 0;

INSERT INTO appeal_facts
SELECT appeal_id,
       CASE WHEN i %% 50 = 0 THEN 2 WHEN i %% 70 = 0 THEN 3 ELSE 1 END,
       CASE WHEN i %% 50 = 0 THEN 1 + i %% 4 ELSE 0 END,
       received_at, received_day, 1 + i %% 3, 1 + i %% 3, 1 + i %% 8,
       CASE WHEN i %% 40 = 0 THEN 2 ELSE 1 END, CASE WHEN i %% 40 = 0 THEN 2 + i %% 30 ELSE 0 END,
       CASE WHEN joined THEN 3 ELSE 1 + i %% 5 END, i %% 3, i %% 11,
       CASE WHEN i %% 4 = 0 THEN ARRAY[(1 + i %% 16)::smallint] ELSE '{}'::smallint[] END,
       topic,
       CASE WHEN i %% 10 = 0 THEN ARRAY[topic, '106.012'] ELSE ARRAY[topic] END,
       territory
FROM gen;

INSERT INTO routing_facts
SELECT appeal_id, received_day, territory, executor, executor, received_at + interval '1 hour',
       CASE WHEN i %% 100 = 0 THEN 1 ELSE 0 END
FROM gen WHERE i %% 50 <> 0 AND i %% 70 <> 0;

-- Every body answers in 1 to 40 days alike, so that each day's histograms
-- of days to answer (migration 0004) are as full as they get.
INSERT INTO case_facts
SELECT appeal_id, case_id, received_at, received_day, territory, topic, executor,
       CASE WHEN i %% 10 = 9 THEN 2 ELSE 5 END,
       received_day + CASE WHEN i %% 20 = 0 THEN 45 ELSE 30 END,
       i %% 20 = 0,
       CASE WHEN i %% 10 = 9 THEN NULL ELSE received_at + interval '1 day' * (1 + (i / 10) %% 40) END,
       CASE WHEN i %% 10 = 9 THEN NULL ELSE received_day + (1 + (i / 10) %% 40) END,
       CASE WHEN i %% 10 = 9 THEN NULL ELSE (1 + (i / 10) %% 40)::float8 END,
       CASE WHEN i %% 10 = 9 THEN 0 ELSE 1 + i %% 3 END,
       CASE WHEN i %% 30 = 0 THEN 1 ELSE 0 END,
       i %% 10 = 9
FROM gen WHERE i %% 50 <> 0 AND i %% 70 <> 0 AND NOT joined;

INSERT INTO case_joined_appeals
SELECT d.appeal_id, c.case_id, c.appeal_id, d.received_at + interval '1 minute'
FROM gen d JOIN gen c ON c.i = d.i - 5 WHERE d.joined;

INSERT INTO case_declines
SELECT i, appeal_id, 'lg-oda-apparatus', received_day, territory FROM gen WHERE i %% 100 = 0;
-- The day counts, as the projector and the triggers keep them.
SELECT recount_day_counts();
ALTER TABLE case_facts ENABLE TRIGGER case_day_counts;
ALTER TABLE case_facts ENABLE TRIGGER case_answer_days;
ALTER TABLE case_facts ENABLE TRIGGER case_answer_days_update;
ALTER TABLE routing_facts ENABLE TRIGGER routing_day_counts;
DROP TABLE gen;
)sql",
                         days, n, n, n, joined_every, joined_every);
}


// --lag: see the top of the file.
int RunLag() {
  absl::StatusOr<std::unique_ptr<e2e::Cluster>> made = e2e::Cluster::Create();
  if (!made.ok()) {
    std::fprintf(stderr, "cluster: %s\n", made.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<e2e::Cluster> cluster = *std::move(made);
  if (absl::Status s = cluster->StartAll(); !s.ok()) {
    std::fprintf(stderr, "starting the stack: %s\n", s.ToString().c_str());
    return 1;
  }
  const std::map<std::string, std::string> dsns = cluster->AdminDsns();
  const std::vector<std::string> producers = {"intake", "routing", "tracking"};

  // What analytics has applied: (producer, position) -> first seen.
  std::mutex mu;
  std::map<std::string, std::vector<std::pair<int64_t, absl::Time>>> seen;
  std::atomic<bool> stop_watching{false};
  std::thread watcher([&] {
    pqxx::connection c(dsns.at("analytics"));
    std::map<std::string, int64_t> last;
    while (!stop_watching) {
      pqxx::result r;
      {
        pqxx::nontransaction tx(c);
        r = tx.exec("SELECT producer, position FROM event_cursors");
      }
      const absl::Time now = absl::Now();
      std::lock_guard<std::mutex> lock(mu);
      for (const auto& row : r) {
        const std::string producer = row[0].as<std::string>();
        const int64_t position = row[1].as<int64_t>();
        if (position > last[producer]) {
          last[producer] = position;
          seen[producer].emplace_back(position, now);
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });

  const int n = absl::GetFlag(FLAGS_lag_appeals);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  auto intake = intake::v1::IntakeService::NewStub(cluster->channel("intake"));
  std::atomic<int> next{0}, errors{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> callers;
  for (int t = 0; t < concurrency; ++t) {
    callers.emplace_back([&] {
      static const char* const kTopics[] = {"106", "108", "109", "110", "112", "115", "125"};
      static const char* const kTerritories[] = {"LG", "LG-SEV", "LG-STA", "LG-SVA", "LG-SHC"};
      for (int i = next++; i < n; i = next++) {
        intake::v1::RegisterAppealRequest req =
            intake::SampleAppeal(kTopics[i % 7], kTerritories[i % 5], i % 2 == 0);
        auto* p = req.mutable_card()->mutable_applicant()->mutable_person();
        p->set_name(absl::StrCat("Заявник ", i));
        p->set_phone(absl::StrCat("+38050", 1000000 + i % 8999999));
        grpc::ClientContext ctx;
        auth::AttachToken(ctx, cluster->operator_token());
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        intake::v1::RegisterAppealResponse resp;
        grpc::Status s = intake->RegisterAppeal(&ctx, req, &resp);
        if (!s.ok() && errors++ == 0) {
          std::fprintf(stderr, "first error: %s\n", s.error_message().c_str());
        }
      }
    });
  }
  for (std::thread& t : callers) t.join();
  const absl::Duration registering = absl::Now() - start;

  // Until analytics has applied every event of the three logs (the cases
  // follow the appeals through routing and tracking).
  std::map<std::string, std::vector<std::pair<int64_t, double>>> logs;  // position, occurred
  const absl::Time give_up = absl::Now() + absl::Minutes(10);
  bool caught_up = false;
  while (!caught_up && absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    caught_up = true;
    for (const std::string& producer : producers) {
      pqxx::connection c(dsns.at(producer));
      pqxx::nontransaction tx(c);
      const int64_t top =
          tx.exec("SELECT coalesce(max(position), 0) FROM event_log")[0][0].as<int64_t>();
      std::lock_guard<std::mutex> lock(mu);
      const auto& s = seen[producer];
      if (s.empty() || s.back().first < top) caught_up = false;
    }
  }
  stop_watching = true;
  watcher.join();
  for (const std::string& producer : producers) {
    pqxx::connection c(dsns.at(producer));
    pqxx::nontransaction tx(c);
    for (const auto& row : tx.exec("SELECT position, extract(epoch FROM occurred_at)::float8 "
                                   "FROM event_log WHERE position IS NOT NULL ORDER BY 1")) {
      logs[producer].emplace_back(row[0].as<int64_t>(), row[1].as<double>());
    }
  }

  std::printf("registered %d appeals (%d errors) from %d callers in %s: %.0f appeals/s\n",
              n - errors.load(), errors.load(), concurrency,
              absl::FormatDuration(registering).c_str(), n / absl::ToDoubleSeconds(registering));
  std::printf("analytics %s every event\n", caught_up ? "applied" : "did NOT apply (10 min)");
  bool met = caught_up && errors == 0;
  for (const std::string& producer : producers) {
    std::vector<double> lags_ms;
    const auto& s = seen[producer];
    size_t k = 0;
    for (const auto& [position, occurred] : logs[producer]) {
      while (k < s.size() && s[k].first < position) ++k;
      if (k == s.size()) break;
      const double applied = absl::ToDoubleSeconds(s[k].second - absl::UnixEpoch());
      lags_ms.push_back(std::max(0.0, (applied - occurred) * 1000));
    }
    if (lags_ms.empty()) {
      std::printf("%-8s no events\n", producer.c_str());
      met = false;
      continue;
    }
    PrintLatencies(absl::StrCat("lag of ", producer, "'s ", logs[producer].size(), " events"),
                   lags_ms);
    std::sort(lags_ms.begin(), lags_ms.end());
    if (lags_ms[std::min(lags_ms.size() - 1, static_cast<size_t>(0.99 * lags_ms.size()))] >
        1000) {
      met = false;
    }
  }
  std::printf("lag p99 <= 1 s for every producer: %s\n", met ? "yes" : "NO");
  return caught_up && errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  if (absl::GetFlag(FLAGS_lag)) return RunLag();
  const int64_t n = absl::GetFlag(FLAGS_appeals);
  const int runs = absl::GetFlag(FLAGS_runs);

  std::unique_ptr<testing::TestDatabase> db = testing::TestDatabase::CreateOrDie(
      "analytics_load", {&db::EventLogMigrations(), &db::AnalyticsMigrations()});
  std::unique_ptr<db::Pool> pool = db->MakePool(4);

  absl::StatusOr<refdata::Classifier> classifier = refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
  absl::StatusOr<refdata::CsvTable> executors = refdata::CsvTable::ReadFile(
      std::string(CC_REFERENCE_DIR) + "/executors.csv", {"id", "name_uk", "parent_id"});
  if (!classifier.ok() || !executors.ok()) {
    std::fprintf(stderr, "reference data: %s %s\n", classifier.status().ToString().c_str(),
                 executors.status().ToString().c_str());
    return 1;
  }
  // The bodies as routing's ExecutorDirectoryChanged would bring them.
  std::vector<analytics::ExecutorRow> directory;
  for (size_t i = 0; i < executors->size(); ++i) {
    directory.push_back({executors->Get(i, "id"), executors->Get(i, "parent_id"),
                      executors->Get(i, "name_uk")});
  }
  analytics::ProjectionStore projection_store;
  if (absl::Status s = pool->Write([&](db::Tx& tx) {
        return projection_store.ApplyDirectory(tx, 1, directory);
      });
      !s.ok()) {
    std::fprintf(stderr, "executors: %s\n", s.ToString().c_str());
    return 1;
  }

  std::printf("bulk-loading the projection's tables (not the event path): %lld appeals over %d "
              "days...\n",
              static_cast<long long>(n), absl::GetFlag(FLAGS_days));
  const Steady::time_point load_start = Steady::now();
  const int joined_every = absl::GetFlag(FLAGS_joined_every);
  if (joined_every != 0 && joined_every <= 7) {
    std::fprintf(stderr, "--joined_every must be 0 or above 7\n");
    return 2;
  }
  db->Exec(BulkLoadSql(n, absl::GetFlag(FLAGS_days), joined_every));
  db->Exec("VACUUM ANALYZE");
  std::printf("loaded in %.1f s\n", Ms(Steady::now() - load_start) / 1000);

  // Through the real handler, on an in-process server.
  const std::string token = "analytics-load-analyst-token";
  auth::Authenticator auth(
      *auth::TokenStore::Parse(absl::StrCat(auth::TokenHash(token), " analyst load\n")));
  analytics::ReportStore report_store;
  analytics::Reports reports(pool.get(), &report_store, &*classifier, &SystemClock::Get(),
                             nullptr);
  analytics::AnalyticsServiceImpl service(&reports, &auth);
  testing::InProcessServer server(&service,
                                  analytics::v1::AnalyticsService::service_full_name());
  auto stub = analytics::v1::AnalyticsService::NewStub(server.channel());

  analytics::v1::Period quarter;  // the last full quarter of the data
  *quarter.mutable_from() = ToDate(absl::CivilDay(2026, 10, 1));
  *quarter.mutable_to() = ToDate(absl::CivilDay(2027, 1, 1));

  int64_t appeals_in_quarter = 0;
  std::vector<double> classifier_ms, timeliness_ms;
  for (int i = 0; i < runs + 3; ++i) {  // three to warm up
    analytics::v1::GetClassifierReportRequest req;
    *req.mutable_period() = quarter;
    req.set_territory_code("LG");
    analytics::v1::GetClassifierReportResponse resp;
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    const Steady::time_point t0 = Steady::now();
    grpc::Status s = stub->GetClassifierReport(&ctx, req, &resp);
    const double ms = Ms(Steady::now() - t0);
    if (!s.ok()) {
      std::fprintf(stderr, "GetClassifierReport: %s\n", s.error_message().c_str());
      return 1;
    }
    appeals_in_quarter = resp.rows(0).count();
    if (i >= 3) classifier_ms.push_back(ms);
  }
  size_t bodies = 0;
  for (int i = 0; i < runs + 3; ++i) {
    analytics::v1::GetTimelinessReportRequest req;
    *req.mutable_period() = quarter;
    analytics::v1::GetTimelinessReportResponse resp;
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    const Steady::time_point t0 = Steady::now();
    grpc::Status s = stub->GetTimelinessReport(&ctx, req, &resp);
    const double ms = Ms(Steady::now() - t0);
    if (!s.ok()) {
      std::fprintf(stderr, "GetTimelinessReport: %s\n", s.error_message().c_str());
      return 1;
    }
    bodies = resp.rows_size();
    if (i >= 3) timeliness_ms.push_back(ms);
  }
  absl::StatusOr<std::pair<int64_t, int64_t>> joined =
      pool->Read([](db::Tx& tx) -> absl::StatusOr<std::pair<int64_t, int64_t>> {
        pqxx::result r = tx.ExecRaw(
            "SELECT count(*), count(*) FILTER (WHERE a.received_day >= date '2026-10-01' "
            "  AND a.received_day < date '2027-01-01') "
            "FROM case_joined_appeals j JOIN appeal_facts a USING (appeal_id)");
        return std::pair{r[0][0].as<int64_t>(), r[0][1].as<int64_t>()};
      });
  std::printf("quarter 2026-10-01..2027-01-01: %lld appeals of %lld; duplicates joined to a "
              "case: %lld in the quarter, %lld in all\n",
              static_cast<long long>(appeals_in_quarter), static_cast<long long>(n),
              static_cast<long long>(joined.ok() ? joined->second : -1),
              static_cast<long long>(joined.ok() ? joined->first : -1));
  PrintLatencies("GetClassifierReport (oblast, Q4)", classifier_ms);
  PrintLatencies(absl::StrCat("GetTimelinessReport (", bodies, " rows)"), timeliness_ms);

  // The projection's own speed, through the consumer path.
  analytics::Projector projector(&projection_store, &SystemClock::Get());
  eventlog::Dispatcher d;
  projector.FollowIntake(d);
  eventlog::ConsumerOptions options;
  options.consumer = "analytics";
  options.producer = "intake";
  options.target = "127.0.0.1:1";
  eventlog::Consumer consumer(options, pool.get(), std::move(d), nullptr);
  const int events = absl::GetFlag(FLAGS_events);
  std::vector<double> batch_ms;
  const Steady::time_point apply_start = Steady::now();
  for (int first = 1; first <= events; first += 100) {
    std::vector<eventlog::v1::Event> batch;
    for (int p = first; p < first + 100 && p <= events; ++p) {
      intake::v1::AppealRegistered r;
      r.set_appeal_id(absl::StrFormat("00000000-0000-4000-a000-%012x", p));
      *r.mutable_received_at() = ToTimestamp(absl::Now());
      r.set_kind(common::v1::APPEAL_KIND_STATEMENT);
      r.set_channel(common::v1::CHANNEL_HOTLINE_PHONE);
      r.set_topic_code("109");
      r.set_territory_code("LG-SEV");
      eventlog::v1::Event& e = batch.emplace_back();
      e.set_position(p);
      e.set_producer("intake");
      *e.mutable_occurred_at() = ToTimestamp(absl::Now());
      e.mutable_payload()->PackFrom(r);
    }
    const Steady::time_point t0 = Steady::now();
    if (absl::Status s = consumer.ApplyBatch(batch); !s.ok()) {
      std::fprintf(stderr, "ApplyBatch: %s\n", s.ToString().c_str());
      return 1;
    }
    batch_ms.push_back(Ms(Steady::now() - t0));
  }
  const double seconds = Ms(Steady::now() - apply_start) / 1000;
  std::printf("projection: %d AppealRegistered events in %.2f s, %.0f events/s\n", events,
              seconds, events / seconds);
  PrintLatencies("ApplyBatch (100 events)", batch_ms);
  if (absl::GetFlag(FLAGS_keep_database)) {
    std::printf("kept database %s\n", db->name().c_str());
    db.release();  // NOLINT: kept on purpose
  }
  return 0;
}
