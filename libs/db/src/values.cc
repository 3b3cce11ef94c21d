#include "contactcenter/db/values.h"

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

std::string BytesFromField(const pqxx::field& f) {
  pqxx::binarystring bytes(f);
  return bytes.str();
}

}  // namespace contactcenter::db
