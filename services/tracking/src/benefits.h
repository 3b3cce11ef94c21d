// A case's priority and first-head flags from its author's categories and
// the reference table of what each category gives (libs/refdata
// author_categories.h, deploy/reference/author-categories.csv). Pure logic.
#pragma once

#include "contactcenter/common/v1/common.pb.h"
#include "contactcenter/refdata/author_categories.h"
#include "google/protobuf/repeated_field.h"

namespace contactcenter::tracking {

using Categories = google::protobuf::RepeatedField<int>;

struct BenefitFlags {
  // Art. 20, last part: an author with a benefit established by law is
  // served first.
  bool priority = false;
  // Art. 14 (proposals), Art. 15 (statements): considered by the body's
  // first head personally. Art. 15, part 2 (as amended by Law 2443-VIII of
  // 22.05.2018): «Заяви (клопотання) Героїв Радянського Союзу, Героїв
  // Соціалістичної Праці, осіб з інвалідністю внаслідок війни розглядаються
  // першими керівниками державних органів, органів місцевого
  // самоврядування, підприємств, установ, організацій особисто.»
  bool first_head = false;
};

BenefitFlags FlagsFor(const refdata::AuthorCategories& table, const Categories& categories,
                      common::v1::AppealKind kind);

}  // namespace contactcenter::tracking
