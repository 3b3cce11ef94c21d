// Analytics' text parts on a real PostgreSQL (issue 15): essences read in
// batches, only lemmas of dictionary words kept (no surname, no number
// anywhere in the database), content analysis counted by hand, the topic
// model trained on the appeals' own topics, and the RPCs' roles. Intake's
// read is an in-process stand-in here (its audit is intake's pg test and
// the e2e test's).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "analytics_service.h"
#include "content_analysis.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report_store.h"
#include "reports.h"
#include "schema.h"
#include "text_analysis.h"

namespace contactcenter::analytics {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kAnalyst[] = "analyst-token-000001";
constexpr char kOperator[] = "operator-token-000001";
constexpr char kExecutor[] = "executor-token-000001";

class FakeIntake final : public EssenceSource {
 public:
  absl::StatusOr<std::map<std::string, std::string>> Read(
      const std::vector<std::string>& ids) override {
    ++calls;
    max_batch = std::max(max_batch, ids.size());
    std::map<std::string, std::string> out;
    for (const std::string& id : ids) {
      if (auto it = essences.find(id); it != essences.end()) out[id] = it->second;
    }
    return out;
  }
  std::map<std::string, std::string> essences;
  int calls = 0;
  size_t max_batch = 0;
};

std::string Id(int i) { return absl::StrFormat("00000000-0000-4000-8000-%012d", i); }

class TextTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("analytics_text",
                                    {&db::EventLogMigrations(), &db::AnalyticsMigrations()})
              .release();
    auto l = text::Lemmatizer::Load("/usr/share/hunspell", CC_REFERENCE_DIR "/stopwords-uk.txt");
    ASSERT_TRUE(l.ok()) << l.status();
    lemmatizer_ = l->release();
  }
  static void TearDownTestSuite() {
    delete db_;
    delete lemmatizer_;
  }

  void SetUp() override {
    db_->Exec("TRUNCATE appeal_facts, appeal_terms");
    pool_ = db_->MakePool();
    classifier_ = *refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    auto seed = LoadTopicSeed(CC_REFERENCE_DIR "/topic-seed.csv", *lemmatizer_, classifier_);
    ASSERT_TRUE(seed.ok()) << seed.status();
    text_ = std::make_unique<TextAnalysis>(pool_.get(), &store_, lemmatizer_, &intake_,
                                           &classifier_, *std::move(seed), &clock_);
  }

  // An appeal in the projection: received on `day` (Kyiv), in `territory`,
  // about `topic`, with `essence` at intake.
  void Appeal(int i, absl::CivilDay day, const std::string& topic, const std::string& essence,
              const std::string& territory = "LG-SEV") {
    db_->Exec(absl::StrCat(
        "INSERT INTO appeal_facts (appeal_id, status, not_considered_reason, received_at, "
        "received_day, kind, form, channel, subject, signatories, attribute, sex, social_status, "
        "author_categories, topic_code, topic_codes, territory_code) VALUES ('",
        Id(i), "', 1, 0, '", absl::FormatCivilTime(day), " 12:00+02', '",
        absl::FormatCivilTime(day), "', 1, 1, 1, 1, 0, 1, 0, 0, '{}', '", topic, "', '{", topic,
        "}', '", territory, "')"));
    intake_.essences[Id(i)] = essence;
  }

  int64_t Scalar(const std::string& sql) {
    return *pool_->Read([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
      return tx.ExecRaw(sql)[0][0].as<int64_t>();
    });
  }

  static TestDatabase* db_;
  static text::Lemmatizer* lemmatizer_;
  std::unique_ptr<db::Pool> pool_;
  refdata::Classifier classifier_;
  FakeIntake intake_;
  TextStore store_;
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 3, 1, 10, 0, 0), absl::UTCTimeZone())};
  std::unique_ptr<TextAnalysis> text_;
};
TestDatabase* TextTest::db_ = nullptr;
text::Lemmatizer* TextTest::lemmatizer_ = nullptr;

