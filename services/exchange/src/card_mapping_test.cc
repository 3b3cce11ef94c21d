#include "card_mapping.h"

#include "contactcenter/clock/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

refdata::Classifier TestClassifier() {
  absl::StatusOr<refdata::Classifier> c = refdata::Classifier::Parse(
      "code,name_uk,name_en\n109,Комунальне господарство,Communal services\n",
      "code,parent,name_uk,name_en,kind\nLG,,Луганська область,Luhansk oblast,oblast\n"
      "LG-SEV,LG,Сєвєродонецький район,Sievierodonetsk raion,raion\n");
  EXPECT_TRUE(c.ok()) << c.status();
  return *c;
}

const absl::Time kNow = absl::FromUnixSeconds(1796000000);

v1::Card FullCard() {
  v1::Card c;
  c.set_card_number("1545-2026-000123");
  c.set_source(v1::CARD_SOURCE_PHONE);
  c.set_priority(v1::CARD_PRIORITY_URGENT);
  c.set_question_code("109");
  c.set_content("Немає опалення в будинку з 20 листопада.");
  c.set_territorial_unit("LG-SEV");
  c.add_executors("lg-sev-rva");
  v1::CardPerson* p = c.mutable_person();
  p->set_surname("Шевченко");
  p->set_name("Олена");
  p->set_patronymic("Петрівна");
  p->set_sex(v1::CARD_SEX_FEMALE);
  p->set_address("м. Сєвєродонецьк, вул. Центральна, 1");
  p->set_phone("050 123 45 67");
  p->set_email("olena@example.com");
  p->add_categories(common::v1::AUTHOR_CATEGORY_INTERNALLY_DISPLACED);
  p->set_social_status(common::v1::SOCIAL_STATUS_PENSIONER);
  c.set_status("new");
  c.set_sub_status("to the region");
  *c.mutable_resolve_by() = ToDate(absl::CivilDay(2026, 12, 20));
  c.set_call_back_needed(true);
  *c.mutable_received_at() = ToTimestamp(kNow - absl::Hours(2));
  c.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  return c;
}

std::vector<std::string> Fields(const FieldViolations& v) {
  std::vector<std::string> out;
  for (const FieldViolation& fv : v.violations()) out.push_back(fv.field);
  return out;
}

TEST(CardMappingTest, AGoodCardHasNoViolations) {
  EXPECT_THAT(Fields(ValidateCard(FullCard(), TestClassifier(), kNow)), IsEmpty());
}

TEST(CardMappingTest, EveryBadFieldIsNamedAtOnce) {
  v1::Card c = FullCard();
  c.set_card_number("has space");
  c.set_question_code("999");
  c.clear_content();
  c.clear_territorial_unit();
  c.mutable_person()->clear_surname();
  c.mutable_person()->set_sex(static_cast<v1::CardSex>(7));
  c.mutable_resolve_by()->set_month(2);
  c.mutable_resolve_by()->set_day(30);  // 30 February
  *c.mutable_received_at() = ToTimestamp(kNow + absl::Hours(1));
  EXPECT_THAT(Fields(ValidateCard(c, TestClassifier(), kNow)),
              UnorderedElementsAre("card_number", "question_code", "content", "territorial_unit",
                                   "person.surname", "person.sex", "resolve_by", "received_at"));
}

TEST(CardMappingTest, AnOrganisationNeedsItsCodeAndContactPerson) {
  v1::Card c = FullCard();
  c.mutable_organisation()->set_name("ОСББ «Світанок»");
  c.mutable_organisation()->set_edrpou("1234");
  EXPECT_THAT(Fields(ValidateCard(c, TestClassifier(), kNow)),
              UnorderedElementsAre("organisation.edrpou", "organisation.contact_person"));
  c.clear_organisation();
  EXPECT_THAT(Fields(ValidateCard(c, TestClassifier(), kNow)), ElementsAre("applicant"));
}

TEST(CardMappingTest, ATerritoryOutsideTheOblastIsOutsideItsCompetence) {
  v1::Card c = FullCard();
  EXPECT_EQ(OutsideCompetence(c, TestClassifier()), std::nullopt);
  c.set_territorial_unit("KV-OBO");
  std::optional<std::string> reason = OutsideCompetence(c, TestClassifier());
  ASSERT_TRUE(reason.has_value());
  EXPECT_THAT(*reason, ::testing::HasSubstr("Art. 7"));
  EXPECT_THAT(*reason, ::testing::HasSubstr("\"KV-OBO\""));
}

