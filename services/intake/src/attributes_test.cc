// The attribute of an appeal (classifier item 2, CMU 348 Instruction), pure
// logic.
#include "attributes.h"

#include "gtest/gtest.h"

namespace contactcenter::intake {
namespace {

const MassRule kRule{5};

EarlierAppeals Open(int n) { return EarlierAppeals{n, 0, 0, 0}; }
EarlierAppeals Overdue(int n) { return EarlierAppeals{0, n, 0, 0}; }
EarlierAppeals Closed(int n) { return EarlierAppeals{0, 0, n, 0}; }
EarlierAppeals Linked(int others) { return EarlierAppeals{0, 0, 0, others}; }

TEST(AttributeTest, AFirstAppealIsPrimary) {
  EXPECT_EQ(DetectAttribute({}, kRule), common::v1::APPEAL_ATTRIBUTE_PRIMARY);
}

TEST(AttributeTest, TheSameAppealAgainWhileTheFirstIsConsideredInItsTermIsADuplicate) {
  EXPECT_EQ(DetectAttribute(Open(1), kRule), common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
  EXPECT_EQ(DetectAttribute(EarlierAppeals{1, 1, 3, 10}, kRule),
            common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
}

TEST(AttributeTest, AnAppealSayingTheFirstWentUnansweredPastItsTermIsRepeated) {
  EXPECT_EQ(DetectAttribute(Overdue(1), kRule), common::v1::APPEAL_ATTRIBUTE_REPEATED);
  EXPECT_EQ(DetectAttribute(EarlierAppeals{0, 1, 2, 0}, kRule),
            common::v1::APPEAL_ATTRIBUTE_REPEATED);
}

TEST(AttributeTest, AnAppealAfterTheAnswerContestsItAndIsRepeated) {
  EXPECT_EQ(DetectAttribute(Closed(1), kRule), common::v1::APPEAL_ATTRIBUTE_REPEATED);
}

TEST(AttributeTest, AnotherAfterSeveralAnswersIsMultiple) {
  EXPECT_EQ(DetectAttribute(Closed(2), kRule), common::v1::APPEAL_ATTRIBUTE_MULTIPLE);
}

TEST(AttributeTest, ApplicantsLinkedToOneBurstMainMakeItMass) {
  EXPECT_EQ(DetectAttribute(Linked(3), kRule), common::v1::APPEAL_ATTRIBUTE_PRIMARY);
  EXPECT_EQ(DetectAttribute(Linked(4), kRule), common::v1::APPEAL_ATTRIBUTE_MASS);
  EXPECT_EQ(DetectAttribute(Linked(1), MassRule{2}), common::v1::APPEAL_ATTRIBUTE_MASS);
}

}  // namespace
}  // namespace contactcenter::intake
