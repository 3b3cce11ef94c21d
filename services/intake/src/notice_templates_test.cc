#include "notice_templates.h"

#include "absl/strings/match.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::intake {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

NoticeValues Full() {
  return {"ЛОКЦ-2026-000042", "01.12.2026", "Сєвєродонецька районна військова адміністрація",
          "не зазначено прізвище", "15.01.2027"};
}

// Every template in the project's reference data loads and renders with
// every value in place: no placeholder is left, nothing is blank.
TEST(NoticeTemplatesTest, EveryTemplateOfTheReferenceDataRenders) {
  absl::StatusOr<NoticeTemplates> t = NoticeTemplates::LoadDir(CC_REFERENCE_DIR);
  ASSERT_OK(t.status());
  for (v1::NoticeKind kind :
       {v1::NOTICE_KIND_ACKNOWLEDGED, v1::NOTICE_KIND_FORWARDED, v1::NOTICE_KIND_RETURNED,
        v1::NOTICE_KIND_NOT_CONSIDERED, v1::NOTICE_KIND_EXTENDED}) {
    SCOPED_TRACE(v1::NoticeKind_Name(kind));
    NoticeValues v = Full();
    absl::StatusOr<RenderedNotice> r = t->Render(kind, v);
    ASSERT_OK(r.status());
    for (const std::string* part : {&r->subject, &r->sms, &r->body}) {
      EXPECT_FALSE(part->empty());
      EXPECT_THAT(*part, Not(HasSubstr("{")));
      EXPECT_THAT(*part, Not(HasSubstr("}")));
    }
    EXPECT_THAT(r->subject, HasSubstr("ЛОКЦ-2026-000042"));
    EXPECT_THAT(r->sms, HasSubstr("ЛОКЦ-2026-000042"));
    EXPECT_THAT(r->body, HasSubstr("ЛОКЦ-2026-000042"));
    EXPECT_THAT(r->body, HasSubstr("01.12.2026"));
    for (const std::string& name : NoticeTemplates::Required(kind)) {
      const std::string value = name == "body"     ? v.body
                                : name == "reason" ? v.reason
                                : name == "new_term" ? v.new_term
                                                     : "";
      if (!value.empty()) {
        EXPECT_THAT(r->body, HasSubstr(value)) << name;
      }
    }
  }
}

TEST(NoticeTemplatesTest, ATemplateMissingARequiredPlaceholderIsALoadError) {
  EXPECT_THAT(NoticeTemplates::ParseOne(v1::NOTICE_KIND_FORWARDED,
                                        "subject: № {number}\nsms: № {number}\n\n"
                                        "Звернення № {number} від {date} надіслано.\n",
                                        "notice-forwarded.txt"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("notice-forwarded.txt: body: missing placeholder {body}")));
}

TEST(NoticeTemplatesTest, AnUnknownPlaceholderOrMissingHeaderIsALoadError) {
  EXPECT_THAT(NoticeTemplates::ParseOne(v1::NOTICE_KIND_ACKNOWLEDGED,
                                        "subject: № {number}\nsms: {numbr}\n\n{number} {date}\n",
                                        "a.txt"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("sms: unknown placeholder {numbr}")));
  EXPECT_THAT(NoticeTemplates::ParseOne(v1::NOTICE_KIND_ACKNOWLEDGED,
                                        "sms: {number}\n\n{number} {date}\n", "a.txt"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no \"subject:\" line")));
  EXPECT_THAT(NoticeTemplates::ParseOne(v1::NOTICE_KIND_ACKNOWLEDGED,
                                        "subject: x\nsms: {number\n\n{number} {date}\n", "a.txt"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unclosed")));
}

TEST(NoticeTemplatesTest, AMissingFileIsALoadErrorNamingIt) {
  EXPECT_THAT(NoticeTemplates::LoadDir("/nonexistent"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("notice-extended.txt")));
}

TEST(NoticeTemplatesTest, AnEmptyValueIsAnErrorNotABlankInALetter) {
  absl::StatusOr<NoticeTemplates> t = NoticeTemplates::LoadDir(CC_REFERENCE_DIR);
  ASSERT_OK(t.status());
  NoticeValues v = Full();
  v.body.clear();
  EXPECT_THAT(t->Render(v1::NOTICE_KIND_FORWARDED, v),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no value for {body}")));
}

TEST(NoticeTemplatesTest, CommentsAreNotPartOfTheText) {
  absl::StatusOr<NoticeTemplate> t = NoticeTemplates::ParseOne(
      v1::NOTICE_KIND_ACKNOWLEDGED, "# a comment {x}\nsubject: S {number}\nsms: M\n\nB {number} {date}\n\n",
      "a.txt");
  ASSERT_OK(t.status());
  EXPECT_EQ(t->subject, "S {number}");
  EXPECT_EQ(t->sms, "M");
  EXPECT_EQ(t->body, "B {number} {date}");
}

}  // namespace
}  // namespace contactcenter::intake
