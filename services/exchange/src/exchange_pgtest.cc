// The exchange's use cases on a real PostgreSQL, with the fake Government
// Contact Center on loopback (the real v1 adapter talks to it) and
// in-process doubles for intake's RegisterAppeal and tracking's GetCase.
#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "card_intake.h"
#include "card_mapping.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "dead_letters.h"
#include "delivery.h"
#include "fake/fake_gcc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reconciler.h"
#include "retention.h"
#include "schema.h"
#include "status_follower.h"

namespace contactcenter::exchange {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const absl::Time kStart = absl::FromUnixSeconds(1796000000);

// Intake as the exchange sees it: registers once per idempotency key.
class FakeRegistrar final : public AppealRegistrar {
 public:
  absl::StatusOr<intake::v1::RegisterAppealResponse> Register(
      const intake::v1::RegisterAppealRequest& req) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls;
    if (unavailable > 0) {
      --unavailable;
      return absl::UnavailableError("intake is away");
    }
    if (req.card().applicant().person().phone() == "not a phone") {
      FieldViolations v;
      v.Add("card.applicant.person.phone", "not a phone number");
      return v.ToStatus("invalid appeal");
    }
    intake::v1::RegisterAppealResponse resp;
    auto it = by_key.find(req.idempotency_key());
    if (it != by_key.end()) {
      resp.set_replayed(true);
      *resp.mutable_appeal() = it->second;
      return resp;
    }
    intake::v1::Appeal a;
    a.set_id(absl::StrCat("00000000-0000-4000-8000-", absl::Dec(by_key.size() + 1, absl::kZeroPad12)));
    a.set_registration_number(absl::StrCat("ЛОКЦ-2026-", absl::Dec(by_key.size() + 1, absl::kZeroPad6)));
    a.set_status(intake::v1::APPEAL_STATUS_REGISTERED);
    *a.mutable_card() = req.card();
    *a.mutable_registered_at() = ToTimestamp(kStart);
    *a.mutable_registration_date() = ToDate(absl::CivilDay(2026, 12, 1));
    by_key[req.idempotency_key()] = a;
    *resp.mutable_appeal() = a;
    return resp;
  }

  std::mutex mu_;
  int calls = 0;
  int unavailable = 0;
  std::map<std::string, intake::v1::Appeal> by_key;
};

class FakeCases final : public CaseReader {
 public:
  absl::StatusOr<tracking::v1::Case> GetCaseByAppeal(const std::string& appeal_id) override {
    tracking::v1::Case c;
    c.set_appeal_id(appeal_id);
    c.mutable_answer()->set_text("Опалення відновлено 25 листопада.");
    c.mutable_answer()->set_outgoing_number("01-15/77");
    *c.mutable_answer()->mutable_answer_date() = ToDate(absl::CivilDay(2026, 12, 3));
    c.mutable_answer()->set_result(tracking::v1::CASE_RESULT_DONE);
    return c;
  }
};

v1::Card GoodCard(const std::string& number) {
  v1::Card c;
  c.set_card_number(number);
  c.set_source(v1::CARD_SOURCE_PHONE);
  c.set_question_code("109");
  c.set_content("Немає опалення в будинку з 20 листопада.");
  c.set_territorial_unit("LG-SEV");
  c.mutable_person()->set_surname("Шевченко");
  c.mutable_person()->set_name("Олена");
  c.mutable_person()->set_address("м. Сєвєродонецьк, вул. Центральна, 1");
  c.mutable_person()->set_phone("050 123 45 67");
  return c;
}

class ExchangePgTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = testing::TestDatabase::CreateOrDie(
              "exchange", {&db::EventLogMigrations(), &db::ExchangeMigrations()})
              .release();
  }

  void SetUp() override {
    db_->Exec(
        "TRUNCATE personal_data_transfers, status_outbox, cards, event_cursors RESTART IDENTITY "
        "CASCADE");
    pool_ = db_->MakePool();
    absl::StatusOr<refdata::Classifier> c = refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    ASSERT_OK(c.status());
    classifier_ = *std::move(c);
    ASSERT_OK(fake_.Start());
    gcc_ = std::make_unique<GrpcGovernmentContactCenterV1>(
        GrpcAdapterOptions{fake_.address(), "", absl::Seconds(2), tls::PlaintextForTestsOnly()});
    intake_ = std::make_unique<CardIntake>(pool_.get(), &store_, &registrar_, &classifier_,
                                           &clock_, &metrics_);
    DeliveryPolicy policy;
    policy.max_attempts = 3;
    policy.initial_backoff = absl::Milliseconds(100);
    policy.max_backoff = absl::Seconds(1);
    delivery_ = std::make_unique<Delivery>(pool_.get(), &store_, gcc_.get(), &cases_, &clock_,
                                           &metrics_, policy);
  }

  // Delivers until nothing is due, moving the clock past every backoff.
  void DeliverAll() {
    for (int i = 0; i < 20; ++i) {
      absl::StatusOr<DeliveryRun> run = delivery_->RunOnce();
      ASSERT_OK(run.status());
      clock_.Advance(absl::Seconds(2));
      // A channel reconnects within a second of the other side's return.
      if (run->failed > 0) absl::SleepFor(absl::Milliseconds(400));
    }
  }

  CardRow Card(const std::string& number) {
    absl::StatusOr<std::optional<CardRow>> row =
        pool_->Read([&](db::Tx& tx) { return store_.GetCard(tx, number); });
    EXPECT_OK(row.status());
    return row.ok() && *row ? **row : CardRow{};
  }

  int Count(const std::string& sql) {
    absl::StatusOr<int> n = pool_->Read([&](db::Tx& tx) -> absl::StatusOr<int> {
      return tx.ExecRaw(sql)[0][0].as<int>();
    });
    EXPECT_OK(n.status());
    return n.value_or(-1);
  }

  absl::Status Apply(const google::protobuf::Message& event, int64_t position) {
    eventlog::EventMeta meta;
    meta.position = position;
    meta.occurred_at = clock_.Now();
    return pool_->Write([&](db::Tx& tx) -> absl::Status {
      if (auto* opened = dynamic_cast<const tracking::v1::CaseOpened*>(&event)) {
        return follower_.OnCaseOpened(tx, *opened, meta);
      }
      if (auto* joined = dynamic_cast<const tracking::v1::CaseAppealJoined*>(&event)) {
        return follower_.OnCaseAppealJoined(tx, *joined, meta);
      }
      if (auto* nc = dynamic_cast<const intake::v1::AppealNotConsidered*>(&event)) {
        return follower_.OnAppealNotConsidered(tx, *nc, meta);
      }
      if (auto* ret = dynamic_cast<const intake::v1::AppealReturnedToApplicant*>(&event)) {
        return follower_.OnAppealReturned(tx, *ret, meta);
      }
      return follower_.OnCaseStatusChanged(
          tx, dynamic_cast<const tracking::v1::CaseStatusChanged&>(event), meta);
    });
  }

  tracking::v1::CaseStatusChanged Changed(const std::string& appeal_id,
                                          tracking::v1::CaseStatus from,
                                          tracking::v1::CaseStatus to) {
    tracking::v1::CaseStatusChanged e;
    e.set_appeal_id(appeal_id);
    e.set_executor_id("lg-sev-rva");
    e.set_from_status(from);
    e.set_to_status(to);
    e.set_actor("operator-1");
    *e.mutable_control_date() = ToDate(absl::CivilDay(2026, 12, 31));
    *e.mutable_changed_at() = ToTimestamp(clock_.Now());
    // Planning the call-back: tracking's event carries its day.
    if (to == tracking::v1::CASE_STATUS_ON_CHECK && from != to) {
      *e.mutable_call_back_planned_date() = ToDate(absl::CivilDay(2026, 12, 20));
    }
    return e;
  }

  // A card registered and forwarded, as tracking's events make it.
  std::string RegisterAndForward(const std::string& number) {
    absl::StatusOr<v1::PushCardResponse> r = intake_->Receive(GoodCard(number));
    EXPECT_OK(r.status());
    tracking::v1::CaseOpened opened;
    opened.set_appeal_id(r->appeal_id());
    opened.set_executor_id("lg-sev-rva");
    *opened.mutable_control_date() = ToDate(absl::CivilDay(2026, 12, 31));
    *opened.mutable_opened_at() = ToTimestamp(clock_.Now());
    EXPECT_OK(Apply(opened, ++position_));
    return r->appeal_id();
  }

  static testing::TestDatabase* db_;
  std::unique_ptr<db::Pool> pool_;
  refdata::Classifier classifier_;
  FakeClock clock_{kStart};
  ExchangeMetrics metrics_{nullptr};
  ExchangeStore store_;
  FakeRegistrar registrar_;
  FakeCases cases_;
  // Plaintext: the delivery logic is tested here; the e2e test speaks TLS.
  fake::FakeGovernmentContactCenter fake_{tls::PlaintextForTestsOnly()};
  std::unique_ptr<GovernmentContactCenter> gcc_;
  std::unique_ptr<CardIntake> intake_;
  std::unique_ptr<Delivery> delivery_;
  StatusFollower follower_{&store_};
  int64_t position_ = 0;
};

