// CaseStore and CaseQueries on a real PostgreSQL: statuses instead of
// exceptions, DATA_LOSS for a stored answer that does not parse, and the
// status sets the SQL receives as parameters.
#include "case_db_test.h"
#include "case_queries.h"
#include "case_store.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::tracking {
namespace {

using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::SizeIs;

constexpr char kHousing[] = "lg-oda-housing";
constexpr char kSocial[] = "lg-oda-social";
constexpr char kMissingCase[] = "00000000-0000-4000-8000-999999999999";

// Received 2 November 2026 (a Monday), noon in Kyiv.
absl::Time Received() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 2, 12, 0, 0), KyivTimeZone());
}

class CaseStoreTest : public CaseDbTest {
 protected:
  CaseStoreTest() : CaseDbTest(Received()) {}

  // Opens the case for appeal n at `executor`; returns its id.
  std::string Open(int n, const std::string& executor = kHousing) {
    absl::Status s = pool_->Write([&](db::Tx& tx) {
      return ApplyRoutingEvent(tx, RoutedEvent(n, executor, true, Received()));
    });
    EXPECT_OK(s);
    absl::StatusOr<v1::Case> c = queries_->GetByAppeal(kAnyone, AppealId(n));
    EXPECT_OK(c.status());
    return c.ok() ? c->id() : "";
  }

  void AnswerCase(const std::string& id) {
    ASSERT_OK(manager_->Accept(kAnyone, id).status());
    v1::CaseAnswer a;
    a.set_text("The roof will be repaired by 1 March.");
    a.set_result(v1::CASE_RESULT_DONE);
    ASSERT_OK(manager_->Answer(kAnyone, id, a).status());
  }

  int64_t Count(const std::string& sql) {
    return *pool_->Read(
        [&](db::Tx& tx) -> absl::StatusOr<int64_t> { return tx.ExecRaw(sql)[0][0].as<int64_t>(); });
  }
};

TEST_F(CaseStoreTest, ACorruptStoredAnswerIsDataLossNeverAnEmptyAnswer) {
  const std::string id = Open(1);
  AnswerCase(id);
  ASSERT_THAT(queries_->Get(kAnyone, id),
              IsOkAndHolds(::testing::Property(&v1::Case::has_answer, true)));
  // Bytes that are no CaseAnswer: a varint cut short.
  db_->Exec("UPDATE cases SET answer = decode('ffff', 'hex')");
  const auto data_loss =
      StatusIs(absl::StatusCode::kDataLoss,
               AllOf(HasSubstr("answer of case " + id), HasSubstr("does not parse")));

  EXPECT_THAT(pool_->Read([&](db::Tx& tx) { return store_->GetById(tx, id); }), data_loss);
  EXPECT_THAT(queries_->Get(kAnyone, id), data_loss);
  EXPECT_THAT(queries_->GetByAppeal(kAnyone, AppealId(1)), data_loss);
  EXPECT_THAT(queries_->List(CaseFilter{}, std::nullopt, 10), data_loss);

  // A change reads the case first: it fails and writes nothing.
  const int64_t history = Count("SELECT count(*) FROM case_history");
  const int64_t events = Count("SELECT count(*) FROM event_log");
  EXPECT_THAT(manager_->PlanCallBack(kAnyone, id, absl::CivilDay(2026, 11, 20)), data_loss);
  EXPECT_EQ(Count("SELECT count(*) FROM case_history"), history);
  EXPECT_EQ(Count("SELECT count(*) FROM event_log"), events);
  EXPECT_EQ(Count("SELECT count(*) FROM case_callbacks"), 0);
}

TEST_F(CaseStoreTest, ACaseWithoutAnAnswerHasNone) {
  const std::string id = Open(1);
  absl::StatusOr<v1::Case> c = queries_->Get(kAnyone, id);
  ASSERT_OK(c.status());
  EXPECT_FALSE(c->has_answer());
}

TEST_F(CaseStoreTest, StatementsThatFailReturnAStatusInsteadOfThrowing) {
  // Not a uuid: the database refuses the parameter.
  EXPECT_THAT(pool_->Read([&](db::Tx& tx) { return store_->GetById(tx, "not-a-uuid"); }),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("uuid")));
  // No such case: the history's foreign key refuses the row.
  EXPECT_THAT(pool_->Write([&](db::Tx& tx) {
    return store_->AddHistory(
        tx, kMissingCase,
        {Received(), "test", v1::CASE_STATUS_FORWARDED, v1::CASE_STATUS_ACCEPTED, "accepted"});
  }),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(pool_->Write([&](db::Tx& tx) { return store_->LockById(tx, kMissingCase); }),
              StatusIs(absl::StatusCode::kNotFound, "no case " + std::string(kMissingCase)));
  EXPECT_EQ(Count("SELECT count(*) FROM case_history"), 0);
}

