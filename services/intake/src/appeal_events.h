// The events intake writes for a registered appeal: no personal data and no
// free text. Pure.
#pragma once

#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::intake {

// For an appeal registered for consideration: route it. No free text: the
// essence stays in intake (the body considering it reads it with GetAppeal).
v1::AppealRegistered ToAppealRegistered(const v1::Appeal& appeal);
v1::AppealNotConsidered ToAppealNotConsidered(const v1::Appeal& appeal);
v1::AppealReturnedToApplicant ToAppealReturnedToApplicant(const v1::Appeal& appeal);

// A pending exclusion proposal (status APPEAL_STATUS_AWAITING_DECISION).
v1::AppealExclusionProposed ToAppealExclusionProposed(const v1::Appeal& appeal);
// A recorded return letter, and whether it kept the Art. 5 term.
v1::AppealReturnLetterRecorded ToAppealReturnLetterRecorded(const v1::Appeal& appeal);

}  // namespace contactcenter::intake
