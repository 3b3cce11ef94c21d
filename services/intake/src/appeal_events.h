// The events intake writes for a registered appeal: no personal data. Pure.
#pragma once

#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::intake {

// For an appeal registered for consideration: route it. The essence only
// masked, and not at all when the consideration is to be kept secret.
v1::AppealRegistered ToAppealRegistered(const v1::Appeal& appeal);
v1::AppealNotConsidered ToAppealNotConsidered(const v1::Appeal& appeal);
v1::AppealReturnedToApplicant ToAppealReturnedToApplicant(const v1::Appeal& appeal);

}  // namespace contactcenter::intake
