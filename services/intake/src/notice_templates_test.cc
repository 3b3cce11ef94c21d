#include "notice_templates.h"

#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
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

// Art. 20: the applicant is told why the term was extended. Each reason
// code the head may give renders as its own words from the reference
// template, in the body and the SMS; an event without a code (written before
// the code existed), or with a code this build does not know, gets the
// neutral sentence.
TEST(NoticeTemplatesTest, TheExtensionSaysTheReasonOfEachCodeInWords) {
  absl::StatusOr<NoticeTemplates> t = NoticeTemplates::LoadDir(CC_REFERENCE_DIR);
  ASSERT_OK(t.status());
  const std::map<tracking::v1::ExtensionReason, std::string> expected = {
      {tracking::v1::EXTENSION_REASON_UNSPECIFIED,
       "вирішити порушені у ньому питання в місячний термін неможливо"},
      {tracking::v1::EXTENSION_REASON_INSPECTION_ON_SITE, "потрібна перевірка на місці"},
      {tracking::v1::EXTENSION_REASON_DOCUMENTS_FROM_OTHER_BODIES,
       "потрібні документи або відомості від інших органів"},
      {tracking::v1::EXTENSION_REASON_EXPERT_EXAMINATION, "потрібна експертиза"},
      {tracking::v1::EXTENSION_REASON_OTHER, "потребують додаткового вивчення"},
  };
  // Every code of the contract is in the table.
  ASSERT_EQ(static_cast<int>(expected.size()),
            tracking::v1::ExtensionReason_descriptor()->value_count());
  std::set<std::string> bodies;
  for (const auto& [code, words] : expected) {
    SCOPED_TRACE(tracking::v1::ExtensionReason_Name(code));
    absl::StatusOr<std::string> text = t->ExtensionReasonText(code);
    ASSERT_OK(text.status());
    EXPECT_THAT(*text, HasSubstr(words));
    NoticeValues v = Full();
    v.reason = *text;
    absl::StatusOr<RenderedNotice> r = t->Render(v1::NOTICE_KIND_EXTENDED, v);
    ASSERT_OK(r.status());
    EXPECT_THAT(r->body,
                HasSubstr(absl::StrCat("продовжено до 15.01.2027 включно, оскільки ", *text, ".")));
    EXPECT_THAT(r->sms, HasSubstr(*text));
    bodies.insert(r->body);
  }
  EXPECT_EQ(bodies.size(), expected.size()) << "two codes say the same";
  // A newer tracking's code this build does not know: the neutral sentence.
  EXPECT_EQ(*t->ExtensionReasonText(99),
            *t->ExtensionReasonText(tracking::v1::EXTENSION_REASON_UNSPECIFIED));
}

TEST(NoticeTemplatesTest, AnExtensionTemplateWithoutEveryReasonIsALoadError) {
  const std::string head =
      "subject: № {number}\nsms: № {number} до {new_term}: {reason}\n";
  const std::string body = "\n{number} від {date} продовжено до {new_term}, оскільки {reason}.\n";
  std::string reasons;
  for (const char* code : {"INSPECTION_ON_SITE", "DOCUMENTS_FROM_OTHER_BODIES",
                           "EXPERT_EXAMINATION", "OTHER", "UNSPECIFIED"}) {
    reasons += absl::StrCat("reason ", code, ": слова ", code, "\n");
  }
  ASSERT_OK(NoticeTemplates::ParseOne(v1::NOTICE_KIND_EXTENDED, head + reasons + body, "e.txt")
                .status());
  // One code without words.
  const std::string without_other =
      absl::StrReplaceAll(reasons, {{"reason OTHER: слова OTHER\n", ""}});
  EXPECT_THAT(NoticeTemplates::ParseOne(v1::NOTICE_KIND_EXTENDED, head + without_other + body,
                                        "e.txt"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no \"reason OTHER:\" line")));
  // A code the contract does not have, and a placeholder in the words.
  EXPECT_THAT(NoticeTemplates::ParseOne(v1::NOTICE_KIND_EXTENDED,
                                        head + reasons + "reason LUNAR_ECLIPSE: так\n" + body,
                                        "e.txt"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown reason code \"LUNAR_ECLIPSE\"")));
  EXPECT_THAT(NoticeTemplates::ParseOne(
                  v1::NOTICE_KIND_EXTENDED,
                  head + absl::StrReplaceAll(reasons, {{"слова OTHER", "до {new_term}"}}) + body,
                  "e.txt"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("the reason OTHER needs words and no placeholder")));
  // The body must say the reason.
  EXPECT_THAT(NoticeTemplates::ParseOne(v1::NOTICE_KIND_EXTENDED,
                                        head + reasons + "\n{number} {date} до {new_term}.\n",
                                        "e.txt"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("body: missing placeholder {reason}")));
}

}  // namespace
}  // namespace contactcenter::intake
