// The database layer against a real PostgreSQL.
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "contactcenter/db/errors.h"
#include "contactcenter/db/migrations.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/db/values.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_certificates.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "google/protobuf/timestamp.pb.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"

namespace contactcenter::db {
namespace {

using ::contactcenter::testing::IsOk;
using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

const std::vector<Migration>& TestMigrations() {
  static const std::vector<Migration> m = {
      {"test/0001_items.sql",
       "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL CHECK (name <> ''));"},
      {"test/0002_counter.sql",
       "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL);"
       "INSERT INTO counter VALUES (1, 0);"},
  };
  return m;
}

class DbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("db", {&TestMigrations()}).release();
  }
  static void TearDownTestSuite() { delete db_; }
  void SetUp() override {
    db_->Exec("TRUNCATE items; UPDATE counter SET n = 0;");
    pool_ = db_->MakePool(4);
  }

  absl::StatusOr<int64_t> CountItems() {
    return pool_->Read([](Tx& tx) -> absl::StatusOr<int64_t> {
      return tx.Exec("count_items", "SELECT count(*) FROM items")[0][0].as<int64_t>();
    });
  }

  static TestDatabase* db_;
  std::unique_ptr<Pool> pool_;
};
TestDatabase* DbTest::db_ = nullptr;

TEST_F(DbTest, WriteCommitsWhenTheUnitOfWorkSucceeds) {
  EXPECT_OK(pool_->Write([](Tx& tx) {
    tx.Exec("insert_item", "INSERT INTO items VALUES ($1, $2)", 1, "one");
    return absl::OkStatus();
  }));
  EXPECT_THAT(CountItems(), IsOkAndHolds(1));
}

TEST_F(DbTest, WriteRollsBackWhenTheUnitOfWorkFails) {
  absl::Status s = pool_->Write([](Tx& tx) {
    tx.Exec("insert_item", "INSERT INTO items VALUES ($1, $2)", 1, "one");
    return absl::InvalidArgumentError("changed my mind");
  });
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CountItems(), IsOkAndHolds(0));
}

TEST_F(DbTest, StatusOrResultsArePassedThrough) {
  absl::StatusOr<std::string> name = pool_->Write([](Tx& tx) -> absl::StatusOr<std::string> {
    return std::string(
        tx.Exec("insert_item_ret", "INSERT INTO items VALUES ($1, $2) RETURNING name", 7, "seven")
            [0][0].c_str());
  });
  EXPECT_THAT(name, IsOkAndHolds("seven"));
}

// The isolation level and access mode travel with BEGIN (one round trip);
// each transaction gets what it asked for, and the next one the default.
TEST_F(DbTest, EachTransactionRunsWithTheIsolationAndAccessModeAskedFor) {
  auto mode = [&](TxOptions options) {
    return pool_->Write(
        [](Tx& tx) -> absl::StatusOr<std::string> {
          const pqxx::row r = tx.Exec("tx_mode",
                                      "SELECT current_setting('transaction_isolation') || ' ' || "
                                      "current_setting('transaction_read_only')")[0];
          return std::string(r[0].c_str());
        },
        options);
  };
  EXPECT_THAT(mode({}), IsOkAndHolds("read committed off"));
  EXPECT_THAT(mode({.read_only = true}), IsOkAndHolds("read committed on"));
  EXPECT_THAT(mode({.serializable = true}), IsOkAndHolds("serializable off"));
  EXPECT_THAT(mode({.serializable = true, .read_only = true}), IsOkAndHolds("serializable on"));
  EXPECT_THAT(mode({}), IsOkAndHolds("read committed off"));
  // A read refuses to write.
  EXPECT_THAT(pool_->Read([](Tx& tx) {
    tx.Exec("insert_item", "INSERT INTO items VALUES ($1, $2)", 1, "one");
    return absl::OkStatus();
  }),
              StatusIs(absl::StatusCode::kInternal, ::testing::HasSubstr("read-only transaction")));
  EXPECT_THAT(CountItems(), IsOkAndHolds(0));
}

TEST_F(DbTest, OnCommitRunsOnlyAfterCommit) {
  int committed = 0;
  EXPECT_OK(pool_->Write([&](Tx& tx) {
    tx.OnCommit([&] { ++committed; });
    return absl::OkStatus();
  }));
  EXPECT_EQ(committed, 1);
  (void)pool_->Write([&](Tx& tx) {
    tx.OnCommit([&] { ++committed; });
    return absl::InternalError("rolled back");
  });
  EXPECT_EQ(committed, 1);
}

