// AppealStore on a real PostgreSQL, method by method, each in a transaction
// the test owns: the facts registration reads, the one insert, and errors
// as statuses rather than exceptions.
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "appeal_card.h"
#include "appeal_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/db/values.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "registration_decision.h"
#include "request_digest.h"
#include "sample_appeal.h"
#include "schema.h"

namespace contactcenter::intake {
namespace {

using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 11, 28, 12, 0, 0), KyivTimeZone());

// The parts of AppealStore::HistoryOf and ClaimKeyAndNumber the tests look at.
absl::StatusOr<AppealStore::Resolved> LatestResolvedEarlier(
    AppealStore& store, db::Tx& tx, const ApplicantKeys& applicant, const std::string& topic,
    const std::string& territory, const std::vector<tracking::v1::CaseResult>& results) {
  absl::StatusOr<AppealStore::ApplicantHistory> h =
      store.HistoryOf(tx, applicant, topic, territory, results);
  if (!h.ok()) return h.status();
  return h->resolved;
}

absl::StatusOr<std::vector<EarlierAppeal>> ApplicantAppealsOnTopic(
    AppealStore& store, db::Tx& tx, const ApplicantKeys& applicant, const std::string& topic) {
  absl::StatusOr<AppealStore::ApplicantHistory> h =
      store.HistoryOf(tx, applicant, topic, "", ResultsOnTheMerits());
  if (!h.ok()) return h.status();
  return h->on_topic;
}

// Claimed: a number was taken with it.
absl::StatusOr<bool> ClaimIdempotencyKey(AppealStore& store, db::Tx& tx,
                                         const std::string& caller, const std::string& key,
                                         const std::string& sha256, absl::Time now,
                                         absl::Time expired_before) {
  absl::StatusOr<std::optional<int64_t>> n =
      store.ClaimKeyAndNumber(tx, caller, key, sha256, now, expired_before, 2026);
  if (!n.ok()) return n.status();
  return n->has_value();
}

class AppealStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("intake_store",
                                    {&db::EventLogMigrations(), &db::IntakeMigrations()})
              .release();
  }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    db_->Exec(
        "TRUNCATE appeals, registration_counters, idempotency_keys, case_resolutions, "
        "case_overdue, personal_data_reads CASCADE");
    pool_ = db_->MakePool();
  }

  // A normalised card of an applicant known by `phone`, received `ago`
  // before kNow.
  static v1::AppealCard Card(const std::string& phone, const std::string& surname,
                             const std::string& topic = "109",
                             const std::string& territory = "LG-SEV",
                             absl::Duration ago = absl::Hours(1)) {
    v1::AppealCard card = NormalizeCard(SampleAppeal(topic, territory).card(), kNow - ago);
    v1::Person* p = card.mutable_applicant()->mutable_person();
    p->set_phone(phone);
    p->set_surname(surname);
    *card.mutable_received_at() = ToTimestamp(kNow - ago);
    return card;
  }

  // Inserts `card` as registered (status as given) and returns its id.
  std::string Insert(const v1::AppealCard& card,
                     v1::AppealStatus status = v1::APPEAL_STATUS_REGISTERED,
                     const std::string& event_root = "") {
    RegistrationDecision d;
    d.status = status;
    d.attribute = common::v1::APPEAL_ATTRIBUTE_PRIMARY;
    const v1::Appeal appeal = NewAppeal(card, Screening{}, d, absl::StrCat("N-", ++number_),
                                        absl::CivilDay(2026, 11, 28), "op-1", kNow);
    absl::StatusOr<std::string> id =
        pool_->Write([&](db::Tx& tx) {
          return store_.Insert(tx, appeal, ApplicantKeysOf(card), event_root);
        });
    EXPECT_OK(id.status());
    return id.value_or("");
  }

  void Close(const std::string& appeal_id, tracking::v1::CaseResult result, int64_t closed_s) {
    tracking::v1::CaseClosed closed;
    closed.set_case_id(absl::StrCat("case-", appeal_id));
    closed.set_appeal_id(appeal_id);
    closed.set_executor_id("lg-sev-rva");
    closed.set_result(result);
    *closed.mutable_closed_at() = ToTimestamp(absl::FromUnixSeconds(closed_s));
    ASSERT_OK(pool_->Write([&](db::Tx& tx) { return store_.RecordCaseClosed(tx, closed); }));
  }

  static TestDatabase* db_;
  std::unique_ptr<db::Pool> pool_;
  AppealStore store_;
  int number_ = 0;
};
TestDatabase* AppealStoreTest::db_ = nullptr;

