#include "attributes.h"

namespace contactcenter::intake {

common::v1::AppealAttribute DetectAttribute(const EarlierAppeals& earlier, const MassRule& rule) {
  if (earlier.open > 0) return common::v1::APPEAL_ATTRIBUTE_DUPLICATE;
  if (earlier.overdue > 0) return common::v1::APPEAL_ATTRIBUTE_REPEATED;
  if (earlier.closed >= 2) return common::v1::APPEAL_ATTRIBUTE_MULTIPLE;
  if (earlier.closed == 1) return common::v1::APPEAL_ATTRIBUTE_REPEATED;
  if (earlier.other_applicants + 1 >= rule.min_applicants) return common::v1::APPEAL_ATTRIBUTE_MASS;
  return common::v1::APPEAL_ATTRIBUTE_PRIMARY;
}

}  // namespace contactcenter::intake
