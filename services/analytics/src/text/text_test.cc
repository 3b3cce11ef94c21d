#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "text/lemmatizer.h"
#include "text/tokenize.h"

namespace contactcenter::analytics::text {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Contains;

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(s)) {
    out.push_back(t.kind == TokenKind::kBreak ? "|" : t.kind == TokenKind::kNumber ? "#" + t.text : t.text);
  }
  return out;
}

TEST(TokenizeTest, WordsNumbersAndBreaks) {
  EXPECT_THAT(Words("Прошу надати субсидію, будинок 12-А. М’ясо та обʼєкт!"),
              ElementsAre("Прошу", "надати", "субсидію", "|", "будинок", "#12-А", "|", "М'ясо", "та",
                          "об'єкт", "|"));
  EXPECT_THAT(Words("будь-який -- «газ» 2024р"), ElementsAre("будь-який", "|", "газ", "|", "#2024р"));
  EXPECT_THAT(Words("\xff\xfeвода"), ElementsAre("вода"));
  EXPECT_THAT(Words(""), IsEmpty());
}

TEST(TokenizeTest, Case) {
  EXPECT_EQ(Lowercase("ЇЖАК Ґанок Євген І ABC"), "їжак ґанок євген і abc");
  EXPECT_TRUE(IsAllUpper("ЦНАП"));
  EXPECT_FALSE(IsAllUpper("Цнап"));
  EXPECT_FALSE(IsAllUpper("123"));
  EXPECT_TRUE(StartsUpper("Петренко"));
  EXPECT_FALSE(StartsUpper("петренко"));
}

class LemmatizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto l = Lemmatizer::Load("/usr/share/hunspell", CC_REFERENCE_DIR "/stopwords-uk.txt");
    ASSERT_TRUE(l.ok()) << l.status();
    lemmatizer_ = l->release();
  }
  static void TearDownTestSuite() { delete lemmatizer_; }
  static Lemmatizer* lemmatizer_;
};
Lemmatizer* LemmatizerTest::lemmatizer_ = nullptr;

TEST_F(LemmatizerTest, KnownWordFormsGiveTheirLemma) {
  EXPECT_EQ(lemmatizer_->Lemma("субсидії"), "субсидія");
  EXPECT_EQ(lemmatizer_->Lemma("Субсидії"), "субсидія");
  EXPECT_EQ(lemmatizer_->Lemma("звернувся"), "звернутися");
  EXPECT_EQ(lemmatizer_->Lemma("доріг"), "дорога");
  EXPECT_EQ(lemmatizer_->Lemma("оплати"), "оплата");  // the noun, not оплатити
  EXPECT_EQ(lemmatizer_->Lemma("обʼєкта"), "об'єкт");
  EXPECT_EQ(lemmatizer_->Lemma("ЦНАП"), "ЦНАП");
}

TEST_F(LemmatizerTest, NamesUnknownWordsNumbersAndStopWordsAreDropped) {
  for (const char* w : {"Петренко", "ПЕТРЕНКО", "петренко", "Тарас", "Луганськ", "Шевчукова",
                        "абвгджз", "2024", "12-А", "на", "та", "що", "прошу"}) {
    EXPECT_EQ(lemmatizer_->Lemma(w), std::nullopt) << w;
  }
}

TEST_F(LemmatizerTest, AnalysisKeepsOnlyLemmasAndPhrases) {
  Analysis a = lemmatizer_->Analyse(
      "Я, Петренко Тарас Іванович, прошу призначити субсидію на оплату комунальних послуг. "
      "Мій телефон 0501234567, вул. Шевченка 12, кв. 5. Субсидії не отримую з 2023 року.");
  for (const std::string& l : a.lemmas) {
    EXPECT_FALSE(std::any_of(l.begin(), l.end(), [](char c) { return c >= '0' && c <= '9'; })) << l;
  }
  EXPECT_THAT(a.lemmas, Not(Contains("Петренко")));
  EXPECT_THAT(a.lemmas, Not(Contains("Тарас")));
  EXPECT_THAT(a.lemmas, Not(Contains("Шевченко")));
  EXPECT_EQ(std::count(a.lemmas.begin(), a.lemmas.end(), "субсидія"), 2);
  EXPECT_THAT(a.lemmas, Contains("оплата"));
  // "на" is skipped inside the phrase; a number and a surname break one.
  EXPECT_THAT(a.phrases, Contains("субсидія оплата"));
  EXPECT_THAT(a.phrases, Contains("комунальний послуга"));
  EXPECT_THAT(a.phrases, Not(Contains("телефон вулиця")));
}

TEST(LemmatizerLoadTest, MissingFilesAreNamed) {
  auto l = Lemmatizer::Load("/nonexistent", CC_REFERENCE_DIR "/stopwords-uk.txt");
  EXPECT_FALSE(l.ok());
  EXPECT_THAT(std::string(l.status().message()), ::testing::HasSubstr("hunspell-uk"));
  l = Lemmatizer::Load("/usr/share/hunspell", "/nonexistent/stopwords");
  EXPECT_FALSE(l.ok());
}

}  // namespace
}  // namespace contactcenter::analytics::text
