// Reference data comes as CSV (RFC 4180: commas, double-quoted fields with
// "" for a quote, a header row). Errors are INVALID_ARGUMENT with a
// google.rpc.BadRequest field violation for every bad row and cell at once,
// each field named "file:line:column" ("executors.csv:12:parent_id"), or
// "file:line" for a problem of the whole row.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace contactcenter::refdata {

// The whole file, or NOT_FOUND naming it.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

class CsvTable {
 public:
  // Parses `text`; `source` names it in errors. Every column in `required`
  // must be in the header, and every row must have the header's width.
  static absl::StatusOr<CsvTable> Parse(absl::string_view text, const std::string& source,
                                        const std::vector<std::string>& required);
  static absl::StatusOr<CsvTable> ReadFile(const std::string& path,
                                           const std::vector<std::string>& required);

  size_t size() const { return rows_.size(); }
  // The value of `column` in row `i` (trimmed); "" for an unknown column.
  const std::string& Get(size_t i, absl::string_view column) const;
  // "file:line" of row `i`, for error messages.
  std::string Where(size_t i) const;
  // "file:line:column" of a cell of row `i`: the field of its violation.
  std::string Field(size_t i, absl::string_view column) const;

 private:
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<int> lines_;
};

}  // namespace contactcenter::refdata
