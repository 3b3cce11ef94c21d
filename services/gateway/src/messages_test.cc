#include "messages.h"

#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "transcoder.h"

namespace contactcenter::gateway {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Optional;

TEST(MessageCatalogTest, TheCompiledInCatalogueParses) {
  const MessageCatalog& uk = MessageCatalog::Ukrainian();
  EXPECT_THAT(uk.Code("INVALID_ARGUMENT"), Optional(std::string("Перевірте виділені поля.")));
  EXPECT_THAT(uk.Violation("required"), Optional(std::string("обов'язкове поле")));
}

TEST(MessageCatalogTest, PatternsTakeWhatTheirPlaceholdersMatch) {
  const MessageCatalog& uk = MessageCatalog::Ukrainian();
  EXPECT_THAT(uk.Violation("at most 100 characters (got 131)"),
              Optional(std::string("не більше 100 символів (введено 131)")));
  EXPECT_THAT(uk.Violation("unknown topic \"99999\""),
              Optional(std::string("невідома тема \"99999\"")));
  EXPECT_THAT(uk.Message("role operator may not do this; allowed: supervisor"),
              Optional(std::string("Ваша роль (operator) не дозволяє цю дію; дозволено: supervisor.")));
  // The specific entry wins over the general one after it.
  EXPECT_THAT(uk.Message("cannot accept: the case is CASE_STATUS_ANSWERED"),
              Optional(std::string("Справу не можна прийняти: її стан — CASE_STATUS_ANSWERED.")));
  EXPECT_THAT(uk.Message("cannot re-route: the case is CASE_STATUS_CLOSED"),
              Optional(std::string("Дія неможлива: стан справи — CASE_STATUS_CLOSED.")));
  // Whole texts only: a pattern is no prefix.
  EXPECT_EQ(uk.Violation("required, and more"), std::nullopt);
  EXPECT_EQ(uk.Violation("not required"), std::nullopt);
}

TEST(MessageCatalogTest, EnglishIsTheFallback) {
  const MessageCatalog& uk = MessageCatalog::Ukrainian();
  EXPECT_EQ(uk.Violation("a description nobody translated"), std::nullopt);
  // A status message: the code's Ukrainian with the English detail, or the
  // English alone for a code the catalogue lacks.
  EXPECT_EQ(uk.StatusMessage("NOT_FOUND", "no case \"x\"", false), "Не знайдено. (no case \"x\")");
  EXPECT_EQ(uk.StatusMessage("INVALID_ARGUMENT", "invalid appeal: card.essence: required", true),
            "Перевірте виділені поля.");
  EXPECT_EQ(uk.StatusMessage("NO_SUCH_CODE", "something", false), "something");
}

TEST(MessageCatalogTest, RefusesBadLinesNamingEach) {
  EXPECT_THAT(MessageCatalog::Parse("code\tOK\n"
                                    "verb\tx\ty\n"
                                    "violation\tat most {}\tне більше {2}\n"
                                    "# a comment\n"
                                    "violation\trequired\tобов'язкове\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(HasSubstr("line 1"), HasSubstr("line 2: kind is code"),
                                        HasSubstr("line 3: the Ukrainian names {2}"),
                                        ::testing::Not(HasSubstr("line 5")))));
  absl::StatusOr<MessageCatalog> ok = MessageCatalog::Parse("violation\ta {} b {}\t{2}-{1}\n");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_THAT(ok->Violation("a x b y"), Optional(std::string("y-x")));
}

TEST(MessageCatalogTest, ErrorJsonShowsUkrainianWithTheEnglishBeside) {
  FieldViolations v;
  v.Add("card.topic_code", "unknown topic \"99999\"");
  v.Add("card.essence", "a description nobody translated");
  const std::string json = ErrorJson(ToGrpcStatus(v.ToStatus("invalid appeal")));
  EXPECT_THAT(json, HasSubstr(R"("message":"Перевірте виділені поля.","message_en":"invalid appeal)"));
  EXPECT_THAT(json, HasSubstr(R"({"field":"card.topic_code","description":"невідома тема \"99999\"",)"
                              R"("description_en":"unknown topic \"99999\""})"));
  // Untranslated: the English alone, no _en twin.
  EXPECT_THAT(json, HasSubstr(
      R"({"field":"card.essence","description":"a description nobody translated"})"));
  EXPECT_THAT(ErrorJson(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "wrong login or password")),
              HasSubstr(R"("message":"Неправильний логін або пароль.","message_en":"wrong login or password")"));
}

}  // namespace
}  // namespace contactcenter::gateway
