#include "request_checks.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/status/page_token.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::tracking {

absl::StatusOr<std::optional<PagePosition>> DecodeCasePageToken(const std::string& token,
                                                                const std::string& fingerprint) {
  if (token.empty()) return std::optional<PagePosition>();
  absl::StatusOr<std::vector<std::string>> parts = DecodePageToken(token, fingerprint, 3);
  if (!parts.ok()) return parts.status();
  int64_t micros = 0;
  if (!absl::SimpleAtoi((*parts)[1], &micros) || !IsUuid((*parts)[2])) {
    FieldViolations v;
    v.Add("page_token", "not a token from a previous response");
    return v.ToStatus("invalid page token");
  }
  return std::optional<PagePosition>(PagePosition{absl::FromUnixMicros(micros), (*parts)[2]});
}

std::string EncodeCasePageToken(const PagePosition& next, const std::string& fingerprint) {
  return EncodePageToken({fingerprint, absl::StrCat(absl::ToUnixMicros(next.opened_at)), next.id});
}

}  // namespace contactcenter::tracking
