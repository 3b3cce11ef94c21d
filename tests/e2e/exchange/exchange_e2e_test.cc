// A card's whole journey across the real binaries: the fake Government
// Contact Center pushes it, the exchange registers it with intake, routing
// routes it, the executor answers, the center confirms it with the
// applicant, and the fake's journal holds exactly the legal sequence of
// statuses; also with the fake down for 30 seconds and the exchange killed
// with SIGKILL on the way.
#include <signal.h>

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/exchange/v1/exchange.grpc.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_certificates.h"
#include "e2e_test.h"
#include "fake/fake_gcc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"

namespace contactcenter::e2e {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace ex = ::contactcenter::exchange::v1;
namespace tracking = ::contactcenter::tracking::v1;

const std::vector<ex::StatusCode> kWholeLife = {
    ex::STATUS_CODE_REGISTERED, ex::STATUS_CODE_FORWARDED,          ex::STATUS_CODE_ACCEPTED,
    ex::STATUS_CODE_ANSWERED,   ex::STATUS_CODE_CALL_BACK_PLANNED, ex::STATUS_CODE_CLOSED};

ex::Card CardNumbered(const std::string& number) {
  ex::Card c;
  c.set_card_number(number);
  c.set_source(ex::CARD_SOURCE_PHONE);
  c.set_priority(ex::CARD_PRIORITY_NORMAL);
  c.set_question_code("109");
  c.set_content("Не працює вуличне освітлення на вул. Центральній.");
  c.set_territorial_unit("LG-SEV");
  c.mutable_person()->set_surname("Коваленко");
  c.mutable_person()->set_name("Ірина");
  c.mutable_person()->set_address("м. Сєвєродонецьк, вул. Центральна, 7");
  c.mutable_person()->set_phone("050 765 43 21");
  *c.mutable_received_at() = ToTimestamp(absl::Now() - absl::Minutes(10));
  return c;
}

class ExchangeE2eTest : public E2eTest {
 protected:
  // The exchange starts after the fake, which it must be told about.
  std::vector<std::string> Services() const override {
    return {"intake", "routing", "tracking"};
  }

  void SetUp() override {
    ASSERT_OK(fake_.Start());
    E2eTest::SetUp();
    if (HasFatalFailure()) return;
    ServiceProcess& p = cluster_->process("exchange");
    p.SetEnv("GCC_ADDR", fake_.address());
    // The other side's server is verified against its own CA, not ours.
    p.SetEnv("GCC_TLS_CA", gcc_certs_->ca_file());
    p.SetEnv("GCC_PRINCIPAL", Cluster::kSystemPrincipal);
    p.SetEnv("GCC_CALL_TIMEOUT", "2s");
    p.SetEnv("DELIVERY_INTERVAL", "100ms");
    p.SetEnv("DELIVERY_MAX_BACKOFF", "2s");
    p.SetEnv("DELIVERY_MAX_ATTEMPTS", "1000");
    p.SetEnv("PENDING_INTERVAL", "500ms");
    ASSERT_OK(cluster_->Start("exchange"));
    exchange_ = ex::ExchangeService::NewStub(cluster_->channel("exchange"));
  }

  void TearDown() override {
    exchange_.reset();
    E2eTest::TearDown();
    fake_.Stop();
  }

  absl::StatusOr<ex::PushCardResponse> Push(const ex::Card& card) {
    return fake_.Push(cluster_->address("exchange"), cluster_->ClientTls(),
                      cluster_->system_token(), card);
  }

  static common::v1::Date TodayDate() {
    return ToDate(absl::ToCivilDay(absl::Now(), KyivTimeZone()));
  }

  void Accept(const std::string& case_id) {
    tracking::AcceptCaseRequest req;
    req.set_case_id(case_id);
    tracking::AcceptCaseResponse resp;
    ASSERT_OK(executors_->AcceptCase(Ctx(cluster_->executor_token()).get(), req, &resp));
  }

