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
    // Valid UTF-8 always: a field name can carry outside bytes (a CSV
    // header's column), and protobuf will not parse a string field that is
    // not UTF-8, which would lose every violation (found by the fuzzers).
    const std::string field = Shortened(violations_[i].field, 200);
    const std::string description = Shortened(violations_[i].description, 1000);
    absl::StrAppend(&message, i == 0 ? ": " : "; ", field, ": ", description);
    auto* fv = details.add_field_violations();
    fv->set_field(field);
    fv->set_description(description);
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(details.SerializeAsString()));
  return status;
}

std::string Quoted(absl::string_view value, size_t max_chars) {
  return absl::StrCat("\"", Shortened(value, max_chars), "\"");
}

std::string Shortened(absl::string_view value, size_t max_chars) {
  constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  size_t chars = 0;
  size_t i = 0;
  while (i < value.size()) {
    if (chars == max_chars) {
      out += "…";
      break;
    }
    const unsigned char c = value[i];
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                                : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool ok = len != 0 && i + len <= value.size();
    uint32_t cp = ok ? (len == 1 ? c : c & (0x7F >> len)) : 0;
    for (size_t k = 1; ok && k < len; ++k) {
      const unsigned char cc = value[i + k];
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
               (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))) {
      ok = false;
    }
    if (!ok) {
      out += kReplacement;
      ++i;  // resynchronise at the next byte
    } else {
      if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
        out += kReplacement;
      } else {
        out.append(value.data() + i, len);
      }
      i += len;
    }
    ++chars;
  }
  return out;
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
