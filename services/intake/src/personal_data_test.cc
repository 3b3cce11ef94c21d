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

TEST(ApplicantRequestsTest, Article10AndArticle18RequestsAreStatedApartFromTheCard) {
  v1::AppealCard card = SampleAppeal().card();
  EXPECT_FALSE(ApplicantRequestsOf(card).do_not_disclose_name());
  card.set_do_not_disclose_name(true);
  card.set_do_not_disclose_workplace(true);
  card.set_keep_consideration_secret(true);
  const v1::ApplicantRequests r = ApplicantRequestsOf(card);
  EXPECT_TRUE(r.do_not_disclose_name());
  EXPECT_FALSE(r.do_not_disclose_residence());
  EXPECT_TRUE(r.do_not_disclose_workplace());
  EXPECT_TRUE(r.keep_consideration_secret());
}

}  // namespace
}  // namespace contactcenter::intake
