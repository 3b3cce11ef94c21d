// GroupCommit against a real PostgreSQL: units of concurrent callers share
// a transaction, a failing unit leaves no row and fails alone.
#include "contactcenter/db/group_commit.h"

#include <atomic>
#include <map>
#include <thread>
#include <vector>

#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::db {
namespace {

using ::contactcenter::testing::IsOk;
using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::ElementsAreArray;

const std::vector<Migration>& TestMigrations() {
  static const std::vector<Migration> m = {
      {"test/0001_items.sql",
       "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL CHECK (name <> ''));"},
  };
  return m;
}

class GroupCommitTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("group", {&TestMigrations()}).release();
  }
  static void TearDownTestSuite() { delete db_; }
  void SetUp() override {
    db_->Exec("TRUNCATE items");
    pool_ = db_->MakePool(4);
  }

  static absl::Status Insert(Tx& tx, int id, const std::string& name) {
    tx.Exec("insert_item", "INSERT INTO items (id, name) VALUES ($1, $2)", id, name);
    return absl::OkStatus();
  }

  std::vector<int> Ids() {
    std::vector<int> ids;
    EXPECT_THAT(pool_->Read([&](Tx& tx) {
      for (const auto& r : tx.Exec("ids", "SELECT id FROM items ORDER BY id")) {
        ids.push_back(r[0].as<int>());
      }
      return absl::OkStatus();
    }),
                IsOk());
    return ids;
  }

  // Runs `units` callers at once: caller 0's unit holds its batch until
  // the others wait for the next, so they share one transaction. Each
  // caller's status goes to the result.
  std::vector<absl::Status> RunTogether(
      GroupCommit& group, int units, const std::function<absl::Status(Tx&, int)>& unit) {
    std::vector<absl::Status> out(units);
    std::atomic<bool> leading{false};
    std::thread first([&] {
      out[0] = group.Write([&](Tx& tx) {
        leading = true;
        while (group.waiting() < units - 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return unit(tx, 0);
      });
    });
    while (!leading) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::vector<std::thread> others;
    for (int i = 1; i < units; ++i) {
      others.emplace_back([&, i] { out[i] = group.Write([&](Tx& tx) { return unit(tx, i); }); });
    }
    first.join();
    for (auto& t : others) t.join();
    return out;
  }

  static TestDatabase* db_;
  std::unique_ptr<Pool> pool_;
};

TestDatabase* GroupCommitTest::db_ = nullptr;

TEST_F(GroupCommitTest, ConcurrentUnitsShareATransaction) {
  GroupCommit group(pool_.get());
  const std::vector<absl::Status> results =
      RunTogether(group, 16, [](Tx& tx, int i) { return Insert(tx, i, "item"); });
  for (const absl::Status& s : results) EXPECT_THAT(s, IsOk());
  std::vector<int> all(16);
  for (int i = 0; i < 16; ++i) all[i] = i;
  EXPECT_THAT(Ids(), ElementsAreArray(all));
  // The first alone, then the fifteen that waited for it in one batch.
  EXPECT_EQ(group.batches(), 2);
  EXPECT_EQ(group.units(), 16);
}

TEST_F(GroupCommitTest, MetricsCountUnitsPerBatchAndEachUnitsTime) {
  prometheus::Registry registry;
  GroupCommit group(pool_.get());
  group.ExportMetrics(registry, "items");
  RunTogether(group, 5, [](Tx& tx, int i) { return Insert(tx, i, "item"); });
  // Fails alone: its batch commits without it, so it counts no unit there.
  EXPECT_THAT(group.Write([](Tx& tx) { return Insert(tx, 9, ""); }),
              StatusIs(absl::StatusCode::kInvalidArgument));
  std::map<std::string, prometheus::ClientMetric::Histogram> histograms;
  for (const prometheus::MetricFamily& f : registry.Collect()) {
    ASSERT_EQ(f.metric.size(), 1u) << f.name;
    EXPECT_EQ(f.metric[0].label[0].name, "group");
    EXPECT_EQ(f.metric[0].label[0].value, "items");
    histograms[f.name] = f.metric[0].histogram;
  }
  // Batches of 1 and 4 committed (the failed unit's batch had none left).
  EXPECT_EQ(histograms["db_group_commit_units"].sample_count, 2u);
  EXPECT_EQ(histograms["db_group_commit_units"].sample_sum, 5.0);
  // Every unit's time, the failed one's too.
  EXPECT_EQ(histograms["db_group_commit_seconds"].sample_count, 6u);
  EXPECT_GT(histograms["db_group_commit_seconds"].sample_sum, 0.0);
}

TEST_F(GroupCommitTest, AFailingUnitLeavesNoRowAndFailsAlone) {
  GroupCommit group(pool_.get());
  const std::vector<absl::Status> results = RunTogether(group, 8, [](Tx& tx, int i) {
    absl::Status s = Insert(tx, i, "item");
    // Unit 3 wrote its row and then refused: the row must go.
    if (i == 3) return absl::InvalidArgumentError("unit 3 refuses");
    // Unit 5's statement fails in the database, aborting the transaction.
    if (i == 5) return Insert(tx, 100 + i, "");
    return s;
  });
  for (int i = 0; i < 8; ++i) {
    if (i == 3) {
      EXPECT_THAT(results[i], StatusIs(absl::StatusCode::kInvalidArgument)) << i;
    } else if (i == 5) {
      EXPECT_FALSE(results[i].ok()) << i;
    } else {
      EXPECT_THAT(results[i], IsOk()) << i;
    }
  }
  EXPECT_THAT(Ids(), ElementsAreArray({0, 1, 2, 4, 6, 7}));
}

TEST_F(GroupCommitTest, ReturnsEachUnitsValue) {
  GroupCommit group(pool_.get());
  EXPECT_THAT(group.Write([](Tx& tx) -> absl::StatusOr<int> {
    return tx.Exec("plus_one", "SELECT $1::int + 1", 41)[0][0].as<int>();
  }),
              IsOkAndHolds(42));
  EXPECT_THAT(group.Write([](Tx&) -> absl::StatusOr<int> { return absl::NotFoundError("none"); }),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(group.batches(), 1);  // the failed one committed nothing
}

}  // namespace
}  // namespace contactcenter::db
