// The reports' pure parts: request checks, the classifier layout, CSV, the
// rebuild's progress.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "classifier_items.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "csv.h"
#include "projection_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rebuild_progress.h"
#include "report_layout.h"
#include "report_request.h"

namespace contactcenter::analytics {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::UnorderedElementsAre;

refdata::Classifier LoadClassifier() {
  absl::StatusOr<refdata::Classifier> c = refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
  EXPECT_TRUE(c.ok()) << c.status();
  return *std::move(c);
}

v1::Period PeriodOf(int y1, int m1, int d1, int y2, int m2, int d2) {
  v1::Period p;
  *p.mutable_from() = ToDate(absl::CivilDay(y1, m1, d1));
  *p.mutable_to() = ToDate(absl::CivilDay(y2, m2, d2));
  return p;
}

TEST(ReportRequestTest, AQuarterOfTheOblastTakesEveryRaion) {
  const refdata::Classifier c = LoadClassifier();
  absl::StatusOr<ReportQuery> q = ParseReportRequest(PeriodOf(2026, 1, 1, 2026, 4, 1), "LG", c);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->period.from, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(q->period.to, absl::CivilDay(2026, 4, 1));
  EXPECT_TRUE(q->territories.empty());  // every territory: no filter
  absl::StatusOr<ReportQuery> raion =
      ParseReportRequest(PeriodOf(2026, 1, 1, 2026, 4, 1), "LG-SEV", c);
  ASSERT_TRUE(raion.ok());
  EXPECT_THAT(raion->territories, ElementsAre("LG-SEV"));
  absl::StatusOr<ReportQuery> all = ParseReportRequest(PeriodOf(2026, 1, 1, 2026, 4, 1), "", c);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->territories.empty());
}

TEST(ReportRequestTest, EndBeforeStartAndUnknownTerritoryAreNamedTogether) {
  const refdata::Classifier c = LoadClassifier();
  absl::StatusOr<ReportQuery> q = ParseReportRequest(PeriodOf(2026, 4, 1, 2026, 1, 1), "XX", c);
  EXPECT_THAT(q.status(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("after")));
  EXPECT_THAT(FieldsOf(q.status()), UnorderedElementsAre("period.to", "territory_code"));
  // An empty period is no period either.
  EXPECT_THAT(FieldsOf(ParseReportRequest(PeriodOf(2026, 4, 1, 2026, 4, 1), "", c).status()),
              ElementsAre("period.to"));
}

TEST(ReportRequestTest, AtMostFiveYears) {
  const refdata::Classifier c = LoadClassifier();
  EXPECT_TRUE(ParseReportRequest(PeriodOf(2021, 1, 1, 2026, 1, 1), "", c).ok());
  absl::StatusOr<ReportQuery> q = ParseReportRequest(PeriodOf(2021, 1, 1, 2026, 1, 2), "", c);
  EXPECT_THAT(q.status(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("5 years")));
  EXPECT_THAT(FieldsOf(q.status()), ElementsAre("period.to"));
}

TEST(ReportRequestTest, MissingDatesAreRequired) {
  const refdata::Classifier c = LoadClassifier();
  EXPECT_THAT(FieldsOf(ParseReportRequest(v1::Period(), "", c).status()),
              UnorderedElementsAre("period.from", "period.to"));
}

TEST(CountRequestTest, EveryBadFieldIsNamedAtOnce) {
  v1::CountAppealsRequest req;
  *req.mutable_period() = PeriodOf(2020, 1, 1, 2026, 1, 1);
  req.set_first_dimension("colour");
  req.set_second_dimension("colour");
  v1::Filter* f = req.add_filters();
  f->set_dimension("channel");
  f->add_values("CHANNEL_POST");
  f->add_values("PIGEON");
  v1::Filter* g = req.add_filters();
  g->set_dimension("weather");
  g->add_values("rain");
  absl::StatusOr<CountQuery> q = ParseCountRequest(req);
  EXPECT_THAT(q.status(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("colour")));
  EXPECT_THAT(FieldsOf(q.status()),
              UnorderedElementsAre("period.to", "first_dimension", "second_dimension",
                                   "second_dimension", "filters[0].values[1]",
                                   "filters[1].dimension"));
}