testing::TestDatabase* ExchangePgTest::db_ = nullptr;

TEST_F(ExchangePgTest, ACardDeliveredTwiceIsOneAppealAndItsPersonalDataLeavesWithIt) {
  absl::StatusOr<v1::PushCardResponse> first = intake_->Receive(GoodCard("1545-1"));
  ASSERT_OK(first.status());
  EXPECT_EQ(first->outcome(), v1::CARD_OUTCOME_REGISTERED);
  EXPECT_FALSE(first->replayed());
  absl::StatusOr<v1::PushCardResponse> again = intake_->Receive(GoodCard("1545-1"));
  ASSERT_OK(again.status());
  EXPECT_TRUE(again->replayed());
  EXPECT_EQ(again->appeal_id(), first->appeal_id());
  EXPECT_EQ(registrar_.calls, 1);
  EXPECT_EQ(registrar_.by_key.count("gcc:1545-1"), 1u);

  const CardRow row = Card("1545-1");
  EXPECT_EQ(row.state, CardState::kRegistered);
  EXPECT_FALSE(row.card.has_value());  // intake keeps the personal data
  EXPECT_EQ(row.registration_number, first->registration_number());
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox WHERE code = 1"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_transfers WHERE direction = 'from_gcc' "
                  "AND fields @> ARRAY['person.surname', 'person.phone', 'content']"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_transfers WHERE direction = 'to_intake'"),
            1);
}

