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

void CheckChars(FieldViolations& v, const std::string& field, absl::string_view value,
                Text kind) {
  size_t chars = 0;
  for (size_t i = 0; i < value.size(); ++chars) {
    const unsigned char c = value[i];
    uint32_t cp;
    size_t len;
    if (c < 0x80) {
      cp = c, len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      cp = c & 0x1F, len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      cp = c & 0x0F, len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      cp = c & 0x07, len = 4;
    } else {
      v.Add(field, "not valid UTF-8");
      return;
    }
    if (i + len > value.size()) {
      v.Add(field, "not valid UTF-8");
      return;
    }
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = value[i + k];
      if ((cc & 0xC0) != 0x80) {
        v.Add(field, "not valid UTF-8");
        return;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      v.Add(field, "not valid UTF-8");
      return;
    }
    const bool allowed_space = kind == Text::kFree && (cp == '\n' || cp == '\t');
    if ((cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) && !allowed_space) {
      v.Add(field, absl::StrCat("contains a control character (U+",
                                absl::AsciiStrToUpper(absl::StrCat(absl::Hex(cp, absl::kZeroPad4))),
                                " at character ", chars + 1, ")"));
      return;
    }
    i += len;
  }
}

void CheckRequired(FieldViolations& v, const std::string& field, absl::string_view value) {
  if (absl::StripAsciiWhitespace(value).empty()) v.Add(field, "required");
}

void CheckMaxChars(FieldViolations& v, const std::string& field, absl::string_view value,
                   size_t max_chars, Text kind) {
  CheckChars(v, field, value, kind);
  const size_t n = CharCount(value);
  if (n > max_chars) v.Add(field, absl::StrCat("at most ", max_chars, " characters (got ", n, ")"));
}

void CheckText(FieldViolations& v, const std::string& field, absl::string_view value,
               size_t max_chars, Text kind) {
  if (absl::StripAsciiWhitespace(value).empty()) {
    v.Add(field, "required");
  } else {
    CheckMaxChars(v, field, value, max_chars, kind);
  }
}

void CheckUuid(FieldViolations& v, const std::string& field, absl::string_view value) {
  if (value.empty()) {
    v.Add(field, "required");
  } else if (!IsUuid(value)) {
    v.Add(field, "not a UUID (like 3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01)");
  }
}

std::optional<absl::Time> CheckTimestamp(FieldViolations& v, const std::string& field,
                                         const google::protobuf::Timestamp& ts) {
  static const int64_t kFirstSecond = absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(kFirstYear, 1, 1, 0, 0, 0), absl::UTCTimeZone()));
  static const int64_t kLastSecond = absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(kLastYear, 12, 31, 23, 59, 59), absl::UTCTimeZone()));
  if (ts.nanos() < 0 || ts.nanos() > 999999999) {
    v.Add(field, "nanos must be within 0..999999999");
    return std::nullopt;
  }
  if (ts.seconds() < kFirstSecond || ts.seconds() > kLastSecond) {
    v.Add(field, absl::StrCat("not a time between ", kFirstYear, " and ", kLastYear));
    return std::nullopt;
  }
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

std::optional<absl::CivilDay> CheckDate(FieldViolations& v, const std::string& field,
                                        const common::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    v.Add(field, "required");
    return std::nullopt;
  }
  // CivilDay normalises (30 February becomes 2 March): a date exists when
  // it comes back as written.
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < kFirstYear || date.year() > kLastYear || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    v.Add(field, absl::StrCat("not a real date between ", kFirstYear, " and ", kLastYear));
    return std::nullopt;
  }
  return day;
}

}  // namespace contactcenter