TEST_F(DbTest, ExceptionsMapToStatusCodes) {
  ASSERT_OK(pool_->Write([](Tx& tx) {
    tx.Exec("insert_item", "INSERT INTO items VALUES ($1, $2)", 1, "one");
    return absl::OkStatus();
  }));
  EXPECT_THAT(pool_->Write([](Tx& tx) {
    tx.Exec("insert_item", "INSERT INTO items VALUES ($1, $2)", 1, "again");
    return absl::OkStatus();
  }),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(pool_->Write([](Tx& tx) {
    tx.Exec("insert_item", "INSERT INTO items VALUES ($1, $2)", 2, "");
    return absl::OkStatus();
  }),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("23514")));
  EXPECT_THAT(pool_->Write([](Tx& tx) {
    tx.ExecRaw("SELECT * FROM no_such_table");
    return absl::OkStatus();
  }),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no_such_table")));
  // The connection that saw errors is still usable.
  EXPECT_THAT(CountItems(), IsOkAndHolds(1));
}

TEST_F(DbTest, StatementTimeoutIsDeadlineExceeded) {
  PoolOptions options;
  options.dsn = db_->dsn();
  options.statement_timeout = absl::Milliseconds(50);
  Pool pool(options);
  pool.MarkReady();
  EXPECT_THAT(pool.Write([](Tx& tx) {
    tx.ExecRaw("SELECT pg_sleep(1)");
    return absl::OkStatus();
  }),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(DbTest, NothingRunsBeforeTheServiceIsReady) {
  PoolOptions options;
  options.dsn = db_->dsn();
  Pool pool(options);
  EXPECT_THAT(pool.Write([](Tx&) { return absl::OkStatus(); }),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("not ready")));
  EXPECT_OK(pool.Ping());
}

TEST_F(DbTest, UnreachableDatabaseIsUnavailable) {
  PoolOptions options;
  options.dsn = "host=127.0.0.1 port=1 dbname=nothing connect_timeout=2";
  Pool pool(options);
  pool.MarkReady();
  EXPECT_THAT(pool.Write([](Tx&) { return absl::OkStatus(); }),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(DbTest, SerializationFailuresAreRetriedUntilTheyCommit) {
  constexpr int kThreads = 4;
  constexpr int kIncrements = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        TxOptions serializable;
        serializable.serializable = true;
        serializable.max_attempts = 50;
        absl::Status s = pool_->Write(
            [](Tx& tx) {
              int n = tx.Exec("read_counter", "SELECT n FROM counter WHERE id = 1")[0][0].as<int>();
              tx.Exec("write_counter", "UPDATE counter SET n = $1 WHERE id = 1", n + 1);
              return absl::OkStatus();
            },
            serializable);
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_THAT(pool_->Read([](Tx& tx) -> absl::StatusOr<int> {
    return tx.Exec("read_counter", "SELECT n FROM counter WHERE id = 1")[0][0].as<int>();
  }),
              IsOkAndHolds(kThreads * kIncrements));
}

TEST_F(DbTest, AConnectionIsNeverSharedBetweenThreads) {
  std::mutex mu;
  std::map<int, int> in_use;  // backend pid -> threads using it now
  std::atomic<bool> shared{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        EXPECT_OK(pool_->Write([&](Tx& tx) {
          int pid = tx.Exec("backend_pid", "SELECT pg_backend_pid()")[0][0].as<int>();
          {
            std::lock_guard<std::mutex> lock(mu);
            if (++in_use[pid] > 1) shared = true;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          std::lock_guard<std::mutex> lock(mu);
          --in_use[pid];
          return absl::OkStatus();
        }));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(shared.load());
  EXPECT_LE(in_use.size(), 4u);  // never more than max_connections
}

TEST_F(DbTest, ABusyPoolAnswersUnavailableAfterTheAcquireTimeout) {
  PoolOptions options;
  options.dsn = db_->dsn();
  options.max_connections = 1;
  options.acquire_timeout = absl::Milliseconds(100);
  Pool pool(options);
  pool.MarkReady();
  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    EXPECT_OK(pool.Write([&](Tx&) {
      holding = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return absl::OkStatus();
    }));
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_THAT(pool.Write([](Tx&) { return absl::OkStatus(); }),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("busy")));
  release = true;
  holder.join();
}

// The value of an unlabelled gauge, counter or histogram (its sample count).
double MetricValue(prometheus::Registry& registry, const std::string& name) {
  for (const prometheus::MetricFamily& f : registry.Collect()) {
    if (f.name != name) continue;
    const prometheus::ClientMetric& m = f.metric.at(0);
    switch (f.type) {
      case prometheus::MetricType::Counter: return m.counter.value;
      case prometheus::MetricType::Histogram: return static_cast<double>(m.histogram.sample_count);
      default: return m.gauge.value;
    }
  }
  return -1;
}

TEST_F(DbTest, PoolMetricsShowConnectionsInUseWaitsAndTimeouts) {
  PoolOptions options;
  options.dsn = db_->dsn();
  options.max_connections = 1;
  options.acquire_timeout = absl::Milliseconds(100);
  Pool pool(options);
  prometheus::Registry registry;
  pool.ExportMetrics(registry);
  pool.MarkReady();
  EXPECT_EQ(MetricValue(registry, "db_pool_connections_max"), 1);
  EXPECT_EQ(MetricValue(registry, "db_pool_connections_open"), 0);

  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    EXPECT_OK(pool.Write([&](Tx&) {
      holding = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return absl::OkStatus();
    }));
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(MetricValue(registry, "db_pool_connections_open"), 1);
  EXPECT_EQ(MetricValue(registry, "db_pool_connections_in_use"), 1);
  EXPECT_THAT(pool.Write([](Tx&) { return absl::OkStatus(); }),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(MetricValue(registry, "db_pool_acquire_timeouts_total"), 1);
  release = true;
  holder.join();

  EXPECT_EQ(MetricValue(registry, "db_pool_connections_open"), 1);
  EXPECT_EQ(MetricValue(registry, "db_pool_connections_in_use"), 0);
  EXPECT_EQ(MetricValue(registry, "db_pool_acquire_wait_seconds"), 2);  // both transactions
  // The timed-out caller waited the whole acquire timeout.
  for (const prometheus::MetricFamily& f : registry.Collect()) {
    if (f.name == "db_pool_acquire_wait_seconds") {
      EXPECT_GE(f.metric.at(0).histogram.sample_sum, 0.1);
    }
  }
}

TEST_F(DbTest, TimesAndDatesRoundTrip) {
  absl::Time t = absl::FromUnixMicros(1764336170123456);
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<absl::Time> {
    return TimeFromField(tx.Exec("echo_time", "SELECT $1::timestamptz", ToSqlTime(t))[0][0]);
  }),
              IsOkAndHolds(t));
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<absl::CivilDay> {
    return DateFromField(
        tx.Exec("echo_date", "SELECT $1::date + 1", ToSqlDate(absl::CivilDay(2028, 2, 28)))[0][0]);
  }),
              IsOkAndHolds(absl::CivilDay(2028, 2, 29)));
}

// What a caller may write into a text[] column: every character the array
// syntax gives a meaning to, and the separator an earlier encoding used.
const std::vector<std::string>& AwkwardTexts() {
  static const std::vector<std::string> v = {
      "plain",       "a,b",        "say \"no\"", "back\\slash", "{brace}",
      "}",           "{",          "semi;colon",  "'quoted'",     "it's",
      "unit\x1fsep", "",           "NULL",        "null",         " spaced ",
      "tab\there",   "line\nbreak", "\\\"",        "Шевченко, Олена; м. Сєвєродонецьк"};
  return v;
}

TEST_F(DbTest, TextArraysRoundTripAnyText) {
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
    return TextArrayFromField(
        tx.Exec("echo_text_array", "SELECT $1::text[]", ToSqlTextArray(AwkwardTexts()))[0][0]);
  }),
              IsOkAndHolds(ElementsAreArray(AwkwardTexts())));
  // The database sees the same elements, one by one.
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<int64_t> {
    pqxx::row r = tx.Exec("text_array_elements",
                          "SELECT count(*) FILTER (WHERE e = ($2::text[])[i]) FROM "
                          "unnest($1::text[]) WITH ORDINALITY AS t(e, i)",
                          ToSqlTextArray(AwkwardTexts()), ToSqlTextArray(AwkwardTexts()))[0];
    return r[0].as<int64_t>();
  }),
              IsOkAndHolds(static_cast<int64_t>(AwkwardTexts().size())));
  // Stored in a column and read back.
  EXPECT_THAT(pool_->Write([&](Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
    tx.ExecRaw("CREATE TEMP TABLE texts (v text[] NOT NULL) ON COMMIT DROP");
    tx.Exec("store_texts", "INSERT INTO texts VALUES ($1::text[])", ToSqlTextArray(AwkwardTexts()));
    return TextArrayFromField(tx.ExecRaw("SELECT v FROM texts")[0][0]);
  }),
              IsOkAndHolds(ElementsAreArray(AwkwardTexts())));
}

