// Notices to applicants on a real PostgreSQL: the outbox written in the
// transaction of its cause (registration, decision, routing's and tracking's
// events), deduplicated by cause, sent by NoticeSender over fake channels
// with retries until the budget, then failed, listed and resent.
#include "notices.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "appeal_registry.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "intake_service.h"
#include "knowledge_base.h"
#include "contactcenter/testing/in_process_server.h"
#include "notice_sender.h"
#include "sample_appeal.h"
#include "schema.h"

namespace contactcenter::intake {
namespace {

using ::contactcenter::testing::TestDatabase;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

std::string DecodeBase64(absl::string_view in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    const size_t v = kAlphabet.find(c);
    if (v == std::string::npos) continue;
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xff);
    }
  }
  return out;
}

// Records what it was given; fails while `refuse` is set.
class FakeEmail final : public EmailTransport {
 public:
  absl::Status Send(const std::string& to, const std::string& message) override {
    if (refuse) return absl::UnavailableError("smtp: Couldn't connect to server (curl 7)");
    sent.push_back({to, message});
    return absl::OkStatus();
  }
  const std::string& from() const override { return from_; }
  bool refuse = false;
  std::vector<std::pair<std::string, std::string>> sent;

 private:
  std::string from_ = "noreply@lokc.gov.ua";
};

class FakeSms final : public SmsGateway {
 public:
  absl::Status Send(const std::string& ref, const std::string& phone,
                    const std::string& text) override {
    sent.push_back({ref, phone, text});
    return absl::OkStatus();
  }
  struct Sms {
    std::string ref, phone, text;
  };
  std::vector<Sms> sent;
};

class NoticesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("intake_notices",
                                    {&db::EventLogMigrations(), &db::IntakeMigrations()})
              .release();
  }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    db_->Exec(
        "TRUNCATE appeals, registration_counters, idempotency_keys, event_log, notices, "
        "notice_channels, notice_letter_numbers, notice_case_terms CASCADE");
    pool_ = db_->MakePool();
    templates_ = *NoticeTemplates::LoadDir(CC_REFERENCE_DIR);
    events_ = std::make_unique<eventlog::Producer>("intake", pool_.get(), nullptr);
    notices_ = std::make_unique<Notices>(
        pool_.get(), &notice_store_, &appeal_store_, &working_hours_.calendar(), &templates_,
        std::map<std::string, std::string>{
            {"lg-sev-rva", "Сєвєродонецька районна військова адміністрація"}},
        "ЛОКЦ");
    appeals_ = std::make_unique<AppealRegistry>(pool_.get(), &appeal_store_, &holder_store_,
                                                events_.get(), &working_hours_, "ЛОКЦ");
    appeals_->set_notices(notices_.get());
    notices_->FollowRouting(from_routing_);
    notices_->FollowTracking(from_tracking_);
    policy_.max_attempts = 3;
    policy_.initial_backoff = absl::Seconds(10);
    policy_.max_backoff = absl::Seconds(40);
  }

  v1::Appeal Register(v1::RegisterAppealRequest req) {
    absl::StatusOr<AppealRegistry::Registered> r =
        appeals_->Register(req, {"op-1", auth::Role::kOperator, ""}, clock_.Now());
    EXPECT_OK(r.status());
    return r.ok() ? r->appeal : v1::Appeal();
  }

  static v1::RegisterAppealRequest Electronic(const std::string& email) {
    v1::RegisterAppealRequest req = SampleAppeal();
    req.mutable_card()->set_form(common::v1::APPEAL_FORM_ELECTRONIC);
    req.mutable_card()->set_channel(common::v1::CHANNEL_WEB_FORM);
    req.mutable_card()->mutable_applicant()->mutable_person()->set_email(email);
    return req;
  }

  template <typename Message>
  absl::Status Deliver(eventlog::Dispatcher& d, const Message& payload,
                       const std::string& event_id) {
    eventlog::v1::Event e;
    e.set_position(++position_);
    e.set_event_id(event_id);
    *e.mutable_occurred_at() = ToTimestamp(clock_.Now());
    e.mutable_payload()->PackFrom(payload);
    return pool_->Write([&](db::Tx& tx) { return d.Dispatch(tx, e); });
  }

  routing::v1::AppealRouted Routed(const v1::Appeal& a) {
    routing::v1::AppealRouted e;
    e.set_appeal_id(a.id());
    e.set_registration_number(a.registration_number());
    e.set_executor_id("lg-sev-rva");
    *e.mutable_received_at() = a.card().received_at();
    return e;
  }

  tracking::v1::CaseStatusChanged TermChanged(const v1::Appeal& a, absl::CivilDay day) {
    tracking::v1::CaseStatusChanged e;
    e.set_case_id("c-1");
    e.set_appeal_id(a.id());
    *e.mutable_control_date() = ToDate(day);
    return e;
  }

  int64_t CountNotices() {
    return *pool_->Read([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
      return tx.ExecRaw("SELECT count(*) FROM notices")[0][0].as<int64_t>();
    });
  }

  std::vector<v1::Notice> NoticesOf(const std::string& appeal_id) {
    return *pool_->Read([&](db::Tx& tx) { return notices_->ForAppeal(tx, appeal_id); });
  }

  static inline TestDatabase* db_ = nullptr;
  std::unique_ptr<db::Pool> pool_;
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 12, 1, 12, 0, 0), KyivTimeZone())};
  WorkingHours working_hours_;
  AppealStore appeal_store_;
  HolderStore holder_store_;
  NoticeStore notice_store_;
  NoticeTemplates templates_;
  std::unique_ptr<eventlog::Producer> events_;
  std::unique_ptr<Notices> notices_;
  std::unique_ptr<AppealRegistry> appeals_;
  eventlog::Dispatcher from_routing_;
  eventlog::Dispatcher from_tracking_;
  int64_t position_ = 0;
  NoticePolicy policy_;
  FakeEmail email_;
  FakeSms sms_;
};

