// The appeal card's rules, pure logic.
#include "appeal_card.h"

#include "contactcenter/clock/proto_time.h"
#include "contactcenter/testing/status_matchers.h"
#include "sample_appeal.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::intake {
namespace {

using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::StatusIs;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const refdata::Classifier& Reference() {
  static const refdata::Classifier c = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
  return c;
}

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 11, 28, 12, 0, 0), absl::UTCTimeZone());

v1::RegisterAppealRequest ValidRequest() { return SampleAppeal(); }

std::vector<std::string> Fields(const v1::RegisterAppealRequest& req) {
  std::vector<std::string> out;
  const FieldViolations violations = ValidateRegisterRequest(req, Reference(), kNow);
  for (const auto& v : violations.violations()) {
    out.push_back(v.field);
  }
  return out;
}

TEST(AppealCardTest, AValidCardHasNoViolations) { EXPECT_THAT(Fields(ValidRequest()), IsEmpty()); }

TEST(AppealCardTest, Article5GapsAreNotViolationsButScreenedLater) {
  // What the applicant did not give is registered and returned (screening),
  // not refused: the operator cannot make it up.
  v1::RegisterAppealRequest req = ValidRequest();
  v1::Person* p = req.mutable_card()->mutable_applicant()->mutable_person();
  p->clear_surname();
  p->set_name("  ");
  p->clear_residence_address();
  req.mutable_card()->clear_essence();
  EXPECT_THAT(Fields(req), IsEmpty());
}

TEST(AppealCardTest, AnOrganisationNeedsNoResidenceButAnEdrpouCode) {
  v1::RegisterAppealRequest req = ValidRequest();
  v1::Organisation* o = req.mutable_card()->mutable_applicant()->mutable_organisation();
  o->set_name("ОСББ «Світанок»");
  o->set_edrpou("1234567");
  o->set_contact_person("Іваненко Петро");
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.applicant.organisation.edrpou"));
  o->set_edrpou("1234567A");
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.applicant.organisation.edrpou"));
  o->set_edrpou("12345678");
  EXPECT_THAT(Fields(req), IsEmpty());
}

TEST(AppealCardTest, AMalformedContactIsAViolation) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_form(common::v1::APPEAL_FORM_ELECTRONIC);
  req.mutable_card()->mutable_applicant()->mutable_person()->set_phone("call me");
  req.mutable_card()->mutable_applicant()->mutable_person()->set_email("olena-at-example");
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.applicant.person.phone",
                                                "card.applicant.person.email"));
}

TEST(AppealCardTest, UnknownSexIsNamed) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->mutable_applicant()->mutable_person()->set_sex(static_cast<v1::Sex>(9));
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.applicant.person.sex"));
  req.mutable_card()->mutable_applicant()->mutable_person()->set_sex(v1::SEX_FEMALE);
  EXPECT_THAT(Fields(req), IsEmpty());
}

TEST(AppealCardTest, AdditionalTopicsAreKnownAndListedOnce) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->add_additional_topic_codes("106");
  EXPECT_THAT(Fields(req), IsEmpty());
  req.mutable_card()->add_additional_topic_codes("109");  // = topic_code
  req.mutable_card()->add_additional_topic_codes("999");
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.additional_topic_codes[1]",
                                                "card.additional_topic_codes[2]"));
  req.mutable_card()->clear_additional_topic_codes();
  for (int i = 0; i <= kMaxAdditionalTopics; ++i) {
    req.mutable_card()->add_additional_topic_codes("106");
  }
  EXPECT_THAT(Fields(req), Contains("card.additional_topic_codes"));
}

TEST(AppealCardTest, TheGovernmentContactCenterCardNumberIsRequiredForThatChannel) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_channel(common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER);
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.external_card_number"));
  req.mutable_card()->set_external_card_number("1545-2026-00012345");
  EXPECT_THAT(Fields(req), IsEmpty());
  req.mutable_card()->set_call_reference(std::string(kMaxReferenceChars + 1, 'c'));
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.call_reference"));
}

TEST(AppealCardTest, AResolveByDateMustExist) {
  v1::RegisterAppealRequest req = ValidRequest();
  common::v1::Date* d = req.mutable_card()->mutable_resolve_by();
  d->set_year(2026);
  d->set_month(2);
  d->set_day(30);
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.resolve_by"));
  d->set_day(27);
  EXPECT_THAT(Fields(req), IsEmpty());
}

common::v1::Date MakeDate(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(AppealCardTest, ComplaintDatesAreRealPastDatesOfAComplaint) {
  v1::RegisterAppealRequest req = ValidRequest();
  *req.mutable_card()->mutable_contested_decision_date() = MakeDate(2026, 1, 10);
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.contested_decision_date"));  // not a complaint
  req.mutable_card()->set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  EXPECT_THAT(Fields(req), IsEmpty());
  *req.mutable_card()->mutable_contested_decision_date() = MakeDate(2026, 2, 30);
  *req.mutable_card()->mutable_learned_of_decision_date() = MakeDate(2026, 12, 1);
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.contested_decision_date",
                                                "card.learned_of_decision_date"));
  *req.mutable_card()->mutable_contested_decision_date() = MakeDate(2026, 5, 1);
  *req.mutable_card()->mutable_learned_of_decision_date() = MakeDate(2026, 4, 1);
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.learned_of_decision_date"));
}

