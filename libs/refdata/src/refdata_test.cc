#include "contactcenter/refdata/author_categories.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/refdata/csv.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::refdata {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CsvTest, QuotedFieldsKeepCommasAndQuotes) {
  auto t = CsvTable::Parse("code,name\n104,\"Economy, prices\"\n105,\"He said \"\"no\"\"\"\n",
                           "t.csv", {"code", "name"});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ(t->Get(0, "name"), "Economy, prices");
  EXPECT_EQ(t->Get(1, "name"), "He said \"no\"");
  EXPECT_EQ(t->Where(1), "t.csv:3");
}

// Every bad row and cell at once, each a field violation "file:line:column"
// (the old assertions on the message text are kept as field and description).
TEST(CsvTest, NamesMissingColumnsAndBadRowsByLine) {
  absl::StatusOr<CsvTable> missing = CsvTable::Parse("code\n1\n", "t.csv", {"code", "name", "x"});
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("t.csv:1:name: missing column")));
  EXPECT_THAT(FieldViolationsOf(missing.status()),
              ElementsAre(FieldViolation{"t.csv:1:name", "missing column"},
                          FieldViolation{"t.csv:1:x", "missing column"}));
  absl::StatusOr<CsvTable> wide = CsvTable::Parse("a,b\n1,2\n1,2,3\n1\n", "t.csv", {});
  EXPECT_THAT(wide, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("t.csv:3: 3 fields")));
  EXPECT_THAT(FieldViolationsOf(wide.status()),
              ElementsAre(FieldViolation{"t.csv:3", "3 fields, the header has 2"},
                          FieldViolation{"t.csv:4", "1 fields, the header has 2"}));
  absl::StatusOr<CsvTable> open = CsvTable::Parse("a,b\n\"open,2\n", "t.csv", {});
  EXPECT_THAT(open, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("never closed")));
  EXPECT_THAT(FieldViolationsOf(open.status()),
              ElementsAre(FieldViolation{"t.csv:2", "a quoted field is never closed"}));
}

TEST(CsvTest, RefusesControlCharactersAndInvalidUtf8InACell) {
  using namespace std::string_literals;
  absl::StatusOr<CsvTable> t =
      CsvTable::Parse("code,name\n1,Ко\0валь\n2,\"a\nb\"\n3,\xff\n"s, "t.csv", {});
  EXPECT_THAT(t, StatusIs(absl::StatusCode::kInvalidArgument,
                          AllOf(HasSubstr("t.csv:2:name: contains a control character (U+0000 at "
                                          "character 3)"),
                                HasSubstr("t.csv:3:name: contains a control character (U+000A"),
                                HasSubstr("t.csv:5:name: not valid UTF-8"))));
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(t.status())) fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("t.csv:2:name", "t.csv:3:name", "t.csv:5:name"));
  // Line ends may be CRLF: the CR is not part of a cell.
  EXPECT_TRUE(CsvTable::Parse("code,name\r\n1,a\r\n", "t.csv", {}).ok());
}

constexpr char kTopics[] = "code,name_uk,name_en\n106,Соц,Social\n106.1,Пенсії,Pensions\n109,Ком,Communal\n";
constexpr char kTerritories[] =
    "code,parent,name_uk,name_en,kind\nLG,,Л,L,oblast\nLG-SEV,LG,С,S,raion\n"
    "LG-SEV-01,LG-SEV,Г,C,community\n";

TEST(ClassifierTest, TerritoriesFormATree) {
  auto c = Classifier::Parse(kTopics, kTerritories);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->FindTerritory("LG-SEV-01")->depth, 2);
  EXPECT_TRUE(c->IsWithin("LG-SEV-01", "LG"));
  EXPECT_TRUE(c->IsWithin("LG-SEV", "LG-SEV"));
  EXPECT_FALSE(c->IsWithin("LG", "LG-SEV"));
  EXPECT_FALSE(c->IsWithin("XX", "LG"));
  EXPECT_NE(c->FindTopic("106.1"), nullptr);
  EXPECT_EQ(c->FindTopic("999"), nullptr);
}