TEST_F(ExchangePgTest, ABadCardIsKeptWithEveryBadFieldUntilAnOperatorFixesIt) {
  v1::Card bad = GoodCard("1545-2");
  bad.clear_content();
  bad.set_question_code("999");
  absl::StatusOr<v1::PushCardResponse> r = intake_->Receive(bad);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->outcome(), v1::CARD_OUTCOME_REJECTED);
  std::vector<std::string> fields;
  for (const v1::CardViolation& v : r->violations()) fields.push_back(v.field());
  EXPECT_THAT(fields, UnorderedElementsAre("content", "question_code"));
  EXPECT_EQ(registrar_.calls, 0);

  absl::StatusOr<ListPage<v1::RejectedCard>> kept = intake_->ListRejected(std::nullopt, 50);
  ASSERT_OK(kept.status());
  ASSERT_EQ(kept->items.size(), 1u);
  EXPECT_FALSE(kept->next.has_value());
  EXPECT_EQ(kept->items[0].card().person().surname(), "Шевченко");
  EXPECT_EQ(kept->items[0].violations_size(), 2);

  // Intake's finer checks reject too, named as the card names them.
  v1::Card still_bad = GoodCard("1545-2");
  still_bad.mutable_person()->set_phone("not a phone");
  absl::StatusOr<v1::PushCardResponse> again = intake_->Resubmit(still_bad);
  ASSERT_OK(again.status());
  EXPECT_EQ(again->outcome(), v1::CARD_OUTCOME_REJECTED);
  ASSERT_EQ(again->violations_size(), 1);
  EXPECT_EQ(again->violations(0).field(), "person.phone");

  absl::StatusOr<v1::PushCardResponse> fixed = intake_->Resubmit(GoodCard("1545-2"));
  ASSERT_OK(fixed.status());
  EXPECT_EQ(fixed->outcome(), v1::CARD_OUTCOME_REGISTERED);
  kept = intake_->ListRejected(std::nullopt, 50);
  ASSERT_OK(kept.status());
  EXPECT_THAT(kept->items, IsEmpty());
  EXPECT_THAT(intake_->Resubmit(GoodCard("1545-2")).status(), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ExchangePgTest, RejectedCardsComeInPagesEachOnceOldestFirst) {
  // Five bad cards, two received at the same moment (the card number
  // breaks the tie).
  for (int i = 1; i <= 5; ++i) {
    v1::Card bad = GoodCard(absl::StrCat("1545-9", i));
    bad.clear_content();
    ASSERT_OK(intake_->Receive(bad).status());
    if (i != 2) clock_.Advance(absl::Minutes(1));
  }
  std::vector<std::string> seen;
  std::optional<ListPosition> after;
  int pages = 0;
  do {
    absl::StatusOr<ListPage<v1::RejectedCard>> page = intake_->ListRejected(after, 2);
    ASSERT_OK(page.status());
    for (const v1::RejectedCard& c : page->items) seen.push_back(c.card().card_number());
    // Through the token, as a caller would.
    absl::StatusOr<std::optional<ListPosition>> next =
        DecodeListToken(EncodeListToken(page->next, "rejected"), "rejected");
    ASSERT_OK(next.status());
    after = *next;
    ++pages;
  } while (after && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(seen, ElementsAre("1545-91", "1545-92", "1545-93", "1545-94", "1545-95"));
}

TEST_F(ExchangePgTest, DeadLettersComeInPagesEachOnceOldestFirst) {
  for (int i = 1; i <= 3; ++i) {
    const std::string number = absl::StrCat("1545-8", i);
    fake_.Offer(GoodCard(number));
    RegisterAndForward(number);
  }
  fake::Faults faults;
  faults.refusals = 100;
  fake_.SetFaults(faults);
  DeliverAll();
  ASSERT_EQ(Count("SELECT count(*) FROM status_outbox WHERE state = 'dead'"), 3);
  DeadLetters dead(pool_.get(), &store_, &clock_);
  std::vector<std::string> seen;
  std::optional<ListPosition> after;
  int pages = 0;
  do {
    absl::StatusOr<ListPage<v1::DeadLetter>> page = dead.List(after, 2);
    ASSERT_OK(page.status());
    for (const v1::DeadLetter& d : page->items) seen.push_back(d.update().card_number());
    after = page->next;
    ++pages;
  } while (after && pages < 10);
  EXPECT_EQ(pages, 2);
  EXPECT_THAT(seen, UnorderedElementsAre("1545-81", "1545-82", "1545-83"));
}

TEST_F(ExchangePgTest, ACardOutsideTheOblastGoesBackAtOnceWithItsReason) {
  v1::Card card = GoodCard("1545-3");
  card.set_territorial_unit("KV-OBO");
  fake_.Offer(card);
  absl::StatusOr<v1::PushCardResponse> r = intake_->Receive(card);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->outcome(), v1::CARD_OUTCOME_RETURNED);
  EXPECT_THAT(r->reason(), ::testing::HasSubstr("Art. 7"));
  EXPECT_EQ(registrar_.calls, 0);
  DeliverAll();
  EXPECT_THAT(fake_.JournalOf("1545-3"), ElementsAre(v1::STATUS_CODE_RETURNED));
  EXPECT_THAT(fake_.Violations(), IsEmpty());
}

TEST_F(ExchangePgTest, ACardWaitsWhileIntakeIsAwayAndRegistersOnceLater) {
  registrar_.unavailable = 1;
  absl::StatusOr<v1::PushCardResponse> r = intake_->Receive(GoodCard("1545-4"));
  ASSERT_OK(r.status());
  EXPECT_EQ(r->outcome(), v1::CARD_OUTCOME_ACCEPTED);
  EXPECT_EQ(Card("1545-4").state, CardState::kReceived);
  // Tracking's events for other appeals wait meanwhile: one may be this card's.
  tracking::v1::CaseOpened other;
  other.set_appeal_id("00000000-0000-4000-8000-999999999999");
  EXPECT_THAT(Apply(other, 1), StatusIs(absl::StatusCode::kUnavailable));

  absl::StatusOr<int> done = intake_->RetryPending();
  ASSERT_OK(done.status());
  EXPECT_EQ(*done, 1);
  EXPECT_EQ(Card("1545-4").state, CardState::kRegistered);
  EXPECT_OK(Apply(other, 1));  // not ours: nothing queued
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox"), 1);
  // Delivered again: the first answer.
  absl::StatusOr<v1::PushCardResponse> again = intake_->Receive(GoodCard("1545-4"));
  ASSERT_OK(again.status());
  EXPECT_TRUE(again->replayed());
  EXPECT_EQ(again->outcome(), v1::CARD_OUTCOME_REGISTERED);
  EXPECT_EQ(registrar_.by_key.size(), 1u);
}

