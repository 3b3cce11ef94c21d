// Conversions between SQL text and our types. Every pooled connection runs
// with TimeZone=UTC and DateStyle=ISO, so these formats are fixed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"

namespace contactcenter::db {

// "2026-11-28 13:22:50.123456+00": a timestamptz parameter.
std::string ToSqlTime(absl::Time t);
// Reads a timestamptz column. Throws pqxx::conversion_error on bad text
// (mapped to INTERNAL by the pool: it would mean a schema mismatch).
absl::Time TimeFromField(const pqxx::field& f);

// "2026-12-13": a date parameter.
std::string ToSqlDate(absl::CivilDay d);
absl::CivilDay DateFromField(const pqxx::field& f);

// Arrays. A parameter is the array's text form, cast where the SQL uses it
// ($1::smallint[], $2::text[], $3::uuid[]); a column is read whatever its
// element type. Every text element is double-quoted and escaped, so any
// value (a comma, quote, backslash, brace, NULL, the empty string, the byte
// 0x1f) comes back as it went in.

// "{1,7}": an integer array parameter (integers or enum values).
template <typename Ints>
std::string ToSqlIntArray(const Ints& values) {
  std::string out = "{";
  for (const auto& v : values) {
    if (out.size() > 1) out += ',';
    out += std::to_string(static_cast<int64_t>(v));
  }
  out += '}';
  return out;
}

// Appends `value` as one quoted element of an array's text form.
void AppendSqlArrayElement(std::string& out, std::string_view value);

// {"a","b, c"}: a text (or uuid) array parameter.
template <typename Texts>
std::string ToSqlTextArray(const Texts& values) {
  std::string out = "{";
  bool first = true;
  for (const auto& v : values) {
    if (!first) out += ',';
    first = false;
    AppendSqlArrayElement(out, v);
  }
  out += '}';
  return out;
}

// The elements of a one-dimensional array column, as text. A NULL column
// reads as no elements (array_agg over no rows is NULL); a NULL element or
// a nested array throws pqxx::conversion_error.
std::vector<std::string> TextArrayFromField(const pqxx::field& f);
// The same for integer elements; one that is not an integer throws
// pqxx::conversion_error.
std::vector<int64_t> IntArrayFromField(const pqxx::field& f);

// A bytea column's bytes.
std::string BytesFromField(const pqxx::field& f);

// A protobuf message stored in a bytea column. Bytes that do not parse, or a
// NULL, are DATA_LOSS naming `what`: never an empty message passed on as if
// it were the stored one.
template <typename Message>
absl::StatusOr<Message> ParseStoredProto(const pqxx::field& f, std::string_view what) {
  Message m;
  if (f.is_null() || !m.ParseFromString(BytesFromField(f))) {
    return absl::DataLossError(std::string("stored ").append(what).append(
        f.is_null() ? " is missing" : " does not parse"));
  }
  return m;
}

}  // namespace contactcenter::db
