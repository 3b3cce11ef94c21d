// The events intake writes carry the classifier items the 858 reports count
// (analytics' projection) and no personal data.
#include "appeal_events.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::intake {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

v1::Appeal CollectiveAppeal() {
  v1::Appeal a;
  a.set_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  a.set_registration_number("ЛОКЦ-2026-000001");
  *a.mutable_card() = SampleAppeal().card();
  v1::AppealCard* c = a.mutable_card();
  c->set_form(common::v1::APPEAL_FORM_WRITTEN);
  c->set_subject(common::v1::APPEAL_SUBJECT_COLLECTIVE);
  c->set_signatories(12);
  c->add_additional_topic_codes("106");
  c->add_additional_topic_codes("110.003");
  v1::Person* p = c->mutable_applicant()->mutable_person();
  p->set_sex(v1::SEX_FEMALE);
  p->set_social_status(common::v1::SOCIAL_STATUS_PENSIONER);
  p->add_author_categories(common::v1::AUTHOR_CATEGORY_INTERNALLY_DISPLACED);
  p->add_author_categories(common::v1::AUTHOR_CATEGORY_CHILD_OF_WAR);
  a.set_attribute(common::v1::APPEAL_ATTRIBUTE_REPEATED);
  return a;
}

template <typename Event>
void ExpectClassifierItems(const Event& e) {
  EXPECT_EQ(e.sex(), v1::SEX_FEMALE);
  EXPECT_EQ(e.social_status(), common::v1::SOCIAL_STATUS_PENSIONER);
  EXPECT_EQ(e.signatories(), 12);
  EXPECT_THAT(e.additional_topic_codes(), ElementsAre("106", "110.003"));
  EXPECT_THAT(e.author_categories(),
              ElementsAre(common::v1::AUTHOR_CATEGORY_INTERNALLY_DISPLACED,
                          common::v1::AUTHOR_CATEGORY_CHILD_OF_WAR));
  // Nothing that names or reaches the person.
  const std::string bytes = e.SerializeAsString();
  EXPECT_THAT(bytes, Not(HasSubstr("Шевченко")));
  EXPECT_THAT(bytes, Not(HasSubstr("Центральна")));
  EXPECT_THAT(bytes, Not(HasSubstr("123 45 67")));
}

TEST(AppealEventsTest, RegisteredCarriesTheClassifierItemsOfTheReports) {
  const v1::AppealRegistered e = ToAppealRegistered(CollectiveAppeal());
  ExpectClassifierItems(e);
  EXPECT_EQ(e.form(), common::v1::APPEAL_FORM_WRITTEN);
  EXPECT_EQ(e.subject(), common::v1::APPEAL_SUBJECT_COLLECTIVE);
  EXPECT_EQ(e.attribute(), common::v1::APPEAL_ATTRIBUTE_REPEATED);
}

TEST(AppealEventsTest, NotConsideredCarriesTheClassifierItemsOfTheReports) {
  v1::Appeal a = CollectiveAppeal();
  a.set_status(v1::APPEAL_STATUS_NOT_CONSIDERED);
  a.set_not_considered_reason(v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
  const v1::AppealNotConsidered e = ToAppealNotConsidered(a);
  ExpectClassifierItems(e);
  EXPECT_EQ(e.form(), common::v1::APPEAL_FORM_WRITTEN);
  EXPECT_EQ(e.subject(), common::v1::APPEAL_SUBJECT_COLLECTIVE);
}

TEST(AppealEventsTest, ReturnedCarriesTheClassifierItemsOfTheReports) {
  v1::Appeal a = CollectiveAppeal();
  a.set_status(v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  const v1::AppealReturnedToApplicant e = ToAppealReturnedToApplicant(a);
  ExpectClassifierItems(e);
  EXPECT_EQ(e.form(), common::v1::APPEAL_FORM_WRITTEN);
  EXPECT_EQ(e.subject(), common::v1::APPEAL_SUBJECT_COLLECTIVE);
  EXPECT_EQ(e.attribute(), common::v1::APPEAL_ATTRIBUTE_REPEATED);
}

// A proposal not to consider it waits for a supervisor; the appeal was
// received and the reports count it meanwhile (analytics).
TEST(AppealEventsTest, ExclusionProposedCarriesTheClassifierItemsOfTheReports) {
  v1::Appeal a = CollectiveAppeal();
  a.set_status(v1::APPEAL_STATUS_AWAITING_DECISION);
  a.mutable_exclusion_proposal()->set_reason(v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
  const v1::AppealExclusionProposed e = ToAppealExclusionProposed(a);
  ExpectClassifierItems(e);
  EXPECT_EQ(e.form(), common::v1::APPEAL_FORM_WRITTEN);
  EXPECT_EQ(e.subject(), common::v1::APPEAL_SUBJECT_COLLECTIVE);
  EXPECT_EQ(e.attribute(), common::v1::APPEAL_ATTRIBUTE_REPEATED);
  EXPECT_EQ(e.reason(), v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
}

TEST(AppealEventsTest, AnOrganisationHasNoSexSocialStatusOrCategories) {
  v1::Appeal a = CollectiveAppeal();
  v1::Organisation* o = a.mutable_card()->mutable_applicant()->mutable_organisation();
  o->set_name("ОСББ «Світанок»");
  o->set_edrpou("12345678");
  const v1::AppealRegistered e = ToAppealRegistered(a);
  EXPECT_EQ(e.sex(), v1::SEX_UNSPECIFIED);
  EXPECT_EQ(e.social_status(), common::v1::SOCIAL_STATUS_UNSPECIFIED);
  EXPECT_TRUE(e.author_categories().empty());
  EXPECT_EQ(e.signatories(), 12);
}

}  // namespace
}  // namespace contactcenter::intake
