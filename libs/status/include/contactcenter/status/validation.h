// Small checks every RPC's validation is made of. Each adds a violation
// naming the field instead of failing fast, so one answer lists everything.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/common/v1/common.pb.h"
#include "contactcenter/status/field_violations.h"
#include "google/protobuf/timestamp.pb.h"

namespace contactcenter {

// Length in characters (Unicode code points) of valid UTF-8 text.
size_t CharCount(absl::string_view utf8);

bool IsUuid(absl::string_view s);

// What a text field may hold besides printable characters. Free text (an
// essence, a note, a reason, an answer, an article body) may have line
// breaks and tabs; everything else (names, codes, ids, titles, tags,
// addresses) is one line.
enum class Text { kLine, kFree };

// "not valid UTF-8", or "contains a control character (U+0000 at character
// 4)" for C0 controls, DEL and C1 controls (U+0080..U+009F) other than "\n"
// and "\t" in free text. PostgreSQL cuts a text value at NUL, so letting one
// through loses data silently. Every Check* for text below does this too;
// call it alone for a field validated some other way (a code, a phone).
void CheckChars(FieldViolations& v, const std::string& field, absl::string_view value,
                Text kind = Text::kLine);

// "required" when empty (after trimming spaces). Presence only: for a
// document (a CSV file) whose parser checks each of its values.
void CheckRequired(FieldViolations& v, const std::string& field, absl::string_view value);

// "at most N characters" when longer; and CheckChars.
void CheckMaxChars(FieldViolations& v, const std::string& field, absl::string_view value,
                   size_t max_chars, Text kind = Text::kLine);

// Required and at most N characters; and CheckChars.
void CheckText(FieldViolations& v, const std::string& field, absl::string_view value,
               size_t max_chars, Text kind = Text::kLine);

// "required" / "not a UUID".
void CheckUuid(FieldViolations& v, const std::string& field, absl::string_view value);

// For a proto enum field: "required" for 0 when required, "unknown value N"
// for numbers the contract does not define (proto3 keeps them).
template <typename IsValidFn>
void CheckEnum(FieldViolations& v, const std::string& field, int value, IsValidFn is_valid,
               bool required) {
  if (value == 0) {
    if (required) v.Add(field, "required");
  } else if (!is_valid(value)) {
    v.Add(field, "unknown value " + std::to_string(value));
  }
}

// Dates and times a caller may send lie in the years kFirstYear..kLastYear
// (a timestamp in UTC, a date as written). Nothing this system handles
// predates Ukraine's independence (the law on appeals is of 1996), so an
// earlier year is a typo; 9999 is the last year google.protobuf.Timestamp
// holds. A narrower rule of a field ("not in the future", "not before
// 2000") is a check of its own at the call site.
inline constexpr int kFirstYear = 1991;
inline constexpr int kLastYear = 9999;

// The time, or nullopt and a violation on `field`: nanos outside
// 0..999999999 or a time outside the years above. Call it for a field the
// caller set (has_...()): an unset Timestamp is 1970.
std::optional<absl::Time> CheckTimestamp(FieldViolations& v, const std::string& field,
                                         const google::protobuf::Timestamp& ts);

// The day, or nullopt and a violation on `field`: "required" for an unset
// (all-zero) date, else a date that does not exist or lies outside the
// years above.
std::optional<absl::CivilDay> CheckDate(FieldViolations& v, const std::string& field,
                                        const common::v1::Date& date);

}  // namespace contactcenter
