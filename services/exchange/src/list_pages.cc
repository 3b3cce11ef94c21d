#include "list_pages.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/page_token.h"

namespace contactcenter::exchange {

std::string EncodeListToken(const std::optional<ListPosition>& next, absl::string_view list) {
  if (!next) return std::string();
  // Escaped, a card number holds no '\n' (the parts' separator).
  return EncodePageToken({std::string(list), absl::StrCat(absl::ToUnixMicros(next->at)),
                          absl::CEscape(next->card_number), absl::StrCat(next->sequence)});
}

absl::StatusOr<std::optional<ListPosition>> DecodeListToken(absl::string_view token,
                                                            absl::string_view list) {
  if (token.empty()) return std::optional<ListPosition>();
  absl::StatusOr<std::vector<std::string>> parts = DecodePageToken(token, list, 4);
  if (!parts.ok()) return parts.status();
  ListPosition p;
  int64_t micros = 0;
  if (!absl::SimpleAtoi((*parts)[1], &micros) ||
      !absl::CUnescape((*parts)[2], &p.card_number) || p.card_number.empty() ||
      !absl::SimpleAtoi((*parts)[3], &p.sequence) || p.sequence < 0) {
    FieldViolations v;
    v.Add("page_token", "not a token from a previous response");
    return v.ToStatus("invalid page token");
  }
  p.at = absl::FromUnixMicros(micros);
  return std::optional<ListPosition>(std::move(p));
}

}  // namespace contactcenter::exchange
