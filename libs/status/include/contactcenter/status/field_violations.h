// Builds INVALID_ARGUMENT errors that name every bad field, carried as a
// google.rpc.BadRequest so standard gRPC clients can show them.
//   FieldViolations v;
//   if (card.essence().empty()) v.Add("card.essence", "required");
//   RETURN_IF_ERROR(v.ToStatus("invalid appeal"));
#pragma once

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"

namespace contactcenter {

inline constexpr char kBadRequestTypeUrl[] = "type.googleapis.com/google.rpc.BadRequest";

struct FieldViolation {
  std::string field;
  std::string description;
  friend bool operator==(const FieldViolation&, const FieldViolation&) = default;
};

class FieldViolations {
 public:
  void Add(std::string field, std::string description);
  // Adds every violation of `other` with `prefix` + "." before its field.
  void AddAll(absl::string_view prefix, const FieldViolations& other);
  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& violations() const { return violations_; }

  // OK when there are none; else INVALID_ARGUMENT whose message lists every
  // field ("summary: a: required; b: too long") and whose payload is a
  // google.rpc.BadRequest.
  absl::Status ToStatus(absl::string_view summary) const;

 private:
  std::vector<FieldViolation> violations_;
};

// How many characters of a caller's value an error quotes.
inline constexpr size_t kMaxQuotedChars = 40;

// A caller's value to quote in an error: in double quotes, cut after
// `max_chars` characters (never inside one) with "…", and control
// characters and bytes that are not UTF-8 shown as U+FFFD. An error that
// echoed a value whole could be larger than the caller lets in (so it
// would see RESOURCE_EXHAUSTED instead) and could carry control sequences.
std::string Quoted(absl::string_view value, size_t max_chars = kMaxQuotedChars);
// The same without the quotes, for an id in running text.
std::string Shortened(absl::string_view value, size_t max_chars = kMaxQuotedChars);

// The violations carried by a status built above; empty if none.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

}  // namespace contactcenter
