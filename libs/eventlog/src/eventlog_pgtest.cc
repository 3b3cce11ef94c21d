// The event log end to end on real databases: a producer database, a
// consumer database, and the gRPC stream between them in process.
#include <atomic>
#include <cstdio>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/client/client.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "contactcenter/eventlog/consumer.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/retention.h"
#include "contactcenter/eventlog/service.h"
#include "contactcenter/server/server.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"

namespace contactcenter::eventlog {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr char kServiceToken[] = "test-service-token-0001";
constexpr char kOtherServiceToken[] = "test-service-token-0002";

const std::vector<db::Migration>& ConsumerTestMigrations() {
  static const std::vector<db::Migration> m = {
      {"test/0001_received.sql",
       // No unique key on purpose: a duplicate delivery must be countable.
       "CREATE TABLE received (position bigint NOT NULL, event_id uuid NOT NULL,"
       "                       aggregate_id text NOT NULL,"
       // Which transaction applied it: shows events applied together.
       "                       txid bigint NOT NULL DEFAULT txid_current());"}};
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
    producer_db_->Exec("TRUNCATE event_log, event_consumers RESTART IDENTITY");
    consumer_db_->Exec("TRUNCATE event_cursors, received");
    producer_pool_ = producer_db_->MakePool(12);
    consumer_pool_ = consumer_db_->MakePool(4);
    auto tokens = auth::TokenStore::Parse(
        absl::StrCat(auth::TokenHash(kServiceToken), " service routing\n",
                     auth::TokenHash(kOtherServiceToken), " service tracking\n",
                     auth::TokenHash("test-operator-token-01"), " operator op-1\n"));
    ASSERT_TRUE(tokens.ok()) << tokens.status();
    // Plaintext: these tests are about the log, not transport (mutual TLS
    // with service certificates: libs/auth auth_tls_test, the e2e tests).
    auth_ = std::make_unique<auth::Authenticator>(
        std::move(*tokens), nullptr, auth::ServiceCertificates::kNotCheckedPlaintextForTestsOnly);
    client::SetTransportSecurity(tls::PlaintextForTestsOnly());
    producer_ = std::make_unique<Producer>("prod", producer_pool_.get(), nullptr);
    producer_->Start();
    StartServer(0);
  }

  void TearDown() override {
    if (consumer_) consumer_->Stop();
    producer_->Stop();
    server_->Shutdown();
  }

  void StartServer(int port, int max_threads = 8, StreamLimits limits = {}) {
    server::CommonConfig c;
    c.service_name = "prod";
    c.listen_host = "127.0.0.1";
    c.grpc_port = port;
    c.metrics_port = 0;
    c.max_threads = max_threads;
    c.shutdown_grace = absl::Seconds(2);
    c.tls.plaintext_for_tests_only = true;
    service_ = std::make_unique<EventLogService>(producer_.get(), auth_.get(), limits);
    server_ = std::make_unique<server::Server>(c);
    server_->AddService(service_.get(), v1::EventLog::service_full_name());
    ASSERT_TRUE(server_->Start().ok());
  }

  ConsumerOptions Options() {
    ConsumerOptions o;
    o.consumer = "routing";
    o.producer = "prod";
    o.target = absl::StrCat("127.0.0.1:", server_->grpc_port());
    o.token = kServiceToken;
    o.min_backoff = absl::Milliseconds(20);
    o.max_backoff = absl::Milliseconds(200);
    return o;
  }
  // Replays the log from the start, the projection emptied in the same
  // transaction (a --rebuild).
  ConsumerOptions ReplayingOptions() {
    ConsumerOptions o = Options();
    o.replay_from_start = true;
    o.before_replay = [](db::Tx& tx) {
      tx.ExecRaw("DELETE FROM received");
      return absl::OkStatus();
    };
    return o;
  }


  static absl::Status Receive(db::Tx& tx, int64_t position, const std::string& event_id,
                              const std::string& aggregate_id) {
    tx.Exec("test_receive", "INSERT INTO received VALUES ($1, $2, $3)", position, event_id,
            aggregate_id);
    return absl::OkStatus();
  }

  void StartConsumer(Dispatcher dispatcher, ConsumerOptions o) {
    consumer_ = std::make_unique<Consumer>(o, consumer_pool_.get(), std::move(dispatcher), nullptr);
    consumer_->Start();
  }

  void StartConsumer(Handler handler = nullptr) {
    if (!handler) {
      handler = [](db::Tx& tx, const v1::Event& e) {
        return Receive(tx, e.position(), e.event_id(), e.aggregate_id());
      };
    }
    consumer_ = std::make_unique<Consumer>(Options(), consumer_pool_.get(), handler, nullptr);
    consumer_->Start();
  }

  // Appends events for `aggregates` in one transaction.
  void AppendCommitted(const std::vector<std::string>& aggregates) {
    ASSERT_OK(producer_pool_->Write([&](db::Tx& tx) {
      for (const auto& a : aggregates) {
        RETURN_IF_ERROR(producer_->Append(tx, a, Payload(a), absl::Now()));
      }
      return absl::OkStatus();
    }));
  }

