// absl time <-> protobuf messages, in one place.
#pragma once

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/common/v1/common.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace contactcenter {

google::protobuf::Timestamp ToTimestamp(absl::Time t);
absl::Time FromTimestamp(const google::protobuf::Timestamp& ts);

common::v1::Date ToDate(absl::CivilDay d);
absl::CivilDay FromDate(const common::v1::Date& d);

}  // namespace contactcenter