TEST(CountRequestTest, FilterValuesAreStoredAsTheProjectionKeepsThem) {
  v1::CountAppealsRequest req;
  *req.mutable_period() = PeriodOf(2026, 1, 1, 2026, 4, 1);
  req.set_first_dimension("topic_heading");
  req.set_second_dimension("month");
  v1::Filter* f = req.add_filters();
  f->set_dimension("channel");
  f->add_values("CHANNEL_GOVERNMENT_CONTACT_CENTER");
  v1::Filter* m = req.add_filters();
  m->set_dimension("month");
  m->add_values("2026-02");
  absl::StatusOr<CountQuery> q = ParseCountRequest(req);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_THAT(q->filters.at("channel"), ElementsAre("4"));
  EXPECT_THAT(q->filters.at("month"), ElementsAre("2026-02"));
  EXPECT_EQ(DisplayValue("channel", "4"), "CHANNEL_GOVERNMENT_CONTACT_CENTER");
  EXPECT_EQ(DisplayValue("territory", "LG-SEV"), "LG-SEV");
  const refdata::Classifier c = LoadClassifier();
  EXPECT_EQ(DisplayLabel("attribute", "2", c, {}), "Повторне");
  EXPECT_EQ(DisplayLabel("topic_heading", "106", c, {}), "Соціальний захист");
  EXPECT_EQ(DisplayLabel("executor", "lg-x", c, {{"lg-x", "Орган"}}), "Орган");
}

TEST(ClassifierItemsTest, EveryEnumValueOfTheCardIsInARow) {
  // Every value our cards can carry is counted in some classifier row, so
  // the report loses nothing.
  auto covered = [](const std::string& dimension, int value) {
    for (const ClassifierSection& s : ClassifierSections()) {
      if (s.dimension != dimension) continue;
      for (const ClassifierItem& item : s.items) {
        for (int v : item.values) {
          if (v == value) return true;
        }
      }
    }
    return false;
  };
  for (int v = 1; v <= common::v1::Channel_MAX; ++v) EXPECT_TRUE(covered("channel", v)) << v;
  for (int v = 1; v <= common::v1::AuthorCategory_MAX; ++v) {
    EXPECT_TRUE(covered("author_category", v)) << v;
  }
  for (int v = 1; v <= common::v1::SocialStatus_MAX; ++v) {
    EXPECT_TRUE(covered("social_status", v)) << v;
  }
  for (int v = 1; v <= common::v1::AppealAttribute_MAX; ++v) EXPECT_TRUE(covered("attribute", v));
  for (int v = 1; v <= common::v1::AppealForm_MAX; ++v) EXPECT_TRUE(covered("form", v));
  for (int v = 1; v <= common::v1::AppealKind_MAX; ++v) EXPECT_TRUE(covered("kind", v));
  for (int v = 1; v <= common::v1::AppealSubject_MAX; ++v) EXPECT_TRUE(covered("subject", v));
}

