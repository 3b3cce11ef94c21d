// Competence routing, pure logic.
#include "directory.h"

#include <set>

#include "contactcenter/status/field_violations.h"
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

// Issue 11: the event announcing a version carries every body (inactive ones
// too) with its parent, official name, kind and active flag, ordered by id.
TEST(DirectoryTest, TheChangedEventCarriesEveryBodyWithItsParent) {
  Directory d = Load("social-oblast,106,LG,oda-social\n");
  v1::Executor retired = *d.FindExecutor("apparatus");
  retired.set_active(false);
  retired.set_first_head("Іваненко Іван Іванович, голова");
  d.PutExecutor(retired);
  const v1::ExecutorDirectoryChanged e = d.ChangedEvent(7);
  EXPECT_EQ(e.version(), 7);
  std::vector<std::string> ids;
  for (const v1::DirectoryBody& b : e.bodies()) ids.push_back(b.id());
  EXPECT_THAT(ids, ::testing::ElementsAre("apparatus", "oda", "oda-pensions", "oda-social", "sev",
                                          "sev-01"));
  const v1::DirectoryBody& sev01 = e.bodies(5);
  EXPECT_EQ(sev01.parent_id(), "sev");
  EXPECT_EQ(sev01.name_uk(), "Громада");
  EXPECT_EQ(sev01.kind(), v1::EXECUTOR_KIND_COMMUNITY_ADMINISTRATION);
  EXPECT_TRUE(sev01.active());
  EXPECT_EQ(e.bodies(1).parent_id(), "");
  EXPECT_FALSE(e.bodies(0).active());
  // No person: the first head is not in the event.
  EXPECT_THAT(e.SerializeAsString(), ::testing::Not(HasSubstr("Іваненко")));
}

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
                                HasSubstr("competence-rules.csv:2:topic: unknown topic \"999\""),
                                HasSubstr("competence-rules.csv:3:territory: unknown territory \"LG-NOPE\""),
                                HasSubstr("competence-rules.csv:4:executor_id: unknown executor \"ghost\""))));
  // Every bad cell is a field violation named file:line:column (issue 9).
  EXPECT_THAT(FieldViolationsOf(d.status()),
              ::testing::UnorderedElementsAre(
                  FieldViolation{"executors.csv:3:id",
                                 "id \"Bad Id\" must be lower-case letters, digits, '-' or '_'"},
                  FieldViolation{"executors.csv:3:kind", "unknown kind \"wizard\""},
                  FieldViolation{"executors.csv:3:territories", "unknown territory \"LG-XXX\""},
                  FieldViolation{"executors.csv:3:parent_id", "unknown parent \"nobody\""},
                  FieldViolation{"competence-rules.csv:2:topic", "unknown topic \"999\""},
                  FieldViolation{"competence-rules.csv:3:territory", "unknown territory \"LG-NOPE\""},
                  FieldViolation{"competence-rules.csv:4:executor_id", "unknown executor \"ghost\""}));
}