TEST_F(AppealStoreTest, TheLatestAppealResolvedOnItsMeritsIsFoundOnlyForTheGivenResults) {
  const v1::AppealCard mine = Card("+380501234567", "Шевченко");
  const std::string older = Insert(mine);
  const std::string newer = Insert(mine);
  const std::string elsewhere = Insert(Card("+380501234567", "Шевченко", "109", "LG"));
  const std::string not_considered = Insert(mine, v1::APPEAL_STATUS_NOT_CONSIDERED);
  Close(older, tracking::v1::CASE_RESULT_DONE, 1790000000);
  Close(newer, tracking::v1::CASE_RESULT_NOT_POSSIBLE_NOW, 1790000500);
  Close(elsewhere, tracking::v1::CASE_RESULT_DONE, 1790000900);
  Close(not_considered, tracking::v1::CASE_RESULT_DONE, 1790000900);
  auto latest = [&](const std::vector<tracking::v1::CaseResult>& results) {
    return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::string> {
      ASSIGN_OR_RETURN(AppealStore::Resolved r,
                       LatestResolvedEarlier(store_, tx, ApplicantKeysOf(mine), "109", "LG-SEV",
                                                    results));
      return r.appeal_id;
    });
  };
  // On the merits: the older one (the newer was closed otherwise; another
  // territory is another body; a not-considered appeal had no case of its
  // own on the merits).
  EXPECT_THAT(latest(ResultsOnTheMerits()), IsOkAndHolds(older));
  EXPECT_THAT(latest({tracking::v1::CASE_RESULT_NOT_POSSIBLE_NOW}), IsOkAndHolds(newer));
  EXPECT_THAT(latest({tracking::v1::CASE_RESULT_REFUSED}), IsOkAndHolds(""));
  // The body that resolved it comes with it.
  absl::StatusOr<AppealStore::Resolved> resolved = pool_->Read([&](db::Tx& tx) {
    return LatestResolvedEarlier(store_, tx, ApplicantKeysOf(mine), "109", "LG-SEV",
                                        ResultsOnTheMerits());
  });
  ASSERT_OK(resolved.status());
  EXPECT_EQ(resolved->executor_id, "lg-sev-rva");
  // Somebody else has none, even calling from the same phone.
  absl::StatusOr<AppealStore::Resolved> other = pool_->Read([&](db::Tx& tx) {
    return LatestResolvedEarlier(store_, tx, ApplicantKeysOf(Card("+380501234567", "Інша")), "109",
                                        "LG-SEV", ResultsOnTheMerits());
  });
  ASSERT_OK(other.status());
  EXPECT_EQ(other->appeal_id, "");
}

