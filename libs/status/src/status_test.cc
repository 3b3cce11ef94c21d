#include <string>

#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(FieldViolationsTest, NoViolationsIsOk) {
  FieldViolations v;
  EXPECT_TRUE(v.ToStatus("bad").ok());
}

TEST(FieldViolationsTest, EveryFieldIsNamedInMessageAndDetails) {
  FieldViolations v;
  v.Add("card.essence", "required");
  v.Add("card.topic_code", "unknown topic \"999\"");
  absl::Status s = v.ToStatus("invalid appeal");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("card.essence: required"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("card.topic_code: unknown topic"));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"card.essence", "required"},
                          FieldViolation{"card.topic_code", "unknown topic \"999\""}));
}

TEST(FieldViolationsTest, AFieldNameWithBadBytesStillComesBackAsAViolation) {
  FieldViolations v;
  v.Add("executors.csv:1:\xff\xfeid", "missing column");
  const absl::Status s = v.ToStatus("bad executors.csv");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"executors.csv:1:\xEF\xBF\xBD\xEF\xBF\xBDid",
                                         "missing column"}));
}

TEST(FieldViolationsTest, AddAllPrefixesNestedFields) {
  FieldViolations inner;
  inner.Add("surname", "required");
  FieldViolations outer;
  outer.AddAll("card.applicant.person", inner);
  EXPECT_THAT(outer.violations(),
              ElementsAre(FieldViolation{"card.applicant.person.surname", "required"}));
}

TEST(QuotedTest, CutsAtACharacterBoundaryAndShowsControlsAndBadBytesAsReplacements) {
  EXPECT_EQ(Quoted("109"), "\"109\"");
  EXPECT_EQ(Quoted(std::string(5000, '9')), "\"" + std::string(40, '9') + "…\"");
  EXPECT_EQ(Quoted(std::string(40, 'x')), "\"" + std::string(40, 'x') + "\"");
  // Cyrillic letters are two bytes each: the cut is after 3 letters, not 3 bytes.
  EXPECT_EQ(Quoted("Шевченко", 3), "\"Шев…\"");
  EXPECT_EQ(Quoted("a\x1b[31mb\xff\xd0", 40), "\"a\uFFFD[31mb\uFFFD\uFFFD\"");
  EXPECT_EQ(Shortened("лг-сев-рва-житлово-комунальне", 6), "лг-сев…");
}

