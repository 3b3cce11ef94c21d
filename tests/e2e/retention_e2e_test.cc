// Bounded event logs (issue 14 item 5) across the real services: with a
// retention of a second, intake's log is pruned once every consumer has
// applied it; a stopped consumer (routing) holds it, is reported, and when
// it comes back it catches up with nothing lost, after which the log is
// pruned again.
#include <signal.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contactcenter/testing/status_matchers.h"
#include "e2e_test.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "pqxx/pqxx"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

constexpr const char* kEnv[][2] = {{"EVENT_LOG_RETENTION", "1s"},
                                   {"EVENT_LOG_PRUNE_INTERVAL", "200ms"},
                                   {"EVENT_STREAM_MAX_AGE", "1s"}};

class RetentionE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    for (const auto& [name, value] : kEnv) setenv(name, value, 1);
    E2eTest::SetUp();
  }
  void TearDown() override {
    E2eTest::TearDown();
    for (const auto& [name, value] : kEnv) unsetenv(name);
  }

  // Registers `n` appeals, each from another applicant (not duplicates).
  std::set<std::string> RegisterAppeals(int n) {
    std::set<std::string> ids;
    for (int i = 0; i < n; ++i) {
      intake::v1::RegisterAppealRequest req =
          ::contactcenter::intake::SampleAppeal("109", "LG-SEV", true);
      intake::v1::Person* p = req.mutable_card()->mutable_applicant()->mutable_person();
      p->set_name(absl::StrCat("Заявник ", next_applicant_));
      p->set_phone(absl::StrCat("+38050", 3000000 + next_applicant_));
      ++next_applicant_;
      intake::v1::RegisterAppealResponse resp;
      grpc::Status s = intake_->RegisterAppeal(Ctx().get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (s.ok()) ids.insert(resp.appeal().id());
    }
    return ids;
  }

  struct Log {
    int64_t oldest = 0, head = 0, rows = 0;
    std::map<std::string, int64_t> consumers;  // principal/consumer -> applied
  };
  Log IntakeLog() {
    Log log;
    pqxx::connection c(cluster_->AdminDsns().at("intake"));
    pqxx::nontransaction tx(c);
    pqxx::row r = tx.exec1(
        "SELECT coalesce(min(position), 0), coalesce(max(position), 0), count(position) "
        "FROM event_log");
    log.oldest = r[0].as<int64_t>();
    log.head = r[1].as<int64_t>();
    log.rows = r[2].as<int64_t>();
    for (const auto& row :
         tx.exec("SELECT principal, consumer, applied_position FROM event_consumers")) {
      log.consumers[absl::StrCat(row[0].c_str(), "/", row[1].c_str())] = row[2].as<int64_t>();
    }
    return log;
  }
  static std::string Describe(const Log& l) {
    std::vector<std::string> cs;
    for (const auto& [k, v] : l.consumers) cs.push_back(absl::StrCat(k, "@", v));
    return absl::StrCat("oldest ", l.oldest, ", head ", l.head, ", rows ", l.rows,
                        ", consumers ", absl::StrJoin(cs, " "));
  }

  // Exactly one routing decision and one case for each appeal.
  bool DecidedAndCasedOnce(const std::set<std::string>& ids, std::string* why) {
    const std::string array = absl::StrCat("{", absl::StrJoin(ids, ","), "}");
    pqxx::connection routing(cluster_->AdminDsns().at("routing"));
    pqxx::connection tracking(cluster_->AdminDsns().at("tracking"));
    pqxx::nontransaction r(routing), t(tracking);
    pqxx::row d = r.exec_params1(
        "SELECT count(*), count(DISTINCT appeal_id) FROM routing_decisions "
        "WHERE appeal_id = ANY($1::uuid[])",
        array);
    pqxx::row c = t.exec_params1(
        "SELECT count(*), count(DISTINCT appeal_id) FROM cases WHERE appeal_id = ANY($1::uuid[])",
        array);
    const int64_t n = static_cast<int64_t>(ids.size());
    *why = absl::StrCat(d[0].as<int64_t>(), " decisions for ", d[1].as<int64_t>(), " appeals, ",
                        c[0].as<int64_t>(), " cases for ", c[1].as<int64_t>(), " appeals, of ", n);
    return d[0].as<int64_t>() == n && d[1].as<int64_t>() == n && c[0].as<int64_t>() == n &&
           c[1].as<int64_t>() == n;
  }

  // The line of intake's /metrics for routing's hold on its log.
  std::string RoutingHoldMetric() {
    httplib::Client cli("127.0.0.1", cluster_->metrics_port("intake"));
    auto res = cli.Get("/metrics");
    if (!res || res->status != 200) return "";
    std::istringstream in(res->body);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("eventlog_consumer_holding_log{", 0) == 0 &&
          line.find("principal=\"routing\"") != std::string::npos) {
        return line;
      }
    }
    return "";
  }

  int next_applicant_ = 1;
};