TEST(NormalizeTest, SearchKeysFoldUkrainianCase) {
  EXPECT_EQ(FoldCase("ЄВГЕНІЯ Їжакова ҐАНОК Abc"), "євгенія їжакова ґанок abc");
  v1::Person p;
  p.set_surname(" ШЕВЧЕНКО ");
  p.set_name("олена");
  EXPECT_EQ(PersonNameKey(p), "шевченко олена");
  EXPECT_EQ(AddressKey("  м. Сєвєродонецьк,   вул. Центральна, 1"),
            "м. сєвєродонецьк, вул. центральна, 1");
}

TEST(AppealCardTest, UnknownEnumValuesAndCodesAreNamed) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_kind(static_cast<common::v1::AppealKind>(57));
  req.mutable_card()->clear_channel();
  req.mutable_card()->set_topic_code("999");
  req.mutable_card()->set_territory_code("LG-XXX");
  req.mutable_card()->mutable_applicant()->mutable_person()->add_author_categories(
      static_cast<common::v1::AuthorCategory>(99));
  EXPECT_THAT(Fields(req),
              UnorderedElementsAre("card.kind", "card.channel", "card.topic_code",
                                   "card.territory_code",
                                   "card.applicant.person.author_categories[0]"));
}

TEST(AppealCardTest, OverLongFieldsAreNamed) {
  v1::RegisterAppealRequest req = ValidRequest();
  std::string long_name;
  for (int i = 0; i < 101; ++i) long_name += "ж";
  req.mutable_card()->mutable_applicant()->mutable_person()->set_surname(long_name);
  req.mutable_card()->set_essence(std::string(kMaxEssenceChars + 1, 'x'));
  req.set_idempotency_key(std::string(129, 'k'));
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.applicant.person.surname", "card.essence",
                                                "idempotency_key"));
}

TEST(AppealCardTest, AnonymousAndCollectiveRules) {
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->set_subject(common::v1::APPEAL_SUBJECT_COLLECTIVE);
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.signatories"));
  req.mutable_card()->set_signatories(12);
  EXPECT_THAT(Fields(req), IsEmpty());
  // Anonymous appeals are registered as not considered; they need no author.
  req.mutable_card()->set_subject(common::v1::APPEAL_SUBJECT_ANONYMOUS);
  req.mutable_card()->set_signatories(0);
  req.mutable_card()->clear_applicant();
  EXPECT_THAT(Fields(req), IsEmpty());
}

TEST(AppealCardTest, ReceivedAtCannotBeInTheFuture) {
  v1::RegisterAppealRequest req = ValidRequest();
  *req.mutable_card()->mutable_received_at() = ToTimestamp(kNow + absl::Hours(1));
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.received_at"));
  *req.mutable_card()->mutable_received_at() = ToTimestamp(kNow - absl::Hours(72));
  EXPECT_THAT(Fields(req), IsEmpty());
}

TEST(AppealCardTest, MissingCardOrApplicant) {
  EXPECT_THAT(Fields(v1::RegisterAppealRequest()), UnorderedElementsAre("card"));
  v1::RegisterAppealRequest req = ValidRequest();
  req.mutable_card()->clear_applicant();
  EXPECT_THAT(Fields(req), UnorderedElementsAre("card.applicant"));
}

TEST(NormalizeTest, UkrainianPhonesBecomePlus380) {
  EXPECT_THAT(NormalizePhone("050 123 45 67"), IsOkAndHolds("+380501234567"));
  EXPECT_THAT(NormalizePhone("(050) 123-45-67"), IsOkAndHolds("+380501234567"));
  EXPECT_THAT(NormalizePhone("380501234567"), IsOkAndHolds("+380501234567"));
  EXPECT_THAT(NormalizePhone("+38 050 123 45 67"), IsOkAndHolds("+380501234567"));
  EXPECT_THAT(NormalizePhone("80501234567"), IsOkAndHolds("+380501234567"));
  EXPECT_THAT(NormalizePhone("+48 22 123 45 67"), IsOkAndHolds("+48221234567"));
  EXPECT_THAT(NormalizePhone("12345"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(NormalizePhone("call me"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(NormalizeTest, EmailsAreLowerCasedAndChecked) {
  EXPECT_THAT(NormalizeEmail(" Olena.S@Example.COM "), IsOkAndHolds("olena.s@example.com"));
  EXPECT_THAT(NormalizeEmail("olena@localhost"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(NormalizeEmail("a@b@c.ua"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(NormalizeEmail("@example.com"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(NormalizeTest, NamesAreTrimmedAndSpacesCollapsed) {
  EXPECT_EQ(NormalizeName("  Олена   Петрівна "), "Олена Петрівна");
}

TEST(NormalizeTest, TheStoredCardHasNormalisedContactsAndAReceiptTime) {
  v1::AppealCard card = NormalizeCard(ValidRequest().card(), kNow);
  EXPECT_EQ(card.applicant().person().phone(), "+380501234567");
  EXPECT_EQ(FromTimestamp(card.received_at()), kNow);
}

}  // namespace
}  // namespace contactcenter::intake