  // Waits until `received` has `rows` rows (or 60 s pass).
  void WaitForRows(int64_t rows) {
    for (int i = 0; i < 6000; ++i) {
      if (ReadReceived().rows == rows) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "received never had " << rows << " rows";
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
            distinct_positions = 0, transactions = 0;
    std::set<std::string> aggregates;
  };
  Received ReadReceived() {
    Received r;
    EXPECT_OK(consumer_pool_->Read([&](db::Tx& tx) {
      auto row = tx.ExecRaw(
          "SELECT count(*), count(DISTINCT event_id), coalesce(min(position), 0),"
          "       coalesce(max(position), 0), count(DISTINCT position), count(DISTINCT txid)"
          "  FROM received")[0];
      r.rows = row[0].as<int64_t>();
      r.distinct_ids = row[1].as<int64_t>();
      r.min_position = row[2].as<int64_t>();
      r.max_position = row[3].as<int64_t>();
      r.distinct_positions = row[4].as<int64_t>();
      r.transactions = row[5].as<int64_t>();
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
          for (const auto& id : ids) RETURN_IF_ERROR(producer_->Append(tx, id, Payload(id), absl::Now()));
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
  // The service goes before the producer it serves.
  server_.reset();
  service_.reset();
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

TEST_F(EventLogTest, ARestartedProducerKnowsItsLastPositionBeforeANewEvent) {
  AppendCommitted({"a1", "a2", "a3"});
  // The running producer numbers them.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (producer_->last_position() < 3 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_EQ(producer_->last_position(), 3);
  // A new process over the same log: nothing is left to number, yet the
  // first pass learns the head (and sets eventlog_last_position).
  prometheus::Registry registry;
  Producer restarted("prod", producer_pool_.get(), &registry);
  EXPECT_EQ(restarted.last_position(), 0);
  ASSERT_THAT(restarted.SequencePending(), IsOkAndHolds(0));
  EXPECT_EQ(restarted.last_position(), 3);
  double gauge = -1;
  for (const auto& family : registry.Collect()) {
    if (family.name == "eventlog_last_position") gauge = family.metric.at(0).gauge.value;
  }
  EXPECT_EQ(gauge, 3);
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

TEST_F(EventLogTest, LagSecondsIsHowLongAfterItOccurredTheLastEventWasApplied) {
  ConsumerOptions o;
  o.consumer = "routing";
  o.producer = "lagging";
  o.target = "127.0.0.1:1";
  prometheus::Registry registry;
  Consumer c(o, consumer_pool_.get(), [](db::Tx&, const v1::Event&) { return absl::OkStatus(); },
             &registry);
  auto lag = [&registry] {
    for (const auto& family : registry.Collect()) {
      if (family.name == "eventlog_consumer_lag_seconds") return family.metric.at(0).gauge.value;
    }
    return -1.0;
  };
  EXPECT_EQ(lag(), 0);
  v1::Event e;
  e.set_position(1);
  e.mutable_occurred_at()->set_seconds(absl::ToUnixSeconds(absl::Now() - absl::Minutes(10)));
  ASSERT_OK(c.Apply(e));
  EXPECT_GE(lag(), 600);
  EXPECT_LT(lag(), 700);
  e.set_position(2);
  e.mutable_occurred_at()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  ASSERT_OK(c.Apply(e));
  EXPECT_LT(lag(), 60);
  // A repeat applies nothing and leaves the figure alone.
  e.mutable_occurred_at()->set_seconds(0);
  ASSERT_OK(c.Apply(e));
  EXPECT_LT(lag(), 60);
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

// An event as the log would carry it, with `payload` packed.
v1::Event EventAt(int64_t position, const google::protobuf::Message& payload) {
  v1::Event e;
  e.set_position(position);
  e.set_event_id(absl::StrCat("00000000-0000-0000-0000-", absl::Dec(position, absl::kZeroPad12)));
  e.set_producer("prod");
  e.set_aggregate_id(absl::StrCat("agg-", position));
  e.mutable_payload()->PackFrom(payload);
  return e;
}

Dispatcher ReceivingDispatcher(std::vector<EventMeta>* seen = nullptr) {
  Dispatcher d;
  d.On<v1::SubscribeRequest>(
      [seen](db::Tx& tx, const v1::SubscribeRequest& e, const EventMeta& m) -> absl::Status {
        if (seen != nullptr) seen->push_back(m);
        EXPECT_EQ(e.consumer(), m.aggregate_id) << "the payload as appended";
        tx.Exec("test_receive", "INSERT INTO received VALUES ($1, $2, $3)", m.position,
                m.event_id, m.aggregate_id);
        return absl::OkStatus();
      });
  return d;
}

// A follower's member function registers as it is, its event type taken
// from its signature.
struct RequestRecorder {
  absl::Status OnRequest(db::Tx&, const v1::SubscribeRequest& e, const EventMeta& m) {
    seen.push_back(absl::StrCat(e.consumer(), "@", m.position));
    return absl::OkStatus();
  }
  std::vector<std::string> seen;
};

TEST_F(EventLogTest, AMemberFunctionHandlesTheTypeItsSignatureNames) {
  RequestRecorder recorder;
  Dispatcher d;
  d.On(&recorder, &RequestRecorder::OnRequest);
  v1::SubscribeRequest request;
  request.set_consumer("analytics");
  ASSERT_OK(producer_pool_->Write([&](db::Tx& tx) {
    RETURN_IF_ERROR(d.Dispatch(tx, EventAt(7, request)));
    return d.Dispatch(tx, EventAt(8, v1::Event()));  // another type: passed over
  }));
  EXPECT_EQ(recorder.seen, (std::vector<std::string>{"analytics@7"}));
}

TEST_F(EventLogTest, TheDispatcherHandsEachTypedEventWithItsMetaAndSkipsOtherTypes) {
  std::vector<EventMeta> seen;
  StartConsumer(ReceivingDispatcher(&seen), Options());
  const absl::Time before = absl::Now() - absl::Seconds(1);
  ASSERT_OK(producer_pool_->Write([&](db::Tx& tx) {
    RETURN_IF_ERROR(producer_->Append(tx, "a", Payload("a"), absl::Now()));
    // A type this consumer never registered: the cursor passes it.
    RETURN_IF_ERROR(producer_->Append(tx, "other", v1::Event(), absl::Now()));
    RETURN_IF_ERROR(producer_->Append(tx, "b", Payload("b"), absl::Now()));
    return absl::OkStatus();
  }));
  WaitForCursor(3);
  consumer_->Stop();
  Received r = ReadReceived();
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.aggregates, (std::set<std::string>{"a", "b"}));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].position, 1);
  EXPECT_EQ(seen[1].position, 3);
  EXPECT_EQ(seen[1].aggregate_id, "b");
  EXPECT_EQ(seen[1].producer, "prod");
  EXPECT_EQ(seen[1].event_id.size(), 36u);
  EXPECT_GT(seen[1].occurred_at, before);
  EXPECT_LT(seen[1].occurred_at, absl::Now());
}

// Migrations take a field out of stored events with eventlog_drop_proto_field
// (issue 10: AppealRegistered.masked_essence): the other fields stay byte
// for byte, nested messages and multi-byte varints included.
TEST_F(EventLogTest, AFieldIsDroppedFromStoredBytesAndEveryOtherFieldStays) {
  v1::Event e;
  e.set_position(int64_t{1} << 40);  // a six-byte varint
  e.set_event_id("0b7f2a4e-3c1d-4e5f-8a9b-0c1d2e3f4a5b");
  e.set_producer("intake");
  e.set_aggregate_id(std::string(300, 'x'));  // a two-byte length
  e.mutable_occurred_at()->set_seconds(1764331200);
  e.mutable_payload()->PackFrom(Payload("Я, Гайдамахівський Остромир"));
  auto drop = [&](const std::string& bytes, int field) -> absl::StatusOr<std::string> {
    return producer_pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::string> {
      return db::Guarded([&]() -> absl::StatusOr<std::string> {
        return db::BytesFromField(tx.Exec("test_drop_field",
                                          "SELECT eventlog_drop_proto_field($1, $2)",
                                          pqxx::binarystring(bytes), field)[0][0]);
      });
    });
  };
  const std::string bytes = e.SerializeAsString();
  absl::StatusOr<std::string> without_payload = drop(bytes, 6);
  ASSERT_OK(without_payload.status());
  v1::Event expected = e;
  expected.clear_payload();
  EXPECT_EQ(*without_payload, expected.SerializeAsString());
  EXPECT_EQ(without_payload->find("Гайдамахівський"), std::string::npos);
  absl::StatusOr<std::string> without_aggregate = drop(bytes, 4);
  ASSERT_OK(without_aggregate.status());
  expected = e;
  expected.clear_aggregate_id();
  EXPECT_EQ(*without_aggregate, expected.SerializeAsString());
  // A field the message does not have: the bytes as they were.
  EXPECT_THAT(drop(bytes, 18), IsOkAndHolds(bytes));
  // Bytes that are no message are refused, never half-rewritten.
  EXPECT_FALSE(drop(bytes.substr(0, bytes.size() - 3), 18).ok());
}

TEST_F(EventLogTest, AnUndecodablePayloadIsDataLossAndIsNeverSkipped) {
  ConsumerOptions o = Options();
  Consumer c(o, consumer_pool_.get(), ReceivingDispatcher(), nullptr);
  v1::Event bad = EventAt(1, Payload("x"));
  bad.mutable_payload()->set_value("\xff\xff\xff");
  EXPECT_THAT(c.Apply(bad), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(c.StoredPosition(), IsOkAndHolds(0));

  // Through the stream: the consumer stops at the bad event and keeps
  // retrying it; once the row is repaired, it and the rest land.
  AppendCommitted({"first", "broken", "last"});
  producer_db_->Exec(
      "UPDATE event_log SET payload = '\\xffffff'::bytea WHERE aggregate_id = 'broken'");
  StartConsumer(ReceivingDispatcher(), o);
  WaitForCursor(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_THAT(consumer_->StoredPosition(), IsOkAndHolds(1));
  producer_db_->Exec(absl::StrCat(
      "UPDATE event_log SET payload = decode('",
      absl::BytesToHexString(Payload("broken").SerializeAsString()),
      "', 'hex') WHERE aggregate_id = 'broken'"));
  WaitForCursor(3);
  Received r = ReadReceived();
  EXPECT_EQ(r.rows, 3);
  EXPECT_EQ(r.aggregates, (std::set<std::string>{"first", "broken", "last"}));
}

TEST_F(EventLogTest, AnUnregisteredTypeMovesTheCursorAndNothingElse) {
  Consumer c(Options(), consumer_pool_.get(), ReceivingDispatcher(), nullptr);
  ASSERT_OK(c.Apply(EventAt(1, v1::Event())));
  EXPECT_THAT(c.StoredPosition(), IsOkAndHolds(1));
  EXPECT_EQ(ReadReceived().rows, 0);
}

TEST_F(EventLogTest, ABatchMovesTheCursorOnceAndAFailureLandsTheEventsBeforeIt) {
  int fail_at = 3;
  int calls = 0;
  Consumer c(Options(), consumer_pool_.get(),
             [&](db::Tx& tx, const v1::Event& e) -> absl::Status {
               ++calls;
               if (e.position() == fail_at) return absl::UnavailableError("hiccup");
               return Receive(tx, e.position(), e.event_id(), e.aggregate_id());
             },
             nullptr);
  std::vector<v1::Event> events;
  for (int i = 1; i <= 5; ++i) events.push_back(EventAt(i, Payload(absl::StrCat(i))));
  size_t failed = 99;
  EXPECT_THAT(c.ApplyBatch(events, &failed), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(failed, 2u);
  // 3 in the batch, then 1, 2 and 3 alone.
  EXPECT_EQ(calls, 6);
  EXPECT_THAT(c.StoredPosition(), IsOkAndHolds(2));
  Received r = ReadReceived();
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.max_position, 2);

  fail_at = 0;
  calls = 0;
  ASSERT_OK(c.ApplyBatch(events));  // 1 and 2 are skipped: applied before
  EXPECT_EQ(calls, 3);
  EXPECT_THAT(c.StoredPosition(), IsOkAndHolds(5));
  r = ReadReceived();
  EXPECT_EQ(r.rows, 5);
  EXPECT_EQ(r.distinct_positions, 5);
  // 1 and 2 each alone, then 3, 4, 5 in one transaction.
  EXPECT_EQ(r.transactions, 3);
}

TEST_F(EventLogTest, BatchesThroughTheStreamApplyEveryEventExactlyOnceAcrossAFailure) {
  std::atomic<int> poison_attempts{0};
  ConsumerOptions o = Options();
  o.batch_size = 10;
  consumer_ = std::make_unique<Consumer>(
      o, consumer_pool_.get(),
      [&](db::Tx& tx, const v1::Event& e) -> absl::Status {
        if (e.position() == 25 && poison_attempts.fetch_add(1) == 0) {
          return absl::UnavailableError("one hiccup mid-batch");
        }
        return Receive(tx, e.position(), e.event_id(), e.aggregate_id());
      },
      nullptr);
  std::vector<std::string> ids;
  for (int i = 1; i <= 60; ++i) ids.push_back(absl::StrCat("e", i));
  AppendCommitted(ids);
  ASSERT_OK(producer_->SequencePending().status());
  consumer_->Start();
  WaitForCursor(60);
  Received r = ReadReceived();
  EXPECT_EQ(r.rows, 60) << "every event exactly once";
  EXPECT_EQ(r.distinct_positions, 60);
  EXPECT_GE(poison_attempts.load(), 2);
  EXPECT_LT(r.transactions, 60) << "some events were applied together";
  EXPECT_GE(r.transactions, 6) << "at most 10 a transaction";
}

TEST_F(EventLogTest, AReplaySeesEveryEventAgain) {
  StartConsumer(ReceivingDispatcher(), Options());
  AppendCommitted({"a", "b", "c"});
  WaitForCursor(3);
  consumer_->Stop();
  ASSERT_OK(consumer_->Replay());
  EXPECT_THAT(consumer_->StoredPosition(), IsOkAndHolds(0));
  StartConsumer(ReceivingDispatcher(), Options());
  WaitForCursor(3);
  WaitForRows(6);
  Received r = ReadReceived();
  EXPECT_EQ(r.distinct_positions, 3);
  consumer_->Stop();

  // As an option, with the projection emptied in the same transaction.
  ConsumerOptions o = ReplayingOptions();
  StartConsumer(ReceivingDispatcher(), o);
  WaitForRows(3);
  WaitForCursor(3);
  r = ReadReceived();
  EXPECT_EQ(r.rows, 3);
  EXPECT_EQ(r.aggregates, (std::set<std::string>{"a", "b", "c"}));
}

TEST_F(EventLogTest, IdleStreamsHoldNoServerThread) {
  server_->Shutdown();
  // One principal holds them all here: a limit that allows it.
  StartServer(0, /*max_threads=*/4, StreamLimits{.per_principal = 30, .total = 30});
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->grpc_port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::EventLog::NewStub(channel);
  constexpr int kSubscribers = 30;
  struct Subscriber {
    grpc::ClientContext ctx;
    std::vector<int64_t> positions;
    std::vector<std::string> aggregates;
    std::thread reader;
  };
  std::vector<std::unique_ptr<Subscriber>> subs;
  for (int i = 0; i < kSubscribers; ++i) {
    auto s = std::make_unique<Subscriber>();
    auth::AttachToken(s->ctx, kServiceToken);
    s->reader = std::thread([&stub, s = s.get()] {
      v1::SubscribeRequest req;
      req.set_consumer("routing");
      auto reader = stub->Subscribe(&s->ctx, req);
      v1::Event e;
      while (reader->Read(&e)) {
        s->positions.push_back(e.position());
        s->aggregates.push_back(e.aggregate_id());
      }
      reader->Finish();
    });
    subs.push_back(std::move(s));
  }
  for (int i = 0; i < 500 && service_->open_streams() < kSubscribers; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(service_->open_streams(), static_cast<size_t>(kSubscribers));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // all idle now

  // A unary call on the same server answers at once.
  auto health = grpc::health::v1::Health::NewStub(channel);
  for (int i = 0; i < 5; ++i) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    grpc::health::v1::HealthCheckRequest req;
    grpc::health::v1::HealthCheckResponse resp;
    const absl::Time start = absl::Now();
    grpc::Status s = health->Check(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_LT(absl::Now() - start, absl::Milliseconds(500));
  }

  // Every subscriber gets the new events, in order.
  AppendCommitted({"n1", "n2", "n3"});
  AppendCommitted({"n4", "n5"});
  for (int i = 0; i < 1000; ++i) {
    bool all = true;
    for (const auto& s : subs) all = all && s->positions.size() >= 5;
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& s : subs) s->ctx.TryCancel();
  for (auto& s : subs) s->reader.join();
  for (const auto& s : subs) {
    EXPECT_THAT(s->positions, ::testing::ElementsAre(1, 2, 3, 4, 5));
    EXPECT_THAT(s->aggregates, ::testing::ElementsAre("n1", "n2", "n3", "n4", "n5"));
  }
  // Cancelled streams end and are let go.
  for (int i = 0; i < 500 && service_->open_streams() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(service_->open_streams(), 0u);
}

// A Subscribe call held open; `status` is set when the server refused it.
struct OpenedStream {
  grpc::ClientContext ctx;
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader;
  std::optional<grpc::Status> refused;
};

std::unique_ptr<OpenedStream> Open(v1::EventLog::Stub& stub, const std::string& token) {
  auto s = std::make_unique<OpenedStream>();
  auth::AttachToken(s->ctx, token);
  v1::SubscribeRequest req;
  req.set_consumer("routing");
  s->reader = stub.Subscribe(&s->ctx, req);
  s->reader->WaitForInitialMetadata();
  if (s->ctx.GetServerInitialMetadata().count(kProducerMetadataKey) == 0) {
    s->refused = s->reader->Finish();
  }
  return s;
}

void Close(OpenedStream& s) {
  if (s.refused) return;
  s.ctx.TryCancel();
  (void)s.reader->Finish();
}

TEST_F(EventLogTest, StreamsAreCappedPerPrincipalAndInAll) {
  server_->Shutdown();
  StartServer(0, 8, StreamLimits{.per_principal = 2, .total = 3});
  auto stub = v1::EventLog::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", server_->grpc_port()), grpc::InsecureChannelCredentials()));
  std::vector<std::unique_ptr<OpenedStream>> streams;
  streams.push_back(Open(*stub, kServiceToken));
  streams.push_back(Open(*stub, kServiceToken));
  for (const auto& s : streams) ASSERT_FALSE(s->refused) << s->refused->error_message();

  auto third = Open(*stub, kServiceToken);
  ASSERT_TRUE(third->refused);
  EXPECT_THAT(*third->refused, StatusIs(absl::StatusCode::kResourceExhausted,
                                        HasSubstr("--max_streams_per_principal")));
  // Another principal may still open one, up to the limit in all.
  streams.push_back(Open(*stub, kOtherServiceToken));
  ASSERT_FALSE(streams.back()->refused);
  auto fourth = Open(*stub, kOtherServiceToken);
  ASSERT_TRUE(fourth->refused);
  EXPECT_THAT(*fourth->refused,
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("--max_streams)")));
  EXPECT_EQ(service_->open_streams(), 3u);

  // A closed stream frees its place.
  Close(*streams[0]);
  for (int i = 0; i < 500 && service_->open_streams() > 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  streams.push_back(Open(*stub, kServiceToken));
  EXPECT_FALSE(streams.back()->refused);
  for (size_t i = 1; i < streams.size(); ++i) Close(*streams[i]);
}

TEST_F(EventLogTest, StreamsEndWhenTheProducerStops) {
  StartConsumer();
  AppendCommitted({"a1"});
  WaitForCursor(1);
  ASSERT_EQ(service_->open_streams(), 1u);
  producer_->Stop();
  for (int i = 0; i < 500 && service_->open_streams() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(service_->open_streams(), 0u);
}

// Retention (issue 14 item 5). Events are appended with an occurred_at of
// the test's choosing and pruned by Retention::Run(now) directly.
class RetentionTest : public EventLogTest {
 protected:
  // Appends one event per time in `at` (each its own transaction, so in
  // this order) and waits until the sequencer has numbered them all.
  void AppendAt(const std::vector<absl::Time>& at) {
    const int64_t target = producer_->last_position() + static_cast<int64_t>(at.size());
    for (absl::Time t : at) {
      ASSERT_OK(producer_pool_->Write(
          [&](db::Tx& tx) { return producer_->Append(tx, "agg", Payload("agg"), t); }));
    }
    for (int i = 0; i < 3000 && producer_->last_position() < target; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(producer_->last_position(), target);
  }
  std::vector<absl::Time> Times(int n, absl::Time t) { return std::vector<absl::Time>(n, t); }

  // The positions kept, lowest and highest, and how many.
  struct Kept {
    int64_t oldest = 0, head = 0, rows = 0;
  };
  Kept ReadKept() {
    Kept k;
    EXPECT_OK(producer_pool_->Read([&](db::Tx& tx) {
      auto row = tx.ExecRaw(
          "SELECT coalesce(min(position), 0), coalesce(max(position), 0), count(*) "
          "FROM event_log")[0];
      k.oldest = row[0].as<int64_t>();
      k.head = row[1].as<int64_t>();
      k.rows = row[2].as<int64_t>();
      return absl::OkStatus();
    }));
    return k;
  }

  RetentionOptions Hour() {
    RetentionOptions o;
    o.retention = absl::Hours(1);
    return o;
  }

  const absl::Time now_ = absl::Now();
  const absl::Time old_ = now_ - absl::Hours(2);
};

TEST_F(RetentionTest, PruningKeepsEveryEventAKnownConsumerHasNotApplied) {
  AppendAt(Times(10, old_));
  ASSERT_OK(RecordConsumer(*producer_pool_, "routing", "routing", 4));
  ASSERT_OK(RecordConsumer(*producer_pool_, "tracking", "tracking", 7));
  Retention retention("prod", producer_pool_.get(), Hour(), nullptr);

  absl::StatusOr<PruneResult> r = retention.Run(now_);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->deleted, 4) << "up to the lowest applied position";
  EXPECT_EQ(r->oldest, 5);
  EXPECT_EQ(ReadKept().rows, 6);

  // The slower one catches up; the other now holds at 7.
  ASSERT_OK(RecordConsumer(*producer_pool_, "routing", "routing", 10));
  r = retention.Run(now_);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->deleted, 3);
  EXPECT_EQ(r->oldest, 8);

  // Both have applied everything: all but the head go (the sequencer
  // numbers on from it).
  ASSERT_OK(RecordConsumer(*producer_pool_, "tracking", "tracking", 10));
  r = retention.Run(now_);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->deleted, 2);
  Kept k = ReadKept();
  EXPECT_EQ(k.oldest, 10);
  EXPECT_EQ(k.head, 10);
  EXPECT_EQ(k.rows, 1);
  AppendAt(Times(1, now_));
  EXPECT_EQ(ReadKept().head, 11) << "positions go on without a gap";
}

TEST_F(RetentionTest, OnlyEventsOlderThanTheRetentionGoAndNeverWithAHole) {
  // 1..5 old, 6..7 recent, 8 old again (occurred_at follows commit order
  // only roughly), 9..10 recent. No consumer is known: nobody holds.
  AppendAt(Times(5, old_));
  AppendAt(Times(2, now_ - absl::Minutes(10)));
  AppendAt(Times(1, old_));
  AppendAt(Times(2, now_ - absl::Minutes(5)));
  Retention retention("prod", producer_pool_.get(), Hour(), nullptr);
  absl::StatusOr<PruneResult> r = retention.Run(now_);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->deleted, 5);
  Kept k = ReadKept();
  EXPECT_EQ(k.oldest, 6);
  EXPECT_EQ(k.rows, 5) << "position 8 is old but above a recent one: kept, no hole";

  // An hour later they are all old: everything but the head goes.
  r = retention.Run(now_ + absl::Hours(1));
  ASSERT_OK(r.status());
  EXPECT_EQ(r->deleted, 4);
  EXPECT_EQ(ReadKept().oldest, 10);
}

TEST_F(RetentionTest, AnUnknownConsumerDoesNotHoldTheLog) {
  AppendAt(Times(6, old_));
  // A transient reader subscribed (and so was not recorded) at 0.
  auto stub = v1::EventLog::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", server_->grpc_port()), grpc::InsecureChannelCredentials()));
  {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, kOtherServiceToken);
    v1::SubscribeRequest req;
    req.set_consumer("oneoff");
    auto reader = stub->Subscribe(&ctx, req);
    v1::Event e;
    ASSERT_TRUE(reader->Read(&e));
    ctx.TryCancel();
    (void)reader->Finish();
  }
  EXPECT_THAT(KnownConsumers(*producer_pool_), IsOkAndHolds(::testing::IsEmpty()));
  Retention retention("prod", producer_pool_.get(), Hour(), nullptr);
  absl::StatusOr<PruneResult> r = retention.Run(now_);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->deleted, 5);
}

TEST_F(RetentionTest, ADurableSubscriptionIsRecordedWithItsCursorAndHolds) {
  AppendAt(Times(6, old_));
  StartConsumer();
  WaitForCursor(6);
  // Recorded when it subscribed, from 0: it holds everything.
  absl::StatusOr<std::vector<KnownConsumer>> known = KnownConsumers(*producer_pool_);
  ASSERT_OK(known.status());
  ASSERT_EQ(known->size(), 1u);
  EXPECT_EQ((*known)[0].principal, "routing");
  EXPECT_EQ((*known)[0].consumer, "routing");
  EXPECT_EQ((*known)[0].applied_position, 0);
  Retention retention("prod", producer_pool_.get(), Hour(), nullptr);
  absl::StatusOr<PruneResult> r = retention.Run(now_);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->deleted, 0) << "the stream's report is older than what it applied since";
  EXPECT_EQ(ReadKept().rows, 6);
}

TEST_F(RetentionTest, ADurableStreamEndsAtItsAgeCapAndTheConsumerReportsItsProgress) {
  server_->Shutdown();
  StartServer(0, 8, StreamLimits{.per_principal = 8, .total = 64, .max_age = absl::Milliseconds(300)});
  StartConsumer();
  AppendAt(Times(4, old_));
  WaitForCursor(4);
  // Within a few caps the consumer has subscribed again from 4.
  int64_t reported = -1;
  for (int i = 0; i < 1000 && reported != 4; ++i) {
    absl::StatusOr<std::vector<KnownConsumer>> known = KnownConsumers(*producer_pool_);
    ASSERT_OK(known.status());
    if (known->size() == 1) reported = (*known)[0].applied_position;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(reported, 4);
  // Events keep arriving across the re-subscriptions, each exactly once.
  for (int i = 0; i < 5; ++i) {
    AppendCommitted({absl::StrCat("b", i)});
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  WaitForCursor(9);
  Received got = ReadReceived();
  EXPECT_EQ(got.rows, 9);
  EXPECT_EQ(got.distinct_positions, 9);
  Retention retention("prod", producer_pool_.get(), Hour(), nullptr);
  ASSERT_OK(retention.Run(now_).status());
  EXPECT_GE(ReadKept().oldest, 5) << "what it reported applied and is old goes";
}

TEST_F(RetentionTest, ASubscriptionFromBelowTheOldestKeptEventIsFailedPrecondition) {
  AppendAt(Times(5, old_));
  Retention retention("prod", producer_pool_.get(), Hour(), nullptr);
  ASSERT_THAT(retention.Run(now_), IsOkAndHolds(::testing::Field(&PruneResult::oldest, 5)));
  auto stub = v1::EventLog::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", server_->grpc_port()), grpc::InsecureChannelCredentials()));
  auto subscribe = [&](int64_t after, std::vector<int64_t>* got) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, kServiceToken);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    v1::SubscribeRequest req;
    req.set_consumer("routing");
    req.set_after_position(after);
    req.set_durable(true);
    auto reader = stub->Subscribe(&ctx, req);
    v1::Event e;
    while (reader->Read(&e)) got->push_back(e.position());
    return reader->Finish();
  };
  std::vector<int64_t> got;
  EXPECT_THAT(subscribe(3, &got),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("after position 3"), HasSubstr("oldest kept is 5"),
                             HasSubstr("backup"))));
  EXPECT_TRUE(got.empty()) << "nothing, rather than a gap";
  // A consumer cut off is still recorded: it shows as holding the log.
  absl::StatusOr<std::vector<KnownConsumer>> known = KnownConsumers(*producer_pool_);
  ASSERT_OK(known.status());
  ASSERT_EQ(known->size(), 1u);
  EXPECT_EQ((*known)[0].applied_position, 3);
  // From just below the oldest kept event: every kept event, no error but
  // the deadline.
  got.clear();
  EXPECT_THAT(subscribe(4, &got), StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_EQ(got, (std::vector<int64_t>{5}));
}

TEST_F(RetentionTest, AReplayFromTheStartIsNotBegunOnAPrunedLog) {
  StartConsumer(ReceivingDispatcher(), Options());
  AppendAt(Times(3, old_));
  WaitForCursor(3);
  consumer_->Stop();
  ASSERT_OK(RecordConsumer(*producer_pool_, "routing", "routing", 3));
  Retention retention("prod", producer_pool_.get(), Hour(), nullptr);
  ASSERT_THAT(retention.Run(now_), IsOkAndHolds(::testing::Field(&PruneResult::oldest, 3)));

  // A rebuild would empty the projection and then find events 1 and 2
  // gone: it is not begun, and the consumer goes on from its cursor.
  ConsumerOptions o = ReplayingOptions();
  StartConsumer(ReceivingDispatcher(), o);
  AppendCommitted({"d"});
  WaitForCursor(4);
  Received r = ReadReceived();
  EXPECT_EQ(r.rows, 4) << "nothing emptied, nothing applied twice";
  EXPECT_EQ(r.distinct_positions, 4);
}

TEST_F(RetentionTest, PruningGoesInBoundedBatches) {
  AppendAt(Times(25, old_));
  RetentionOptions o = Hour();
  o.batch_size = 10;
  o.max_batches = 2;
  Retention retention("prod", producer_pool_.get(), o, nullptr);
  absl::StatusOr<PruneResult> r = retention.Run(now_);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->batches, 2);
  EXPECT_EQ(r->deleted, 20) << "two transactions of at most 10, the rest next run";
  EXPECT_EQ(ReadKept().oldest, 21);
  r = retention.Run(now_);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->batches, 1);
  EXPECT_EQ(r->deleted, 4);
  EXPECT_EQ(ReadKept().oldest, 25);
}