  void Answer(const std::string& case_id) {
    tracking::SubmitAnswerRequest req;
    req.set_case_id(case_id);
    tracking::CaseAnswer* a = req.mutable_answer();
    a->set_text("Освітлення відновлено.");
    a->set_outgoing_number("01-15/78");
    *a->mutable_answer_date() = TodayDate();
    a->set_signer("I. Petrenko, head of the raion administration");
    a->set_result(tracking::CASE_RESULT_DONE);
    tracking::SubmitAnswerResponse resp;
    ASSERT_OK(executors_->SubmitAnswer(Ctx(cluster_->executor_token()).get(), req, &resp));
  }

  void Confirm(const std::string& case_id) {
    tracking::PlanCallBackRequest plan;
    plan.set_case_id(case_id);
    *plan.mutable_planned_date() = TodayDate();
    tracking::PlanCallBackResponse planned;
    ASSERT_OK(tracking_->PlanCallBack(Ctx().get(), plan, &planned));
    tracking::RecordCallBackRequest record;
    record.set_case_id(case_id);
    record.set_confirmed(true);
    record.set_grade(5);
    tracking::RecordCallBackResponse recorded;
    ASSERT_OK(tracking_->RecordCallBack(Ctx().get(), record, &recorded));
  }

  bool JournalIs(const std::string& card, const std::vector<ex::StatusCode>& want,
                 absl::Duration timeout = absl::Seconds(60)) {
    return Eventually([&] { return fake_.JournalOf(card) == want; }, timeout);
  }

  std::string Metrics() {
    httplib::Client cli("127.0.0.1", cluster_->metrics_port("exchange"));
    auto res = cli.Get("/metrics");
    return res ? res->body : "";
  }

