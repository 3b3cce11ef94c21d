#include "contactcenter/status/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace contactcenter {

size_t CharCount(absl::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;  // count every byte that starts a character
  }
  return n;
}

bool IsUuid(absl::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!absl::ascii_isxdigit(s[i])) {
      return false;
    }
  }
  return true;
}

void CheckRequired(FieldViolations& v, const std::string& field, absl::string_view value) {
  if (absl::StripAsciiWhitespace(value).empty()) v.Add(field, "required");
}

void CheckMaxChars(FieldViolations& v, const std::string& field, absl::string_view value,
                   size_t max_chars) {
  const size_t n = CharCount(value);
  if (n > max_chars) v.Add(field, absl::StrCat("at most ", max_chars, " characters (got ", n, ")"));
}

void CheckText(FieldViolations& v, const std::string& field, absl::string_view value,
               size_t max_chars) {
  if (absl::StripAsciiWhitespace(value).empty()) {
    v.Add(field, "required");
  } else {
    CheckMaxChars(v, field, value, max_chars);
  }
}

void CheckUuid(FieldViolations& v, const std::string& field, absl::string_view value) {
  if (value.empty()) {
    v.Add(field, "required");
  } else if (!IsUuid(value)) {
    v.Add(field, "not a UUID (like 3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01)");
  }
}

}  // namespace contactcenter
