#include "contactcenter/status/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter {
namespace {

absl::Status BadToken(const std::string& why) {
  FieldViolations v;
  v.Add("page_token", why);
  return v.ToStatus("invalid page token");
}

}  // namespace

std::string EncodePageToken(const std::vector<std::string>& parts) {
  return absl::WebSafeBase64Escape(absl::StrJoin(parts, "\n"));
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view fingerprint,
                                                         size_t count) {
  std::string text;
  if (!absl::WebSafeBase64Unescape(token, &text)) {
    return BadToken("not a token from a previous response");
  }
  std::vector<std::string> parts = absl::StrSplit(text, '\n');
  if (parts.size() != count) return BadToken("not a token from a previous response");
  if (parts[0] != fingerprint) {
    return BadToken("comes from a query with other filters; start again without a token");
  }
  return parts;
}

absl::StatusOr<int> PageSize(int requested, int default_size, int max_size) {
  if (requested < 0) {
    FieldViolations v;
    v.Add("page_size", "must not be negative");
    return v.ToStatus("invalid page size");
  }
  if (requested == 0) return default_size;
  return std::min(requested, max_size);
}

}  // namespace contactcenter
