// Classifier item 2 (CMU resolution 858), the attribute of an appeal, with
// the definitions of the Instruction on record-keeping of citizens' appeals
// (CMU resolution 348 of 1997): повторне — an appeal that contests the
// decision taken on the applicant's earlier appeal, or reports that the
// earlier one was not answered within the term the law sets; дублетне — the
// same appeal of the same person on the same issue reaching the body through
// several addressees, which joins the first and does not open a second
// consideration; неодноразове — the same person on the same issue after
// several answers; масове — many applicants on one issue, which here means
// one object or event that an operator confirmed, never a busy topic. Pure
// logic.
#pragma once

#include "contactcenter/common/v1/common.pb.h"

namespace contactcenter::intake {

// When appeals on one object or event are "mass" (--mass_applicants).
struct MassRule {
  // How many distinct applicants, this one included, make it mass.
  int min_applicants = 5;
};

// What registration found of the earlier appeals (counted by
// DecideRegistration from RegistrationFacts).
struct EarlierAppeals {
  // The applicant's appeals on the same issue under consideration (no case
  // closed yet) and not past their term.
  int open = 0;
  // The same, past their term: tracking reported the case overdue.
  int overdue = 0;
  // The applicant's appeals on the same issue whose case tracking closed.
  int closed = 0;
  // Distinct other applicants whose appeals an operator linked to the same
  // object or event.
  int other_applicants = 0;
};

// In this order: duplicate while an earlier one is under consideration in
// its term (the same appeal again, through another addressee); repeated
// when an earlier one went unanswered past its term; multiple after two or
// more answers; repeated after one; mass when enough applicants are linked
// to one object or event; otherwise primary.
common::v1::AppealAttribute DetectAttribute(const EarlierAppeals& earlier, const MassRule& rule);

}  // namespace contactcenter::intake