TEST_F(DbTest, EmptyIntegerAndUuidArraysRoundTrip) {
  const std::vector<int> ints = {1, 7, -3, 32767};
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<std::vector<int64_t>> {
    return IntArrayFromField(
        tx.Exec("echo_smallint_array", "SELECT $1::smallint[]", ToSqlIntArray(ints))[0][0]);
  }),
              IsOkAndHolds(ElementsAre(1, 7, -3, 32767)));
  const std::vector<std::string> ids = {"3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01",
                                        "0b6c7d2e-5f4a-4c3b-9a8d-7e6f5a4b3c2d"};
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
    return TextArrayFromField(
        tx.Exec("echo_uuid_array", "SELECT $1::uuid[]", ToSqlTextArray(ids))[0][0]);
  }),
              IsOkAndHolds(ElementsAreArray(ids)));
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<size_t> {
    pqxx::row r = tx.Exec("echo_empty_arrays", "SELECT $1::text[], $2::int[], NULL::text[]",
                          ToSqlTextArray(std::vector<std::string>()),
                          ToSqlIntArray(std::vector<int>()))[0];
    return TextArrayFromField(r[0]).size() + IntArrayFromField(r[1]).size() +
           TextArrayFromField(r[2]).size();
  }),
              IsOkAndHolds(0u));
}

