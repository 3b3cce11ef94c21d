// Priority and first head from the reference table, pure logic.
#include "benefits.h"

#include "contactcenter/testing/status_matchers.h"
#include "gtest/gtest.h"

namespace contactcenter::tracking {
namespace {

Categories Of(std::initializer_list<int> codes) {
  Categories c;
  for (int x : codes) c.Add(x);
  return c;
}

const refdata::AuthorCategories& Table() {
  static const refdata::AuthorCategories* table = [] {
    absl::StatusOr<refdata::AuthorCategories> t =
        refdata::AuthorCategories::LoadDir(CC_REFERENCE_DIR);
    EXPECT_OK(t.status());
    return new refdata::AuthorCategories(t.value_or(refdata::AuthorCategories()));
  }();
  return *table;
}

constexpr auto kStatement = common::v1::APPEAL_KIND_STATEMENT;
constexpr auto kProposal = common::v1::APPEAL_KIND_PROPOSAL;

TEST(BenefitsTest, CategoriesWithABenefitEstablishedByLawGivePriority) {
  EXPECT_TRUE(FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_COMBATANT}), kStatement).priority);
  EXPECT_TRUE(FlagsFor(Table(),
                       Of({common::v1::AUTHOR_CATEGORY_OTHER,
                           common::v1::AUTHOR_CATEGORY_LARGE_FAMILY}),
                       kStatement)
                  .priority);
  EXPECT_FALSE(FlagsFor(Table(), Of({}), kStatement).priority);
  EXPECT_FALSE(FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_OTHER}), kStatement).priority);
  EXPECT_FALSE(FlagsFor(Table(), Of({999}), kStatement).priority);
}

// Art. 20 gives priority for a benefit established by law; displacement
// alone is none (before issue 10 every category but OTHER gave priority).
TEST(BenefitsTest, AnInternallyDisplacedPersonHasNoPriorityAsSuch) {
  EXPECT_FALSE(
      FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_INTERNALLY_DISPLACED}), kStatement)
          .priority);
  // A displaced combatant has the combatant's.
  EXPECT_TRUE(FlagsFor(Table(),
                       Of({common::v1::AUTHOR_CATEGORY_INTERNALLY_DISPLACED,
                           common::v1::AUTHOR_CATEGORY_COMBATANT}),
                       kStatement)
                  .priority);
}

TEST(BenefitsTest, Article15SendsAWarDisabledPersonsStatementToTheFirstHead) {
  EXPECT_TRUE(
      FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_WAR_DISABLED}), kStatement).first_head);
  // Art. 14 (proposals) names only disabled veterans of the Second World War.
  EXPECT_FALSE(
      FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_WAR_DISABLED}), kProposal).first_head);
  EXPECT_TRUE(FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_HERO_OF_SOVIET_UNION}), kProposal)
                  .first_head);
  EXPECT_TRUE(FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_HERO_OF_SOCIALIST_LABOUR}),
                       kStatement)
                  .first_head);
  EXPECT_FALSE(
      FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_COMBATANT}), kStatement).first_head);
  EXPECT_FALSE(
      FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_DISABILITY_GROUP_1}), kStatement)
          .first_head);
}

// Art. 14 and 15 name Heroes of the Soviet Union and of Socialist Labour,
// not Heroes of Ukraine (DOMAIN: check the text before adding them); before
// issue 10 a Hero of Ukraine went to the first head.
TEST(BenefitsTest, TheLawOnAppealsDoesNotNameHeroesOfUkraineForTheFirstHead) {
  EXPECT_FALSE(
      FlagsFor(Table(), Of({common::v1::AUTHOR_CATEGORY_HERO_OF_UKRAINE}), kStatement).first_head);
}

}  // namespace
}  // namespace contactcenter::tracking