TEST(CardMappingTest, EveryFieldMapsToTheRegisterAppealRequest) {
  const intake::v1::RegisterAppealRequest req = ToRegisterAppealRequest(FullCard());
  EXPECT_EQ(req.idempotency_key(), "gcc:1545-2026-000123");
  const intake::v1::AppealCard& c = req.card();
  EXPECT_EQ(c.kind(), common::v1::APPEAL_KIND_COMPLAINT);
  EXPECT_EQ(c.form(), common::v1::APPEAL_FORM_ORAL);
  EXPECT_EQ(c.channel(), common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER);
  EXPECT_EQ(c.subject(), common::v1::APPEAL_SUBJECT_INDIVIDUAL);
  const intake::v1::Person& p = c.applicant().person();
  EXPECT_EQ(p.surname(), "Шевченко");
  EXPECT_EQ(p.name(), "Олена");
  EXPECT_EQ(p.patronymic(), "Петрівна");
  EXPECT_EQ(p.residence_address(), "м. Сєвєродонецьк, вул. Центральна, 1");
  EXPECT_EQ(p.phone(), "050 123 45 67");
  EXPECT_EQ(p.email(), "olena@example.com");
  EXPECT_THAT(p.author_categories(),
              ElementsAre(common::v1::AUTHOR_CATEGORY_INTERNALLY_DISPLACED));
  EXPECT_EQ(p.social_status(), common::v1::SOCIAL_STATUS_PENSIONER);
  EXPECT_EQ(p.sex(), intake::v1::SEX_FEMALE);
  EXPECT_EQ(c.topic_code(), "109");
  EXPECT_EQ(c.territory_code(), "LG-SEV");
  EXPECT_EQ(c.essence(), "Немає опалення в будинку з 20 листопада.");
  EXPECT_TRUE(c.emergency());
  EXPECT_EQ(FromTimestamp(c.received_at()), kNow - absl::Hours(2));
  EXPECT_EQ(c.external_card_number(), "1545-2026-000123");
  EXPECT_EQ(FromDate(c.resolve_by()), absl::CivilDay(2026, 12, 20));
}

TEST(CardMappingTest, AnOrganisationAndTheDefaultsMap) {
  v1::Card card = FullCard();
  card.set_source(v1::CARD_SOURCE_WEB);
  card.set_priority(v1::CARD_PRIORITY_NORMAL);
  card.clear_kind();
  v1::CardOrganisation* o = card.mutable_organisation();
  o->set_name("ОСББ «Світанок»");
  o->set_edrpou("12345678");
  o->set_contact_person("Іваненко Петро");
  o->set_address("м. Сєвєродонецьк, вул. Миру, 3");
  o->set_phone("+380501112233");
  o->set_email("osbb@example.com");
  const intake::v1::AppealCard c = ToRegisterAppealRequest(card).card();
  EXPECT_EQ(c.kind(), common::v1::APPEAL_KIND_STATEMENT);
  EXPECT_EQ(c.form(), common::v1::APPEAL_FORM_ELECTRONIC);
  EXPECT_FALSE(c.emergency());
  card.clear_resolve_by();
  EXPECT_FALSE(ToRegisterAppealRequest(card).card().has_resolve_by());
  const intake::v1::Organisation& out = c.applicant().organisation();
  EXPECT_EQ(out.name(), "ОСББ «Світанок»");
  EXPECT_EQ(out.edrpou(), "12345678");
  EXPECT_EQ(out.contact_person(), "Іваненко Петро");
  EXPECT_EQ(out.address(), "м. Сєвєродонецьк, вул. Миру, 3");
  EXPECT_EQ(out.phone(), "+380501112233");
  EXPECT_EQ(out.email(), "osbb@example.com");
}

TEST(CardMappingTest, IntakesFieldNamesMapBackToTheCards) {
  EXPECT_EQ(CardFieldOf("card.applicant.person.surname"), "person.surname");
  EXPECT_EQ(CardFieldOf("card.applicant.person.residence_address"), "person.address");
  EXPECT_EQ(CardFieldOf("card.applicant.organisation.edrpou"), "organisation.edrpou");
  EXPECT_EQ(CardFieldOf("card.topic_code"), "question_code");
  EXPECT_EQ(CardFieldOf("card.territory_code"), "territorial_unit");
  EXPECT_EQ(CardFieldOf("card.essence"), "content");
}

TEST(CardMappingTest, PersonalFieldsAreThoseSet) {
  v1::Card c = FullCard();
  c.mutable_person()->clear_email();
  EXPECT_THAT(PersonalFieldsOf(c),
              ElementsAre("person.surname", "person.name", "person.patronymic", "person.sex",
                          "person.address", "person.phone", "person.categories",
                          "person.social_status", "content"));
}