TEST_F(RetentionE2eTest, TheLogIsPrunedBehindEveryConsumerAndAStoppedOneHoldsIt) {
  std::set<std::string> first = RegisterAppeals(5);
  ASSERT_EQ(first.size(), 5u);
  std::string why;
  ASSERT_TRUE(Eventually([&] { return DecidedAndCasedOnce(first, &why); }, absl::Seconds(60)))
      << why;

  // Every consumer of intake is known, has reported the head, and the log
  // is pruned down to the head.
  Log log;
  ASSERT_TRUE(Eventually(
      [&] {
        log = IntakeLog();
        if (log.head == 0 || log.rows != 1 || log.oldest != log.head) return false;
        for (const char* c : {"routing/routing", "exchange/exchange", "analytics/analytics"}) {
          auto it = log.consumers.find(c);
          if (it == log.consumers.end() || it->second != log.head) return false;
        }
        return true;
      },
      absl::Seconds(60)))
      << Describe(log);

  // Routing stops: what it has not applied stays, however old.
  ServiceProcess& routing = cluster_->process("routing");
  routing.Signal(SIGTERM);
  ASSERT_OK(routing.Wait(absl::Seconds(30)).status());
  const int64_t routing_at = IntakeLog().consumers.at("routing/routing");
  std::set<std::string> second = RegisterAppeals(5);
  ASSERT_EQ(second.size(), 5u);
  // Well past the retention, through many prunes; the others catch up.
  absl::SleepFor(absl::Seconds(4));
  log = IntakeLog();
  EXPECT_LE(log.oldest, routing_at + 1) << Describe(log);
  EXPECT_EQ(log.rows, log.head - log.oldest + 1) << "no hole: " << Describe(log);
  EXPECT_GT(log.head, routing_at) << Describe(log);
  std::string hold;
  EXPECT_TRUE(Eventually([&] {
    hold = RoutingHoldMetric();
    return hold.size() > 2 && hold.substr(hold.size() - 2) == " 1";
  })) << "intake reports routing holding its log: '" << hold << "'";

  // Routing comes back: it applies every appeal it missed, exactly once.
  ASSERT_OK(cluster_->Start("routing"));
  ASSERT_TRUE(Eventually([&] { return DecidedAndCasedOnce(second, &why); }, absl::Seconds(60)))
      << why;
  EXPECT_TRUE(DecidedAndCasedOnce(first, &why)) << why;
  // And the log is pruned behind it again.
  ASSERT_TRUE(Eventually(
      [&] {
        log = IntakeLog();
        return log.rows == 1 && log.consumers.at("routing/routing") == log.head;
      },
      absl::Seconds(60)))
      << Describe(log);
  EXPECT_TRUE(Eventually([&] {
    hold = RoutingHoldMetric();
    return hold.size() > 2 && hold.substr(hold.size() - 2) == " 0";
  })) << hold;
}

}  // namespace
}  // namespace contactcenter::e2e