TEST_F(TextTest, OnlyLemmasOfDictionaryWordsReachTheDatabase) {
  Appeal(1, absl::CivilDay(2026, 2, 2), "106",
         "Я, Петренко Тарас Іванович, прошу призначити субсидію. Телефон 0501234567, "
         "вул. Шевченка 12, кв. 45, паспорт ЕК 987654. Субсидії не отримую з 2023 року.");
  Appeal(2, absl::CivilDay(2026, 2, 3), "109", "Немає опалення в будинку з 20 листопада.");
  ASSERT_THAT(text_->AnalyseNewAppeals(), ::contactcenter::testing::IsOkAndHolds(2));
  EXPECT_EQ(Scalar("SELECT count(*) FROM appeal_terms"), 2);
  // Grep every row of every table for the surname, the name and any digit.
  for (const char* table : {"appeal_terms", "appeal_facts"}) {
    EXPECT_EQ(Scalar(absl::StrCat("SELECT count(*) FROM ", table, " x WHERE x::text ILIKE "
                                  "ANY (ARRAY['%петренко%', '%тарас%', '%шевченк%'])")),
              0)
        << table;
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM appeal_terms x WHERE array_to_string(lemmas || phrases, ' ') ~ '[0-9]'"), 0);
  EXPECT_EQ(Scalar(absl::StrCat("SELECT count(*) FROM appeal_terms WHERE appeal_id = '", Id(1),
                                "' AND lemmas @> '{субсидія,призначити}'")),
            1);
  // Nothing is left to do; a second run asks intake for nothing.
  const int calls = intake_.calls;
  ASSERT_THAT(text_->AnalyseNewAppeals(), ::contactcenter::testing::IsOkAndHolds(0));
  EXPECT_EQ(intake_.calls, calls);
}

TEST_F(TextTest, EssencesAreReadInBatchesAndAMissingOneIsNotAskedAgain) {
  for (int i = 1; i <= 250; ++i) Appeal(i, absl::CivilDay(2026, 2, 1), "109", "Немає води.");
  intake_.essences.erase(Id(7));  // intake no longer has it
  ASSERT_THAT(text_->AnalyseNewAppeals(), ::contactcenter::testing::IsOkAndHolds(250));
  EXPECT_EQ(intake_.calls, 3);
  EXPECT_EQ(intake_.max_batch, static_cast<size_t>(TextAnalysis::kBatch));
  EXPECT_EQ(Scalar(absl::StrCat("SELECT cardinality(lemmas) FROM appeal_terms WHERE appeal_id = '",
                                Id(7), "'")),
            0);
  ASSERT_THAT(text_->AnalyseNewAppeals(), ::contactcenter::testing::IsOkAndHolds(0));
}

TEST_F(TextTest, ContentAnalysisCountsEachAppealOnceAndFindsTheRise) {
  // Baseline (January): 4 appeals, one about water. Period (February,
  // Sievierodonetsk raion): 5 appeals about water, 4 of them dirty water
  // for a week, 1 about heating too.
  int n = 0;
  for (int i = 0; i < 3; ++i) Appeal(++n, absl::CivilDay(2026, 1, 10), "109", "Немає опалення.");
  Appeal(++n, absl::CivilDay(2026, 1, 11), "109", "Немає води.");
  for (int i = 0; i < 4; ++i) {
    Appeal(++n, absl::CivilDay(2026, 2, 10), "109", "Немає води, вода брудна, води немає тиждень.");
  }
  Appeal(++n, absl::CivilDay(2026, 2, 11), "109", "Немає опалення і води.");
  Appeal(++n, absl::CivilDay(2026, 2, 12), "106", "Вода.", "LG-SVA");  // another raion
  ASSERT_OK(text_->AnalyseNewAppeals().status());

  v1::AnalyseContentRequest req;
  *req.mutable_period()->mutable_from() = ToDate(absl::CivilDay(2026, 2, 1));
  *req.mutable_period()->mutable_to() = ToDate(absl::CivilDay(2026, 3, 1));
  req.set_territory_code("LG-SEV");
  req.set_topic_code("109");
  req.set_previous_periods(1);
  absl::StatusOr<ContentQuery> q = ParseContentRequest(req, classifier_);
  ASSERT_OK(q.status());
  EXPECT_EQ(q->scope.baseline_from, absl::CivilDay(2026, 1, 4));  // 28 days before
  absl::StatusOr<v1::AnalyseContentResponse> r = text_->Content(*q);
  ASSERT_OK(r.status());
  EXPECT_EQ(r->appeals(), 5);
  EXPECT_EQ(r->baseline_appeals(), 4);
  // Most appeals first, ties by term.
  ASSERT_EQ(r->terms_size(), 4);
  EXPECT_EQ(r->terms(0).term(), "вода");
  EXPECT_EQ(r->terms(0).appeals(), 5);  // once per appeal, not 3 times
  EXPECT_DOUBLE_EQ(r->terms(0).share(), 1.0);
  EXPECT_EQ(r->terms(1).term(), "брудний");
  EXPECT_EQ(r->terms(1).appeals(), 4);
  EXPECT_EQ(r->terms(2).term(), "тиждень");
  EXPECT_EQ(r->terms(3).term(), "опалення");
  EXPECT_EQ(r->terms(3).appeals(), 1);
  EXPECT_DOUBLE_EQ(r->terms(3).share(), 0.2);
  ASSERT_GE(r->phrases_size(), 1);
  EXPECT_EQ(r->phrases(0).term(), "вода брудний");
  EXPECT_EQ(r->phrases(0).appeals(), 4);
  // Terms of at least 3 appeals: new ones rose most, then "вода" (1 of 4
  // appeals before, 5 of 5 now).
  ASSERT_EQ(r->emerging_size(), 3);
  EXPECT_EQ(r->emerging(0).term(), "брудний");
  EXPECT_EQ(r->emerging(0).baseline_appeals(), 0);
  EXPECT_NEAR(r->emerging(0).rise(), (4.5 / 6) / (0.5 / 5), 1e-9);
  EXPECT_EQ(r->emerging(1).term(), "тиждень");
  EXPECT_EQ(r->emerging(2).term(), "вода");
  EXPECT_EQ(r->emerging(2).appeals(), 5);
  EXPECT_EQ(r->emerging(2).baseline_appeals(), 1);
  EXPECT_DOUBLE_EQ(r->emerging(2).baseline_share(), 0.25);
  EXPECT_NEAR(r->emerging(2).rise(), (5.5 / 6) / (1.5 / 5), 1e-9);
  // The heading's sub-topics count; the whole oblast takes the other raion.
  req.clear_territory_code();
  req.clear_topic_code();
  r = text_->Content(*ParseContentRequest(req, classifier_));
  ASSERT_OK(r.status());
  EXPECT_EQ(r->appeals(), 6);
  EXPECT_EQ(r->terms(0).term(), "вода");
  EXPECT_EQ(r->terms(0).appeals(), 6);
}

TEST_F(TextTest, TheModelLearnsTheAppealsOwnTopics) {
  // Before training, no suggestion.
  EXPECT_THAT(text_->Suggest("Немає води").status(), StatusIs(absl::StatusCode::kUnavailable));
  // "бджола" is no word of the seed set; appeals about bees are topic 102.
  for (int i = 1; i <= 30; ++i) {
    Appeal(i, absl::CivilDay(2026, 2, 1), "102.005", "Бджоли гинуть на пасіці, бджолярі просять.");
  }
  ASSERT_OK(text_->AnalyseNewAppeals().status());
  absl::StatusOr<v1::RetrainTopicModelResponse> trained = text_->Retrain();
  ASSERT_OK(trained.status());
  EXPECT_GT(trained->seed_examples(), 250);
  EXPECT_EQ(trained->appeal_examples(), 30);
  EXPECT_EQ(trained->topics(), 25);
  absl::StatusOr<v1::SuggestTopicsResponse> s = text_->Suggest("Загинули бджоли на пасіці.");
  ASSERT_OK(s.status());
  ASSERT_EQ(s->suggestions_size(), 3);
  EXPECT_EQ(s->suggestions(0).topic_code(), "102");
  EXPECT_EQ(s->suggestions(0).name(), "Аграрна політика і земельні відносини");
  EXPECT_GT(s->suggestions(0).probability(), s->suggestions(1).probability());
}

TEST_F(TextTest, TheRpcsCheckRolesAndFields) {
  auto auth = std::make_unique<auth::Authenticator>(*auth::TokenStore::Parse(absl::StrCat(
      auth::TokenHash(kAnalyst), " analyst an-1\n", auth::TokenHash(kOperator), " operator op-1\n",
      auth::TokenHash(kExecutor), " executor ex-1 lg-sev-rva\n")));
  ReportStore report_store;
  Reports reports(pool_.get(), &report_store, &classifier_, &clock_, nullptr);
  AnalyticsServiceImpl service(&reports, auth.get());
  service.SetTextAnalysis(text_.get());
  ::contactcenter::testing::InProcessServer server(&service,
                                                   v1::AnalyticsService::service_full_name());
  auto stub = v1::AnalyticsService::NewStub(server.channel());
  const auto ctx = [](const char* token) {
    auto c = std::make_unique<grpc::ClientContext>();
    auth::AttachToken(*c, token);
    return c;
  };
  // Operators may not retrain or analyse content, but may ask for topics.
  v1::RetrainTopicModelResponse retrained;
  EXPECT_EQ(stub->RetrainTopicModel(ctx(kOperator).get(), {}, &retrained).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub->RetrainTopicModel(ctx(kAnalyst).get(), {}, &retrained).ok());
  v1::SuggestTopicsRequest suggest;
  suggest.set_essence("Прошу призначити субсидію на оплату комунальних послуг.");
  v1::SuggestTopicsResponse suggested;
  ASSERT_TRUE(stub->SuggestTopics(ctx(kOperator).get(), suggest, &suggested).ok());
  EXPECT_EQ(suggested.suggestions(0).topic_code(), "106");
  EXPECT_EQ(stub->SuggestTopics(ctx(kExecutor).get(), suggest, &suggested).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  suggest.set_essence("");
  grpc::Status bad = stub->SuggestTopics(ctx(kOperator).get(), suggest, &suggested);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(FieldsOf(bad), ElementsAre("essence"));

  v1::AnalyseContentRequest content;
  content.set_topic_code("999");
  content.set_territory_code("XX");
  content.set_limit(500);
  content.set_previous_periods(-1);
  v1::AnalyseContentResponse analysed;
  EXPECT_EQ(stub->AnalyseContent(ctx(kOperator).get(), content, &analysed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  bad = stub->AnalyseContent(ctx(kAnalyst).get(), content, &analysed);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(FieldsOf(bad), UnorderedElementsAre("period.from", "period.to", "territory_code",
                                                  "topic_code", "limit", "previous_periods"));
  // The CSV: a BOM, the header, then the rows.
  Appeal(1, absl::CivilDay(2026, 2, 10), "109", "Немає води.");
  ASSERT_OK(text_->AnalyseNewAppeals().status());
  content.Clear();
  *content.mutable_period()->mutable_from() = ToDate(absl::CivilDay(2026, 2, 1));
  *content.mutable_period()->mutable_to() = ToDate(absl::CivilDay(2026, 3, 1));
  auto stream_ctx = ctx(kAnalyst);  // lives as long as the stream
  auto reader = stub->ExportContentAnalysis(stream_ctx.get(), content);
  std::string csv;
  v1::CsvChunk chunk;
  while (reader->Read(&chunk)) csv += chunk.data();
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(csv, "\xEF\xBB\xBFВид,Термін,Звернень,Частка,Звернень раніше,Частка раніше,Зростання\r\n"
                 "термін,вода,1,1.0000,,,\r\n");
}

}  // namespace
}  // namespace contactcenter::analytics
