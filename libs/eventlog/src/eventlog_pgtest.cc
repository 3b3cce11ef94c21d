// The event log end to end on real databases: a producer database, a
// consumer database, and the gRPC stream between them in process.
#include <atomic>
#include <cstdio>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "contactcenter/eventlog/consumer.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/service.h"
#include "contactcenter/server/server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"

namespace contactcenter::eventlog {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::UnorderedElementsAre;

constexpr char kServiceToken[] = "test-service-token-0001";

const std::vector<db::Migration>& ConsumerTestMigrations() {
  static const std::vector<db::Migration> m = {
      {"test/0001_received.sql",
       // No unique key on purpose: a duplicate delivery must be countable.
       "CREATE TABLE received (position bigint NOT NULL, event_id uuid NOT NULL,"
       "                       aggregate_id text NOT NULL);"}};
  return m;
}

// A payload: any message will do.
v1::SubscribeRequest Payload(const std::string& text) {
  v1::SubscribeRequest p;
  p.set_consumer(text);
  return p;
}

class EventLogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    producer_db_ = TestDatabase::CreateOrDie("evprod", {&db::EventLogMigrations()}).release();
    consumer_db_ = TestDatabase::CreateOrDie(
                       "evcons", {&db::EventLogMigrations(), &ConsumerTestMigrations()})
                       .release();
  }
  static void TearDownTestSuite() {
    delete producer_db_;
    delete consumer_db_;
  }

  void SetUp() override {
    producer_db_->Exec("TRUNCATE event_log RESTART IDENTITY");
    consumer_db_->Exec("TRUNCATE event_cursors, received");
    producer_pool_ = producer_db_->MakePool(12);
    consumer_pool_ = consumer_db_->MakePool(4);
    auto tokens = auth::TokenStore::Parse(absl::StrCat(kServiceToken, " service routing\n"
                                                       "test-operator-token-01 operator op-1\n"));
    ASSERT_TRUE(tokens.ok());
    auth_ = std::make_unique<auth::Authenticator>(std::move(*tokens));
    producer_ = std::make_unique<Producer>("prod", producer_pool_.get(), nullptr);
    producer_->Start();
    StartServer(0);
  }

  void TearDown() override {
    if (consumer_) consumer_->Stop();
    producer_->Stop();
    server_->Shutdown();
  }

  void StartServer(int port) {
    server::CommonConfig c;
    c.service_name = "prod";
    c.listen_host = "127.0.0.1";
    c.grpc_port = port;
    c.metrics_port = 0;
    c.max_threads = 8;
    c.shutdown_grace = absl::Seconds(2);
    service_ = std::make_unique<EventLogService>(producer_.get(), auth_.get());
    server_ = std::make_unique<server::Server>(c);
    server_->AddService(service_.get(), v1::EventLog::service_full_name());
    ASSERT_TRUE(server_->Start().ok());
  }

  void StartConsumer(Handler handler = nullptr) {
    ConsumerOptions o;
    o.consumer = "routing";
    o.producer = "prod";
    o.target = absl::StrCat("127.0.0.1:", server_->grpc_port());
    o.token = kServiceToken;
    o.min_backoff = absl::Milliseconds(20);
    o.max_backoff = absl::Milliseconds(200);
    if (!handler) {
      handler = [](db::Tx& tx, const v1::Event& e) {
        tx.Exec("test_receive", "INSERT INTO received VALUES ($1, $2, $3)", e.position(),
                e.event_id(), e.aggregate_id());
        return absl::OkStatus();
      };
    }
    consumer_ = std::make_unique<Consumer>(o, consumer_pool_.get(), handler, nullptr);
    consumer_->Start();
  }

  // Appends events for `aggregates` in one transaction.
  void AppendCommitted(const std::vector<std::string>& aggregates) {
    ASSERT_OK(producer_pool_->Write([&](db::Tx& tx) {
      for (const auto& a : aggregates) producer_->Append(tx, a, Payload(a), absl::Now());
      return absl::OkStatus();
    }));
  }

  // Waits until the consumer's cursor reaches `position` (or 60 s pass).
  void WaitForCursor(int64_t position) {
    for (int i = 0; i < 6000; ++i) {
      absl::StatusOr<int64_t> p = consumer_->StoredPosition();
      if (p.ok() && *p >= position) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "consumer never reached position " << position;
  }

  struct Received {
    int64_t rows = 0, distinct_ids = 0, min_position = 0, max_position = 0,
            distinct_positions = 0;
    std::set<std::string> aggregates;
  };
  Received ReadReceived() {
    Received r;
    EXPECT_OK(consumer_pool_->Read([&](db::Tx& tx) {
      auto row = tx.ExecRaw(
          "SELECT count(*), count(DISTINCT event_id), coalesce(min(position), 0),"
          "       coalesce(max(position), 0), count(DISTINCT position) FROM received")[0];
      r.rows = row[0].as<int64_t>();
      r.distinct_ids = row[1].as<int64_t>();
      r.min_position = row[2].as<int64_t>();
      r.max_position = row[3].as<int64_t>();
      r.distinct_positions = row[4].as<int64_t>();
      for (const auto& a : tx.ExecRaw("SELECT aggregate_id FROM received")) {
        r.aggregates.insert(a[0].c_str());
      }
      return absl::OkStatus();
    }));
    return r;
  }

  static TestDatabase* producer_db_;
  static TestDatabase* consumer_db_;
  std::unique_ptr<db::Pool> producer_pool_, consumer_pool_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<Producer> producer_;
  std::unique_ptr<EventLogService> service_;
  std::unique_ptr<server::Server> server_;
  std::unique_ptr<Consumer> consumer_;
};
TestDatabase* EventLogTest::producer_db_ = nullptr;
TestDatabase* EventLogTest::consumer_db_ = nullptr;