TEST(GrpcStatusTest, BadRequestSurvivesTheRoundTrip) {
  FieldViolations v;
  v.Add("appeal_id", "not a UUID");
  grpc::Status g = ToGrpcStatus(v.ToStatus("invalid request"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(g.error_details().empty());
  EXPECT_THAT(FieldViolationsOf(FromGrpcStatus(g)),
              ElementsAre(FieldViolation{"appeal_id", "not a UUID"}));
}

TEST(GrpcStatusTest, InternalErrorsHideTheirText) {
  grpc::Status g = ToGrpcStatus(absl::InternalError("relation \"appeals\" does not exist"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(g.error_message(), ::testing::Not(HasSubstr("appeals")));
  EXPECT_THAT(g.error_message(), HasSubstr("incident"));
}

TEST(GrpcStatusTest, ErrorsThatAreNotTheCallersShowAFixedSentenceAndKeepTheirCode) {
  const absl::Status errors[] = {
      absl::UnavailableError("cannot connect to the database: connection to server at "
                             "\"db.internal\" (10.0.0.5), port 5432 failed"),
      absl::DeadlineExceededError("canceling statement due to statement timeout: SELECT 1"),
      absl::DataLossError("appeals.card of 3f2b does not parse"),
      absl::UnknownError("std::bad_alloc at pool.cc:12"),
      absl::AbortedError("could not serialize access: UPDATE cases SET ..."),
  };
  for (const absl::Status& e : errors) {
    grpc::Status g = ToGrpcStatus(e);
    EXPECT_EQ(static_cast<int>(g.error_code()), static_cast<int>(e.code()));
    for (const char* secret : {"db.internal", "10.0.0.5", "5432", "SELECT", "UPDATE", "appeals",
                               "pool.cc", "bad_alloc"}) {
      EXPECT_THAT(g.error_message(), Not(HasSubstr(secret))) << e;
    }
    EXPECT_THAT(g.error_message(), ::testing::MatchesRegex(".* \\(incident [0-9a-f]+-[0-9]+ in "
                                                           "the server log\\)"));
  }
  EXPECT_THAT(ToGrpcStatus(absl::UnavailableError("x")).error_message(),
              ::testing::StartsWith("the service is unavailable for a moment; retry (incident "));
}

TEST(GrpcStatusTest, ClientErrorsKeepTheirText) {
  for (const absl::Status& e :
       {absl::NotFoundError("no appeal ЛОКЦ-2026-000001"),
        absl::FailedPreconditionError("the case is closed"),
        absl::PermissionDeniedError("operators may not"), absl::UnauthenticatedError("no token"),
        absl::AlreadyExistsError("the key was used"),
        absl::ResourceExhaustedError("rate limit: retry in 2s")}) {
    grpc::Status g = ToGrpcStatus(e);
    EXPECT_EQ(g.error_message(), e.message());
    EXPECT_EQ(static_cast<int>(g.error_code()), static_cast<int>(e.code()));
  }
}

absl::StatusOr<int> Half(int x) {
  if (x % 2 != 0) return absl::InvalidArgumentError("odd");
  return x / 2;
}

absl::StatusOr<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int half, Half(x));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(MacrosTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace contactcenter

#include "contactcenter/status/validation.h"

namespace contactcenter {
namespace {

TEST(ValidationTest, LengthsCountCharactersNotBytes) {
  EXPECT_EQ(CharCount("Шевченко"), 8u);
  FieldViolations v;
  CheckMaxChars(v, "surname", "Шевченко", 8);
  EXPECT_TRUE(v.empty());
  CheckMaxChars(v, "surname", "Шевченко", 7);
  EXPECT_THAT(v.violations(),
              ElementsAre(FieldViolation{"surname", "at most 7 characters (got 8)"}));
}

TEST(ValidationTest, UuidsAndRequiredText) {
  EXPECT_TRUE(IsUuid("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01"));
  EXPECT_FALSE(IsUuid("3f2b8c1e9d4a4c478e1f2a6b5c7d9e01"));
  FieldViolations v;
  CheckUuid(v, "appeal_id", "");
  CheckUuid(v, "case_id", "nope");
  CheckText(v, "essence", "   ", 10);
  ASSERT_EQ(v.violations().size(), 3u);
  EXPECT_EQ(v.violations()[0].description, "required");
  EXPECT_THAT(v.violations()[1].description, HasSubstr("not a UUID"));
  EXPECT_EQ(v.violations()[2].description, "required");
}

TEST(ValidationTest, ControlCharactersAreRefusedNamingTheField) {
  using namespace std::string_literals;
  FieldViolations v;
  CheckText(v, "essence", "Нема\0 опалення"s, 100, Text::kFree);
  CheckMaxChars(v, "surname", "Ко\x1b[2Jваль", 100);
  CheckText(v, "code", "1\x7f", 10);
  CheckChars(v, "title", "a\xc2\x85" "b");  // C1 NEXT LINE
  CheckChars(v, "title2", "a\nb");
  CheckChars(v, "note", "a\tb\r\nc", Text::kFree);  // only \n and \t
  EXPECT_THAT(v.violations(),
              ElementsAre(FieldViolation{"essence",
                                         "contains a control character (U+0000 at character 5)"},
                          FieldViolation{"surname",
                                         "contains a control character (U+001B at character 3)"},
                          FieldViolation{"code",
                                         "contains a control character (U+007F at character 2)"},
                          FieldViolation{"title",
                                         "contains a control character (U+0085 at character 2)"},
                          FieldViolation{"title2",
                                         "contains a control character (U+000A at character 2)"},
                          FieldViolation{"note",
                                         "contains a control character (U+000D at character 4)"}));
}

TEST(ValidationTest, FreeTextKeepsLineBreaksAndTabsAndAnyPrintableCharacter) {
  FieldViolations v;
  CheckText(v, "essence", "Рядок 1\n\tрядок 2 — «лапки» € 😀 \u00a0", 100, Text::kFree);
  CheckText(v, "surname", "Ґудзь-Їжак", 100);
  EXPECT_TRUE(v.empty());
}

TEST(ValidationTest, InvalidUtf8IsRefused) {
  for (const char* bad : {"\xff", "a\xd0", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                          "\xd0\x41"}) {
    FieldViolations v;
    CheckChars(v, "essence", bad, Text::kFree);
    EXPECT_THAT(v.violations(), ElementsAre(FieldViolation{"essence", "not valid UTF-8"})) << bad;
  }
}

google::protobuf::Timestamp Ts(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  ts.set_nanos(nanos);
  return ts;
}

int64_t UtcSeconds(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss), absl::UTCTimeZone()));
}

TEST(ValidationTest, TimestampsFrom1991ToTheEndOf9999) {
  FieldViolations v;
  EXPECT_EQ(CheckTimestamp(v, "from", Ts(1764331200, 5)),
            absl::FromUnixSeconds(1764331200) + absl::Nanoseconds(5));
  EXPECT_EQ(CheckTimestamp(v, "from", Ts(UtcSeconds(1991, 1, 1))),
            absl::FromCivil(absl::CivilDay(1991, 1, 1), absl::UTCTimeZone()));
  EXPECT_TRUE(CheckTimestamp(v, "from", Ts(UtcSeconds(9999, 12, 31, 23, 59, 59), 999999999)));
  EXPECT_TRUE(v.empty());

  EXPECT_EQ(CheckTimestamp(v, "a", Ts(UtcSeconds(1990, 12, 31, 23, 59, 59))), std::nullopt);
  EXPECT_EQ(CheckTimestamp(v, "b", Ts(UtcSeconds(9999, 12, 31, 23, 59, 59) + 1)), std::nullopt);
  EXPECT_EQ(CheckTimestamp(v, "c", Ts(0)), std::nullopt);  // unset: 1970
  EXPECT_EQ(CheckTimestamp(v, "d", Ts(1764331200, -1)), std::nullopt);
  EXPECT_EQ(CheckTimestamp(v, "e", Ts(1764331200, 1000000000)), std::nullopt);
  EXPECT_THAT(v.violations(),
              ElementsAre(FieldViolation{"a", "not a time between 1991 and 9999"},
                          FieldViolation{"b", "not a time between 1991 and 9999"},
                          FieldViolation{"c", "not a time between 1991 and 9999"},
                          FieldViolation{"d", "nanos must be within 0..999999999"},
                          FieldViolation{"e", "nanos must be within 0..999999999"}));
}

common::v1::Date D(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(ValidationTest, DatesThatExistFrom1991To9999) {
  FieldViolations v;
  EXPECT_EQ(CheckDate(v, "d", D(2028, 2, 29)), absl::CivilDay(2028, 2, 29));
  EXPECT_EQ(CheckDate(v, "d", D(1991, 1, 1)), absl::CivilDay(1991, 1, 1));
  EXPECT_EQ(CheckDate(v, "d", D(9999, 12, 31)), absl::CivilDay(9999, 12, 31));
  EXPECT_TRUE(v.empty());

  EXPECT_EQ(CheckDate(v, "unset", D(0, 0, 0)), std::nullopt);
  for (const common::v1::Date& bad : {D(2026, 2, 29), D(2026, 2, 30), D(2026, 13, 1),
                                      D(2026, 0, 10), D(2026, 4, 0), D(2026, 4, -1),
                                      D(1990, 12, 31), D(10000, 1, 1), D(-2026, 1, 1)}) {
    EXPECT_EQ(CheckDate(v, "bad", bad), std::nullopt) << bad.ShortDebugString();
  }
  ASSERT_EQ(v.violations().size(), 10u);
  EXPECT_EQ(v.violations()[0], (FieldViolation{"unset", "required"}));
  for (size_t i = 1; i < v.violations().size(); ++i) {
    EXPECT_EQ(v.violations()[i], (FieldViolation{"bad", "not a real date between 1991 and 9999"}));
  }
}

TEST(ValidationTest, EnumsRejectZeroWhenRequiredAndUnknownNumbers) {
  auto valid = [](int x) { return x >= 0 && x <= 3; };
  FieldViolations v;
  CheckEnum(v, "kind", 0, valid, true);
  CheckEnum(v, "form", 0, valid, false);
  CheckEnum(v, "channel", 57, valid, false);
  EXPECT_THAT(v.violations(), ElementsAre(FieldViolation{"kind", "required"},
                                          FieldViolation{"channel", "unknown value 57"}));
}

}  // namespace
}  // namespace contactcenter

#include "absl/strings/str_cat.h"
#include "contactcenter/status/page_token.h"

namespace contactcenter {
namespace {

TEST(PageTokenTest, RoundTripsAndRefusesOtherQueries) {
  const std::string token = EncodePageToken({"executor=a", "1764331200000000", "id-1"});
  absl::StatusOr<std::vector<std::string>> parts = DecodePageToken(token, "executor=a", 3);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ((*parts)[2], "id-1");
  absl::Status other = DecodePageToken(token, "executor=b", 3).status();
  EXPECT_EQ(other.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolationsOf(other)[0].field, "page_token");
  EXPECT_EQ(DecodePageToken("!!!", "executor=a", 3).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, PageSizesAreDefaultedAndCapped) {
  EXPECT_EQ(*PageSize(0, 50, 200), 50);
  EXPECT_EQ(*PageSize(1000, 50, 200), 200);
  EXPECT_EQ(PageSize(-1, 50, 200).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, CheckPageSizeAddsAViolationAmongOthers) {
  FieldViolations v;
  EXPECT_EQ(CheckPageSize(v, 0, 50, 200), 50);
  EXPECT_EQ(CheckPageSize(v, 7, 50, 200), 7);
  EXPECT_EQ(CheckPageSize(v, 1000, 50, 200), 200);
  EXPECT_TRUE(v.empty());
  v.Add("status", "unknown value 99");
  CheckPageSize(v, -1, 50, 200);
  EXPECT_THAT(FieldViolationsOf(v.ToStatus("bad")),
              ElementsAre(FieldViolation{"status", "unknown value 99"},
                          FieldViolation{"page_size", "must not be negative"}));
}

constexpr char kId[] = "0b6c7d2e-5f4a-4c3b-9a8d-7e6f5a4b3c2d";

TEST(KeysetTokenTest, RoundTripsThePosition) {
  const KeysetPosition at{absl::FromUnixMicros(1764331200123456), kId};
  const std::string token = EncodeKeysetToken(at, "cases:lg-oda:2");
  absl::StatusOr<std::optional<KeysetPosition>> back = DecodeKeysetToken(token, "cases:lg-oda:2");
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ(**back, at);
}

TEST(KeysetTokenTest, NoNextPageIsNoTokenAndNoTokenIsTheFirstPage) {
  EXPECT_EQ(EncodeKeysetToken(std::nullopt, "q"), "");
  absl::StatusOr<std::optional<KeysetPosition>> first = DecodeKeysetToken("", "q");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
}

TEST(KeysetTokenTest, AFingerprintMayHoldAnyText) {
  // Filters come from callers: a line break must not break the token.
  const std::string fingerprint = "mine:exec\nutor|\\n:0";
  const KeysetPosition at{absl::FromUnixSeconds(1764331200), kId};
  absl::StatusOr<std::optional<KeysetPosition>> back =
      DecodeKeysetToken(EncodeKeysetToken(at, fingerprint), fingerprint);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(**back, at);
  EXPECT_FALSE(DecodeKeysetToken(EncodeKeysetToken(at, fingerprint), "mine:exec").ok());
}

TEST(KeysetTokenTest, RefusesOtherQueriesAndForgedTokensOnPageToken) {
  const std::string token =
      EncodeKeysetToken(KeysetPosition{absl::FromUnixSeconds(1), kId}, "executor=a");
  for (const absl::Status& s :
       {DecodeKeysetToken(token, "executor=b").status(),
        DecodeKeysetToken("!!!", "executor=a").status(),
        DecodeKeysetToken(EncodePageToken({"executor=a", "soon", kId}), "executor=a").status(),
        DecodeKeysetToken(EncodePageToken({"executor=a", "1", "x' OR 1=1"}), "executor=a")
            .status(),
        DecodeKeysetToken(EncodePageToken({"executor=a", "1"}), "executor=a").status()}) {
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    ASSERT_EQ(FieldViolationsOf(s).size(), 1u) << s;
    EXPECT_EQ(FieldViolationsOf(s)[0].field, "page_token");
  }
}

struct Row {
  int n;
};
struct Item {
  int n;
  std::string id;
};

Page<Item> Cut(int rows, int page_size) {
  std::vector<Row> fetched;
  for (int i = 0; i < rows; ++i) fetched.push_back(Row{i});
  return CutPage(
      fetched, page_size, [](const Row& r) { return Item{r.n, absl::StrCat("id-", r.n)}; },
      [](const Item& last) { return KeysetPosition{absl::FromUnixSeconds(last.n), last.id}; });
}

TEST(CutPageTest, ARowBeyondThePageMeansANextPageAfterTheLastItemKept) {
  EXPECT_EQ(FetchLimit(3), 4);
  Page<Item> page = Cut(FetchLimit(3), 3);
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items.back().n, 2);
  ASSERT_TRUE(page.next.has_value());
  EXPECT_EQ(*page.next, (KeysetPosition{absl::FromUnixSeconds(2), "id-2"}));
}

TEST(CutPageTest, AFullOrShortLastPageHasNoNext) {
  Page<Item> full = Cut(3, 3);
  EXPECT_EQ(full.items.size(), 3u);
  EXPECT_FALSE(full.next.has_value());
  Page<Item> short_page = Cut(1, 3);
  EXPECT_EQ(short_page.items.size(), 1u);
  EXPECT_FALSE(short_page.next.has_value());
  Page<Item> empty = Cut(0, 3);
  EXPECT_TRUE(empty.items.empty());
  EXPECT_FALSE(empty.next.has_value());
}

}  // namespace
}  // namespace contactcenter
