#include "content_analysis.h"

#include "contactcenter/clock/proto_time.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::analytics {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::testing::UnorderedElementsAre;

TEST(ContentRequestTest, TheBaselineIsThePreviousPeriodsOfTheSameLength) {
  refdata::Classifier classifier = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
  v1::AnalyseContentRequest req;
  *req.mutable_period()->mutable_from() = ToDate(absl::CivilDay(2026, 4, 1));
  *req.mutable_period()->mutable_to() = ToDate(absl::CivilDay(2026, 7, 1));
  req.set_territory_code("LG");
  req.set_topic_code("106");
  absl::StatusOr<ContentQuery> q = ParseContentRequest(req, classifier);
  ASSERT_OK(q.status());
  // Three quarters' worth of days (91 each) before 1 April.
  EXPECT_EQ(q->scope.baseline_from, absl::CivilDay(2026, 4, 1) - 3 * 91);
  EXPECT_TRUE(q->scope.territories.empty());  // the whole oblast
  EXPECT_EQ(q->scope.topic, "106");
  EXPECT_EQ(q->limit, kDefaultContentLimit);

  req.set_topic_code("106.999.x");
  req.set_limit(201);
  req.set_previous_periods(13);
  EXPECT_THAT(FieldsOf(ParseContentRequest(req, classifier).status()),
              UnorderedElementsAre("topic_code", "limit", "previous_periods"));
}

TEST(EmergingTest, RankedByTheRiseOfTheShareWithTheCountsBehindIt) {
  // 100 appeals now, 300 before.
  std::vector<TermRow> rows = {
      {"вода", 30, 30},    // 30 % against 10 %
      {"газ", 10, 0},      // new: 10 % against none
      {"світло", 2, 0},    // too few to say
      {"дорога", 10, 60},  // fell
  };
  std::vector<v1::EmergingTerm> e = RankEmerging(rows, 100, 300, 10);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].term(), "газ");
  EXPECT_NEAR(e[0].rise(), (10.5 / 101) / (0.5 / 301), 1e-9);
  EXPECT_EQ(e[1].term(), "вода");
  EXPECT_DOUBLE_EQ(e[1].share(), 0.3);
  EXPECT_DOUBLE_EQ(e[1].baseline_share(), 0.1);
  EXPECT_EQ(e[1].baseline_appeals(), 30);
  EXPECT_EQ(e[2].term(), "дорога");
  EXPECT_LT(e[2].rise(), 1);
  EXPECT_EQ(RankEmerging(rows, 100, 300, 1).size(), 1u);
}

TEST(TopicHeadingTest, SubTopicsBelongToTheirHeading) {
  EXPECT_EQ(TopicHeading("106.012"), "106");
  EXPECT_EQ(TopicHeading("106"), "106");
}

TEST(TopicModelTest, ObviousTextsGetThePlantedTopic) {
  refdata::Classifier classifier = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
  auto lemmatizer =
      text::Lemmatizer::Load("/usr/share/hunspell", CC_REFERENCE_DIR "/stopwords-uk.txt");
  ASSERT_OK(lemmatizer.status());
  auto seed = LoadTopicSeed(CC_REFERENCE_DIR "/topic-seed.csv", **lemmatizer, classifier);
  ASSERT_OK(seed.status());
  auto model = text::TopicModel::Train(*seed);
  ASSERT_OK(model.status());
  EXPECT_EQ((*model)->topics().size(), 25u);
  for (const auto& [essence, topic] : std::vector<std::pair<std::string, std::string>>{
           {"Прошу призначити субсидію на оплату комунальних послуг.", "106"},
           {"Вже тиждень немає води і опалення в будинку.", "109"},
           {"Посадовець вимагав хабар за довідку.", "124"},
           {"Автобус не ходить, дорогу розбито.", "103"},
           {"Школу закривають, учням не вистачає підручників.", "115"},
           {"Роботодавець не виплачує заробітну плату.", "107"},
       }) {
    std::vector<text::TopicScore> s = (*model)->Predict((*lemmatizer)->Analyse(essence).lemmas, 3);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0].topic, topic) << essence;
    EXPECT_GE(s[0].probability, s[1].probability);
    EXPECT_GE(s[1].probability, s[2].probability);
    EXPECT_LE(s[0].probability + s[1].probability + s[2].probability, 1.0 + 1e-9);
  }
  // No known word at all: the seed set's prior, still three.
  EXPECT_EQ((*model)->Predict({}, 3).size(), 3u);
}

TEST(TopicModelTest, OneTopicIsNotEnough) {
  EXPECT_FALSE(text::TopicModel::Train({{"106", {"субсидія"}}, {"106", {"пенсія"}}}).ok());
}

}  // namespace
}  // namespace contactcenter::analytics
