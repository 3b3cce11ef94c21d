// PostgreSQL failover without losing an appeal (issue 16, item 5). Run by
// tests/failover/run, which starts a primary with a synchronous standby on
// loopback and points CC_TEST_ADMIN_DSN at both (libpq's multi-host string
// with target_session_attrs=read-write), so every service's DB_DSN names
// both hosts. The test registers appeals from several callers, kills the
// primary with SIGKILL, promotes the standby, keeps registering, and then
// proves that every appeal intake acknowledged has its case in tracking and
// that the services recovered by themselves (the same processes, SERVING).
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/testing/status_matchers.h"
#include "e2e_test.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

namespace intake = ::contactcenter::intake::v1;
namespace tracking = ::contactcenter::tracking::v1;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// The postmaster's pid: the first line of postmaster.pid in its data folder.
pid_t PostmasterPid(const std::string& data_dir) {
  std::ifstream in(data_dir + "/postmaster.pid");
  long pid = 0;
  in >> pid;
  return static_cast<pid_t>(pid);
}

class FailoverTest : public E2eTest {
 protected:
  // Every case tracking has, paging through ListCases.
  std::set<std::string> AppealsWithACase() {
    std::set<std::string> out;
    tracking::ListCasesRequest req;
    req.set_page_size(200);
    do {
      tracking::ListCasesResponse resp;
      grpc::Status s = tracking_->ListCases(Ctx().get(), req, &resp);
      if (!s.ok()) return {};
      for (const tracking::Case& c : resp.cases()) out.insert(c.appeal_id());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return out;
  }
};

TEST_F(FailoverTest, EveryAcknowledgedAppealHasItsCaseAfterThePrimaryDiesAndTheStandbyTakesOver) {
  const std::string primary_data = Env("CC_FAILOVER_PRIMARY_DATA");
  const std::string standby_dsn = Env("CC_FAILOVER_STANDBY_DSN");
  ASSERT_FALSE(primary_data.empty() || standby_dsn.empty())
      << "run through tests/failover/run, which starts the primary and the standby";
  std::map<std::string, pid_t> pids;
  for (const std::string& svc : Services()) pids[svc] = cluster_->process(svc).pid();

  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<int64_t> refused{0};
  std::atomic<bool> stop{false};
  std::atomic<int64_t> killed_at_ms{0}, first_ok_after_kill_ms{0};
  const absl::Time start = absl::Now();
  auto since_start_ms = [&] { return absl::ToInt64Milliseconds(absl::Now() - start); };

  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        // Each from its own applicant (name and phone): the sample applicant
        // again on the same issue would be a duplicate (дублетне) that joins
        // the first appeal's case instead of opening its own.
        intake::RegisterAppealRequest req = ::contactcenter::intake::SampleAppeal();
        intake::Person* p = req.mutable_card()->mutable_applicant()->mutable_person();
        p->set_name(absl::StrCat("Заявник ", t, "-", i));
        p->set_phone(absl::StrCat("+38050", 1000000 + t * 100000 + i));
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
        auth::AttachToken(ctx, cluster_->operator_token());
        intake::RegisterAppealResponse resp;
        grpc::Status s = intake_->RegisterAppeal(&ctx, req, &resp);
        if (s.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.push_back(resp.appeal().id());
          int64_t expected = 0;
          if (killed_at_ms > 0) first_ok_after_kill_ms.compare_exchange_strong(expected, since_start_ms());
        } else {
          ++refused;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
    });
  }

  // Load on the primary for a while, then it dies.
  absl::SleepFor(absl::Seconds(5));
  size_t before_kill;
  {
    std::lock_guard<std::mutex> lock(mu);
    before_kill = acknowledged.size();
  }
  const pid_t postmaster = PostmasterPid(primary_data);
  ASSERT_GT(postmaster, 0);
  ASSERT_EQ(kill(postmaster, SIGKILL), 0);
  killed_at_ms = since_start_ms();
  // An operator (or the cluster manager) notices and promotes the standby.
  absl::SleepFor(absl::Seconds(2));
  {
    absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = db::Connect(standby_dsn);
    ASSERT_TRUE(conn.ok()) << conn.status();
    pqxx::nontransaction n(**conn);
    ASSERT_TRUE(n.exec("SELECT pg_promote(true, 60)")[0][0].as<bool>());
  }
  const int64_t promoted_at_ms = since_start_ms();
  // Writes come back by themselves; then more load on the new primary.
  ASSERT_TRUE(Eventually([&] { return first_ok_after_kill_ms > 0; }, absl::Seconds(60)))
      << "no appeal was registered after the failover";
  absl::SleepFor(absl::Seconds(5));
  stop = true;
  for (std::thread& c : callers) c.join();

  const int64_t refused_ms = first_ok_after_kill_ms - killed_at_ms;
  std::printf(
      "failover: %zu appeals acknowledged (%zu before the kill), %lld calls refused; writes "
      "refused for %.1f s from the kill (%.1f s after the promotion)\n",
      acknowledged.size(), before_kill, static_cast<long long>(refused.load()),
      refused_ms / 1000.0, (first_ok_after_kill_ms - promoted_at_ms) / 1000.0);
  EXPECT_GT(before_kill, 0u);
  EXPECT_GT(acknowledged.size(), before_kill);

  // Every acknowledged appeal reaches its case, through routing, on the new
  // primary: nothing acknowledged was lost with the old one.
  std::set<std::string> missing;
  ASSERT_TRUE(Eventually(
      [&] {
        const std::set<std::string> cases = AppealsWithACase();
        missing.clear();
        for (const std::string& id : acknowledged) {
          if (!cases.contains(id)) missing.insert(id);
        }
        return missing.empty();
      },
      absl::Seconds(120)))
      << missing.size() << " acknowledged appeals have no case, e.g. " << *missing.begin();

  // The same processes, still serving: they reconnected by themselves.
  for (const auto& [svc, pid] : pids) {
    EXPECT_EQ(cluster_->process(svc).pid(), pid) << svc;
    EXPECT_TRUE(cluster_->WaitServing(svc, absl::Seconds(30)).ok()) << svc;
  }
}

}  // namespace
}  // namespace contactcenter::e2e
