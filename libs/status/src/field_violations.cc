#include "contactcenter/status/field_violations.h"



#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace contactcenter {

void FieldViolations::Add(std::string field, std::string description) {
  violations_.push_back({std::move(field), std::move(description)});
}

void FieldViolations::AddAll(absl::string_view prefix, const FieldViolations& other) {
  for (const FieldViolation& v : other.violations_) {
    Add(prefix.empty() ? v.field : absl::StrCat(prefix, ".", v.field), v.description);
  }
}

absl::Status FieldViolations::ToStatus(absl::string_view summary) const {
  if (violations_.empty()) return absl::OkStatus();
  std::string message(summary);
  google::rpc::BadRequest details;
  for (size_t i = 0; i < violations_.size(); ++i) {
    absl::StrAppend(&message, i == 0 ? ": " : "; ", violations_[i].field, ": ",
                    violations_[i].description);
    auto* fv = details.add_field_violations();
    fv->set_field(violations_[i].field);
    fv->set_description(violations_[i].description);
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(details.SerializeAsString()));
  return status;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  absl::optional<absl::Cord> payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload.has_value()) return out;
  google::rpc::BadRequest details;
  if (!details.ParseFromString(std::string(*payload))) return out;
  for (const auto& fv : details.field_violations()) out.push_back({fv.field(), fv.description()});
  return out;
}

}  // namespace contactcenter
