#include "contactcenter/db/values.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace contactcenter::db {

std::string ToSqlTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", t, absl::UTCTimeZone());
}

absl::Time TimeFromField(const pqxx::field& f) {
  absl::string_view text = f.c_str();
  // The session runs in UTC, so the offset is always "+00".
  if (!absl::ConsumeSuffix(&text, "+00")) {
    throw pqxx::conversion_error(absl::StrCat("timestamptz not in UTC: ", f.c_str()));
  }
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, absl::UTCTimeZone(), &t, &err)) {
    throw pqxx::conversion_error(absl::StrCat("bad timestamptz '", f.c_str(), "': ", err));
  }
  return t;
}

std::string ToSqlDate(absl::CivilDay d) { return absl::FormatCivilTime(d); }

absl::CivilDay DateFromField(const pqxx::field& f) {
  absl::CivilDay d;
  if (!absl::ParseCivilTime(f.c_str(), &d)) {
    throw pqxx::conversion_error(absl::StrCat("bad date '", f.c_str(), "'"));
  }
  return d;
}

void AppendSqlArrayElement(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

std::vector<std::string> TextArrayFromField(const pqxx::field& f) {
  // PostgreSQL's array_out text, read here rather than by pqxx 6.4's
  // array_parser: that one ends an unquoted element at a semicolon and
  // takes a leading apostrophe for a quote, and array_out quotes neither.
  // array_out double-quotes an element that is empty, spells NULL or holds
  // a brace, comma, double quote, backslash or space, escaping the double
  // quote and the backslash inside.
  std::vector<std::string> out;
  if (f.is_null()) return out;
  const std::string_view text(f.c_str(), f.size());
  auto bad = [&f](const char* why) {
    return pqxx::conversion_error(absl::StrCat(why, " in array ", f.c_str()));
  };
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') throw bad("no braces");
  size_t pos = 1;
  if (text.size() == 2) return out;  // {}
  for (;;) {
    std::string element;
    if (text[pos] == '{') throw bad("a nested array");
    if (text[pos] == '"') {
      for (++pos;; ++pos) {
        if (pos >= text.size() - 1) throw bad("an unclosed quote");
        if (text[pos] == '"') break;
        if (text[pos] == '\\') ++pos;
        element += text[pos];
      }
      ++pos;  // the closing quote
    } else {
      const size_t end = text.find_first_of(",}", pos);
      element = text.substr(pos, end - pos);
      if (element == "NULL") throw bad("a NULL element");
      pos = end;
    }
    out.push_back(std::move(element));
    if (pos == text.size() - 1) return out;  // the closing brace
    if (text[pos] != ',') throw bad("a stray character");
    ++pos;
  }
}

std::vector<int64_t> IntArrayFromField(const pqxx::field& f) {
  std::vector<int64_t> out;
  for (const std::string& text : TextArrayFromField(f)) {
    int64_t n = 0;
    if (!absl::SimpleAtoi(text, &n)) {
      throw pqxx::conversion_error(absl::StrCat("not an integer in array: ", f.c_str()));
    }
    out.push_back(n);
  }
  return out;
}

std::string BytesFromField(const pqxx::field& f) {
  pqxx::binarystring bytes(f);
  return bytes.str();
}

}  // namespace contactcenter::db