TEST(ClassifierLayoutTest, RowsAreTheClassifiersItemsWithTheirCounts) {
  ClassifierCounts c;
  c.total = 10;
  c.by_value[{"channel", common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER}] = 3;
  c.by_value[{"channel", common::v1::CHANNEL_OTHER_BODY}] = 2;
  c.by_value[{"subject", common::v1::APPEAL_SUBJECT_COLLECTIVE}] = 2;
  c.collective_signatories = 37;
  c.by_value[{"status", intake::v1::APPEAL_STATUS_NOT_CONSIDERED}] = 1;
  c.by_value[{"reason", intake::v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT}] = 1;
  c.topics["106"] = 4;
  c.topics["106.012"] = 1;
  c.answered_late = 2;
  const v1::GetClassifierReportResponse r = LayOutClassifierReport(c, LoadClassifier());
  std::map<std::string, std::pair<std::string, int64_t>> by_code;
  for (const v1::ClassifierRow& row : r.rows()) by_code[row.code()] = {row.name(), row.count()};
  EXPECT_EQ(by_code[""].second, 10);
  EXPECT_EQ(by_code["1.4"], std::make_pair(std::string("Через органи влади"), int64_t{5}));
  EXPECT_EQ(by_code["1.4.1"].second, 3);
  EXPECT_EQ(by_code["1.1"], std::make_pair(std::string("Поштою"), int64_t{0}));
  EXPECT_EQ(by_code["5.2"].second, 2);
  EXPECT_EQ(by_code["5.2.1"].second, 37);
  EXPECT_EQ(by_code["6.1"], std::make_pair(std::string("Телеграма"), int64_t{0}));
  EXPECT_EQ(by_code["106"], std::make_pair(std::string("Соціальний захист"), int64_t{4}));
  EXPECT_EQ(by_code["106.012"].second, 1);
  EXPECT_EQ(by_code["125"], std::make_pair(std::string("Інше"), int64_t{0}));
  EXPECT_EQ(by_code["Д.3"].second, 1);
  EXPECT_EQ(by_code["Д.3.3"].second, 1);
  EXPECT_EQ(by_code["Д.5"].second, 2);
  EXPECT_EQ(r.rows(0).name(), "Усього надійшло звернень");
}

TEST(AppealContributionTest, OneRowPerItemEachCategoryAndTopicCodeOnce) {
  AppealRow r;
  r.status = intake::v1::APPEAL_STATUS_REGISTERED;
  r.channel = common::v1::CHANNEL_POST;
  r.subject = common::v1::APPEAL_SUBJECT_COLLECTIVE;
  r.signatories = 9;
  r.author_categories = {common::v1::AUTHOR_CATEGORY_COMBATANT,
                         common::v1::AUTHOR_CATEGORY_COMBATANT,
                         common::v1::AUTHOR_CATEGORY_LARGE_FAMILY};
  r.topic_codes = {"106.012", "106", "110.003"};
  const AppealContribution c = ContributionOf(r);
  std::vector<std::string> items;
  for (size_t i = 0; i < c.dimensions.size(); ++i) {
    items.push_back(absl::StrCat(c.dimensions[i], "=", c.values[i], "/", c.signatories[i]));
  }
  EXPECT_THAT(items, ElementsAre("total=0/0", "channel=8/0", "attribute=0/0", "kind=0/0",
                                 "form=0/0", "sex=0/0", "subject=2/9", "social_status=0/0",
                                 "status=1/0", "reason=0/0", "author_category=2/0",
                                 "author_category=12/0"));
  EXPECT_THAT(c.topic_codes, ElementsAre("106", "106.012", "110", "110.003"));
}

// The return letter (Art. 5) counts under "return" once it has a state.
TEST(AppealContributionTest, AReturnLettersStateCountsUnderReturn) {
  AppealRow r;
  r.status = intake::v1::APPEAL_STATUS_RETURNED_TO_APPLICANT;
  r.return_state = kReturnLetterLate;
  const AppealContribution c = ContributionOf(r);
  ASSERT_EQ(c.dimensions.size(), 11u);
  EXPECT_EQ(c.dimensions[10], "return");
  EXPECT_EQ(c.values[10], kReturnLetterLate);
}

TEST(ReturnStateTest, TheLetterDecidesAndTheTermRunningOutOnlyWithoutOne) {
  EXPECT_EQ(NextReturnState(kReturnNone, true, true), kReturnLetterInTerm);
  EXPECT_EQ(NextReturnState(kReturnNone, true, false), kReturnLetterLate);
  EXPECT_EQ(NextReturnState(kReturnNone, false, false), kReturnOverdue);
  // Overdue, then the letter: sent late.
  EXPECT_EQ(NextReturnState(kReturnOverdue, true, false), kReturnLetterLate);
  // A letter already sent is not overdue when the term runs out after it.
  EXPECT_EQ(NextReturnState(kReturnLetterInTerm, false, false), kReturnLetterInTerm);
  EXPECT_EQ(NextReturnState(kReturnLetterLate, false, false), kReturnLetterLate);
}