TEST_F(AppealStoreTest, HeatingAndBrokenLiftAreNotTheSameIssue) {
  v1::AppealCard heating = Card("+380501234567", "Шевченко");
  heating.add_additional_topic_codes("109.001");
  v1::AppealCard lift = Card("+380501234567", "Шевченко");
  lift.add_additional_topic_codes("109.002");
  const std::string earlier = Insert(heating);
  Close(earlier, tracking::v1::CASE_RESULT_DONE, 1790000000);
  auto resolved_on = [&](const v1::AppealCard& card) {
    return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::string> {
      ASSIGN_OR_RETURN(AppealStore::Resolved r,
                       LatestResolvedEarlier(store_, tx, ApplicantKeysOf(card), FinestTopic(card),
                                                    "LG-SEV", ResultsOnTheMerits()));
      return r.appeal_id;
    });
  };
  // Both are topic 109; only the heating one repeats the heating issue.
  EXPECT_THAT(resolved_on(lift), IsOkAndHolds(""));
  EXPECT_THAT(resolved_on(heating), IsOkAndHolds(earlier));
  EXPECT_THAT(pool_->Read([&](db::Tx& tx) {
    return ApplicantAppealsOnTopic(store_, tx, ApplicantKeysOf(lift), FinestTopic(lift));
  }),
              IsOkAndHolds(IsEmpty()));
}

