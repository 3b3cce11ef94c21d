// Small checks every RPC's validation is made of. Each adds a violation
// naming the field instead of failing fast, so one answer lists everything.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter {

// Length in characters (Unicode code points) of valid UTF-8 text.
size_t CharCount(absl::string_view utf8);

bool IsUuid(absl::string_view s);

// "required" when empty (after trimming spaces).
void CheckRequired(FieldViolations& v, const std::string& field, absl::string_view value);

// "at most N characters" when longer.
void CheckMaxChars(FieldViolations& v, const std::string& field, absl::string_view value,
                   size_t max_chars);

// Required and at most N characters.
void CheckText(FieldViolations& v, const std::string& field, absl::string_view value,
               size_t max_chars);

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

}  // namespace contactcenter
