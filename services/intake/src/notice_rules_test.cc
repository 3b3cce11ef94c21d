#include "notice_rules.h"

#include "notice_sender.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::intake {
namespace {

using ::testing::HasSubstr;

v1::AppealCard Person(const std::string& email, const std::string& phone,
                      const std::string& address) {
  v1::AppealCard c;
  v1::Person* p = c.mutable_applicant()->mutable_person();
  p->set_surname("Шевченко");
  p->set_name("Олена");
  p->set_email(email);
  p->set_phone(phone);
  p->set_residence_address(address);
  return c;
}

TEST(NoticeRulesTest, WithoutAChoiceEmailThenSmsThenPost) {
  EXPECT_EQ(ResolveNoticeChannel(Person("o@example.com", "+380501234567", "вул. 1")),
            v1::NOTICE_CHANNEL_EMAIL);
  EXPECT_EQ(ResolveNoticeChannel(Person("", "+380501234567", "вул. 1")), v1::NOTICE_CHANNEL_SMS);
  // No e-mail and no phone: the letter batch.
  EXPECT_EQ(ResolveNoticeChannel(Person("", "", "вул. 1")), v1::NOTICE_CHANNEL_POST);
  // Nobody to write to (an anonymous appeal): no notice.
  EXPECT_EQ(ResolveNoticeChannel(Person("", "", "")), v1::NOTICE_CHANNEL_UNSPECIFIED);
  EXPECT_EQ(ResolveNoticeChannel(v1::AppealCard()), v1::NOTICE_CHANNEL_UNSPECIFIED);
}

// The Government Contact Center's card with a phone and no e-mail: SMS, as
// any other card; none when the center leaves telling them to the GCC.
TEST(NoticeRulesTest, AGovernmentContactCenterCardIsToldUnlessLeftToThatCenter) {
  v1::AppealCard gcc = Person("", "+380501234567", "вул. 1");
  gcc.set_channel(common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER);
  EXPECT_EQ(NoticeChannelOf(gcc, /*tell_gcc_applicants=*/true), v1::NOTICE_CHANNEL_SMS);
  EXPECT_EQ(NoticeChannelOf(gcc, /*tell_gcc_applicants=*/false), v1::NOTICE_CHANNEL_UNSPECIFIED);
  // Every other channel is told either way.
  v1::AppealCard own = Person("", "+380501234567", "вул. 1");
  own.set_channel(common::v1::CHANNEL_HOTLINE_PHONE);
  EXPECT_EQ(NoticeChannelOf(own, false), v1::NOTICE_CHANNEL_SMS);
}

TEST(NoticeRulesTest, TheApplicantsChoiceWins) {
  v1::AppealCard c = Person("o@example.com", "+380501234567", "вул. 1");
  c.set_notice_channel(v1::NOTICE_CHANNEL_POST);
  EXPECT_EQ(ResolveNoticeChannel(c), v1::NOTICE_CHANNEL_POST);
  c.set_notice_channel(v1::NOTICE_CHANNEL_SMS);
  EXPECT_EQ(ResolveNoticeChannel(c), v1::NOTICE_CHANNEL_SMS);
}

TEST(NoticeRulesTest, AChosenChannelNeedsItsContact) {
  v1::AppealCard c = Person("", "+380501234567", "");
  c.set_notice_channel(v1::NOTICE_CHANNEL_EMAIL);
  FieldViolations v;
  CheckNoticeChannel(v, c);
  EXPECT_THAT(v.ToStatus("x").message(), HasSubstr("e-mail chosen, but no e-mail given"));
  c.set_notice_channel(v1::NOTICE_CHANNEL_SMS);
  FieldViolations ok;
  CheckNoticeChannel(ok, c);
  EXPECT_TRUE(ok.ToStatus("x").ok());
}

TEST(NoticeRulesTest, AnOrganisationIsWrittenToWithItsContactPerson) {
  v1::AppealCard c;
  v1::Organisation* o = c.mutable_applicant()->mutable_organisation();
  o->set_name("ОСББ «Світанок»");
  o->set_contact_person("Петренко І.");
  o->set_address("м. Сєвєродонецьк, вул. Центральна, 1");
  const Contacts k = ContactsOf(c);
  EXPECT_EQ(k.addressee, "ОСББ «Світанок», Петренко І.");
  EXPECT_EQ(ResolveNoticeChannel(c), v1::NOTICE_CHANNEL_POST);
  EXPECT_EQ(ContactFor(k, v1::NOTICE_CHANNEL_POST), "м. Сєвєродонецьк, вул. Центральна, 1");
}

TEST(NoticeRulesTest, RegistrationAcknowledgesElectronicAppealsAndTellsReturns) {
  v1::Appeal a;
  a.set_status(v1::APPEAL_STATUS_REGISTERED);
  a.mutable_card()->set_form(common::v1::APPEAL_FORM_ELECTRONIC);
  EXPECT_EQ(RegistrationNotice(a), v1::NOTICE_KIND_ACKNOWLEDGED);
  a.set_status(v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(RegistrationNotice(a), v1::NOTICE_KIND_ACKNOWLEDGED);
  a.set_status(v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  EXPECT_EQ(RegistrationNotice(a), v1::NOTICE_KIND_RETURNED);
  a.set_status(v1::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(RegistrationNotice(a), std::nullopt);
  a.set_status(v1::APPEAL_STATUS_REGISTERED);
  a.mutable_card()->set_form(common::v1::APPEAL_FORM_ORAL);
  EXPECT_EQ(RegistrationNotice(a), std::nullopt);
}

TEST(NoticeRulesTest, TheForwardingNoticeIsDueFiveDaysAfterReceiptOnAWorkingDay) {
  refdata::WorkCalendar calendar;
  // Monday 2026-11-30 + 5 = Saturday 2026-12-05 → Monday 2026-12-07.
  EXPECT_EQ(ForwardingNoticeDue(absl::CivilDay(2026, 11, 30), calendar),
            absl::CivilDay(2026, 12, 7));
  // Tuesday + 5 = Sunday → Monday; Wednesday + 5 = Monday.
  EXPECT_EQ(ForwardingNoticeDue(absl::CivilDay(2026, 12, 2), calendar),
            absl::CivilDay(2026, 12, 7));
  calendar.Set(absl::CivilDay(2026, 12, 7), false);
  EXPECT_EQ(ForwardingNoticeDue(absl::CivilDay(2026, 12, 2), calendar),
            absl::CivilDay(2026, 12, 8));
}

TEST(NoticeRulesTest, EveryArt8ReasonHasWords) {
  for (v1::NotConsideredReason r :
       {v1::NOT_CONSIDERED_REASON_ANONYMOUS, v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED,
        v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT,
        v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE}) {
    EXPECT_FALSE(NotConsideredReasonText(r).empty()) << v1::NotConsideredReason_Name(r);
  }
}

TEST(NoticeBackoffTest, DoublesFromTheInitialWaitUpToTheMaximumWithJitter) {
  NoticePolicy p;
  p.initial_backoff = absl::Seconds(30);
  p.max_backoff = absl::Minutes(8);
  const absl::Duration steps[] = {absl::Seconds(30), absl::Minutes(1), absl::Minutes(2),
                                  absl::Minutes(4),  absl::Minutes(8), absl::Minutes(8)};
  for (int attempts = 1; attempts <= 6; ++attempts) {
    for (int i = 0; i < 20; ++i) {
      const absl::Duration wait = NoticeBackoff(p, attempts);
      EXPECT_GE(wait, steps[attempts - 1] / 2) << attempts;
      EXPECT_LE(wait, steps[attempts - 1]) << attempts;
    }
  }
}

TEST(NoticeLabelsTest, KindsAndChannelsAreShortLowerCaseLabels) {
  EXPECT_EQ(KindLabel(v1::NOTICE_KIND_NOT_CONSIDERED), "not_considered");
  EXPECT_EQ(ChannelLabel(v1::NOTICE_CHANNEL_POST), "post");
}

}  // namespace
}  // namespace contactcenter::intake