TEST_F(AppealStoreTest, TheApplicantsEarlierAppealsComeNewestFirstWithStatusAndClosure) {
  const v1::AppealCard mine = Card("+380501234567", "Шевченко");
  const std::string first = Insert(Card("+380501234567", "Шевченко", "109", "LG", absl::Hours(3)));
  const std::string second =
      Insert(Card("+380501234567", "Шевченко", "109", "LG-SEV", absl::Hours(2)),
             v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  Insert(Card("+380501234567", "Шевченко", "106"));  // another topic
  Insert(Card("+380671112233", "Інша"));             // another applicant
  Close(first, tracking::v1::CASE_RESULT_NOT_WITHIN_COMPETENCE, 1790000000);
  absl::StatusOr<std::vector<EarlierAppeal>> earlier = pool_->Read(
      [&](db::Tx& tx) { return ApplicantAppealsOnTopic(store_, tx, ApplicantKeysOf(mine), "109"); });
  ASSERT_OK(earlier.status());
  ASSERT_EQ(earlier->size(), 2u);
  EXPECT_EQ((*earlier)[0].id, second);
  EXPECT_EQ((*earlier)[0].status, v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  EXPECT_FALSE((*earlier)[0].closed);
  EXPECT_EQ((*earlier)[1].id, first);
  EXPECT_EQ((*earlier)[1].status, v1::APPEAL_STATUS_REGISTERED);
  EXPECT_TRUE((*earlier)[1].closed);
  // Nobody is recognised by empty keys.
  EXPECT_THAT(pool_->Read([&](db::Tx& tx) {
    return ApplicantAppealsOnTopic(store_, tx, ApplicantKeys{}, "109");
  }),
              IsOkAndHolds(IsEmpty()));
}

TEST_F(AppealStoreTest, ApplicantsLinkedToOneBurstMainAreCountedOnceEach) {
  const v1::AppealCard mine = Card("+380501234567", "Шевченко");
  const std::string root = Insert(Card("+380670000001", "А", "109", "LG-SEV", absl::Hours(5)));
  const std::string b1 =
      Insert(Card("+380670000002", "Б", "109", "LG-SEV", absl::Hours(4)),
             v1::APPEAL_STATUS_REGISTERED, root);
  const std::string b2 =
      Insert(Card("+380670000002", "Б", "109", "LG-SEV", absl::Hours(3)),
             v1::APPEAL_STATUS_REGISTERED, root);
  const std::string c =
      Insert(Card("+380670000003", "В", "109", "LG-SEV", absl::Hours(2)),
             v1::APPEAL_STATUS_REGISTERED, root);
  Insert(mine, v1::APPEAL_STATUS_REGISTERED, root);  // the applicant's own: not another
  // The same topic and territory without a confirmed link is not the event.
  Insert(Card("+380670000004", "Г", "109", "LG-SEV", absl::Hours(1)));
  // A link to a linked appeal is a link to its event.
  EXPECT_THAT(pool_->Read([&](db::Tx& tx) { return store_.EventRootOf(tx, b1); }),
              IsOkAndHolds(root));
  EXPECT_THAT(pool_->Read([&](db::Tx& tx) { return store_.EventRootOf(tx, root); }),
              IsOkAndHolds(root));
  EXPECT_THAT(pool_->Read([&](db::Tx& tx) {
    return store_.EventRootOf(tx, "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  }),
              StatusIs(absl::StatusCode::kNotFound));
  absl::StatusOr<AppealStore::OtherApplicants> others = pool_->Read(
      [&](db::Tx& tx) { return store_.OtherApplicantsOnEvent(tx, ApplicantKeysOf(mine), root); });
  ASSERT_OK(others.status());
  EXPECT_EQ(others->count, 3);
  EXPECT_THAT(others->latest_appeal_ids, ElementsAre(c, b2, b1, root));
}

TEST_F(AppealStoreTest, TheInsertedAppealReadsBackAsInserted) {
  v1::AppealCard card = Card("+380501234567", "Шевченко");
  card.add_additional_topic_codes("106");
  card.mutable_applicant()->mutable_person()->add_author_categories(
      common::v1::AUTHOR_CATEGORY_INTERNALLY_DISPLACED);
  RegistrationDecision d;
  d.status = v1::APPEAL_STATUS_NOT_CONSIDERED;
  d.reason = v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED;
  d.attribute = common::v1::APPEAL_ATTRIBUTE_REPEATED;
  d.linked_appeal_ids = {"3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01"};
  d.duplicate_of = "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e02";
  card.set_same_event_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e03");
  Screening screening;
  v1::Appeal appeal =
      NewAppeal(card, screening, d, "N-1", absl::CivilDay(2026, 11, 30), "op-1", kNow);
  absl::StatusOr<v1::Appeal> read = pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::Appeal> {
    absl::StatusOr<std::string> id = store_.Insert(tx, appeal, ApplicantKeysOf(card));
    if (!id.ok()) return id.status();
    appeal.set_id(*id);
    return store_.FindByNumber(tx, "N-1");
  });
  ASSERT_OK(read.status());
  EXPECT_EQ(read->DebugString(), appeal.DebugString());

  // A pending proposal and a returned appeal's term read back too.
  d.status = v1::APPEAL_STATUS_AWAITING_DECISION;
  d.earlier_executor_id = "lg-sev-rva";
  d.duplicate_of.clear();
  screening.return_due = absl::CivilDay(2026, 12, 8);
  appeal = NewAppeal(card, screening, d, "N-2", absl::CivilDay(2026, 11, 30), "op-1", kNow);
  read = pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::Appeal> {
    absl::StatusOr<std::string> id = store_.Insert(tx, appeal, ApplicantKeysOf(card));
    if (!id.ok()) return id.status();
    appeal.set_id(*id);
    return store_.FindByNumber(tx, "N-2");
  });
  ASSERT_OK(read.status());
  EXPECT_EQ(read->exclusion_proposal().decision(), v1::EXCLUSION_DECISION_PENDING);
  EXPECT_EQ(read->DebugString(), appeal.DebugString());
}

TEST_F(AppealStoreTest, FailuresComeBackAsStatusesNotExceptions) {
  const v1::AppealCard card = Card("+380501234567", "Шевченко");
  Insert(card);
  RegistrationDecision d;
  d.status = v1::APPEAL_STATUS_REGISTERED;
  const v1::Appeal again =
      NewAppeal(card, Screening{}, d, "N-1", absl::CivilDay(2026, 11, 28), "op-1", kNow);
  EXPECT_THAT(pool_->Write([&](db::Tx& tx) { return store_.Insert(tx, again, ApplicantKeys{}); }),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(pool_->Read([&](db::Tx& tx) {
    return store_.FindById(tx, "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  }),
              StatusIs(absl::StatusCode::kNotFound));
  // A malformed id is the database's complaint, still a status.
  EXPECT_THAT(pool_->Read([&](db::Tx& tx) { return store_.FindById(tx, "not-a-uuid"); }),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(AppealStoreTest, AnIdempotencyKeyIsClaimedOnceAndBoundToItsAppeal) {
  const v1::AppealCard card = Card("+380501234567", "Шевченко");
  RegistrationDecision d;
  d.status = v1::APPEAL_STATUS_REGISTERED;
  d.attribute = common::v1::APPEAL_ATTRIBUTE_PRIMARY;
  const v1::Appeal appeal = NewAppeal(card, Screening{}, d, "N-key", absl::CivilDay(2026, 11, 28),
                                      "op-1", kNow);
  const absl::Time expired_before = kNow - absl::Hours(7 * 24);
  std::string id;
  // Claimed, then bound by the appeal's own insert.
  EXPECT_THAT(pool_->Write([&](db::Tx& tx) -> absl::StatusOr<bool> {
    absl::StatusOr<bool> claimed =
        ClaimIdempotencyKey(store_, tx, "op-1", "k", Sha256("req"), kNow, expired_before);
    if (!claimed.ok() || !*claimed) return claimed;
    ASSIGN_OR_RETURN(id, store_.Insert(tx, appeal, ApplicantKeysOf(card), "", "op-1", "k"));
    return claimed;
  }),
              IsOkAndHolds(true));
  ASSERT_FALSE(id.empty());
  EXPECT_THAT(pool_->Write([&](db::Tx& tx) {
    return ClaimIdempotencyKey(store_, tx, "op-1", "k", Sha256("other"), kNow, expired_before);
  }),
              IsOkAndHolds(false));
  absl::StatusOr<AppealStore::IdempotencyRecord> record =
      pool_->Read([&](db::Tx& tx) { return store_.ReadIdempotencyKey(tx, "op-1", "k"); });
  ASSERT_OK(record.status());
  EXPECT_EQ(record->request_sha256, Sha256("req"));
  EXPECT_EQ(record->appeal_id, id);
  EXPECT_THAT(pool_->Read([&](db::Tx& tx) { return store_.ReadIdempotencyKey(tx, "op-2", "k"); }),
              StatusIs(absl::StatusCode::kNotFound));
  // Only a digest fits: the column holds 32 bytes, never a request.
  EXPECT_THAT(pool_->Write([&](db::Tx& tx) {
    return ClaimIdempotencyKey(store_, tx, "op-1", "k2", "a whole request", kNow, expired_before);
  }),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(AppealStoreTest, AnExpiredKeyIsClaimedAfreshWithItsNewRequest) {
  const absl::Time first = kNow - absl::Hours(8 * 24);
  auto claim = [&](const std::string& request, absl::Time at) {
    return pool_->Write([&](db::Tx& tx) {
      return ClaimIdempotencyKey(store_, tx, "op-1", "k", Sha256(request), at,
                                        at - absl::Hours(7 * 24));
    });
  };
  ASSERT_THAT(claim("first", first), IsOkAndHolds(true));
  // Seven days later to the microsecond it still holds; after that it is free.
  EXPECT_THAT(claim("second", first + absl::Hours(7 * 24)), IsOkAndHolds(false));
  EXPECT_THAT(claim("second", kNow), IsOkAndHolds(true));
  absl::StatusOr<AppealStore::IdempotencyRecord> record =
      pool_->Read([&](db::Tx& tx) { return store_.ReadIdempotencyKey(tx, "op-1", "k"); });
  ASSERT_OK(record.status());
  EXPECT_EQ(record->request_sha256, Sha256("second"));
  EXPECT_EQ(record->appeal_id, "");
}

TEST_F(AppealStoreTest, ExpiredKeysAreDeletedOldestFirstAtMostALimitAtATime) {
  auto claim_at = [&](const std::string& key, absl::Time at) {
    ASSERT_THAT(pool_->Write([&](db::Tx& tx) {
      return ClaimIdempotencyKey(store_, tx, "op-1", key, Sha256(key), at, at - absl::Hours(1));
    }),
                IsOkAndHolds(true));
  };
  for (int i = 0; i < 5; ++i) claim_at(absl::StrCat("old-", i), kNow - absl::Hours(10 - i));
  claim_at("fresh", kNow);
  auto delete_before = [&](absl::Time t, int limit) {
    return pool_->Write(
        [&](db::Tx& tx) { return store_.DeleteExpiredIdempotencyKeys(tx, t, limit); });
  };
  EXPECT_THAT(delete_before(kNow - absl::Hours(1), 3), IsOkAndHolds(3));
  // The three oldest went first.
  EXPECT_THAT(
      pool_->Read([&](db::Tx& tx) { return store_.ReadIdempotencyKey(tx, "op-1", "old-2"); }),
      StatusIs(absl::StatusCode::kNotFound));
  EXPECT_OK(pool_->Read([&](db::Tx& tx) { return store_.ReadIdempotencyKey(tx, "op-1", "old-3"); })
                .status());
  EXPECT_THAT(delete_before(kNow - absl::Hours(1), 3), IsOkAndHolds(2));
  EXPECT_THAT(delete_before(kNow - absl::Hours(1), 3), IsOkAndHolds(0));
  EXPECT_OK(pool_->Read([&](db::Tx& tx) { return store_.ReadIdempotencyKey(tx, "op-1", "fresh"); })
                .status());
}

TEST_F(AppealStoreTest, RegistrationNumbersCountFromOneEachYear) {
  auto next = [&](int64_t year) {
    return pool_->Write([&](db::Tx& tx) {
      return store_.ClaimKeyAndNumber(tx, "op-1", "", Sha256(""), kNow, kNow, year);
    });
  };
  EXPECT_THAT(next(2026), IsOkAndHolds(1));
  EXPECT_THAT(next(2026), IsOkAndHolds(2));
  EXPECT_THAT(next(2027), IsOkAndHolds(1));
  // A key claimed before is a replay: it takes no number, so none is
  // skipped; a new key takes the next.
  auto with_key = [&](const std::string& key) {
    return pool_->Write([&](db::Tx& tx) {
      return store_.ClaimKeyAndNumber(tx, "op-1", key, Sha256(key), kNow, kNow - absl::Hours(1),
                                      2027);
    });
  };
  EXPECT_THAT(with_key("a"), IsOkAndHolds(2));
  EXPECT_THAT(with_key("a"), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(with_key("b"), IsOkAndHolds(3));
  EXPECT_THAT(next(2027), IsOkAndHolds(4));
}

// Migration 0007 on a database that has keys with whole requests: each
// becomes the digest intake computes of a retry, and the bytes are gone.
TEST(IdempotencyMigrationTest, StoredRequestsBecomeTheDigestsOfTheirRetries) {
  std::vector<db::Migration> before;
  for (const db::Migration& m : db::IntakeMigrations()) {
    if (m.name < "intake/0007") before.push_back(m);
  }
  // As every service does, the event log's migrations first.
  std::unique_ptr<TestDatabase> db =
      TestDatabase::CreateOrDie("intake_0007", {&db::EventLogMigrations(), &before});
  v1::RegisterAppealRequest req = SampleAppeal();
  req.set_idempotency_key("call-1");
  db->Exec(absl::StrCat(
      "INSERT INTO idempotency_keys (caller, key, request, created_at) VALUES ('op-1', 'call-1', "
      "decode('",
      absl::BytesToHexString(DeterministicBytes(req)), "', 'hex'), '2026-11-28 10:00:00+00')"));
  ASSERT_OK(db::Migrate(db->dsn(), {&db::EventLogMigrations(), &db::IntakeMigrations()}));

  std::unique_ptr<db::Pool> pool = db->MakePool();
  AppealStore store;
  absl::StatusOr<AppealStore::IdempotencyRecord> record =
      pool->Read([&](db::Tx& tx) { return store.ReadIdempotencyKey(tx, "op-1", "call-1"); });
  ASSERT_OK(record.status());
  EXPECT_EQ(record->request_sha256, RequestDigest(req));
  absl::StatusOr<std::vector<std::string>> columns =
      pool->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
        std::vector<std::string> out;
        for (const pqxx::row& r :
             tx.ExecRaw("SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = 'idempotency_keys' ORDER BY ordinal_position")) {
          out.push_back(r[0].c_str());
        }
        return out;
      });
  EXPECT_THAT(columns, IsOkAndHolds(ElementsAre("caller", "key", "request_sha256", "appeal_id",
                                                "created_at")));
  // The surname was in the request's bytes; no row of the table has them.
  absl::StatusOr<int64_t> with_surname = pool->Read([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
    return tx
        .ExecRaw(absl::StrCat("SELECT count(*) FROM idempotency_keys t WHERE strpos(t::text, '",
                              absl::BytesToHexString("Шевченко"), "') > 0"))[0][0]
        .as<int64_t>();
  });
  EXPECT_THAT(with_surname, IsOkAndHolds(0));
}

// Migration 0010 on a log whose AppealRegistered events still carry
// masked_essence (field 18, reserved since issue 10): the field is gone,
// every other field stays, and other events are untouched.
TEST(NoEssenceMigrationTest, LoggedAppealRegisteredEventsLoseTheEssenceAndKeepTheRest) {
  std::vector<db::Migration> before;
  for (const db::Migration& m : db::IntakeMigrations()) {
    if (m.name < "intake/0010") before.push_back(m);
  }
  std::unique_ptr<TestDatabase> db =
      TestDatabase::CreateOrDie("intake_0010", {&db::EventLogMigrations(), &before});
  v1::AppealRegistered registered;
  registered.set_appeal_id("0b7f2a4e-3c1d-4e5f-8a9b-0c1d2e3f4a5b");
  registered.set_registration_number("ЛОКЦ-2026-000001");
  registered.set_topic_code("109");
  registered.set_attribute(common::v1::APPEAL_ATTRIBUTE_PRIMARY);
  const std::string essence = "Я, Гайдамахівський Остромир, с. Ясноворіччя";
  // Field 18, length-delimited: key 18 << 3 | 2 = 146, a two-byte varint.
  const std::string old_bytes =
      absl::StrCat(registered.SerializeAsString(), "\x92\x01",
                   std::string(1, static_cast<char>(essence.size())), essence);
  v1::AppealNotConsidered other;
  other.set_appeal_id("1c8f3b5f-4d2e-4f60-9bac-1d2e3f4a5b6c");
  other.set_topic_code("109");
  const std::string other_bytes = other.SerializeAsString();
  auto insert = [&](const std::string& type, const std::string& bytes) {
    db->Exec(absl::StrCat(
        "INSERT INTO event_log (aggregate_id, type_url, payload, occurred_at) VALUES ('a', "
        "'type.googleapis.com/contactcenter.intake.v1.", type, "', decode('",
        absl::BytesToHexString(bytes), "', 'hex'), '2026-11-28 10:00:00+00')"));
  };
  insert("AppealRegistered", old_bytes);
  insert("AppealNotConsidered", other_bytes);
  ASSERT_OK(db::Migrate(db->dsn(), {&db::EventLogMigrations(), &db::IntakeMigrations()}));

  std::unique_ptr<db::Pool> pool = db->MakePool();
  absl::StatusOr<std::vector<std::string>> payloads =
      pool->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
        std::vector<std::string> out;
        for (const pqxx::row& r : tx.ExecRaw("SELECT payload FROM event_log ORDER BY id")) {
          out.push_back(db::BytesFromField(r[0]));
        }
        return out;
      });
  ASSERT_OK(payloads.status());
  ASSERT_EQ(payloads->size(), 2u);
  EXPECT_EQ((*payloads)[0], registered.SerializeAsString());
  EXPECT_EQ((*payloads)[0].find("Гайдамахівський"), std::string::npos);
  EXPECT_EQ((*payloads)[1], other_bytes);
}

}  // namespace
}  // namespace contactcenter::intake