TEST_F(NoticesTest, AnElectronicAppealIsAcknowledgedInItsRegistrationsTransaction) {
  const v1::Appeal a = Register(Electronic("olena@example.com"));
  const std::vector<v1::Notice> n = NoticesOf(a.id());
  ASSERT_THAT(n, SizeIs(1));
  EXPECT_EQ(n[0].kind(), v1::NOTICE_KIND_ACKNOWLEDGED);
  EXPECT_EQ(n[0].channel(), v1::NOTICE_CHANNEL_EMAIL);
  EXPECT_EQ(n[0].status(), v1::NOTICE_STATUS_PENDING);
  EXPECT_EQ(n[0].registration_number(), a.registration_number());
  // An oral appeal is not acknowledged, but its channel is kept for later.
  const v1::Appeal oral = Register(SampleAppeal());
  EXPECT_THAT(NoticesOf(oral.id()), SizeIs(0));
}

TEST_F(NoticesTest, TheRegistrationRolledBackLeavesNoNotice) {
  // A registration whose transaction fails (an unknown same-event appeal)
  // writes neither the appeal nor its notice.
  v1::RegisterAppealRequest req = Electronic("olena@example.com");
  req.mutable_card()->set_same_event_appeal_id("0b7f2a4e-3c1d-4e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_FALSE(appeals_->Register(req, {"op-1", auth::Role::kOperator, ""}, clock_.Now()).ok());
  EXPECT_EQ(CountNotices(), 0);
}

TEST_F(NoticesTest, RoutingsEventForwardsOnceWithTheBodysNameAndTheArt7Term) {
  const v1::Appeal a = Register(SampleAppeal());
  ASSERT_OK(Deliver(from_routing_, Routed(a), "routing-e-1"));
  // Routing's log replayed: the same event adds nothing.
  ASSERT_OK(Deliver(from_routing_, Routed(a), "routing-e-1"));
  const std::vector<v1::Notice> n = NoticesOf(a.id());
  ASSERT_THAT(n, SizeIs(1));
  EXPECT_EQ(n[0].kind(), v1::NOTICE_KIND_FORWARDED);
  EXPECT_EQ(n[0].channel(), v1::NOTICE_CHANNEL_SMS);
  // Received Tuesday 2026-12-01: 5 days → Sunday → Monday 2026-12-07.
  EXPECT_EQ(FromDate(n[0].due_date()), absl::CivilDay(2026, 12, 7));

  NoticeSender sender(notices_.get(), &email_, &sms_, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  ASSERT_THAT(sms_.sent, SizeIs(1));
  EXPECT_EQ(sms_.sent[0].ref, n[0].id());
  EXPECT_EQ(sms_.sent[0].phone, "+380501234567");
  EXPECT_THAT(sms_.sent[0].text, HasSubstr("Сєвєродонецька районна військова адміністрація"));
  EXPECT_THAT(sms_.sent[0].text, HasSubstr(a.registration_number()));
  // Sent: never sent again.
  ASSERT_OK(sender.RunOnce().status());
  EXPECT_THAT(sms_.sent, SizeIs(1));
  EXPECT_EQ(NoticesOf(a.id())[0].status(), v1::NOTICE_STATUS_SENT);
}

// A body routing created or renamed is named in the letter as routing's
// directory names it (ExecutorDirectoryChanged), not by its id or an old
// name; an older version arriving late changes nothing; a body routing never
// announced keeps the reference data's name.
TEST_F(NoticesTest, TheForwardingNoticeNamesTheBodyAsRoutingsDirectoryNamesIt) {
  const auto version_naming = [](int64_t version, const std::string& name) {
    routing::v1::ExecutorDirectoryChanged e;
    e.set_version(version);
    routing::v1::DirectoryBody* body = e.add_bodies();
    body->set_id("lg-new-cnap");
    body->set_name_uk(name);
    return e;
  };
  ASSERT_OK(Deliver(from_routing_,
                    version_naming(2, "Центр надання адміністративних послуг Сєвєродонецької громади"),
                    "directory-2"));
  ASSERT_OK(Deliver(from_routing_, version_naming(1, "стара назва"), "directory-1"));

  const v1::Appeal to_new = Register(SampleAppeal());
  routing::v1::AppealRouted routed = Routed(to_new);
  routed.set_executor_id("lg-new-cnap");
  ASSERT_OK(Deliver(from_routing_, routed, "routing-new-1"));
  const v1::Appeal to_known = Register(SampleAppeal());
  ASSERT_OK(Deliver(from_routing_, Routed(to_known), "routing-known-1"));

  NoticeSender sender(notices_.get(), &email_, &sms_, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  ASSERT_OK(sender.RunOnce().status());
  ASSERT_THAT(sms_.sent, SizeIs(2));
  std::map<std::string, std::string> text_of;  // registration number → text
  for (const FakeSms::Sms& m : sms_.sent) {
    for (const v1::Appeal* a : {&to_new, &to_known}) {
      if (absl::StrContains(m.text, a->registration_number())) {
        text_of[a->registration_number()] = m.text;
      }
    }
  }
  EXPECT_THAT(text_of[to_new.registration_number()],
              AllOf(HasSubstr("Центр надання адміністративних послуг Сєвєродонецької громади"),
                    Not(HasSubstr("lg-new-cnap")), Not(HasSubstr("стара назва"))));
  EXPECT_THAT(text_of[to_known.registration_number()],
              HasSubstr("Сєвєродонецька районна військова адміністрація"));
}

// A Government Contact Center card with a phone (the exchange registers it
// with the GCC's card number): forwarded here, told by SMS like any other
// (README, "Notices to applicants": Art. 7 binds the body that forwards);
// with --notice_gcc_applicants=false no channel is kept and nothing is told,
// while the center's own appeals still are.
TEST_F(NoticesTest, AGovernmentContactCenterCardWithAPhoneIsToldBySmsUnlessLeftToThatCenter) {
  v1::RegisterAppealRequest req = SampleAppeal();
  req.mutable_card()->set_channel(common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER);
  req.mutable_card()->set_external_card_number("УКЦ-1545-000777");
  const v1::Appeal told = Register(req);
  ASSERT_OK(Deliver(from_routing_, Routed(told), "routing-gcc-1"));
  std::vector<v1::Notice> n = NoticesOf(told.id());
  ASSERT_THAT(n, SizeIs(1));
  EXPECT_EQ(n[0].kind(), v1::NOTICE_KIND_FORWARDED);
  EXPECT_EQ(n[0].channel(), v1::NOTICE_CHANNEL_SMS);
  NoticeSender sender(notices_.get(), &email_, &sms_, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  ASSERT_THAT(sms_.sent, SizeIs(1));
  EXPECT_EQ(sms_.sent[0].phone, "+380501234567");

  // The center left telling them to the GCC.
  Notices left(pool_.get(), &notice_store_, &appeal_store_, &working_hours_.calendar(),
               &templates_, {}, "ЛОКЦ", /*tell_gcc_applicants=*/false);
  appeals_->set_notices(&left);
  eventlog::Dispatcher routing;
  left.FollowRouting(routing);
  req.mutable_card()->set_external_card_number("УКЦ-1545-000778");
  const v1::Appeal untold = Register(req);
  const v1::Appeal own = Register(SampleAppeal());
  ASSERT_OK(Deliver(routing, Routed(untold), "routing-gcc-2"));
  ASSERT_OK(Deliver(routing, Routed(own), "routing-own-1"));
  EXPECT_THAT(NoticesOf(untold.id()), SizeIs(0));
  EXPECT_EQ(*pool_->Read([&](db::Tx& tx) { return notice_store_.ChannelOf(tx, untold.id()); }),
            v1::NOTICE_CHANNEL_UNSPECIFIED);
  n = NoticesOf(own.id());
  ASSERT_THAT(n, SizeIs(1));
  EXPECT_EQ(n[0].channel(), v1::NOTICE_CHANNEL_SMS);
  appeals_->set_notices(notices_.get());
}

TEST_F(NoticesTest, AnAppealFromBeforeTheNoticesGetsNone) {
  // No channel recorded (registered before migration 0015): routing's
  // event writes nothing rather than surprise the applicant.
  const v1::Appeal a = Register(SampleAppeal());
  db_->Exec("DELETE FROM notice_channels");
  ASSERT_OK(Deliver(from_routing_, Routed(a), "routing-e-1"));
  EXPECT_THAT(NoticesOf(a.id()), SizeIs(0));
}

TEST_F(NoticesTest, OnlyTheHeadsExtensionIsTold) {
  const v1::Appeal a = Register(SampleAppeal());
  tracking::v1::CaseOpened opened;
  opened.set_appeal_id(a.id());
  *opened.mutable_control_date() = ToDate(absl::CivilDay(2026, 12, 16));
  ASSERT_OK(Deliver(from_tracking_, opened, "tracking-e-1"));
  // A change that keeps the term (accepted) tells nothing.
  ASSERT_OK(Deliver(from_tracking_, TermChanged(a, absl::CivilDay(2026, 12, 16)), "tracking-e-2"));
  EXPECT_THAT(NoticesOf(a.id()), SizeIs(0));
  // Extended (Art. 20): told, with the new last day; replayed: once.
  ASSERT_OK(Deliver(from_tracking_, TermChanged(a, absl::CivilDay(2027, 1, 15)), "tracking-e-3"));
  ASSERT_OK(Deliver(from_tracking_, TermChanged(a, absl::CivilDay(2027, 1, 15)), "tracking-e-3"));
  // Shortened on the applicant's demand: not told back.
  ASSERT_OK(Deliver(from_tracking_, TermChanged(a, absl::CivilDay(2027, 1, 5)), "tracking-e-4"));
  const std::vector<v1::Notice> n = NoticesOf(a.id());
  ASSERT_THAT(n, SizeIs(1));
  EXPECT_EQ(n[0].kind(), v1::NOTICE_KIND_EXTENDED);

  NoticeSender sender(notices_.get(), &email_, &sms_, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  ASSERT_THAT(sms_.sent, SizeIs(1));
  EXPECT_THAT(sms_.sent[0].text, HasSubstr("15.01.2027"));
}

// Art. 20: the extension notice says why, from the head's reason code in
// tracking's event (the reason's words stay in tracking); an event without a
// code (written before it existed) says the neutral sentence.
TEST_F(NoticesTest, TheExtensionSaysTheHeadsReasonFromItsCode) {
  const v1::Appeal coded = Register(SampleAppeal());
  const v1::Appeal uncoded = Register(SampleAppeal());
  for (const v1::Appeal* a : {&coded, &uncoded}) {
    tracking::v1::CaseOpened opened;
    opened.set_appeal_id(a->id());
    *opened.mutable_control_date() = ToDate(absl::CivilDay(2026, 12, 16));
    ASSERT_OK(Deliver(from_tracking_, opened, "opened-" + a->id()));
  }
  tracking::v1::CaseStatusChanged with_code = TermChanged(coded, absl::CivilDay(2027, 1, 15));
  with_code.set_extension_reason(tracking::v1::EXTENSION_REASON_DOCUMENTS_FROM_OTHER_BODIES);
  ASSERT_OK(Deliver(from_tracking_, with_code, "extended-coded"));
  ASSERT_OK(Deliver(from_tracking_, TermChanged(uncoded, absl::CivilDay(2027, 1, 14)),
                    "extended-uncoded"));
  EXPECT_EQ(*pool_->Read([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
    return tx.ExecRaw("SELECT count(*) FROM notices WHERE extension_reason = 2")[0][0]
        .as<int64_t>();
  }),
            1);

  NoticeSender sender(notices_.get(), &email_, &sms_, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  ASSERT_OK(sender.RunOnce().status());
  ASSERT_THAT(sms_.sent, SizeIs(2));
  std::map<std::string, std::string> text_of;  // the date → the text
  for (const FakeSms::Sms& m : sms_.sent) {
    text_of[absl::StrContains(m.text, "15.01.2027") ? "coded" : "uncoded"] = m.text;
  }
  EXPECT_THAT(text_of["coded"],
              HasSubstr("оскільки для вирішення порушених у ньому питань потрібні документи або "
                        "відомості від інших органів"));
  EXPECT_THAT(text_of["coded"], Not(HasSubstr("free text")));
  EXPECT_THAT(text_of["uncoded"], HasSubstr("14.01.2027"));
  EXPECT_THAT(text_of["uncoded"],
              HasSubstr("оскільки вирішити порушені у ньому питання в місячний термін неможливо"));
}

TEST_F(NoticesTest, AReturnedAppealIsToldWhatItLacksWithinItsTerm) {
  v1::RegisterAppealRequest req = Electronic("olena@example.com");
  req.mutable_card()->mutable_applicant()->mutable_person()->clear_surname();
  const v1::Appeal a = Register(req);
  ASSERT_EQ(a.status(), v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  const std::vector<v1::Notice> n = NoticesOf(a.id());
  ASSERT_THAT(n, SizeIs(1));
  EXPECT_EQ(n[0].kind(), v1::NOTICE_KIND_RETURNED);
  EXPECT_EQ(FromDate(n[0].due_date()), FromDate(a.return_due_date()));

  NoticeSender sender(notices_.get(), &email_, &sms_, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  ASSERT_THAT(email_.sent, SizeIs(1));
  EXPECT_EQ(email_.sent[0].first, "olena@example.com");
  EXPECT_THAT(email_.sent[0].second, HasSubstr(absl::StrCat("Message-ID: <", n[0].id(), "@")));
  const std::string& message = email_.sent[0].second;
  const std::string body = DecodeBase64(message.substr(message.find("\r\n\r\n")));
  EXPECT_THAT(body, HasSubstr(a.return_explanation(0)));
  EXPECT_THAT(body, HasSubstr(a.registration_number()));
  EXPECT_THAT(body, HasSubstr("01.12.2026"));
}

TEST_F(NoticesTest, TheSupervisorsConfirmedExclusionIsTold) {
  v1::RegisterAppealRequest req = SampleAppeal();
  req.mutable_card()->set_applicant_declared_incapable(true);
  const v1::Appeal a = Register(req);
  ASSERT_EQ(a.status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_THAT(NoticesOf(a.id()), SizeIs(0));
  ASSERT_OK(appeals_
                ->DecideExclusion(a.id(), v1::EXCLUSION_DECISION_CONFIRMED, "",
                                  {"sup-1", auth::Role::kSupervisor, ""}, clock_.Now())
                .status());
  const std::vector<v1::Notice> n = NoticesOf(a.id());
  ASSERT_THAT(n, SizeIs(1));
  EXPECT_EQ(n[0].kind(), v1::NOTICE_KIND_NOT_CONSIDERED);
}

TEST_F(NoticesTest, AfterTheRetryBudgetANoticeFailsWaitsInTheListAndCanBeResent) {
  const v1::Appeal a = Register(Electronic("olena@example.com"));
  email_.refuse = true;
  NoticeSender sender(notices_.get(), &email_, &sms_, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  v1::Notice n = NoticesOf(a.id())[0];
  EXPECT_EQ(n.status(), v1::NOTICE_STATUS_PENDING);
  EXPECT_EQ(n.attempts(), 1);
  EXPECT_THAT(n.last_error(), HasSubstr("Couldn't connect"));
  // Not retried before its backoff (5-10 s after the first failure).
  clock_.Advance(absl::Seconds(4));
  ASSERT_OK(sender.RunOnce().status());
  EXPECT_EQ(NoticesOf(a.id())[0].attempts(), 1);
  clock_.Advance(absl::Seconds(7));
  ASSERT_OK(sender.RunOnce().status());
  EXPECT_EQ(NoticesOf(a.id())[0].attempts(), 2);
  clock_.Advance(absl::Seconds(21));
  ASSERT_OK(sender.RunOnce().status());
  n = NoticesOf(a.id())[0];
  EXPECT_EQ(n.attempts(), 3);
  EXPECT_EQ(n.status(), v1::NOTICE_STATUS_FAILED);
  clock_.Advance(absl::Hours(1));
  ASSERT_OK(sender.RunOnce().status());
  EXPECT_EQ(NoticesOf(a.id())[0].attempts(), 3);

  absl::StatusOr<std::vector<v1::Notice>> failed = notices_->ListFailed(50);
  ASSERT_OK(failed.status());
  ASSERT_THAT(*failed, SizeIs(1));
  EXPECT_EQ((*failed)[0].id(), n.id());
  absl::StatusOr<NoticeCounts> counts = notices_->Counts(clock_.Now());
  ASSERT_OK(counts.status());
  EXPECT_EQ(counts->failed, 1);

  email_.refuse = false;
  ASSERT_OK(notices_->Resend(n.id(), clock_.Now()).status());
  EXPECT_THAT(notices_->Resend(n.id(), clock_.Now()),
              ::contactcenter::testing::StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_OK(sender.RunOnce().status());
  ASSERT_THAT(email_.sent, SizeIs(1));
  EXPECT_EQ(NoticesOf(a.id())[0].status(), v1::NOTICE_STATUS_SENT);
  EXPECT_THAT(*notices_->ListFailed(50), SizeIs(0));
}

TEST_F(NoticesTest, WithoutSmtpEmailNoticesWaitAndAreNotLost) {
  const v1::Appeal a = Register(Electronic("olena@example.com"));
  NoticeSender unconfigured(notices_.get(), nullptr, nullptr, &clock_, policy_, nullptr);
  ASSERT_OK(unconfigured.RunOnce().status());
  EXPECT_EQ(NoticesOf(a.id())[0].attempts(), 0);
  EXPECT_EQ(notices_->Counts(clock_.Now())->pending_email, 1);
  // Configured later: sent.
  NoticeSender sender(notices_.get(), &email_, nullptr, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  EXPECT_THAT(email_.sent, SizeIs(1));
}

TEST_F(NoticesTest, AnApplicantWithoutEmailOrPhoneGetsALetterInTheDaysBatch) {
  v1::RegisterAppealRequest req = SampleAppeal();
  req.mutable_card()->mutable_applicant()->mutable_person()->clear_phone();
  const v1::Appeal a = Register(req);
  ASSERT_OK(Deliver(from_routing_, Routed(a), "routing-e-1"));
  NoticeSender sender(notices_.get(), nullptr, nullptr, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  const v1::Notice n = NoticesOf(a.id())[0];
  EXPECT_EQ(n.channel(), v1::NOTICE_CHANNEL_POST);
  EXPECT_EQ(n.status(), v1::NOTICE_STATUS_SENT);
  EXPECT_EQ(n.outgoing_number(), "ЛОКЦ-ВИХ-2026-000001");
  absl::StatusOr<std::vector<v1::Letter>> batch =
      notices_->LetterBatch(absl::CivilDay(2026, 12, 1));
  ASSERT_OK(batch.status());
  ASSERT_THAT(*batch, SizeIs(1));
  EXPECT_EQ((*batch)[0].outgoing_number(), "ЛОКЦ-ВИХ-2026-000001");
  EXPECT_EQ((*batch)[0].addressee(), "Шевченко Олена");
  EXPECT_EQ((*batch)[0].address(), "м. Сєвєродонецьк, вул. Центральна, 1");
  EXPECT_THAT((*batch)[0].text(), HasSubstr("Сєвєродонецька районна військова адміністрація"));
  EXPECT_THAT(*notices_->LetterBatch(absl::CivilDay(2026, 12, 2)), SizeIs(0));
}

TEST_F(NoticesTest, GetAppealShowsTheNoticesWithChannelAndDelivery) {
  const v1::Appeal a = Register(Electronic("olena@example.com"));
  NoticeSender sender(notices_.get(), &email_, nullptr, &clock_, policy_, nullptr);
  ASSERT_OK(sender.RunOnce().status());
  absl::StatusOr<v1::GetAppealResponse> read =
      appeals_->Read(a.id(), false, {"op-1", auth::Role::kOperator, ""}, clock_.Now());
  ASSERT_OK(read.status());
  ASSERT_THAT(read->notices(), SizeIs(1));
  EXPECT_EQ(read->notices(0).channel(), v1::NOTICE_CHANNEL_EMAIL);
  EXPECT_EQ(read->notices(0).status(), v1::NOTICE_STATUS_SENT);
  EXPECT_TRUE(read->notices(0).has_sent_at());
}

TEST_F(NoticesTest, ANoticeNotSentByItsLastDayIsOverdue) {
  const v1::Appeal a = Register(Electronic("olena@example.com"));
  ASSERT_OK(Deliver(from_routing_, Routed(a), "routing-e-1"));
  EXPECT_EQ(notices_->Counts(clock_.Now())->overdue, 0);
  clock_.Advance(absl::Hours(24 * 6));  // past Monday 2026-12-07
  EXPECT_EQ(notices_->Counts(clock_.Now())->overdue, 0);
  clock_.Advance(absl::Hours(24));
  EXPECT_EQ(notices_->Counts(clock_.Now())->overdue, 1);
}

// The RPCs over gRPC: who may call them and what they check.
TEST_F(NoticesTest, TheNoticeRpcsCheckRolesAndFields) {
  constexpr char kOperator[] = "operator-token-000001";
  constexpr char kSupervisor[] = "supervisor-token-000001";
  refdata::Classifier classifier = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
  auth::Authenticator auth(*auth::TokenStore::Parse(absl::StrCat(
      auth::TokenHash(kOperator), " operator op-1\n", auth::TokenHash(kSupervisor),
      " supervisor sup-1\n")));
  KnowledgeStore knowledge_store;
  KnowledgeBase knowledge(pool_.get(), &knowledge_store);
  IntakeServiceImpl service(appeals_.get(), &knowledge, &classifier, &auth, &clock_);
  service.set_notices(notices_.get());
  ::contactcenter::testing::InProcessServer server(&service,
                                                    v1::IntakeService::service_full_name());
  std::unique_ptr<v1::IntakeService::Stub> stub = v1::IntakeService::NewStub(server.channel());
  auto ctx = [](const char* token) {
    auto c = std::make_unique<grpc::ClientContext>();
    auth::AttachToken(*c, token);
    return c;
  };
  using ::contactcenter::testing::StatusIs;

  v1::ListFailedNoticesResponse failed;
  EXPECT_THAT(stub->ListFailedNotices(ctx(kOperator).get(), {}, &failed),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_OK(stub->ListFailedNotices(ctx(kSupervisor).get(), {}, &failed));
  EXPECT_EQ(failed.notices_size(), 0);

  v1::ResendNoticeRequest resend;
  resend.set_notice_id("not-a-uuid");
  v1::ResendNoticeResponse resent;
  EXPECT_THAT(stub->ResendNotice(ctx(kSupervisor).get(), resend, &resent),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("notice_id")));
  resend.set_notice_id("0b7f2a4e-3c1d-4e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_THAT(stub->ResendNotice(ctx(kSupervisor).get(), resend, &resent),
              StatusIs(absl::StatusCode::kNotFound));

  v1::ListLetterBatchRequest batch;
  batch.mutable_day()->set_year(2026);
  batch.mutable_day()->set_month(13);
  batch.mutable_day()->set_day(1);
  v1::ListLetterBatchResponse letters;
  EXPECT_THAT(stub->ListLetterBatch(ctx(kOperator).get(), batch, &letters),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("day")));
  EXPECT_OK(stub->ListLetterBatch(ctx(kOperator).get(), {}, &letters));

  // A chosen channel needs its contact: nothing registered.
  v1::RegisterAppealRequest req = SampleAppeal();
  req.mutable_card()->set_notice_channel(v1::NOTICE_CHANNEL_EMAIL);
  v1::RegisterAppealResponse registered;
  const grpc::Status refused = stub->RegisterAppeal(ctx(kOperator).get(), req, &registered);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("e-mail chosen, but no e-mail given")));
  EXPECT_THAT(::contactcenter::testing::FieldsOf(refused),
              ::testing::ElementsAre("card.notice_channel"));
  EXPECT_EQ(CountNotices(), 0);
  req.mutable_card()->set_notice_channel(v1::NOTICE_CHANNEL_POST);
  ASSERT_OK(stub->RegisterAppeal(ctx(kOperator).get(), req, &registered));
  EXPECT_EQ(*pool_->Read([&](db::Tx& tx) {
              return notice_store_.ChannelOf(tx, registered.appeal().id());
            }),
            v1::NOTICE_CHANNEL_POST);
}

}  // namespace
}  // namespace contactcenter::intake
