// Classifier item 2, the attribute of an appeal, from what intake knows of
// the applicant's earlier appeals on the same topic and of other applicants'
// appeals on the same topic and territory. Pure logic.
#pragma once

#include "absl/time/time.h"
#include "contactcenter/common/v1/common.pb.h"

namespace contactcenter::intake {

// When appeals on one issue are "mass" (configurable: --mass_window,
// --mass_applicants).
struct MassRule {
  // How far back other applicants' appeals count.
  absl::Duration window = absl::Hours(72);
  // How many distinct applicants, this one included, make it mass.
  int min_applicants = 5;
};

// What registration found of the earlier appeals (counted by
// DecideRegistration from RegistrationFacts).
struct EarlierAppeals {
  // The applicant's appeals on the same topic still open: registered for
  // consideration and no case closed yet.
  int open = 0;
  // The applicant's appeals on the same topic whose case tracking closed.
  int closed = 0;
  // Distinct other applicants with an appeal on the same topic and territory
  // received within the mass window.
  int other_applicants = 0;
};

// Duplicate while an earlier one is open; multiple after two or more
// answered; repeated after one; otherwise mass when enough applicants raise
// the issue; otherwise primary.
common::v1::AppealAttribute DetectAttribute(const EarlierAppeals& earlier, const MassRule& rule);

}  // namespace contactcenter::intake