TEST_F(CaseStoreTest, OnlyCasesAwaitingAnAnswerRunTheirTermAndFinalOnesAreNotOpen) {
  const std::string forwarded = Open(1);
  const std::string answered = Open(2);
  const std::string dropped = Open(3, kSocial);
  AnswerCase(answered);
  ASSERT_OK(manager_->LeaveWithoutConsideration(kAnyone, dropped,
                                                  intake::v1::NOT_CONSIDERED_REASON_ANONYMOUS,
                                                  "anonymous").status());
  clock_.Advance(absl::Hours(24 * 60));
  const absl::Time now = clock_.Now();

  absl::StatusOr<CaseGauges> g = pool_->Read([&](db::Tx& tx) { return store_->Gauges(tx, now); });
  ASSERT_OK(g.status());
  EXPECT_THAT(g->open_by_status,
              ElementsAre(Pair(v1::CASE_STATUS_FORWARDED, 1), Pair(v1::CASE_STATUS_ANSWERED, 1)));
  EXPECT_EQ(g->overdue, 1);
  EXPECT_EQ(g->due_soon, 0);

  absl::StatusOr<std::vector<ExecutorCounts>> counts = queries_->CountOverdueByExecutor();
  ASSERT_OK(counts.status());
  ASSERT_THAT(*counts, SizeIs(1));
  EXPECT_EQ((*counts)[0].executor_id, kHousing);
  EXPECT_EQ((*counts)[0].overdue, 1);

  absl::StatusOr<CasePage> overdue =
      queries_->NeedingAttention({v1::ATTENTION_KIND_OVERDUE, ""}, std::nullopt, 10);
  ASSERT_OK(overdue.status());
  ASSERT_THAT(overdue->items, SizeIs(1));
  EXPECT_EQ(overdue->items[0].id(), forwarded);
  absl::StatusOr<CasePage> rework =
      queries_->NeedingAttention({v1::ATTENTION_KIND_IN_REWORK, ""}, std::nullopt, 10);
  ASSERT_OK(rework.status());
  EXPECT_THAT(rework->items, IsEmpty());

  absl::StatusOr<std::vector<v1::Case>> taken =
      pool_->Write([&](db::Tx& tx) { return store_->TakeOverdue(tx, now, 10); });
  ASSERT_OK(taken.status());
  ASSERT_THAT(*taken, SizeIs(1));
  EXPECT_EQ((*taken)[0].id(), forwarded);
}

TEST_F(CaseStoreTest, ListsFilterByStatusOnlyWhenOneIsGiven) {
  Open(1);
  const std::string answered = Open(2);
  AnswerCase(answered);
  absl::StatusOr<CasePage> all = queries_->List(CaseFilter{}, std::nullopt, 10);
  ASSERT_OK(all.status());
  EXPECT_THAT(all->items, SizeIs(2));
  absl::StatusOr<CasePage> only =
      queries_->List(CaseFilter{"", v1::CASE_STATUS_ANSWERED}, std::nullopt, 10);
  ASSERT_OK(only.status());
  ASSERT_THAT(only->items, SizeIs(1));
  EXPECT_EQ(only->items[0].id(), answered);
}

TEST_F(CaseStoreTest, TheOpeningHistoryEntryComesFromNoStatus) {
  const std::string id = Open(1);
  ASSERT_OK(manager_->Accept(kAnyone, id).status());
  absl::StatusOr<std::vector<HistoryEntry>> h = queries_->History(kAnyone, id);
  ASSERT_OK(h.status());
  ASSERT_THAT(*h, SizeIs(2));
  EXPECT_EQ((*h)[0].from, v1::CASE_STATUS_UNSPECIFIED);
  EXPECT_EQ((*h)[0].to, v1::CASE_STATUS_FORWARDED);
  EXPECT_EQ((*h)[1].from, v1::CASE_STATUS_FORWARDED);
  EXPECT_EQ((*h)[1].to, v1::CASE_STATUS_ACCEPTED);
}

TEST_F(CaseStoreTest, AnotherExecutorsCaseReadsExactlyAsAMissingOne) {
  const std::string id = Open(1);
  const Actor social{"social-system", kSocial};
  const Actor housing{"housing-system", kHousing};
  EXPECT_OK(queries_->Get(housing, id).status());
  EXPECT_OK(queries_->History(housing, id).status());
  EXPECT_OK(queries_->CallBacks(housing, id).status());
  EXPECT_THAT(queries_->Get(social, id), StatusIs(absl::StatusCode::kNotFound, "no case " + id));
  EXPECT_THAT(queries_->History(social, id),
              StatusIs(absl::StatusCode::kNotFound, "no case " + id));
  EXPECT_THAT(queries_->CallBacks(social, id),
              StatusIs(absl::StatusCode::kNotFound, "no case " + id));
  EXPECT_THAT(queries_->GetByAppeal(social, AppealId(1)),
              StatusIs(absl::StatusCode::kNotFound, "no case for appeal " + AppealId(1)));
  EXPECT_THAT(queries_->Get(social, kMissingCase),
              StatusIs(absl::StatusCode::kNotFound, "no case " + std::string(kMissingCase)));
}

}  // namespace
}  // namespace contactcenter::tracking