TEST(DirectoryTest, BadRowsOfBothFilesAreNamedAtOnce) {
  absl::StatusOr<Directory> d = Directory::Parse(
      "id,name_uk,kind,parent_id,territories\n"
      "oda,ОДА,other,,LG\n"
      "x,,other\n"
      "y,Y,other,,\n",
      "rule_id,topic\n", TestClassifier());
  EXPECT_THAT(FieldViolationsOf(d.status()),
              ::testing::ElementsAre(
                  FieldViolation{"executors.csv:3", "3 fields, the header has 5"},
                  FieldViolation{"competence-rules.csv:1:territory", "missing column"},
                  FieldViolation{"competence-rules.csv:1:executor_id", "missing column"}));
  d = Directory::Parse(
      "id,name_uk,kind,parent_id,territories\n"
      "oda,ОДА,other,,LG\n"
      "y,,other,,\n",
      "rule_id,topic,territory,executor_id\n"
      "a,106,LG,oda\n"
      "a,106,LG,oda\n",
      TestClassifier());
  EXPECT_THAT(FieldViolationsOf(d.status()),
              ::testing::ElementsAre(
                  FieldViolation{"executors.csv:3:name_uk", "required"},
                  FieldViolation{"executors.csv:3:territories", "required"},
                  FieldViolation{"competence-rules.csv:3:rule_id", "rule a appears twice"},
                  FieldViolation{"competence-rules.csv:3:rule_id",
                                 "rule a conflicts with rule a (both for topic 106 in LG, appeals "
                                 "of any kind)"}));
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

// The complaint rule (Art. 7, 16) and the decliners of re-routing, over one
// rule set: a complaint never reaches the body it contests, and a body that
// declined the appeal is never chosen again.
struct ExclusionCase {
  std::string name;
  std::string topic;
  std::string territory;
  common::v1::AppealKind kind;
  std::string contested;
  std::set<std::string> declined;
  std::string want_executor;  // "" for manual routing
  std::string want_rule;
};

class ExclusionTest : public ::testing::TestWithParam<ExclusionCase> {};

TEST_P(ExclusionTest, NeverTheContestedBodyNorADecliner) {
  const ExclusionCase& c = GetParam();
  AppealToRoute appeal;
  appeal.topic = c.topic;
  appeal.territory = c.territory;
  appeal.kind = c.kind;
  appeal.contested_executor_id = c.contested;
  appeal.excluded_executor_ids = c.declined;
  Choice choice = Load(kRules).Decide(appeal);
  EXPECT_EQ(choice.routed, !c.want_executor.empty()) << choice.reason;
  EXPECT_EQ(choice.executor_id, c.want_executor) << choice.reason;
  EXPECT_EQ(choice.rule_id, c.want_rule) << choice.reason;
  if (!c.contested.empty() && choice.routed) {
    EXPECT_FALSE(Load(kRules).IsInChainBelow(choice.executor_id, c.contested))
        << choice.executor_id << " is " << c.contested << " or below it";
  }
  EXPECT_EQ(c.declined.count(choice.executor_id), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, ExclusionTest,
    ::testing::Values(
        ExclusionCase{"ComplaintAgainstTheRulesExecutorGoesToItsParent", "106", "LG-SEV",
                      common::v1::APPEAL_KIND_COMPLAINT, "sev", {}, "oda", "social-sev"},
        ExclusionCase{"ComplaintAgainstACommunityGoesToItsRaion", "109", "LG-SEV-01",
                      common::v1::APPEAL_KIND_COMPLAINT, "sev-01", {}, "sev", "any-sev-01"},
        ExclusionCase{"ComplaintAgainstAnotherBodyChangesNothing", "106", "LG-SEV",
                      common::v1::APPEAL_KIND_COMPLAINT, "apparatus", {}, "sev", "social-sev"},
        // Art. 7, 16: the raion administration and the oblast departments
        // are below the oblast administration, so no rule here may take a
        // complaint against it; a supervisor sends it to a higher body. (This
        // case used to expect "sev", a body below the contested one.)
        ExclusionCase{"ComplaintAgainstTheOblastAdministrationWaitsForASupervisor", "106",
                      "LG-SEV", common::v1::APPEAL_KIND_COMPLAINT, "oda", {}, "", ""},
        ExclusionCase{"ComplaintAgainstARaionNeverGoesToItsCommunityButToTheOblast", "125",
                      "LG-SEV-01", common::v1::APPEAL_KIND_COMPLAINT, "sev", {}, "oda",
                      "any-sev-01"},
        ExclusionCase{"ADeclinerIsPassedForTheNextRule", "106", "LG-SEV",
                      common::v1::APPEAL_KIND_STATEMENT, "", {"sev"}, "oda-social",
                      "social-oblast"},
        ExclusionCase{"EveryDeclinerPassedMeansManualRouting", "106", "LG-SEV",
                      common::v1::APPEAL_KIND_STATEMENT, "", {"sev", "oda-social"}, "", ""},
        ExclusionCase{"TheContestedBodysParentDeclinedToo", "106", "LG-SEV",
                      common::v1::APPEAL_KIND_COMPLAINT, "sev", {"oda"}, "oda-social",
                      "social-oblast"}),
    [](const ::testing::TestParamInfo<ExclusionCase>& info) { return info.param.name; });

// A complaint against the oblast administration may go to a body outside
// its chain (here the police, a territorial body of a central one) when a
// rule names it: "a higher body or the manual queue".
TEST(DirectoryTest, ComplaintAgainstTheOblastAdministrationGoesToABodyOutsideItsChain) {
  absl::StatusOr<Directory> d = Directory::Parse(
      std::string(kExecutors) + "police,Поліція,territorial_body,,LG\n",
      "rule_id,topic,territory,executor_id,appeal_kind\n"
      "social,106,LG,oda-social,\n"
      "complaints,106,LG-SEV,sev,complaint\n"
      "police-complaints,*,LG,police,complaint\n",
      TestClassifier());
  ASSERT_TRUE(d.ok()) << d.status();
  AppealToRoute appeal;
  appeal.topic = "106";
  appeal.territory = "LG-SEV";
  appeal.kind = common::v1::APPEAL_KIND_COMPLAINT;
  appeal.contested_executor_id = "oda";
  Choice c = d->Decide(appeal);
  EXPECT_EQ(c.executor_id, "police") << c.reason;
  EXPECT_EQ(c.rule_id, "police-complaints");
  ASSERT_EQ(c.candidates.size(), 3u);
  EXPECT_THAT(c.candidates[0].why(), HasSubstr("contests oda (sev is below it)"));
  EXPECT_THAT(c.candidates[0].why(), HasSubstr("no body above it"));
  EXPECT_TRUE(d->IsInChainBelow("sev-01", "oda"));
  EXPECT_TRUE(d->IsInChainBelow("oda", "oda"));
  EXPECT_FALSE(d->IsInChainBelow("oda", "sev"));
  EXPECT_FALSE(d->IsInChainBelow("police", "oda"));
}

TEST(DirectoryTest, TheDecisionExplainsEveryCandidate) {
  AppealToRoute appeal;
  appeal.topic = "106.1";
  appeal.territory = "LG-SEV";
  appeal.excluded_executor_ids = {"sev"};
  Choice choice = Load(kRules).Decide(appeal);
  ASSERT_EQ(choice.candidates.size(), 3u);
  EXPECT_EQ(choice.candidates[0].rule_id(), "social-sev");
  EXPECT_FALSE(choice.candidates[0].chosen());
  EXPECT_THAT(choice.candidates[0].why(), HasSubstr("sev already declined"));
  EXPECT_EQ(choice.candidates[1].rule_id(), "pensions-oblast");
  EXPECT_TRUE(choice.candidates[1].chosen());
  EXPECT_EQ(choice.candidates[2].rule_id(), "social-oblast");
  EXPECT_THAT(choice.candidates[2].why(), HasSubstr("less specific than rule pensions-oblast"));
  EXPECT_EQ(choice.executor_id, "oda-pensions");
}

TEST(DirectoryTest, KindSpecificRulesBeatAnyKindAndInformationExecutorsAreTold) {
  absl::StatusOr<Directory> d = Directory::Parse(
      kExecutors,
      "rule_id,topic,territory,executor_id,appeal_kind,information_executor_ids\n"
      "social,106,LG,oda-social,,\n"
      "social-complaints,106,LG,apparatus,complaint,oda-social;oda\n",
      TestClassifier());
  ASSERT_TRUE(d.ok()) << d.status();
  AppealToRoute appeal;
  appeal.topic = "106";
  appeal.territory = "LG";
  appeal.kind = common::v1::APPEAL_KIND_STATEMENT;
  EXPECT_EQ(d->Decide(appeal).rule_id, "social");
  EXPECT_TRUE(d->Decide(appeal).information_executor_ids.empty());
  appeal.kind = common::v1::APPEAL_KIND_COMPLAINT;
  Choice c = d->Decide(appeal);
  EXPECT_EQ(c.rule_id, "social-complaints");
  EXPECT_THAT(c.information_executor_ids, ::testing::ElementsAre("oda-social", "oda"));
}

struct ConflictCase {
  std::string name;
  std::string rules;
  std::string want;  // "" when the set is fine
};

class ConflictTest : public ::testing::TestWithParam<ConflictCase> {};

TEST_P(ConflictTest, TiesAreConflicts) {
  const ConflictCase& c = GetParam();
  absl::StatusOr<Directory> d = Directory::Parse(
      kExecutors, "rule_id,topic,territory,executor_id,appeal_kind\n" + c.rules,
      TestClassifier());
  if (c.want.empty()) {
    EXPECT_TRUE(d.ok()) << d.status();
  } else {
    EXPECT_THAT(d, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.want)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rules, ConflictTest,
    ::testing::Values(
        ConflictCase{"SameScope", "a,106,LG,oda,\nb,106,LG,sev,\n",
                     "rule b conflicts with rule a"},
        ConflictCase{"SameScopeSameKind", "a,106,LG,oda,complaint\nb,106,LG,sev,complaint\n",
                     "rule b conflicts with rule a"},
        ConflictCase{"DifferentKindsDoNotTie", "a,106,LG,oda,complaint\nb,106,LG,sev,\n", ""},
        ConflictCase{"SubTopicDoesNotTie", "a,106,LG,oda,\nb,106.1,LG,sev,\n", ""},
        ConflictCase{"DeeperTerritoryDoesNotTie", "a,106,LG,oda,\nb,106,LG-SEV,sev,\n", ""},
        ConflictCase{"UnknownKindIsNamed", "a,106,LG,oda,petition\n",
                     "unknown appeal_kind \"petition\""}),
    [](const ::testing::TestParamInfo<ConflictCase>& info) { return info.param.name; });

TEST(DirectoryTest, DiffNamesWhatChanges) {
  Directory before = Load("a,106,LG,oda-social\nb,109,LG,oda\n");
  absl::StatusOr<Directory> after = Directory::Parse(
      std::string(kExecutors) + "new-body,Нова,other,oda,LG\n",
      "rule_id,topic,territory,executor_id\na,106,LG,apparatus\nc,125,LG,new-body\n",
      TestClassifier());
  ASSERT_TRUE(after.ok()) << after.status();
  std::vector<std::string> diff = before.Diff(*after);
  EXPECT_THAT(diff, ::testing::UnorderedElementsAre(
                        HasSubstr("executor new-body: added"), HasSubstr("rule a: "),
                        HasSubstr("rule b: removed"), HasSubstr("rule c: added")));
  EXPECT_TRUE(before.Diff(before).empty());
}

TEST(DirectoryTest, ExecutorsCsvReadsBackToTheSameBodies) {
  Directory d = Load(kRules);
  v1::Executor odd = *d.FindExecutor("sev");
  odd.set_name("Назва, з комою і \"лапками\"");
  odd.set_active(false);
  odd.set_first_head("Голова РВА Іваненко І. І.");
  odd.set_answers_from("СЕД АСКОД, e-mail: sev@example.gov.ua");
  d.PutExecutor(odd);
  absl::StatusOr<Directory> again =
      Directory::Parse(d.ExecutorsCsv(), "rule_id,topic,territory,executor_id\n", TestClassifier());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(d.Diff(*again).size() == d.rules().size()) << ::testing::PrintToString(d.Diff(*again));
  EXPECT_EQ(again->FindExecutor("sev")->name(), odd.name());
  EXPECT_FALSE(again->FindExecutor("sev")->active());
  EXPECT_EQ(again->FindExecutor("sev")->first_head(), odd.first_head());
  EXPECT_EQ(again->FindExecutor("sev")->answers_from(), odd.answers_from());
}

// Found by tests/fuzz/directory_fuzzer: a territory code with a comma (a
// version may carry its own classifier) broke the written-out CSV.
TEST(DirectoryTest, ExecutorsCsvQuotesTerritoriesWithCommas) {
  absl::StatusOr<refdata::Classifier> c = refdata::Classifier::Parse(
      kTopics, "code,parent,name_uk,name_en,kind\n\"X,Y\",,x,x,oblast\nZ,\"X,Y\",z,z,raion\n");
  ASSERT_TRUE(c.ok()) << c.status();
  absl::StatusOr<Directory> d = Directory::Parse(
      "id,name_uk,kind,parent_id,territories\na,A,other,,\"X,Y;Z\"\n",
      "rule_id,topic,territory,executor_id\nr1,*,\"X,Y\",a\n", *c);
  ASSERT_TRUE(d.ok()) << d.status();
  absl::StatusOr<Directory> again = Directory::Parse(d->ExecutorsCsv(), d->rules_csv(), *c);
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << d->ExecutorsCsv();
  EXPECT_THAT(again->FindExecutor("a")->territory_codes(), ::testing::ElementsAre("X,Y", "Z"));
  EXPECT_TRUE(d->Diff(*again).empty());
}

// Found by tests/fuzz/directory_fuzzer: a body that was its own parent got
// the complaints against it.
TEST(DirectoryTest, TheChainOfSubordinationHasNoLoops) {
  const std::string rules = "rule_id,topic,territory,executor_id\nr1,*,LG,oda\n";
  EXPECT_THAT(Directory::Parse("id,name_uk,kind,parent_id,territories\noda,О,other,oda,LG\n",
                               rules, TestClassifier()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("executor oda: a body cannot be its own parent")));
  EXPECT_THAT(Directory::Parse("id,name_uk,kind,parent_id,territories\n"
                               "oda,О,other,b,LG\nb,Б,other,c,LG\nc,В,other,oda,LG\n"
                               "d,Г,other,b,LG\n",
                               rules, TestClassifier()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("executor oda: its parents form a cycle"),
                             HasSubstr("executor b: its parents form a cycle"),
                             HasSubstr("executor c: its parents form a cycle"),
                             ::testing::Not(HasSubstr("executor d:")))));
  // A chain that ends is fine, however long.
  EXPECT_TRUE(Directory::Parse("id,name_uk,kind,parent_id,territories\n"
                               "oda,О,other,,LG\nb,Б,other,oda,LG\nc,В,other,b,LG\n",
                               rules, TestClassifier())
                  .ok());
}

// Without stored classifier text, the export writes the topics and
// territories from the classifier, and they read back the same.
TEST(DirectoryTest, ExportedCsvReadsBackToTheSameDirectory) {
  absl::StatusOr<Directory> parsed = Directory::Parse(
      kExecutors,
      "rule_id,topic,territory,executor_id,appeal_kind,information_executor_ids,note\n"
      "r-1,106,LG,oda-social,,,\"note, with a comma\"\n"
      "r-2,106.1,LG-SEV,sev,complaint,oda,\n",
      TestClassifier());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const Directory& d = *parsed;
  const v1::ExportDirectoryResponse ex = d.Export();
  absl::StatusOr<refdata::Classifier> c = refdata::Classifier::Parse(ex.topics_csv(),
                                                                     ex.territories_csv());
  ASSERT_TRUE(c.ok()) << c.status();
  absl::StatusOr<Directory> again = Directory::Parse(ex.executors_csv(), ex.rules_csv(), *c);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_THAT(d.Diff(*again), ::testing::IsEmpty());
  ASSERT_EQ(ex.rules_size(), 2);
  EXPECT_EQ(ex.rules(0).note(), "note, with a comma");
  EXPECT_EQ(ex.rules(1).appeal_kind(), common::v1::APPEAL_KIND_COMPLAINT);
  EXPECT_THAT(ex.rules(1).information_executor_ids(), ::testing::ElementsAre("oda"));
  EXPECT_EQ(ex.topics_size(), 4);
  ASSERT_EQ(ex.territories_size(), 4);
  EXPECT_EQ(ex.territories(1).code(), "LG-SEV");
  EXPECT_EQ(ex.territories(1).parent(), "LG");
  EXPECT_EQ(ex.executors_size(), 6);
}

// The example in the README (examples/) loads and routes as it says.
TEST(DirectoryTest, TheReadmeExampleRoutesAsDocumented) {
  absl::StatusOr<refdata::Classifier> c = refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
  ASSERT_TRUE(c.ok()) << c.status();
  absl::StatusOr<Directory> d = Directory::LoadDir(CC_ROUTING_EXAMPLES_DIR, *c);
  ASSERT_TRUE(d.ok()) << d.status();
  AppealToRoute appeal;
  appeal.topic = "109";
  appeal.territory = "LG-SEV";
  appeal.kind = common::v1::APPEAL_KIND_STATEMENT;
  Choice choice = d->Decide(appeal);
  EXPECT_EQ(choice.rule_id, "r-109-sev");
  EXPECT_THAT(choice.information_executor_ids, ::testing::ElementsAre("lg-oda-housing"));
  appeal.kind = common::v1::APPEAL_KIND_COMPLAINT;
  EXPECT_EQ(d->Decide(appeal).rule_id, "r-109-sev-complaints");
  appeal.contested_executor_id = "lg-oda-housing";
  EXPECT_EQ(d->Decide(appeal).executor_id, "lg-oda");
  EXPECT_EQ(d->Decide("109", "LG-STA").executor_id, "lg-oda-housing");
  EXPECT_EQ(d->Decide("106", "LG-SEV").rule_id, "r-any-sev");
  EXPECT_EQ(d->Decide("106", "LG-STA").rule_id, "r-106");
  EXPECT_FALSE(d->Decide("112", "LG-STA").routed);
  EXPECT_FALSE(d->FindExecutor("lg-old-department")->active());
}

TEST(DirectoryTest, CoveringListsTheBodiesOfATerritoryAndItsAncestors) {
  const Directory d = Load("r-1,106,LG,oda-social\n");
  auto ids = [](const std::vector<v1::Executor>& executors) {
    std::vector<std::string> out;
    for (const v1::Executor& e : executors) out.push_back(e.id());
    return out;
  };
  EXPECT_THAT(ids(d.Covering("LG-SEV-01")),
              ::testing::ElementsAre("apparatus", "oda", "oda-pensions", "oda-social", "sev",
                                     "sev-01"));
  EXPECT_THAT(ids(d.Covering("LG-STA")),
              ::testing::ElementsAre("apparatus", "oda", "oda-pensions", "oda-social"));
  EXPECT_EQ(d.Covering("").size(), d.executors().size());
}

TEST(CheckExecutorTest, EveryBadFieldIsNamedAtOnce) {
  v1::Executor e;
  e.set_id("Bad Id");
  e.set_parent_id("Bad Parent");
  e.add_territory_codes("LG");
  e.add_territory_codes("LG-NOWHERE");
  FieldViolations v;
  CheckExecutor(v, e, TestClassifier());
  std::vector<std::string> fields;
  for (const FieldViolation& f : v.violations()) fields.push_back(f.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("executor.id", "executor.name",
                                                      "executor.kind", "executor.parent_id",
                                                      "executor.territory_codes[1]"));
}

TEST(CheckExecutorTest, AnUnknownKindIsNotRequiredAndAnUnknownParentComesWithTheRest) {
  absl::StatusOr<Directory> d = Directory::Parse(
      "id,name_uk,kind,parent_id,territories\nsev,Сєвєродонецька РВА,district_administration,,LG-SEV\n",
      "rule_id,topic,territory,executor_id\n", TestClassifier());
  ASSERT_TRUE(d.ok()) << d.status();
  v1::Executor e;
  e.set_id("sev-02");
  e.set_kind(static_cast<v1::ExecutorKind>(57));
  e.set_parent_id("ghost");
  e.add_territory_codes("LG-SEV");
  FieldViolations v;
  CheckExecutor(v, e, TestClassifier(), &*d);
  EXPECT_THAT(v.violations(),
              ::testing::UnorderedElementsAre(
                  FieldViolation{"executor.name", "required"},
                  FieldViolation{"executor.kind", "unknown value 57"},
                  FieldViolation{"executor.parent_id", "unknown executor \"ghost\""}));
  e.set_parent_id("sev");
  e.set_name("Громада 2");
  e.set_kind(v1::EXECUTOR_KIND_COMMUNITY_ADMINISTRATION);
  FieldViolations ok;
  CheckExecutor(ok, e, TestClassifier(), &*d);
  EXPECT_TRUE(ok.empty());
}

TEST(CheckExecutorTest, AGoodBodyPassesAndNoBodyIsItsOwnParent) {
  v1::Executor e;
  e.set_id("sev-02");
  e.set_name("Громада 2");
  e.set_kind(v1::EXECUTOR_KIND_COMMUNITY_ADMINISTRATION);
  e.set_parent_id("sev");
  e.add_territory_codes("LG-SEV");
  FieldViolations ok;
  CheckExecutor(ok, e, TestClassifier());
  EXPECT_TRUE(ok.empty());
  e.set_parent_id("sev-02");
  e.clear_territory_codes();
  FieldViolations bad;
  CheckExecutor(bad, e, TestClassifier());
  std::vector<std::string> fields;
  for (const FieldViolation& f : bad.violations()) fields.push_back(f.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("executor.parent_id",
                                                      "executor.territory_codes"));
}

}  // namespace
}  // namespace contactcenter::routing
