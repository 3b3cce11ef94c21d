// The sessions table the gateway's replicas share, on a real database.
#include "session_store_pg.h"

#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::gateway {
namespace {

using ::contactcenter::testing::TestDatabase;

const absl::Time kNow = absl::FromUnixSeconds(1796119200);

class PgSessionStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("gateway", {&db::GatewayMigrations()}).release();
  }
  static void TearDownTestSuite() { delete db_; }
  void SetUp() override {
    db_->Exec("TRUNCATE gateway_sessions");
    pool_ = db_->MakePool();
  }

  static TestDatabase* db_;
  std::unique_ptr<db::Pool> pool_;
};
TestDatabase* PgSessionStoreTest::db_ = nullptr;

TEST_F(PgSessionStoreTest, ASessionMadeByOneReplicaIsFoundByAnother) {
  // Two replicas: two stores, two pools, one database.
  PgSessionStore a(pool_.get(), absl::Hours(1));
  std::unique_ptr<db::Pool> other_pool = db_->MakePool();
  PgSessionStore b(other_pool.get(), absl::Hours(1));
  absl::StatusOr<std::pair<std::string, Session>> made =
      a.Create("rva.clerk", auth::Role::kExecutor, "lg-sev-rva", kNow);
  ASSERT_TRUE(made.ok()) << made.status();
  const auto& [id, session] = *made;
  absl::StatusOr<std::optional<Session>> found = b.Find(id, kNow + absl::Minutes(5));
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->login, "rva.clerk");
  EXPECT_EQ((*found)->role, auth::Role::kExecutor);
  EXPECT_EQ((*found)->executor_id, "lg-sev-rva");
  EXPECT_EQ((*found)->csrf_token, session.csrf_token);
  EXPECT_EQ((*found)->expires, kNow + absl::Hours(1));

  // A logout on one ends it on the other.
  ASSERT_TRUE(b.Remove(id).ok());
  found = a.Find(id, kNow + absl::Minutes(6));
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_FALSE(found->has_value());
}

TEST_F(PgSessionStoreTest, SessionsExpireAndEndByLogin) {
  PgSessionStore store(pool_.get(), absl::Hours(1));
  auto s1 = store.Create("olena", auth::Role::kOperator, "", kNow);
  auto s2 = store.Create("olena", auth::Role::kOperator, "", kNow);
  auto s3 = store.Create("petro", auth::Role::kSupervisor, "", kNow);
  ASSERT_TRUE(s1.ok() && s2.ok() && s3.ok());
  EXPECT_TRUE(store.Find(s1->first, kNow + absl::Minutes(59))->has_value());
  EXPECT_FALSE(store.Find(s1->first, kNow + absl::Hours(1))->has_value());
  ASSERT_TRUE(store.RemoveLogin("olena").ok());
  EXPECT_FALSE(store.Find(s2->first, kNow)->has_value());
  EXPECT_TRUE(store.Find(s3->first, kNow)->has_value());
  EXPECT_FALSE(store.Find("made-up", kNow)->has_value());
  // The id is not what the table keeps, only its hash.
  EXPECT_FALSE(store.Find(auth::TokenHash(s3->first), kNow)->has_value());
  // Making a session sweeps the expired ones away.
  auto later = store.Create("mykola", auth::Role::kOperator, "", kNow + absl::Hours(2));
  ASSERT_TRUE(later.ok());
  std::unique_ptr<pqxx::connection> c = *db::Connect(db_->dsn());
  pqxx::work w(*c);
  EXPECT_EQ(w.exec1("SELECT count(*) FROM gateway_sessions")[0].as<int>(), 1);
}

}  // namespace
}  // namespace contactcenter::gateway
