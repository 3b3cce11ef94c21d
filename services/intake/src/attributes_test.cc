// The attribute of an appeal (classifier item 2), pure logic.
#include "attributes.h"

#include "gtest/gtest.h"

namespace contactcenter::intake {
namespace {

const MassRule kRule{absl::Hours(72), 5};

TEST(AttributeTest, AFirstAppealIsPrimary) {
  EXPECT_EQ(DetectAttribute({0, 0, 0}, kRule), common::v1::APPEAL_ATTRIBUTE_PRIMARY);
}

TEST(AttributeTest, AnotherWhileTheFirstIsOpenIsADuplicate) {
  EXPECT_EQ(DetectAttribute({1, 0, 0}, kRule), common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
  EXPECT_EQ(DetectAttribute({1, 3, 10}, kRule), common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
}

TEST(AttributeTest, AnotherAfterAnAnswerIsRepeated) {
  EXPECT_EQ(DetectAttribute({0, 1, 0}, kRule), common::v1::APPEAL_ATTRIBUTE_REPEATED);
}

TEST(AttributeTest, AnotherAfterSeveralAnswersIsMultiple) {
  EXPECT_EQ(DetectAttribute({0, 2, 0}, kRule), common::v1::APPEAL_ATTRIBUTE_MULTIPLE);
}

TEST(AttributeTest, ManyApplicantsOnOneIssueMakeItMass) {
  EXPECT_EQ(DetectAttribute({0, 0, 3}, kRule), common::v1::APPEAL_ATTRIBUTE_PRIMARY);
  EXPECT_EQ(DetectAttribute({0, 0, 4}, kRule), common::v1::APPEAL_ATTRIBUTE_MASS);
  EXPECT_EQ(DetectAttribute({0, 0, 1}, MassRule{absl::Hours(1), 2}),
            common::v1::APPEAL_ATTRIBUTE_MASS);
}

}  // namespace
}  // namespace contactcenter::intake
