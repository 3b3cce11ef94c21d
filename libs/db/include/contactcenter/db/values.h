// Conversions between SQL text and our types. Every pooled connection runs
// with TimeZone=UTC and DateStyle=ISO, so these formats are fixed.
#pragma once

#include <string>
#include <string_view>

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