TEST(ClassifierTest, ReportsUnknownParentsAndDuplicates) {
  auto c = Classifier::Parse("code,name_uk,name_en\n106,a,b\n106,a,b\n107.1,a,b\n",
                             "code,parent,name_uk,name_en,kind\nLG-X,LG,a,b,raion\n");
  EXPECT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument,
                          AllOf(HasSubstr("topic 106 appears twice"),
                                HasSubstr("parent topic 107 is not listed"),
                                HasSubstr("territory LG-X: parent LG is not listed"))));
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(c.status())) fields.push_back(v.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("classifier-topics.csv:3:code",
                                                      "classifier-topics.csv:4:code",
                                                      "territories.csv:2:parent"));
  // A bad row in each file: both are named at once.
  auto both = Classifier::Parse("code,name_uk,name_en\n106,a\n",
                                "code,parent,name_uk,name_en,kind\nLG,,a\n");
  fields.clear();
  for (const FieldViolation& v : FieldViolationsOf(both.status())) fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("classifier-topics.csv:2", "territories.csv:2"));
}

TEST(TopicTest, RulesCoverSubTopicsOnlyAtADot) {
  EXPECT_TRUE(TopicCovers("*", "106"));
  EXPECT_TRUE(TopicCovers("106", "106"));
  EXPECT_TRUE(TopicCovers("106", "106.012"));
  EXPECT_FALSE(TopicCovers("106", "1060"));
  EXPECT_FALSE(TopicCovers("106.012", "106"));
  EXPECT_EQ(TopicDepth("*"), 0);
  EXPECT_EQ(TopicDepth("106"), 1);
  EXPECT_EQ(TopicDepth("106.012"), 2);
}

TEST(ClassifierTest, TheShippedReferenceDataLoads) {
  auto c = Classifier::LoadDir(CC_REFERENCE_DIR);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->topics().size(), 25u);
  EXPECT_TRUE(c->IsWithin("LG-SEV", "LG"));
}

TEST(AuthorCategoriesTest, TheReferenceFileGivesEachCategoryItsLegalBasis) {
  absl::StatusOr<AuthorCategories> t = AuthorCategories::LoadDir(CC_REFERENCE_DIR);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_THAT(t->Rule(common::v1::AUTHOR_CATEGORY_COMBATANT).priority_basis,
              HasSubstr("3551-XII"));
  EXPECT_EQ(t->Rule(common::v1::AUTHOR_CATEGORY_INTERNALLY_DISPLACED).priority_basis, "");
  EXPECT_EQ(t->Rule(common::v1::AUTHOR_CATEGORY_OTHER).priority_basis, "");
  // A category the file omits gives nothing.
  EXPECT_EQ(AuthorCategories().Rule(common::v1::AUTHOR_CATEGORY_COMBATANT).priority_basis, "");
}

TEST(AuthorCategoriesTest, BadRowsAreNamedByLine) {
  const std::string header = "category,priority_basis,first_head_articles,note\n";
  EXPECT_THAT(AuthorCategories::Parse(header + "VETERAN_OF_MARS,law,,\n", "a.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("a.csv:2"), HasSubstr("unknown category"))));
  EXPECT_THAT(AuthorCategories::Parse(header + "COMBATANT,law,,\nCOMBATANT,law,,\n", "a.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("a.csv:3"), HasSubstr("listed twice"))));
  EXPECT_THAT(AuthorCategories::Parse(header + "WAR_DISABLED,law,16,\n", "a.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("14 or 15")));
  EXPECT_THAT(AuthorCategories::Parse(header + "UNSPECIFIED,law,,\n", "a.csv"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown category")));
}

}  // namespace
}  // namespace contactcenter::refdata