TEST_F(ExchangePgTest, TrackingsChangesAreQueuedInOrderAndDeliveredAsTheLegalSequence) {
  fake_.Offer(GoodCard("1545-5"));
  const std::string appeal = RegisterAndForward("1545-5");
  using tracking::v1::CaseStatus;
  for (auto [from, to] : std::vector<std::pair<CaseStatus, CaseStatus>>{
           {tracking::v1::CASE_STATUS_FORWARDED, tracking::v1::CASE_STATUS_ACCEPTED},
           {tracking::v1::CASE_STATUS_ACCEPTED, tracking::v1::CASE_STATUS_ACCEPTED},  // a note
           {tracking::v1::CASE_STATUS_ACCEPTED, tracking::v1::CASE_STATUS_ANSWERED},
           {tracking::v1::CASE_STATUS_ANSWERED, tracking::v1::CASE_STATUS_ON_CHECK},
           {tracking::v1::CASE_STATUS_ON_CHECK, tracking::v1::CASE_STATUS_CLOSED}}) {
    ASSERT_OK(Apply(Changed(appeal, from, to), ++position_));
  }
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox"), 6);
  EXPECT_TRUE(Card("1545-5").final);
  DeliverAll();
  EXPECT_THAT(fake_.JournalOf("1545-5"),
              ElementsAre(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_FORWARDED,
                          v1::STATUS_CODE_ACCEPTED, v1::STATUS_CODE_ANSWERED,
                          v1::STATUS_CODE_CALL_BACK_PLANNED, v1::STATUS_CODE_CLOSED));
  EXPECT_THAT(fake_.Violations(), IsEmpty());
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox WHERE state = 'delivered'"), 6);
  // CALL_BACK_PLANNED carries the day the applicant is to be called.
  for (const fake::JournalEntry& e : fake_.Journal()) {
    if (e.code != v1::STATUS_CODE_CALL_BACK_PLANNED) continue;
    EXPECT_EQ(FromDate(e.update.call_back().planned_date()), absl::CivilDay(2026, 12, 20));
  }
  // The answer's text went out, and that is recorded.
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_transfers WHERE direction = 'to_gcc' "
                  "AND fields @> ARRAY['answer.text']"),
            1);
  // A change after the final status is not sent.
  ASSERT_OK(Apply(Changed(appeal, tracking::v1::CASE_STATUS_CLOSED,
                          tracking::v1::CASE_STATUS_NOT_CONSIDERED),
                  ++position_));
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox"), 6);
}

// Intake's decisions after registration reach the other side at once, not
// only through reconciliation: a supervisor confirms the exclusion of one
// card's appeal (Art. 8), another's is returned (Art. 5).
TEST_F(ExchangePgTest, IntakesExclusionAndReturnAfterRegistrationAreSentInOrder) {
  fake_.Offer(GoodCard("1545-11"));
  fake_.Offer(GoodCard("1545-12"));
  absl::StatusOr<v1::PushCardResponse> excluded = intake_->Receive(GoodCard("1545-11"));
  absl::StatusOr<v1::PushCardResponse> returned = intake_->Receive(GoodCard("1545-12"));
  ASSERT_OK(excluded.status());
  ASSERT_OK(returned.status());

  intake::v1::AppealNotConsidered nc;
  nc.set_appeal_id(excluded->appeal_id());
  nc.set_reason(intake::v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED);
  nc.set_decided_by("sup-1");
  ASSERT_OK(Apply(nc, ++position_));
  intake::v1::AppealReturnedToApplicant ret;
  ret.set_appeal_id(returned->appeal_id());
  ret.add_explanation("no place of residence");
  ASSERT_OK(Apply(ret, ++position_));
  // Delivered again, or another appeal's: nothing more.
  ASSERT_OK(Apply(nc, position_));
  nc.set_appeal_id("00000000-0000-4000-8000-999999999999");
  ASSERT_OK(Apply(nc, ++position_));
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox"), 4);
  EXPECT_TRUE(Card("1545-11").final);
  EXPECT_TRUE(Card("1545-12").final);

  DeliverAll();
  EXPECT_THAT(fake_.JournalOf("1545-11"),
              ElementsAre(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_NOT_CONSIDERED));
  EXPECT_THAT(fake_.JournalOf("1545-12"),
              ElementsAre(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_RETURNED));
  EXPECT_THAT(fake_.Violations(), IsEmpty());
  for (const fake::JournalEntry& e : fake_.Journal()) {
    if (e.code == v1::STATUS_CODE_NOT_CONSIDERED) {
      EXPECT_EQ(e.update.reason(), "Art. 8: NOT_CONSIDERED_REASON_REPEATED_RESOLVED");
    }
    if (e.code == v1::STATUS_CODE_RETURNED) {
      EXPECT_EQ(e.update.reason(), "Art. 5: no place of residence");
    }
  }
  // Tracking's later events for a final card send nothing.
  ASSERT_OK(Apply(Changed(excluded->appeal_id(), tracking::v1::CASE_STATUS_FORWARDED,
                          tracking::v1::CASE_STATUS_ACCEPTED),
                  ++position_));
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox"), 4);
}

