#include "contactcenter/refdata/csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::refdata {
namespace {

// Splits CSV text into records; a quoted field may span lines.
absl::Status Split(absl::string_view text, const std::string& source,
                   std::vector<std::vector<std::string>>* records, std::vector<int>* lines) {
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  int line = 1, record_line = 1;
  auto end_field = [&] {
    record.push_back(std::string(absl::StripAsciiWhitespace(field)));
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    if (!(record.size() == 1 && record[0].empty())) {  // skip blank lines
      records->push_back(std::move(record));
      lines->push_back(record_line);
    }
    record.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (field_started && !absl::StripAsciiWhitespace(field).empty()) {
          return absl::InvalidArgumentError(
              absl::StrCat(source, ":", line, ": a quote inside an unquoted field"));
        }
        quoted = true;
        field_started = true;
        break;
      case ',':
        end_field();
        break;
      case '\r':
        break;
      case '\n':
        end_record();
        ++line;
        record_line = line;
        break;
      default:
        field += c;
        field_started = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ":", record_line, ": a quoted field is never closed"));
  }
  if (!field.empty() || !record.empty()) end_record();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CsvTable> CsvTable::Parse(absl::string_view text, const std::string& source,
                                         const std::vector<std::string>& required) {
  CsvTable t;
  t.source_ = source;
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  if (absl::Status s = Split(text, source, &records, &lines); !s.ok()) return s;
  if (records.empty()) return absl::InvalidArgumentError(absl::StrCat(source, ": empty file"));
  t.header_ = records[0];
  std::vector<std::string> missing;
  for (const std::string& col : required) {
    if (std::find(t.header_.begin(), t.header_.end(), col) == t.header_.end()) {
      missing.push_back(col);
    }
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ":1: missing column(s) ", absl::StrJoin(missing, ", ")));
  }
  std::vector<std::string> problems;
  for (size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() != t.header_.size()) {
      problems.push_back(absl::StrCat(source, ":", lines[i], ": ", records[i].size(),
                                      " fields, the header has ", t.header_.size()));
      continue;
    }
    // A cell is one line of printable text (a NUL would cut it when stored).
    for (size_t c = 0; c < t.header_.size(); ++c) {
      FieldViolations v;
      CheckChars(v, t.header_[c], records[i][c]);
      for (const FieldViolation& fv : v.violations()) {
        problems.push_back(absl::StrCat(source, ":", lines[i], ": ", fv.field, " ", fv.description));
      }
    }
    t.rows_.push_back(std::move(records[i]));
    t.lines_.push_back(lines[i]);
  }
  if (!problems.empty()) return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
  return t;
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<CsvTable> CsvTable::ReadFile(const std::string& path,
                                            const std::vector<std::string>& required) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path, required);
}

const std::string& CsvTable::Get(size_t i, absl::string_view column) const {
  static const std::string kEmpty;
  for (size_t c = 0; c < header_.size(); ++c) {
    if (header_[c] == column) return rows_[i][c];
  }
  return kEmpty;
}

std::string CsvTable::Where(size_t i) const { return absl::StrCat(source_, ":", lines_[i]); }

}  // namespace contactcenter::refdata