  // The other party's CA and its server's certificate (CN gcc, for 127.0.0.1).
  std::unique_ptr<testing::TestCertificates> gcc_certs_ =
      testing::TestCertificates::CreateOrDie({"gcc"});
  exchange::fake::FakeGovernmentContactCenter fake_{gcc_certs_->ServerTls("gcc")};
  std::unique_ptr<ex::ExchangeService::Stub> exchange_;
};

TEST_F(ExchangeE2eTest, ACardBecomesOneAppealAndItsWholeLifeReachesTheOtherSideInOrder) {
  ex::Card card = CardNumbered("1545-E2E-000001");
  // Its "resolve by" is earlier than our month: it binds.
  const absl::CivilDay resolve_by = absl::ToCivilDay(absl::Now(), KyivTimeZone()) + 10;
  *card.mutable_resolve_by() = ToDate(resolve_by);
  absl::StatusOr<ex::PushCardResponse> first = Push(card);
  ASSERT_OK(first.status());
  ASSERT_EQ(first->outcome(), ex::CARD_OUTCOME_REGISTERED) << first->DebugString();
  // Delivered again (the other side did not see our answer): one appeal.
  absl::StatusOr<ex::PushCardResponse> again = Push(card);
  ASSERT_OK(again.status());
  EXPECT_TRUE(again->replayed());
  EXPECT_EQ(again->appeal_id(), first->appeal_id());

  intake::v1::GetAppealRequest get;
  get.set_appeal_id(first->appeal_id());
  intake::v1::GetAppealResponse appeal;
  ASSERT_OK(intake_->GetAppeal(Ctx().get(), get, &appeal));
  EXPECT_EQ(appeal.appeal().card().channel(), common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER);
  EXPECT_EQ(appeal.appeal().card().external_card_number(), "1545-E2E-000001");
  intake::v1::ListAppealsRequest list;
  list.set_channel(common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER);
  intake::v1::ListAppealsResponse listed;
  ASSERT_OK(intake_->ListAppeals(Ctx().get(), list, &listed));
  EXPECT_EQ(listed.appeals_size(), 1);

  absl::StatusOr<tracking::Case> c = WaitForCase(first->appeal_id());
  ASSERT_OK(c.status());
  ASSERT_EQ(c->executor_id(), Cluster::kExecutorId);
  EXPECT_EQ(FromDate(c->control_date()), resolve_by);
  Accept(c->id());
  Answer(c->id());
  Confirm(c->id());
  EXPECT_TRUE(JournalIs(card.card_number(), kWholeLife))
      << ::testing::PrintToString(fake_.JournalOf(card.card_number())) << "\n"
      << cluster_->process("exchange").LogTail();
  EXPECT_THAT(fake_.Violations(), IsEmpty());

  const std::string metrics = Metrics();
  EXPECT_THAT(metrics, HasSubstr("exchange_cards_received_total{outcome=\"registered\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("exchange_statuses_sent_total{status=\"closed\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("exchange_dead_letters 0"));

  // Reconciliation finds a planted difference (the other side "lost" all
  // but the first status) and sends the rest again; the journal stays exact.
  fake_.SetOpen(card.card_number(), ex::STATUS_CODE_REGISTERED, 1);
  ex::ReconcileResponse reconciled;
  ASSERT_OK(exchange_->Reconcile(Ctx(cluster_->supervisor_token()).get(), ex::ReconcileRequest(),
                                 &reconciled));
  ASSERT_EQ(reconciled.differences_size(), 1) << reconciled.DebugString();
  EXPECT_EQ(reconciled.differences(0).kind(), ex::DIFFERENCE_KIND_STATUS_DIFFERS);
  EXPECT_EQ(reconciled.differences(0).ours(), ex::STATUS_CODE_CLOSED);
  EXPECT_THAT(reconciled.differences(0).action(), HasSubstr("sent again from sequence 2"));
  EXPECT_TRUE(Eventually([&] {
    ex::ReconcileResponse r;
    return exchange_->Reconcile(Ctx(cluster_->supervisor_token()).get(), ex::ReconcileRequest(),
                                &r).ok() &&
           r.differences_size() == 0;
  }));
  EXPECT_EQ(fake_.JournalOf(card.card_number()), kWholeLife);
}

// Intake's decision after registration reaches the other side at once: the
// same applicant's second card on an issue the same body resolved is
// proposed for exclusion (Art. 8: "одним і тим же органом"; routing names
// the body), a supervisor confirms it, and the fake gets NOT_CONSIDERED.
// The first card's CALL_BACK_PLANNED carried its planned day.
TEST_F(ExchangeE2eTest, AnExclusionConfirmedAfterRegistrationIsSentAsNotConsidered) {
  const ex::Card first = CardNumbered("1545-E2E-000003");
  absl::StatusOr<ex::PushCardResponse> pushed = Push(first);
  ASSERT_OK(pushed.status());
  ASSERT_EQ(pushed->outcome(), ex::CARD_OUTCOME_REGISTERED);
  absl::StatusOr<tracking::Case> c = WaitForCase(pushed->appeal_id());
  ASSERT_OK(c.status());
  Accept(c->id());
  Answer(c->id());
  Confirm(c->id());
  ASSERT_TRUE(JournalIs(first.card_number(), kWholeLife))
      << ::testing::PrintToString(fake_.JournalOf(first.card_number()));
  for (const exchange::fake::JournalEntry& e : fake_.Journal()) {
    if (e.code != ex::STATUS_CODE_CALL_BACK_PLANNED) continue;
    EXPECT_EQ(FromDate(e.update.call_back().planned_date()), FromDate(TodayDate()));
  }

  // The same applicant on the same issue again, once intake has learned of
  // the closing from tracking.
  ASSERT_TRUE(Eventually([&] {
    intake::v1::FindApplicantHistoryRequest req;
    req.set_phone(first.person().phone());
    intake::v1::FindApplicantHistoryResponse history;
    return intake_->FindApplicantHistory(Ctx().get(), req, &history).ok() &&
           history.appeals_size() == 1 && history.appeals(0).closed();
  }));
  const ex::Card second = CardNumbered("1545-E2E-000004");
  absl::StatusOr<ex::PushCardResponse> repeat = Push(second);
  ASSERT_OK(repeat.status());
  ASSERT_EQ(repeat->outcome(), ex::CARD_OUTCOME_REGISTERED);
  const std::string appeal_id = repeat->appeal_id();
  const std::string card_number = second.card_number();
  intake::v1::GetAppealRequest get;
  get.set_appeal_id(appeal_id);
  intake::v1::GetAppealResponse got;
  ASSERT_OK(intake_->GetAppeal(Ctx().get(), get, &got));
  ASSERT_EQ(got.appeal().status(), intake::v1::APPEAL_STATUS_AWAITING_DECISION);
  // Routing tells intake the body: the same that resolved the first.
  ASSERT_TRUE(Eventually([&] {
    intake::v1::ListExclusionProposalsResponse queue;
    if (!intake_->ListExclusionProposals(Ctx(cluster_->supervisor_token()).get(),
                                         intake::v1::ListExclusionProposalsRequest(), &queue)
             .ok()) {
      return false;
    }
    for (const auto& p : queue.proposals()) {
      if (p.appeal().appeal_id() == appeal_id &&
          p.proposal().body_executor_id() == Cluster::kExecutorId) {
        return true;
      }
    }
    return false;
  }));
  intake::v1::DecideExclusionRequest decide;
  decide.set_appeal_id(appeal_id);
  decide.set_decision(intake::v1::EXCLUSION_DECISION_CONFIRMED);
  intake::v1::DecideExclusionResponse decided;
  ASSERT_OK(intake_->DecideExclusion(Ctx(cluster_->supervisor_token()).get(), decide, &decided));

  EXPECT_TRUE(JournalIs(card_number, {ex::STATUS_CODE_REGISTERED, ex::STATUS_CODE_NOT_CONSIDERED}))
      << ::testing::PrintToString(fake_.JournalOf(card_number)) << "\n"
      << cluster_->process("exchange").LogTail();
  EXPECT_THAT(fake_.Violations(), IsEmpty());
}

TEST_F(ExchangeE2eTest, TheLegalSequenceSurvivesTheOtherSideDownAndAKilledExchange) {
  const ex::Card card = CardNumbered("1545-E2E-000002");
  absl::StatusOr<ex::PushCardResponse> pushed = Push(card);
  ASSERT_OK(pushed.status());
  ASSERT_EQ(pushed->outcome(), ex::CARD_OUTCOME_REGISTERED);
  absl::StatusOr<tracking::Case> c = WaitForCase(pushed->appeal_id());
  ASSERT_OK(c.status());
  ASSERT_TRUE(JournalIs(card.card_number(), {ex::STATUS_CODE_REGISTERED,
                                             ex::STATUS_CODE_FORWARDED}));

  // The other side goes down for 30 seconds; meanwhile the case moves on
  // and the exchange is killed and restarted.
  fake_.Stop();
  const absl::Time down_at = absl::Now();
  Accept(c->id());
  Answer(c->id());
  absl::SleepFor(absl::Seconds(3));  // a few failed attempts
  cluster_->process("exchange").Signal(SIGKILL);
  ASSERT_OK(cluster_->Start("exchange"));
  // The card again while the other side "still waits" for our answer.
  absl::StatusOr<ex::PushCardResponse> again = Push(card);
  ASSERT_OK(again.status());
  EXPECT_EQ(again->appeal_id(), pushed->appeal_id());
  Confirm(c->id());
  absl::SleepFor(down_at + absl::Seconds(30) - absl::Now());
  EXPECT_EQ(fake_.JournalOf(card.card_number()).size(), 2u);
  ASSERT_OK(fake_.Start());

  EXPECT_TRUE(JournalIs(card.card_number(), kWholeLife))
      << ::testing::PrintToString(fake_.JournalOf(card.card_number())) << "\n"
      << cluster_->process("exchange").LogTail();
  EXPECT_THAT(fake_.Violations(), IsEmpty());
  EXPECT_THAT(Metrics(), ::testing::ContainsRegex("exchange_delivery_retries_total [1-9]"));
  ex::ListDeadLettersResponse dead;
  ASSERT_OK(exchange_->ListDeadLetters(Ctx(cluster_->supervisor_token()).get(),
                                       ex::ListDeadLettersRequest(), &dead));
  EXPECT_EQ(dead.letters_size(), 0);
}

TEST_F(ExchangeE2eTest, OnlyTheOtherSidesPrincipalMayPushCards) {
  ex::PushCardRequest req;
  *req.mutable_card() = CardNumbered("1545-E2E-000003");
  ex::PushCardResponse resp;
  EXPECT_EQ(exchange_->PushCard(Ctx().get(), req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Another of our services, with its own token and certificate.
  auto as_routing = ex::ExchangeService::NewStub(cluster_->ServiceChannel("exchange", "routing"));
  EXPECT_EQ(
      as_routing->PushCard(Ctx(cluster_->service_token("routing")).get(), req, &resp).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace contactcenter::e2e