TEST_F(DbTest, AnArrayWeCannotReadIsAnErrorNeverAShorterList) {
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
    return TextArrayFromField(tx.ExecRaw("SELECT ARRAY['a', NULL]")[0][0]);
  }),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("NULL")));
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
    return TextArrayFromField(tx.ExecRaw("SELECT ARRAY[[1, 2], [3, 4]]")[0][0]);
  }),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("nested")));
  EXPECT_THAT(pool_->Read([&](Tx& tx) -> absl::StatusOr<std::vector<int64_t>> {
    return IntArrayFromField(tx.ExecRaw("SELECT ARRAY['1', 'x']")[0][0]);
  }),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("integer")));
}

// Each service's role reaches its own database only: not another
// service's, and not the cluster's own postgres and template1 either.
TEST_F(DbTest, ARoleCannotConnectToAnotherServicesDatabase) {
  std::unique_ptr<TestDatabase> other = TestDatabase::CreateOrDie("db_other", {});
  // Our role (its password is in our DSN) asking for the other databases.
  for (const std::string& name : {other->name(), std::string("postgres"),
                                  std::string("template1")}) {
    SCOPED_TRACE(name);
    absl::StatusOr<std::unique_ptr<pqxx::connection>> intruder =
        Connect(db_->dsn() + " dbname=" + name);
    EXPECT_THAT(intruder.status(),
                StatusIs(absl::StatusCode::kUnavailable,
                         HasSubstr("permission denied for database \"" + name + "\"")));
  }
  EXPECT_OK(Connect(other->dsn()).status());
  EXPECT_OK(Connect(db_->dsn()).status());
  // The superuser still reaches postgres (the admin DSN names it).
  absl::StatusOr<std::string> admin = ::contactcenter::testing::AdminDsn();
  ASSERT_OK(admin.status());
  EXPECT_OK(Connect(*admin + " dbname=postgres").status());
}