// Art. 8 grounds that come to light after the case opened: a supervisor
// leaves it without consideration in tracking. The other side learns the
// ground, by the same words as at registration, and never the
// supervisor's own (they stay in tracking's history; no event carries them).
TEST_F(ExchangePgTest, ACaseLeftWithoutConsiderationLaterSendsItsGroundNotAnybodysWords) {
  fake_.Offer(GoodCard("1545-21"));
  const std::string appeal = RegisterAndForward("1545-21");
  tracking::v1::CaseStatusChanged left = Changed(appeal, tracking::v1::CASE_STATUS_FORWARDED,
                                                 tracking::v1::CASE_STATUS_NOT_CONSIDERED);
  left.set_not_considered_reason(intake::v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);
  ASSERT_OK(Apply(left, ++position_));
  EXPECT_TRUE(Card("1545-21").final);

  DeliverAll();
  EXPECT_THAT(fake_.JournalOf("1545-21"),
              ElementsAre(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_FORWARDED,
                          v1::STATUS_CODE_NOT_CONSIDERED));
  EXPECT_THAT(fake_.Violations(), IsEmpty());
  for (const fake::JournalEntry& e : fake_.Journal()) {
    if (e.code == v1::STATUS_CODE_NOT_CONSIDERED) {
      EXPECT_EQ(e.update.reason(), "Art. 8: NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE");
    }
  }
}

// A card whose appeal is a duplicate joins the earlier appeal's case in
// tracking: it is forwarded with that case and follows its events.
TEST_F(ExchangePgTest, ACardWhoseAppealJoinedAnotherCaseFollowsThatCase) {
  fake_.Offer(GoodCard("1545-31"));
  fake_.Offer(GoodCard("1545-32"));
  const std::string first = RegisterAndForward("1545-31");
  absl::StatusOr<v1::PushCardResponse> dup = intake_->Receive(GoodCard("1545-32"));
  ASSERT_OK(dup.status());
  tracking::v1::CaseAppealJoined joined;
  joined.set_case_id("case-1");
  joined.set_case_appeal_id(first);
  joined.set_appeal_id(dup->appeal_id());
  joined.set_executor_id("lg-sev-rva");
  *joined.mutable_control_date() = ToDate(absl::CivilDay(2026, 12, 31));
  *joined.mutable_joined_at() = ToTimestamp(clock_.Now());
  ASSERT_OK(Apply(joined, ++position_));
  ASSERT_OK(Apply(joined, position_));  // again: nothing more
  ASSERT_OK(Apply(Changed(first, tracking::v1::CASE_STATUS_FORWARDED,
                          tracking::v1::CASE_STATUS_ACCEPTED),
                  ++position_));
  DeliverAll();
  EXPECT_THAT(fake_.JournalOf("1545-31"),
              ElementsAre(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_FORWARDED,
                          v1::STATUS_CODE_ACCEPTED));
  EXPECT_THAT(fake_.JournalOf("1545-32"),
              ElementsAre(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_FORWARDED,
                          v1::STATUS_CODE_ACCEPTED));
  EXPECT_THAT(fake_.Violations(), IsEmpty());
}

