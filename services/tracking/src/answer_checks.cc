#include "answer_checks.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/status/validation.h"
#include "request_checks.h"

namespace contactcenter::tracking {

void CheckAnswer(FieldViolations& v, const v1::CaseAnswer& a) {
  CheckText(v, "answer.text", a.text(), kMaxAnswerChars, Text::kFree);
  CheckText(v, "answer.outgoing_number", a.outgoing_number(), kMaxShortTextChars);
  CheckDate(v, "answer.answer_date", a.answer_date());
  CheckText(v, "answer.signer", a.signer(), kMaxShortTextChars);
  if (static_cast<size_t>(a.attachment_refs_size()) > kMaxAttachments) {
    v.Add("answer.attachment_refs", absl::StrCat("at most ", kMaxAttachments));
  }
  for (int i = 0; i < a.attachment_refs_size(); ++i) {
    CheckText(v, absl::StrCat("answer.attachment_refs[", i, "]"), a.attachment_refs(i),
              kMaxShortTextChars);
  }
  CheckEnum(v, "answer.result", a.result(), v1::CaseResult_IsValid, true);
  if (a.result() == v1::CASE_RESULT_NOT_WITHIN_COMPETENCE) {
    v.Add("answer.result", "not within competence is declined with DeclineCase");
  }
  // Art. 15, 19: a refusal gives its reasons, its legal basis and how to
  // appeal it.
  const struct {
    const char* field;
    const std::string& value;
  } kRefusal[] = {{"answer.refusal_reasons", a.refusal_reasons()},
                  {"answer.legal_basis", a.legal_basis()},
                  {"answer.appeal_procedure", a.appeal_procedure()}};
  for (const auto& [field, value] : kRefusal) {
    if (a.result() == v1::CASE_RESULT_REFUSED) {
      if (value.empty()) {
        v.Add(field, "required for a refusal (Art. 15, 19)");
      } else {
        CheckText(v, field, value, kMaxNoteChars, Text::kFree);
      }
    } else {
      CheckMaxChars(v, field, value, kMaxNoteChars, Text::kFree);
    }
  }
}

}  // namespace contactcenter::tracking
