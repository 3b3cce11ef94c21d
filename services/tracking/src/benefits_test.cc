#include "benefits.h"

#include "gtest/gtest.h"

namespace contactcenter::tracking {
namespace {

Categories Of(std::initializer_list<int> codes) {
  Categories c;
  for (int x : codes) c.Add(x);
  return c;
}

TEST(BenefitsTest, CategoriesWithBenefitsGivePriority) {
  EXPECT_TRUE(HasPriority(Of({common::v1::AUTHOR_CATEGORY_COMBATANT})));
  EXPECT_TRUE(HasPriority(Of({common::v1::AUTHOR_CATEGORY_OTHER,
                              common::v1::AUTHOR_CATEGORY_LARGE_FAMILY})));
  EXPECT_FALSE(HasPriority(Of({})));
  EXPECT_FALSE(HasPriority(Of({common::v1::AUTHOR_CATEGORY_OTHER})));
  EXPECT_FALSE(HasPriority(Of({999})));
}

TEST(BenefitsTest, HeroesAndTheWarDisabledGoToTheHead) {
  EXPECT_TRUE(NeedsFirstHead(Of({common::v1::AUTHOR_CATEGORY_HERO_OF_UKRAINE})));
  EXPECT_TRUE(NeedsFirstHead(Of({common::v1::AUTHOR_CATEGORY_WAR_DISABLED})));
  EXPECT_TRUE(NeedsFirstHead(Of({common::v1::AUTHOR_CATEGORY_HERO_OF_SOVIET_UNION})));
  EXPECT_FALSE(NeedsFirstHead(Of({common::v1::AUTHOR_CATEGORY_COMBATANT})));
  EXPECT_FALSE(NeedsFirstHead(Of({common::v1::AUTHOR_CATEGORY_DISABILITY_GROUP_1})));
}

}  // namespace
}  // namespace contactcenter::tracking