// The cluster (cc_pg_start: tests/run, deploy/local/up) takes TCP
// connections over SSL only (pg_hba.conf: hostssl, and hostnossl reject),
// and our DSNs verify its certificate against the development CA.
TEST_F(DbTest, TheDatabaseTakesSslOnlyAndIsVerifiedAgainstTheCa) {
  EXPECT_OK(CheckDsnVerifiesServer(db_->dsn()));
  absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = Connect(db_->dsn());
  ASSERT_OK(conn.status());
  pqxx::nontransaction n(**conn);
  EXPECT_TRUE(n.exec1("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")[0].as<bool>());

  EXPECT_THAT(Connect(db_->dsn() + " sslmode=disable").status(),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("pg_hba.conf rejects connection"),
                             HasSubstr("no encryption"))));
  // A server whose certificate another CA signed is not ours.
  auto other_ca = ::contactcenter::testing::TestCertificates::CreateOrDie({"postgres"});
  EXPECT_THAT(Connect(db_->dsn() + " sslrootcert=" + other_ca->ca_file()).status(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("certificate verify failed")));
}

TEST_F(DbTest, MigrationsAreAppliedOnceAndRecorded) {
  // Already applied by TestDatabase; running again changes nothing.
  EXPECT_OK(Migrate(db_->dsn(), {&TestMigrations()}));
  EXPECT_THAT(pool_->Read([](Tx& tx) -> absl::StatusOr<int64_t> {
    return tx.Exec("count_migrations", "SELECT count(*) FROM schema_migrations")[0][0]
        .as<int64_t>();
  }),
              IsOkAndHolds(2));
}

TEST_F(DbTest, AnEditedMigrationIsRefused) {
  std::vector<Migration> edited = TestMigrations();
  edited[0].sql += " -- edited";
  EXPECT_THAT(Migrate(db_->dsn(), {&edited}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("test/0001_items.sql")));
}

TEST_F(DbTest, AFailingMigrationIsNamedAndNotRecorded) {
  std::vector<Migration> more = TestMigrations();
  more.push_back({"test/0003_broken.sql", "CREATE TABLE broken (id int); SELECT nonsense;"});
  EXPECT_THAT(Migrate(db_->dsn(), {&more}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("test/0003_broken.sql")));
  EXPECT_THAT(pool_->Read([](Tx& tx) -> absl::StatusOr<int64_t> {
    return tx.ExecRaw("SELECT count(*) FROM pg_tables WHERE tablename = 'broken'")[0][0]
        .as<int64_t>();
  }),
              IsOkAndHolds(0));
}

TEST_F(DbTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  std::vector<Migration> more = TestMigrations();
  more.push_back({"test/0004_once.sql", "CREATE TABLE once (id int);"});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (!Migrate(db_->dsn(), {&more}).ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace contactcenter::db

namespace contactcenter::db {
namespace {

using ::contactcenter::testing::StatusIs;

TEST_F(DbTest, AGuardedStoreReturnsTheMappedStatusInsteadOfThrowing) {
  // A store method: a statement that violates the primary key inside Guarded.
  auto insert = [](Tx& tx, int id) -> absl::Status {
    return Guarded([&]() -> absl::Status {
      tx.Exec("insert_item", "INSERT INTO items VALUES ($1, $2)", id, "x");
      return absl::OkStatus();
    });
  };
  absl::Status seen;
  absl::Status written = pool_->Write([&](Tx& tx) -> absl::Status {
    if (absl::Status s = insert(tx, 1); !s.ok()) return s;
    seen = insert(tx, 1);  // the store returns, it does not throw
    return seen;
  });
  EXPECT_THAT(seen, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(written, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(CountItems(), IsOkAndHolds(0));  // the whole unit rolled back
}

TEST_F(DbTest, AStoredProtoThatDoesNotParseIsDataLossNeverAnEmptyMessage) {
  absl::StatusOr<google::protobuf::Timestamp> good, bad, missing;
  ASSERT_OK(pool_->Read([&](Tx& tx) -> absl::Status {
    pqxx::row r = tx.Exec("parse_stored",
                          "SELECT '\\x08d209'::bytea, '\\x08'::bytea, NULL::bytea")[0];
    good = ParseStoredProto<google::protobuf::Timestamp>(r[0], "decision");
    bad = ParseStoredProto<google::protobuf::Timestamp>(r[1], "decision");
    missing = ParseStoredProto<google::protobuf::Timestamp>(r[2], "decision");
    return absl::OkStatus();
  }));
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->seconds(), 1234);
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kDataLoss, ::testing::HasSubstr("decision")));
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace contactcenter::db
