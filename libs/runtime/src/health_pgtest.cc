// Health that tells the truth within a second, on a real database: it turns
// NOT_SERVING when the database goes away or every pooled connection stays
// busy, and SERVING again as quickly once the service can serve. Prints the
// times it measured.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/runtime/service_runtime.h"
#include "contactcenter/server/server.h"
#include "contactcenter/testing/test_database.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"

namespace contactcenter::runtime {
namespace {

using HealthResponse = ::grpc::health::v1::HealthCheckResponse;

// Generous for a loaded test machine; the times printed are the figures.
constexpr absl::Duration kTurnWithin = absl::Milliseconds(1500);

class HealthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = testing::TestDatabase::CreateOrDie("rthealth", {}).release();
  }
  static void TearDownTestSuite() {
    AllowConnections(true);
    delete db_;
  }

  void SetUp() override {
    pool_ = db_->MakePool(2);
    server::CommonConfig c;
    c.service_name = "health";
    c.listen_host = "127.0.0.1";
    c.max_threads = 4;
    c.shutdown_grace = absl::Seconds(2);
    c.tls.plaintext_for_tests_only = true;  // about health, not transport
    server_ = std::make_unique<server::Server>(c);
    ASSERT_TRUE(server_->Start().ok());
    health_ = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->grpc_port()), grpc::InsecureChannelCredentials()));
    WatchDatabaseHealth(*server_, *pool_);
    ASSERT_LT(TimeUntil(HealthResponse::SERVING, absl::Seconds(10)), absl::Seconds(10));
  }

  void TearDown() override { server_->Shutdown(); }

  HealthResponse::ServingStatus Health() {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    HealthResponse resp;
    if (!health_->Check(&ctx, grpc::health::v1::HealthCheckRequest(), &resp).ok()) {
      return HealthResponse::UNKNOWN;
    }
    return resp.status();
  }

  // How long until health says `want` (gives up after `limit`).
  absl::Duration TimeUntil(HealthResponse::ServingStatus want, absl::Duration limit) {
    const absl::Time start = absl::Now();
    while (Health() != want && absl::Now() - start < limit) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return absl::Now() - start;
  }

  // "Database down" for this database alone (the cluster is shared by the
  // other tests running at once): no new connections, the open ones ended.
  static void AllowConnections(bool allow) {
    absl::StatusOr<std::string> admin = testing::AdminDsn();
    ASSERT_TRUE(admin.ok());
    absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = db::Connect(*admin);
    ASSERT_TRUE(conn.ok()) << conn.status();
    pqxx::nontransaction n(**conn);
    n.exec(absl::StrCat("ALTER DATABASE ", n.quote_name(db_->name()), " ALLOW_CONNECTIONS ",
                        allow ? "true" : "false"));
    if (!allow) {
      n.exec(absl::StrCat("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ",
                          n.quote(db_->name())));
    }
  }

  static testing::TestDatabase* db_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<server::Server> server_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

testing::TestDatabase* HealthTest::db_ = nullptr;

TEST_F(HealthTest, TurnsWithinASecondWhenTheDatabaseGoesAwayAndComesBack) {
  AllowConnections(false);
  const absl::Duration down = TimeUntil(HealthResponse::NOT_SERVING, absl::Seconds(10));
  AllowConnections(true);
  const absl::Duration up = TimeUntil(HealthResponse::SERVING, absl::Seconds(10));
  std::printf("database away: NOT_SERVING after %s; back: SERVING after %s\n",
              absl::FormatDuration(down).c_str(), absl::FormatDuration(up).c_str());
  EXPECT_LT(down, kTurnWithin);
  EXPECT_LT(up, kTurnWithin);
}

TEST_F(HealthTest, TurnsWithinASecondWhenEveryConnectionStaysBusyAndBack) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  int holding = 0;
  std::vector<std::thread> holders;
  for (int i = 0; i < 2; ++i) {  // the pool's every connection
    holders.emplace_back([&] {
      absl::Status s = pool_->Read([&](db::Tx&) {
        std::unique_lock<std::mutex> lock(mu);
        ++holding;
        cv.notify_all();
        cv.wait(lock, [&] { return release; });
        return absl::OkStatus();
      });
      EXPECT_TRUE(s.ok()) << s;
    });
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return holding == 2; });
  }
  const absl::Duration down = TimeUntil(HealthResponse::NOT_SERVING, absl::Seconds(10));
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  for (auto& t : holders) t.join();
  const absl::Duration up = TimeUntil(HealthResponse::SERVING, absl::Seconds(10));
  std::printf("pool exhausted: NOT_SERVING after %s; freed: SERVING after %s\n",
              absl::FormatDuration(down).c_str(), absl::FormatDuration(up).c_str());
  EXPECT_LT(down, kTurnWithin);
  EXPECT_LT(up, kTurnWithin);
}

}  // namespace
}  // namespace contactcenter::runtime
