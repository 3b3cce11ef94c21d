#include "contactcenter/status/page_token.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "contactcenter/status/validation.h"

namespace contactcenter {
namespace {

absl::Status BadToken(const std::string& why) {
  FieldViolations v;
  v.Add("page_token", why);
  return v.ToStatus("invalid page token");
}

constexpr char kNotOurs[] = "not a token from a previous response";

}  // namespace

std::string EncodePageToken(const std::vector<std::string>& parts) {
  return absl::WebSafeBase64Escape(absl::StrJoin(parts, "\n"));
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view fingerprint,
                                                         size_t count) {
  std::string text;
  if (!absl::WebSafeBase64Unescape(token, &text)) return BadToken(kNotOurs);
  std::vector<std::string> parts = absl::StrSplit(text, '\n');
  if (parts.size() != count) return BadToken(kNotOurs);
  if (parts[0] != fingerprint) {
    return BadToken("comes from a query with other filters; start again without a token");
  }
  return parts;
}

std::string EncodeKeysetToken(const std::optional<KeysetPosition>& next,
                              absl::string_view fingerprint) {
  if (!next) return std::string();
  // Escaped, the fingerprint holds no '\n' whatever the filters hold.
  return EncodePageToken(
      {absl::CEscape(fingerprint), absl::StrCat(absl::ToUnixMicros(next->at)), next->id});
}

absl::StatusOr<std::optional<KeysetPosition>> DecodeKeysetToken(absl::string_view token,
                                                                absl::string_view fingerprint) {
  if (token.empty()) return std::optional<KeysetPosition>();
  absl::StatusOr<std::vector<std::string>> parts =
      DecodePageToken(token, absl::CEscape(fingerprint), 3);
  if (!parts.ok()) return parts.status();
  int64_t micros = 0;
  if (!absl::SimpleAtoi((*parts)[1], &micros) || !IsUuid((*parts)[2])) return BadToken(kNotOurs);
  return std::optional<KeysetPosition>(KeysetPosition{absl::FromUnixMicros(micros), (*parts)[2]});
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

int CheckPageSize(FieldViolations& v, int requested, int default_size, int max_size) {
  if (requested < 0) {
    v.Add("page_size", "must not be negative");
    return default_size;
  }
  return *PageSize(requested, default_size, max_size);
}

}  // namespace contactcenter
