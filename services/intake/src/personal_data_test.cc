// Personal data rules, pure logic.
#include "personal_data.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::intake {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(MaskEssenceTest, PhonesAreMasked) {
  EXPECT_EQ(MaskEssence("Дзвоніть 050 123-45-67 після 18"), "Дзвоніть *** після 18");
  EXPECT_EQ(MaskEssence("тел.+380501234567."), "тел.***.");
  EXPECT_EQ(MaskEssence("(050)1234567"), "(***");
}

TEST(MaskEssenceTest, EmailsAreMasked) {
  EXPECT_EQ(MaskEssence("пишіть на olena.s@example.com, дякую"), "пишіть на ***, дякую");
}

TEST(MaskEssenceTest, DocumentNumbersAreMasked) {
  EXPECT_EQ(MaskEssence("паспорт АА123456 виданий"), "паспорт *** виданий");
  EXPECT_EQ(MaskEssence("РНОКПП 3012345678"), "РНОКПП ***");
  EXPECT_EQ(MaskEssence("ID-картка 001234567"), "ID-картка ***");
}

TEST(MaskEssenceTest, DatesAddressesAndSmallNumbersStay) {
  const std::string text = "Немає опалення з 20.11.2026 у буд. 15, кв. 7, 2 тижні.";
  EXPECT_EQ(MaskEssence(text), text);
  EXPECT_EQ(MaskEssence("сума 12500 грн"), "сума 12500 грн");
}

v1::Appeal SampleStored() {
  v1::Appeal a;
  *a.mutable_card() = SampleAppeal().card();
  a.mutable_card()->mutable_applicant()->mutable_person()->set_residence_territory_code("LG-SEV");
  return a;
}

TEST(RedactTest, Article10NameRequestHidesTheName) {
  v1::Appeal a = SampleStored();
  a.mutable_card()->set_do_not_disclose_name(true);
  RedactForOtherReaders(a);
  const v1::Person& p = a.card().applicant().person();
  EXPECT_EQ(p.surname(), "");
  EXPECT_EQ(p.name(), "");
  EXPECT_NE(p.residence_address(), "");
  EXPECT_THAT(DisclosedPersonalFields(a), Not(Contains("applicant.person.surname")));
}

TEST(RedactTest, Article10ResidenceRequestHidesTheResidence) {
  v1::Appeal a = SampleStored();
  a.mutable_card()->set_do_not_disclose_residence(true);
  RedactForOtherReaders(a);
  const v1::Person& p = a.card().applicant().person();
  EXPECT_EQ(p.residence_address(), "");
  EXPECT_EQ(p.residence_territory_code(), "");
  EXPECT_EQ(p.surname(), "Шевченко");
}

TEST(RedactTest, NoRequestHidesNothing) {
  v1::Appeal a = SampleStored();
  const std::string before = a.SerializeAsString();
  RedactForOtherReaders(a);
  EXPECT_EQ(a.SerializeAsString(), before);
}

TEST(DisclosedFieldsTest, ListsThePersonalFieldsPresent) {
  v1::Appeal a = SampleStored();
  EXPECT_THAT(DisclosedPersonalFields(a),
              ::testing::ElementsAre("applicant.person.surname", "applicant.person.name",
                                     "applicant.person.residence_address",
                                     "applicant.person.residence_territory_code",
                                     "applicant.person.phone", "essence"));
  EXPECT_THAT(DisclosedPersonalFields(v1::Appeal()), IsEmpty());
}

}  // namespace
}  // namespace contactcenter::intake
