#include "contactcenter/refdata/csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::refdata {
namespace {

// Splits CSV text into records; a quoted field may span lines.
// A quoting error is a violation of the line it is on; false then.
bool Split(absl::string_view text, const std::string& source, FieldViolations& v,
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
          v.Add(absl::StrCat(source, ":", line), "a quote inside an unquoted field");
          return false;
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
    v.Add(absl::StrCat(source, ":", record_line), "a quoted field is never closed");
    return false;
  }
  if (!field.empty() || !record.empty()) end_record();
  return true;
}

}  // namespace

absl::StatusOr<CsvTable> CsvTable::Parse(absl::string_view text, const std::string& source,
                                         const std::vector<std::string>& required) {
  CsvTable t;
  t.source_ = source;
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  FieldViolations v;
  const std::string summary = absl::StrCat("bad ", source);
  if (!Split(text, source, v, &records, &lines)) return v.ToStatus(summary);
  if (records.empty()) {
    v.Add(source, "empty file");
    return v.ToStatus(summary);
  }
  t.header_ = records[0];
  for (const std::string& col : required) {
    if (std::find(t.header_.begin(), t.header_.end(), col) == t.header_.end()) {
      v.Add(absl::StrCat(source, ":1:", col), "missing column");
    }
  }
  RETURN_IF_ERROR(v.ToStatus(summary));
  for (size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() != t.header_.size()) {
      v.Add(absl::StrCat(source, ":", lines[i]),
            absl::StrCat(records[i].size(), " fields, the header has ", t.header_.size()));
      continue;
    }
    // A cell is one line of printable text (a NUL would cut it when stored).
    for (size_t c = 0; c < t.header_.size(); ++c) {
      CheckChars(v, absl::StrCat(source, ":", lines[i], ":", t.header_[c]), records[i][c]);
    }
    t.rows_.push_back(std::move(records[i]));
    t.lines_.push_back(lines[i]);
  }
  RETURN_IF_ERROR(v.ToStatus(summary));
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

std::string CsvTable::Field(size_t i, absl::string_view column) const {
  return absl::StrCat(source_, ":", lines_[i], ":", column);
}

}  // namespace contactcenter::refdata