TEST(CsvTest, QuotesWhatMustBeQuotedAndEndsLinesInCrLf) {
  EXPECT_EQ(CsvField("Поштою"), "Поштою");
  EXPECT_EQ(CsvField("Заява (клопотання), скарга"), "\"Заява (клопотання), скарга\"");
  EXPECT_EQ(CsvField("ДУ «ЛОКЦ» \"1545\""), "\"ДУ «ЛОКЦ» \"\"1545\"\"\"");
  EXPECT_EQ(CsvField("два\nрядки"), "\"два\nрядки\"");
  EXPECT_EQ(CsvRecord({"a", "", "b,c"}), "a,,\"b,c\"\r\n");
}

TEST(CsvTest, TheFirstChunkStartsWithTheBomAndTheHeaderAndChunksHoldWholeRecords) {
  CsvChunker csv(20);
  csv.Header({"Код", "Кількість"});
  for (int i = 0; i < 5; ++i) csv.Row({"1." + std::to_string(i), "12345"});
  std::vector<std::string> chunks = csv.Finish();
  ASSERT_GE(chunks.size(), 2u);
  EXPECT_TRUE(absl::StartsWith(chunks[0], "\xEF\xBB\xBF" "Код,Кількість\r\n"));
  std::string all;
  for (const std::string& c : chunks) {
    EXPECT_TRUE(absl::EndsWith(c, "\r\n"));
    all += c;
  }
  EXPECT_EQ(all,
            "\xEF\xBB\xBF" "Код,Кількість\r\n1.0,12345\r\n1.1,12345\r\n1.2,12345\r\n"
            "1.3,12345\r\n1.4,12345\r\n");
}

TEST(ClassifierCsvTest, HeaderIsUkrainian) {
  ClassifierCounts c;
  c.total = 3;
  std::vector<std::string> chunks =
      ClassifierCsv(LayOutClassifierReport(c, LoadClassifier()), 1 << 20);
  ASSERT_EQ(chunks.size(), 1u);
  std::vector<std::string> lines = absl::StrSplit(chunks[0], "\r\n");
  EXPECT_EQ(lines[0], "\xEF\xBB\xBF" "Розділ,Назва розділу,Код,Показник,Кількість");
  EXPECT_EQ(lines[1], ",,,Усього надійшло звернень,3");
  EXPECT_EQ(lines[2], "I.1,За формою надходження,1.1,Поштою,0");
}

TEST(RebuildProgressTest, CountsPerCentAndTimeLeftAgainstTheOldCursor) {
  const absl::Time start = absl::FromUnixSeconds(1'800'000'000);
  RebuildProgress p("intake", 1000, start, absl::Seconds(5));
  EXPECT_THAT(p.Applied(1, start, start + absl::Seconds(1)), Optional(HasSubstr("0.1%")));
  for (int i = 2; i < 250; ++i) EXPECT_EQ(p.Applied(i, start, start + absl::Seconds(2)), std::nullopt);
  std::optional<std::string> line = p.Applied(250, start, start + absl::Seconds(10));
  ASSERT_TRUE(line.has_value());
  EXPECT_THAT(*line, HasSubstr("250 events applied (position 250 of 1000)"));
  EXPECT_THAT(*line, HasSubstr("25.0%"));
  EXPECT_THAT(*line, HasSubstr("about 30s left"));
  std::optional<std::string> done = p.Applied(1000, start, start + absl::Seconds(11));
  ASSERT_TRUE(done.has_value());
  EXPECT_THAT(*done, HasSubstr("100.0%"));
  EXPECT_THAT(*done, HasSubstr("done in"));
  EXPECT_EQ(p.Applied(1001, start, start + absl::Seconds(30)), std::nullopt);
}

TEST(RebuildProgressTest, OnAFreshDatabaseThePerCentComesFromTheEventsTimes) {
  const absl::Time first = absl::FromUnixSeconds(1'700'000'000);
  const absl::Time start = first + absl::Hours(100);
  RebuildProgress p("routing", 0, start, absl::Seconds(5));
  p.Applied(1, first, start);
  EXPECT_THAT(p.Percent(500, first + absl::Hours(25)), Optional(25.0));
}

}  // namespace
}  // namespace contactcenter::analytics