// The value of `name` with `labels` among `registry`'s gauges, or -1.
double GaugeValue(prometheus::Registry& registry, const std::string& name,
                  const std::map<std::string, std::string>& labels) {
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& m : family.metric) {
      std::map<std::string, std::string> have;
      for (const auto& l : m.label) have[l.name] = l.value;
      bool match = true;
      for (const auto& [k, v] : labels) match = match && have[k] == v;
      if (match) return m.gauge.value;
    }
  }
  return -1;
}

TEST_F(RetentionTest, MetricsTellTheLogsSizeAndWhichConsumerHoldsIt) {
  AppendAt(Times(3, old_));
  AppendAt(Times(2, now_ - absl::Minutes(1)));
  ASSERT_OK(RecordConsumer(*producer_pool_, "routing", "routing", 1));
  ASSERT_OK(RecordConsumer(*producer_pool_, "tracking", "tracking", 5));
  prometheus::Registry registry;
  Retention retention("prod", producer_pool_.get(), Hour(), &registry);
  ASSERT_OK(retention.Run(now_).status());
  const std::map<std::string, std::string> prod{{"producer", "prod"}};
  EXPECT_EQ(GaugeValue(registry, "eventlog_events", prod), 4) << "routing applied 1: 2..5 kept";
  EXPECT_NEAR(GaugeValue(registry, "eventlog_oldest_event_age_seconds", prod), 7200, 5);
  EXPECT_EQ(GaugeValue(registry, "eventlog_retention_seconds", prod), 3600);
  const std::map<std::string, std::string> routing{{"producer", "prod"}, {"consumer", "routing"}};
  const std::map<std::string, std::string> tracking{{"producer", "prod"},
                                                    {"consumer", "tracking"}};
  EXPECT_EQ(GaugeValue(registry, "eventlog_known_consumer_lag_events", routing), 4);
  EXPECT_NEAR(GaugeValue(registry, "eventlog_known_consumer_lag_seconds", routing), 7200, 5);
  EXPECT_EQ(GaugeValue(registry, "eventlog_consumer_holding_log", routing), 1);
  EXPECT_EQ(GaugeValue(registry, "eventlog_known_consumer_lag_events", tracking), 0);
  EXPECT_EQ(GaugeValue(registry, "eventlog_consumer_holding_log", tracking), 0);

  // Forgotten (the README's SQL), it holds nothing and its series go.
  producer_db_->Exec("DELETE FROM event_consumers WHERE principal = 'routing'");
  absl::StatusOr<PruneResult> r = retention.Run(now_);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->deleted, 2);
  EXPECT_EQ(GaugeValue(registry, "eventlog_consumer_holding_log", routing), -1);
  EXPECT_EQ(GaugeValue(registry, "eventlog_events", prod), 2);
}

}  // namespace
}  // namespace contactcenter::eventlog
