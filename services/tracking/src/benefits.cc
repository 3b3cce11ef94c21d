#include "benefits.h"

namespace contactcenter::tracking {

BenefitFlags FlagsFor(const refdata::AuthorCategories& table, const Categories& categories,
                      common::v1::AppealKind kind) {
  return BenefitFlags{table.HasPriority(categories), table.NeedsFirstHead(categories, kind)};
}

}  // namespace contactcenter::tracking
