// Competence routing, pure logic.
#include "directory.h"

#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::routing {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kTopics[] =
    "code,name_uk,name_en\n106,С,Social\n106.1,П,Pensions\n109,К,Communal\n125,І,Other\n";
constexpr char kTerritories[] =
    "code,parent,name_uk,name_en,kind\nLG,,Л,L,oblast\nLG-SEV,LG,С,S,raion\n"
    "LG-SEV-01,LG-SEV,Г,C,community\nLG-STA,LG,С,S,raion\n";
constexpr char kExecutors[] =
    "id,name_uk,kind,parent_id,territories\n"
    "oda,ОДА,other,,LG\n"
    "oda-social,Соц,oblast_administration_department,oda,LG\n"
    "oda-pensions,Пенс,oblast_administration_department,oda,LG\n"
    "sev,Сєвєродонецька РВА,district_administration,oda,LG-SEV\n"
    "sev-01,Громада,community_administration,sev,LG-SEV-01\n"
    "apparatus,Апарат,oblast_administration_department,oda,LG\n";

const refdata::Classifier& TestClassifier() {
  static const refdata::Classifier c = *refdata::Classifier::Parse(kTopics, kTerritories);
  return c;
}

Directory Load(const std::string& rules) {
  absl::StatusOr<Directory> d = Directory::Parse(
      kExecutors, "rule_id,topic,territory,executor_id\n" + rules, TestClassifier());
  EXPECT_TRUE(d.ok()) << d.status();
  return *std::move(d);
}

struct PrecedenceCase {
  std::string name;
  std::string topic;
  std::string territory;
  std::string want_rule;  // "" for manual routing
};

class PrecedenceTest : public ::testing::TestWithParam<PrecedenceCase> {};

// One rule set, many appeals: the deeper territory wins first, then the
// deeper topic; "*" is the least specific topic.
constexpr char kRules[] =
    "social-oblast,106,LG,oda-social\n"
    "pensions-oblast,106.1,LG,oda-pensions\n"
    "social-sev,106,LG-SEV,sev\n"
    "any-sev-01,*,LG-SEV-01,sev-01\n"
    "other-oblast,125,LG,apparatus\n";

TEST_P(PrecedenceTest, TheMostSpecificRuleWins) {
  const PrecedenceCase& c = GetParam();
  Choice choice = Load(kRules).Decide(c.topic, c.territory);
  if (c.want_rule.empty()) {
    EXPECT_FALSE(choice.routed) << choice.reason;
    EXPECT_THAT(choice.reason, HasSubstr("no competence rule"));
  } else {
    EXPECT_TRUE(choice.routed);
    EXPECT_EQ(choice.rule_id, c.want_rule) << choice.reason;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rules, PrecedenceTest,
    ::testing::Values(
        PrecedenceCase{"OblastRuleForAnOblastAppeal", "106", "LG", "social-oblast"},
        PrecedenceCase{"OblastRuleCoversARaionWithoutItsOwn", "106", "LG-STA", "social-oblast"},
        PrecedenceCase{"RaionRuleBeatsOblastRule", "106", "LG-SEV", "social-sev"},
        PrecedenceCase{"SubTopicRuleBeatsTopicRuleAtTheSameTerritory", "106.1", "LG",
                       "pensions-oblast"},
        PrecedenceCase{"DeeperTerritoryBeatsDeeperTopic", "106.1", "LG-SEV", "social-sev"},
        PrecedenceCase{"AnyTopicRuleOfACommunityBeatsRaionRule", "106", "LG-SEV-01",
                       "any-sev-01"},
        PrecedenceCase{"RaionRuleCoversItsCommunities", "106.1", "LG-SEV", "social-sev"},
        PrecedenceCase{"NoRuleMeansManualRouting", "109", "LG-STA", ""},
        PrecedenceCase{"TopicRuleDoesNotCoverSiblings", "109", "LG", ""}),
    [](const ::testing::TestParamInfo<PrecedenceCase>& info) { return info.param.name; });

TEST(DirectoryTest, ConflictingRulesAreRefusedWithEveryConflictNamed) {
  absl::StatusOr<Directory> d = Directory::Parse(kExecutors,
                                                 "rule_id,topic,territory,executor_id\n"
                                                 "a,106,LG,oda-social\n"
                                                 "b,106,LG,apparatus\n"
                                                 "c,*,LG-SEV,sev\n"
                                                 "d,*,LG-SEV,oda\n",
                                                 TestClassifier());
  EXPECT_THAT(d, StatusIs(absl::StatusCode::kInvalidArgument,
                          AllOf(HasSubstr("rule b conflicts with rule a"),
                                HasSubstr("rule d conflicts with rule c"))));
}

TEST(DirectoryTest, UnknownTopicsTerritoriesAndExecutorsAreNamed) {
  absl::StatusOr<Directory> d = Directory::Parse(
      "id,name_uk,kind,parent_id,territories\n"
      "oda,ОДА,other,,LG\n"
      "Bad Id,X,wizard,nobody,LG-XXX\n",
      "rule_id,topic,territory,executor_id\n"
      "a,999,LG,oda\n"
      "b,106,LG-NOPE,oda\n"
      "c,106,LG,ghost\n",
      TestClassifier());
  EXPECT_THAT(d, StatusIs(absl::StatusCode::kInvalidArgument,
                          AllOf(HasSubstr("id \"Bad Id\""), HasSubstr("unknown kind \"wizard\""),
                                HasSubstr("unknown territory \"LG-XXX\""),
                                HasSubstr("unknown parent \"nobody\""),
                                HasSubstr("competence-rules.csv:2: unknown topic \"999\""),
                                HasSubstr("competence-rules.csv:3: unknown territory \"LG-NOPE\""),
                                HasSubstr("competence-rules.csv:4: unknown executor \"ghost\""))));
}

TEST(DirectoryTest, TheStarterDirectoryCoversEveryTopicSomewhere) {
  absl::StatusOr<refdata::Classifier> c = refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
  ASSERT_TRUE(c.ok()) << c.status();
  absl::StatusOr<Directory> d = Directory::LoadDir(CC_REFERENCE_DIR, *c);
  ASSERT_TRUE(d.ok()) << d.status();
  for (const auto& [code, topic] : c->topics()) {
    bool covered = false;
    for (const auto& [territory, t] : c->territories()) {
      covered = covered || d->Decide(code, territory).routed;
    }
    EXPECT_TRUE(covered) << "topic " << code << " is routed nowhere";
  }
  // Communal services in Sievierodonetsk raion go to its district administration.
  EXPECT_EQ(d->Decide("109", "LG-SEV").executor_id, "lg-sev-rva");
  EXPECT_EQ(d->Decide("109", "LG-LUH").executor_id, "lg-oda-housing");
}

}  // namespace
}  // namespace contactcenter::routing
