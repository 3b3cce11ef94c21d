// Issue 15 through the real binaries: analytics reads new appeals'
// essences through intake's audited read and keeps only lemmas of
// dictionary words, so a surname and the numbers an applicant wrote into
// the essence are nowhere in analytics' database; content analysis counts
// the terms, and an operator gets topic suggestions.
#include "absl/strings/str_cat.h"
#include "contactcenter/analytics/v1/analytics.grpc.pb.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/db/values.h"
#include "contactcenter/testing/status_matchers.h"
#include "e2e_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

namespace analytics = ::contactcenter::analytics::v1;
namespace intake = ::contactcenter::intake::v1;
using ::testing::ElementsAre;

class TextE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    analytics_ = analytics::AnalyticsService::NewStub(cluster_->channel("analytics"));
  }

  // Rows of `sql` on a service's database, each as text.
  std::vector<std::string> Query(const std::string& service, const std::string& sql) {
    absl::StatusOr<std::unique_ptr<pqxx::connection>> conn =
        db::Connect(cluster_->AdminDsns().at(service));
    if (!conn.ok()) return {};
    pqxx::read_transaction tx(**conn);
    std::vector<std::string> out;
    for (const pqxx::row& r : tx.exec(sql)) out.push_back(r[0].is_null() ? "" : r[0].c_str());
    return out;
  }

  std::unique_ptr<analytics::AnalyticsService::Stub> analytics_;
};

TEST_F(TextE2eTest, NoSurnameOrNumberOfAnEssenceSurvivesIntoAnalytics) {
  std::vector<std::string> ids;
  for (const char* essence :
       {"Я, Петренко Оксана Миколаївна, прошу призначити субсидію на оплату комунальних "
        "послуг. Мій телефон 0661234567, вул. Садова 17, кв. 203.",
        "Петренку Івану не нарахували субсидію за 2025 рік, пенсія 4321 гривня."}) {
    intake::RegisterAppealRequest req = ::contactcenter::intake::SampleAppeal("106", "LG-SEV");
    req.mutable_card()->set_essence(essence);
    intake::RegisterAppealResponse resp;
    ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), req, &resp));
    ids.push_back(resp.appeal().id());
  }
  const std::string in_ids = absl::StrCat("('", ids[0], "', '", ids[1], "')");
  // The projection has them, then the job reads and lemmatises them.
  ASSERT_TRUE(Eventually(
      [&] {
        return Query("analytics", absl::StrCat("SELECT count(*) FROM appeal_terms WHERE appeal_id IN ",
                                               in_ids)) == std::vector<std::string>{"2"};
      },
      absl::Seconds(60)));
  EXPECT_EQ(Query("analytics", absl::StrCat("SELECT count(*) FROM appeal_terms WHERE appeal_id IN ",
                                            in_ids, " AND lemmas @> '{субсидія,пенсія}'")),
            std::vector<std::string>{"1"});

  // Every row of every table of analytics' database, as text: no surname,
  // first name or patronymic, no street; no number among the terms.
  const std::vector<std::string> tables = Query(
      "analytics",
      "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm') "
      "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
      "AND n.nspname NOT LIKE 'pg_toast%'");
  ASSERT_GT(tables.size(), 5u);
  for (const std::string& table : tables) {
    for (const char* word : {"етренк", "ксана", "иколаївн", "Івану", "адова", "0661234567", "4321"}) {
      EXPECT_EQ(Query("analytics", absl::StrCat("SELECT count(*) FROM ", table,
                                                " t WHERE t::text ILIKE '%", word, "%'")),
                std::vector<std::string>{"0"})
          << word << " in " << table;
    }
  }
  EXPECT_EQ(Query("analytics", "SELECT count(*) FROM appeal_terms "
                               "WHERE array_to_string(lemmas || phrases, ' ') ~ '[0-9]'"),
            std::vector<std::string>{"0"});

  // Each read is in intake's audit: role service, the essence, why.
  EXPECT_EQ(Query("intake", absl::StrCat("SELECT count(*) FROM personal_data_reads WHERE appeal_id IN ",
                                         in_ids, " AND reader_role = 'service' AND fields = "
                                         "'{essence}' AND purpose = 'content analysis'")),
            std::vector<std::string>{"2"});

  // Content analysis counts them (this month, the raion, social protection).
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), KyivTimeZone());
  analytics::AnalyseContentRequest content;
  *content.mutable_period()->mutable_from() = ToDate(today);
  *content.mutable_period()->mutable_to() = ToDate(today + 1);
  content.set_territory_code("LG-SEV");
  content.set_topic_code("106");
  analytics::AnalyseContentResponse analysed;
  ASSERT_OK(analytics_->AnalyseContent(Ctx(cluster_->analyst_token()).get(), content, &analysed));
  EXPECT_GE(analysed.appeals(), 2);
  ASSERT_GE(analysed.terms_size(), 1);
  EXPECT_EQ(analysed.terms(0).term(), "субсидія");

  // An operator's draft: the model trained at start suggests the topic.
  analytics::SuggestTopicsRequest draft;
  draft.set_essence("Прошу призначити субсидію на оплату комунальних послуг.");
  analytics::SuggestTopicsResponse suggested;
  ASSERT_TRUE(Eventually([&] {
    return analytics_->SuggestTopics(Ctx().get(), draft, &suggested).ok();
  }));
  ASSERT_EQ(suggested.suggestions_size(), 3);
  EXPECT_EQ(suggested.suggestions(0).topic_code(), "106");
  EXPECT_GT(suggested.suggestions(0).probability(), 0.3);
}

}  // namespace
}  // namespace contactcenter::e2e
