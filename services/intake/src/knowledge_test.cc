// The knowledge base's rules, pure logic.
#include "knowledge.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::intake {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const refdata::Classifier& Reference() {
  static const refdata::Classifier c = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
  return c;
}

v1::Article ValidArticle() {
  v1::Article a;
  a.set_title("Житлова субсидія на опалення");
  a.set_body("Субсидію призначає управління соціального захисту населення.");
  a.add_topic_codes("106");
  a.add_tags("субсидія");
  a.mutable_valid_from()->set_year(2026);
  a.mutable_valid_from()->set_month(1);
  a.mutable_valid_from()->set_day(1);
  return a;
}

std::vector<std::string> ArticleFields(const v1::Article& a, bool need_id = false) {
  FieldViolations v;
  ValidateArticle(v, "article", a, Reference(), need_id);
  std::vector<std::string> out;
  for (const auto& x : v.violations()) out.push_back(x.field);
  return out;
}

TEST(KnowledgeTest, AValidArticleHasNoViolations) {
  EXPECT_THAT(ArticleFields(ValidArticle()), IsEmpty());
}

TEST(KnowledgeTest, EveryBadArticleFieldIsNamed) {
  v1::Article a = ValidArticle();
  a.set_title(std::string(kMaxTitleChars + 1, 't'));
  a.clear_body();
  a.add_topic_codes("999");
  a.add_topic_codes("106");
  a.add_tags("");
  a.mutable_valid_to()->set_year(2025);
  a.mutable_valid_to()->set_month(12);
  a.mutable_valid_to()->set_day(31);
  EXPECT_THAT(ArticleFields(a, true),
              UnorderedElementsAre("article.id", "article.title", "article.body",
                                   "article.topic_codes[1]", "article.topic_codes[2]",
                                   "article.tags[1]", "article.valid_to"));
  a = ValidArticle();
  a.clear_topic_codes();
  a.clear_valid_from();
  EXPECT_THAT(ArticleFields(a), UnorderedElementsAre("article.topic_codes", "article.valid_from"));
}

TEST(KnowledgeTest, AConsultationNeedsAKnownTopicAndRealArticleIds) {
  v1::Consultation c;
  c.add_article_ids("not-a-uuid");
  c.set_note(std::string(kMaxNoteChars + 1, 'n'));
  FieldViolations v;
  ValidateConsultation(v, "consultation", c, Reference());
  std::vector<std::string> fields;
  for (const auto& x : v.violations()) fields.push_back(x.field);
  EXPECT_THAT(fields, UnorderedElementsAre("consultation.topic_code",
                                           "consultation.article_ids[0]", "consultation.note"));
}

TEST(KnowledgeTest, AQueryBecomesPrefixTermsOfFoldedStems) {
  EXPECT_EQ(PrefixTsQuery("Субсидія на ОПАЛЕННЯ?"), "субсид:* & на:* & опален:*");
  EXPECT_EQ(PrefixTsQuery("газ"), "газ:*");
  // Operators and quotes never reach the tsquery.
  EXPECT_EQ(PrefixTsQuery("a & b | !c ' (d):*"), "a:* & b:* & c:* & d:*");
  EXPECT_EQ(PrefixTsQuery(" ?! "), "");
}

}  // namespace
}  // namespace contactcenter::intake