TEST_F(ExchangePgTest, FailuresAreRetriedThenDeadLettersWaitForAReplayInOrder) {
  fake_.Offer(GoodCard("1545-6"));
  const std::string appeal = RegisterAndForward("1545-6");
  // Errors, a late receipt and an unknown receipt code: retried, delivered once.
  fake::Faults faults;
  faults.errors = 1;
  faults.late_receipts = 1;
  faults.receipt_delay = absl::Seconds(3);
  faults.unknown_receipt_codes = 1;
  fake_.SetFaults(faults);
  DeliverAll();
  EXPECT_THAT(fake_.JournalOf("1545-6"),
              ElementsAre(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_FORWARDED));
  EXPECT_GT(fake_.received_messages(), 2);

  // The other side down past the budget: a dead letter, and the card's
  // later message waits behind it.
  ASSERT_OK(Apply(Changed(appeal, tracking::v1::CASE_STATUS_FORWARDED,
                          tracking::v1::CASE_STATUS_ACCEPTED),
                  ++position_));
  ASSERT_OK(Apply(Changed(appeal, tracking::v1::CASE_STATUS_ACCEPTED,
                          tracking::v1::CASE_STATUS_ANSWERED),
                  ++position_));
  fake_.Stop();
  DeliverAll();
  DeadLetters dead(pool_.get(), &store_, &clock_);
  absl::StatusOr<ListPage<v1::DeadLetter>> letters = dead.List(std::nullopt, 50);
  ASSERT_OK(letters.status());
  ASSERT_EQ(letters->items.size(), 1u);
  EXPECT_EQ(letters->items[0].update().code(), v1::STATUS_CODE_ACCEPTED);
  EXPECT_EQ(letters->items[0].attempts(), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox WHERE state = 'pending' AND attempts = 0"),
            1);

  ASSERT_OK(fake_.Start());
  absl::SleepFor(absl::Milliseconds(1500));  // the channel reconnects
  absl::StatusOr<int> replayed = dead.Replay("1545-6");
  ASSERT_OK(replayed.status());
  EXPECT_EQ(*replayed, 1);
  DeliverAll();
  EXPECT_THAT(fake_.JournalOf("1545-6"),
              ElementsAre(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_FORWARDED,
                          v1::STATUS_CODE_ACCEPTED, v1::STATUS_CODE_ANSWERED));
  EXPECT_THAT(fake_.Violations(), IsEmpty());
}

TEST_F(ExchangePgTest, RetentionDeletesOldDeliveredMessagesOfFinalCardsAndOldTransfers) {
  // One card's whole life, delivered; another left open.
  fake_.Offer(GoodCard("1545-21"));
  const std::string appeal = RegisterAndForward("1545-21");
  using tracking::v1::CaseStatus;
  for (auto [from, to] : std::vector<std::pair<CaseStatus, CaseStatus>>{
           {tracking::v1::CASE_STATUS_FORWARDED, tracking::v1::CASE_STATUS_ACCEPTED},
           {tracking::v1::CASE_STATUS_ACCEPTED, tracking::v1::CASE_STATUS_ANSWERED},
           {tracking::v1::CASE_STATUS_ANSWERED, tracking::v1::CASE_STATUS_ON_CHECK},
           {tracking::v1::CASE_STATUS_ON_CHECK, tracking::v1::CASE_STATUS_CLOSED}}) {
    ASSERT_OK(Apply(Changed(appeal, from, to), ++position_));
  }
  fake_.Offer(GoodCard("1545-22"));
  RegisterAndForward("1545-22");
  DeliverAll();
  ASSERT_EQ(Count("SELECT count(*) FROM status_outbox WHERE state = 'delivered'"), 8);
  const int transfers = Count("SELECT count(*) FROM personal_data_transfers");
  ASSERT_GT(transfers, 0);

  RetentionPolicy policy;
  policy.outbox = absl::Hours(24 * 30);
  policy.audit = absl::Hours(24 * 365);
  policy.batch_size = 2;  // several batches
  Retention retention(pool_.get(), &store_, &clock_, &metrics_, policy);
  // Within retention: nothing goes.
  absl::StatusOr<RetentionRun> run = retention.RunOnce();
  ASSERT_OK(run.status());
  EXPECT_EQ(run->outbox_deleted, 0);
  EXPECT_EQ(run->audit_deleted, 0);

  // 31 days on: the final card's messages go but its last (CLOSED); the
  // open card keeps all. 366 days on: the transfer records go too.
  clock_.Advance(absl::Hours(24 * 31));
  run = retention.RunOnce();
  ASSERT_OK(run.status());
  EXPECT_EQ(run->outbox_deleted, 5);
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox WHERE card_number = '1545-21'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox WHERE card_number = '1545-21' "
                  "AND sequence = 6"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox WHERE card_number = '1545-22'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_transfers"), transfers);
  clock_.Advance(absl::Hours(24 * 335));
  run = retention.RunOnce();
  ASSERT_OK(run.status());
  EXPECT_EQ(run->audit_deleted, transfers);
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_transfers"), 0);
  // Reconciliation still knows what was delivered last.
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox"), 3);
}