tracking::v1::CaseStatusChanged Change(tracking::v1::CaseStatus from, tracking::v1::CaseStatus to,
                                       absl::CivilDay control = absl::CivilDay(2026, 12, 16),
                                       const std::string& executor = "lg-sev-rva") {
  tracking::v1::CaseStatusChanged e;
  e.set_from_status(from);
  e.set_to_status(to);
  e.set_executor_id(executor);
  *e.mutable_control_date() = ToDate(control);
  return e;
}

TEST(CardMappingTest, CaseChangesMapToStatuses) {
  using tracking::v1::CaseStatus;
  const SentState sent{v1::STATUS_CODE_FORWARDED, "lg-sev-rva", absl::CivilDay(2026, 12, 16)};
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_FORWARDED,
                                   tracking::v1::CASE_STATUS_ACCEPTED), sent),
            v1::STATUS_CODE_ACCEPTED);
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_ACCEPTED,
                                   tracking::v1::CASE_STATUS_ACCEPTED), sent),
            std::nullopt);  // a progress note
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_ACCEPTED,
                                   tracking::v1::CASE_STATUS_ACCEPTED,
                                   absl::CivilDay(2026, 12, 30)), sent),
            v1::STATUS_CODE_EXTENDED);
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_ACCEPTED,
                                   tracking::v1::CASE_STATUS_ANSWERED), sent),
            v1::STATUS_CODE_ANSWERED);
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_ANSWERED,
                                   tracking::v1::CASE_STATUS_ON_CHECK), sent),
            v1::STATUS_CODE_CALL_BACK_PLANNED);
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_ON_CHECK,
                                   tracking::v1::CASE_STATUS_CLOSED), sent),
            v1::STATUS_CODE_CLOSED);
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_ON_CHECK,
                                   tracking::v1::CASE_STATUS_RETURNED_FOR_REWORK), sent),
            v1::STATUS_CODE_REWORK);
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_ACCEPTED,
                                   tracking::v1::CASE_STATUS_RETURNED_TO_ROUTING), sent),
            std::nullopt);  // the next forward tells
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_RETURNED_TO_ROUTING,
                                   tracking::v1::CASE_STATUS_FORWARDED,
                                   absl::CivilDay(2026, 12, 16), "lg-oda-social"), sent),
            v1::STATUS_CODE_FORWARDED);
  EXPECT_EQ(StatusForChange(Change(tracking::v1::CASE_STATUS_FORWARDED,
                                   tracking::v1::CASE_STATUS_NOT_CONSIDERED), sent),
            v1::STATUS_CODE_NOT_CONSIDERED);
}

TEST(CardMappingTest, TheLegalSequenceOfACardsLife) {
  const std::vector<v1::StatusCode> life = {
      v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_FORWARDED,         v1::STATUS_CODE_ACCEPTED,
      v1::STATUS_CODE_EXTENDED,   v1::STATUS_CODE_ANSWERED,          v1::STATUS_CODE_CALL_BACK_PLANNED,
      v1::STATUS_CODE_REWORK,     v1::STATUS_CODE_ACCEPTED,          v1::STATUS_CODE_ANSWERED,
      v1::STATUS_CODE_CALL_BACK_PLANNED, v1::STATUS_CODE_CLOSED};
  v1::StatusCode last = v1::STATUS_CODE_UNSPECIFIED;
  for (v1::StatusCode next : life) {
    EXPECT_TRUE(IsLegalTransition(last, next))
        << StatusCodeName(last) << " -> " << StatusCodeName(next);
    last = next;
  }
  EXPECT_TRUE(IsFinal(last));
  EXPECT_FALSE(IsLegalTransition(v1::STATUS_CODE_CLOSED, v1::STATUS_CODE_ANSWERED));
  EXPECT_FALSE(IsLegalTransition(v1::STATUS_CODE_REGISTERED, v1::STATUS_CODE_ANSWERED));
  EXPECT_FALSE(IsLegalTransition(v1::STATUS_CODE_FORWARDED, v1::STATUS_CODE_ANSWERED));
  EXPECT_FALSE(IsLegalTransition(v1::STATUS_CODE_ANSWERED, v1::STATUS_CODE_CLOSED));
  EXPECT_TRUE(IsLegalTransition(v1::STATUS_CODE_UNSPECIFIED, v1::STATUS_CODE_RETURNED));
  EXPECT_FALSE(IsLegalTransition(v1::STATUS_CODE_UNSPECIFIED, v1::STATUS_CODE_FORWARDED));
}

}  // namespace
}  // namespace contactcenter::exchange