// The commit-order trap: ids are taken in one order and transactions commit
// in another. Many writers, transactions held open for random times, some
// rolled back, the consumer reading all along. Every committed event must
// arrive exactly once, at positions 1..N with no gap; no rolled-back one may.
TEST_F(EventLogTest, ConcurrentWritersNeitherSkipNorRepeatAnEvent) {
  StartConsumer();
  constexpr int kWriters = 8;
  constexpr int kTransactionsPerWriter = 120;
  std::mutex mu;
  std::set<std::string> committed, rolled_back;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 rng(w);
      for (int t = 0; t < kTransactionsPerWriter; ++t) {
        const int n = 1 + static_cast<int>(rng() % 3);
        const bool rollback = rng() % 10 == 0;
        const int hold_ms = static_cast<int>(rng() % 15);
        std::vector<std::string> ids;
        for (int i = 0; i < n; ++i) ids.push_back(absl::StrCat("w", w, "-t", t, "-e", i));
        absl::Status s = producer_pool_->Write([&](db::Tx& tx) {
          for (const auto& id : ids) producer_->Append(tx, id, Payload(id), absl::Now());
          // Holding the transaction open lets later ids commit first.
          std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
          return rollback ? absl::CancelledError("rolled back on purpose") : absl::OkStatus();
        });
        std::lock_guard<std::mutex> lock(mu);
        for (const auto& id : ids) (s.ok() ? committed : rolled_back).insert(id);
      }
    });
  }
  for (auto& t : writers) t.join();
  ASSERT_FALSE(rolled_back.empty());
  const int64_t n = static_cast<int64_t>(committed.size());
  std::printf("%lld events committed, %zu rolled back\n", static_cast<long long>(n),
              rolled_back.size());
  WaitForCursor(n);
  // Give a wrongly repeated delivery the chance to show up.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  Received r = ReadReceived();
  EXPECT_EQ(r.rows, n) << "every committed event exactly once";
  EXPECT_EQ(r.distinct_ids, n);
  EXPECT_EQ(r.distinct_positions, n);
  EXPECT_EQ(r.min_position, 1);
  EXPECT_EQ(r.max_position, n) << "positions are 1..N with no gap";
  EXPECT_EQ(r.aggregates, committed);
  for (const auto& id : rolled_back) EXPECT_EQ(r.aggregates.count(id), 0u) << id;
}

