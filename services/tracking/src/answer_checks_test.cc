// What an answer must carry (Art. 15, 19), pure logic.
#include "answer_checks.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::tracking {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::CaseAnswer Answer(v1::CaseResult result) {
  v1::CaseAnswer a;
  a.set_text("Відмовлено у встановленні пільги.");
  a.set_outgoing_number("01-15/123");
  a.mutable_answer_date()->set_year(2026);
  a.mutable_answer_date()->set_month(11);
  a.mutable_answer_date()->set_day(20);
  a.set_signer("Іваненко І. І., директор департаменту");
  a.set_result(result);
  return a;
}

std::vector<std::string> Fields(const v1::CaseAnswer& a) {
  FieldViolations v;
  CheckAnswer(v, a);
  std::vector<std::string> out;
  for (const FieldViolation& fv : v.violations()) out.push_back(fv.field);
  return out;
}

// Art. 15: a refusal is told "with a reference to the law, the reasons for
// the refusal, and how to appeal the decision": each missing one is named.
TEST(AnswerChecksTest, ARefusalWithoutReasonsLegalBasisAndAppealProcedureNamesEachMissing) {
  EXPECT_THAT(Fields(Answer(v1::CASE_RESULT_REFUSED)),
              ElementsAre("answer.refusal_reasons", "answer.legal_basis",
                          "answer.appeal_procedure"));
  v1::CaseAnswer only_reasons = Answer(v1::CASE_RESULT_REFUSED);
  only_reasons.set_refusal_reasons("Заявник не належить до категорії, що має право на пільгу.");
  EXPECT_THAT(Fields(only_reasons), ElementsAre("answer.legal_basis", "answer.appeal_procedure"));
}

TEST(AnswerChecksTest, ARefusalWithReasonsLawAndAppealProcedureIsAccepted) {
  v1::CaseAnswer a = Answer(v1::CASE_RESULT_REFUSED);
  a.set_refusal_reasons("Заявник не належить до категорії, що має право на пільгу.");
  a.set_legal_basis("Закон України «Про статус ветеранів війни», ст. 12");
  a.set_appeal_procedure(
      "Рішення може бути оскаржене до Луганської ОВА або до суду (ст. 16 Закону «Про "
      "звернення громадян»).");
  EXPECT_THAT(Fields(a), IsEmpty());
}

TEST(AnswerChecksTest, OtherResultsNeedNoRefusalFieldsButTheirTextIsStillChecked) {
  EXPECT_THAT(Fields(Answer(v1::CASE_RESULT_DONE)), IsEmpty());
  EXPECT_THAT(Fields(Answer(v1::CASE_RESULT_EXPLAINED)), IsEmpty());
  v1::CaseAnswer a = Answer(v1::CASE_RESULT_DONE);
  a.set_legal_basis(std::string("ст.\0 12", 7));
  EXPECT_THAT(Fields(a), ElementsAre("answer.legal_basis"));
}

TEST(AnswerChecksTest, EveryBadFieldIsNamedAtOnce) {
  v1::CaseAnswer a;
  a.set_result(v1::CASE_RESULT_REFUSED);
  EXPECT_THAT(Fields(a), ElementsAre("answer.text", "answer.outgoing_number", "answer.answer_date",
                                     "answer.signer", "answer.refusal_reasons",
                                     "answer.legal_basis", "answer.appeal_procedure"));
}

}  // namespace
}  // namespace contactcenter::tracking