TEST_F(ExchangePgTest, ARefusalIsADeadLetterAtOnce) {
  fake_.Offer(GoodCard("1545-7"));
  RegisterAndForward("1545-7");
  fake::Faults faults;
  faults.refusals = 1;
  fake_.SetFaults(faults);
  DeliverAll();
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox WHERE state = 'dead' AND attempts = 1 "
                  "AND last_error LIKE 'refused%'"),
            1);
  EXPECT_THAT(fake_.JournalOf("1545-7"), IsEmpty());
}

TEST_F(ExchangePgTest, ALostMessageIsSentAgainInOrder) {
  fake_.Offer(GoodCard("1545-8"));
  const std::string appeal = RegisterAndForward("1545-8");
  DeliverAll();
  fake::Faults faults;
  faults.forget_last = 1;  // it loses FORWARDED
  fake_.SetFaults(faults);
  ASSERT_OK(Apply(Changed(appeal, tracking::v1::CASE_STATUS_FORWARDED,
                          tracking::v1::CASE_STATUS_ACCEPTED),
                  ++position_));
  DeliverAll();
  EXPECT_THAT(fake_.JournalOf("1545-8"),
              ElementsAre(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_FORWARDED,
                          v1::STATUS_CODE_ACCEPTED));
  EXPECT_EQ(Count("SELECT count(*) FROM status_outbox WHERE state = 'delivered'"), 3);
}

TEST_F(ExchangePgTest, ReconciliationFindsEveryPlantedDifferenceAndRepairsWhatItSafelyCan) {
  fake_.Offer(GoodCard("1545-9"));
  RegisterAndForward("1545-9");   // delivered 2; the other side will "lose" one
  fake_.Offer(GoodCard("1545-10"));
  RegisterAndForward("1545-10");  // the other side will forget it
  DeliverAll();
  fake_.SetOpen("1545-9", v1::STATUS_CODE_REGISTERED, 1);
  fake_.ForgetCard("1545-10");
  fake_.Offer(GoodCard("1545-11"));                            // never reached us
  fake_.SetOpen("1545-12", v1::STATUS_CODE_UNSPECIFIED, 0);   // nor did this, not offered

  Reconciler reconciler(pool_.get(), &store_, gcc_.get(), intake_.get(), &clock_);
  absl::StatusOr<v1::ReconcileResponse> r = reconciler.Run();
  ASSERT_OK(r.status());
  std::map<std::string, v1::Difference> by_card;
  for (const v1::Difference& d : r->differences()) by_card[d.card_number()] = d;
  ASSERT_EQ(by_card.size(), 4u) << r->DebugString();
  EXPECT_EQ(by_card["1545-9"].kind(), v1::DIFFERENCE_KIND_STATUS_DIFFERS);
  EXPECT_EQ(by_card["1545-9"].ours(), v1::STATUS_CODE_FORWARDED);
  EXPECT_EQ(by_card["1545-9"].theirs(), v1::STATUS_CODE_REGISTERED);
  EXPECT_EQ(by_card["1545-10"].kind(), v1::DIFFERENCE_KIND_MISSING_THERE);
  EXPECT_EQ(by_card["1545-11"].kind(), v1::DIFFERENCE_KIND_MISSING_HERE);
  EXPECT_THAT(by_card["1545-11"].action(), ::testing::HasSubstr("taken from its feed"));
  EXPECT_EQ(by_card["1545-12"].kind(), v1::DIFFERENCE_KIND_MISSING_HERE);
  EXPECT_THAT(by_card["1545-12"].action(), ::testing::HasSubstr("left"));

  // The repairs: 1545-9's FORWARDED goes again, 1545-11 is registered.
  DeliverAll();
  EXPECT_EQ(Card("1545-11").state, CardState::kRegistered);
  absl::StatusOr<v1::ReconcileResponse> after = reconciler.Run();
  ASSERT_OK(after.status());
  std::vector<std::string> left;
  for (const v1::Difference& d : after->differences()) left.push_back(d.card_number());
  EXPECT_THAT(left, UnorderedElementsAre("1545-10", "1545-12"));
}

}  // namespace
}  // namespace contactcenter::exchange