TEST_F(EventLogTest, TheConsumerResumesAfterTheProducerRestarts) {
  StartConsumer();
  AppendCommitted({"a1", "a2"});
  WaitForCursor(2);
  const int port = server_->grpc_port();
  server_->Shutdown();
  producer_->Stop();
  // Written while the producer's server is down: nothing may be lost.
  producer_ = std::make_unique<Producer>("prod", producer_pool_.get(), nullptr);
  AppendCommitted({"a3"});
  producer_->Start();
  StartServer(port);
  AppendCommitted({"a4"});
  WaitForCursor(4);
  Received r = ReadReceived();
  EXPECT_EQ(r.rows, 4);
  EXPECT_EQ(r.aggregates, (std::set<std::string>{"a1", "a2", "a3", "a4"}));
}

TEST_F(EventLogTest, AFailingEventIsRetriedUntilItAppliesAndNeverSkipped) {
  std::atomic<int> attempts{0};
  StartConsumer([&](db::Tx& tx, const v1::Event& e) {
    if (e.aggregate_id() == "poison" && attempts.fetch_add(1) < 2) {
      return absl::UnavailableError("downstream hiccup");
    }
    tx.Exec("test_receive", "INSERT INTO received VALUES ($1, $2, $3)", e.position(), e.event_id(),
            e.aggregate_id());
    return absl::OkStatus();
  });
  AppendCommitted({"first", "poison", "last"});
  WaitForCursor(3);
  EXPECT_EQ(attempts.load(), 3);
  Received r = ReadReceived();
  EXPECT_EQ(r.rows, 3);
  EXPECT_EQ(r.aggregates, (std::set<std::string>{"first", "poison", "last"}));
}

TEST_F(EventLogTest, ApplyIgnoresRepeatsAndRefusesGaps) {
  ConsumerOptions o;
  o.consumer = "routing";
  o.producer = "prod";
  o.target = "127.0.0.1:1";
  int calls = 0;
  Consumer c(o, consumer_pool_.get(), [&](db::Tx&, const v1::Event&) {
    ++calls;
    return absl::OkStatus();
  }, nullptr);
  v1::Event e;
  e.set_position(1);
  ASSERT_OK(c.Apply(e));
  ASSERT_OK(c.Apply(e));  // a repeat changes nothing
  EXPECT_EQ(calls, 1);
  e.set_position(3);
  EXPECT_THAT(c.Apply(e), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_EQ(calls, 1);
  EXPECT_THAT(c.StoredPosition(), IsOkAndHolds(1));
}

TEST_F(EventLogTest, SubscribeNeedsAServiceTokenAndAValidRequest) {
  auto stub = v1::EventLog::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", server_->grpc_port()), grpc::InsecureChannelCredentials()));
  auto first_status = [&](const std::string& token, const v1::SubscribeRequest& req) {
    grpc::ClientContext ctx;
    if (!token.empty()) auth::AttachToken(ctx, token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    auto reader = stub->Subscribe(&ctx, req);
    v1::Event e;
    while (reader->Read(&e)) {
    }
    return reader->Finish();
  };
  v1::SubscribeRequest ok;
  ok.set_consumer("routing");
  EXPECT_THAT(first_status("", ok), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(first_status("test-operator-token-01", ok),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::SubscribeRequest bad;
  bad.set_consumer("no spaces please");
  bad.set_after_position(-1);
  grpc::Status s = first_status(kServiceToken, bad);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("consumer", "after_position"));
}

}  // namespace
}  // namespace contactcenter::eventlog
