// Flags from the author's categories, pure logic.
#pragma once

#include "contactcenter/common/v1/common.pb.h"
#include "google/protobuf/repeated_field.h"

namespace contactcenter::tracking {

using Categories = google::protobuf::RepeatedField<int>;

// Art. 15 (and the laws on the status of veterans, people with
// disabilities, Chornobyl sufferers, large families): a category with
// benefits gets priority consideration. OTHER and UNSPECIFIED do not.
bool HasPriority(const Categories& categories);

// Art. 20: appeals of Heroes of Ukraine, of the Soviet Union, of Socialist
// Labour and of persons with disabilities due to the war are considered by
// the body's head in person ("first head").
bool NeedsFirstHead(const Categories& categories);

}  // namespace contactcenter::tracking
