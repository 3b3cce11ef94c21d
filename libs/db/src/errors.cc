#include "contactcenter/db/errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "pqxx/pqxx"

namespace contactcenter::db {
namespace {

std::string Describe(const pqxx::sql_error& e) {
  std::string text = absl::StrCat(e.what(), " [SQLSTATE ", e.sqlstate(), "]");
  if (!e.query().empty()) absl::StrAppend(&text, " in: ", e.query());
  return text;
}

}  // namespace

absl::Status StatusFromException(const std::exception& e) {
  // Most specific classes first: pqxx's hierarchy nests them.
  if (auto* x = dynamic_cast<const pqxx::unique_violation*>(&e)) {
    return absl::AlreadyExistsError(x->what());
  }
  if (dynamic_cast<const pqxx::serialization_failure*>(&e) ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e)) {
    return absl::AbortedError(e.what());
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e)) {
    return absl::UnavailableError(
        absl::StrCat("database connection lost during commit; outcome unknown: ", e.what()));
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) {
    return absl::UnavailableError(absl::StrCat("database unavailable: ", e.what()));
  }
  if (auto* x = dynamic_cast<const pqxx::check_violation*>(&e)) {
    return absl::InvalidArgumentError(Describe(*x));
  }
  if (auto* x = dynamic_cast<const pqxx::not_null_violation*>(&e)) {
    return absl::InvalidArgumentError(Describe(*x));
  }
  if (auto* x = dynamic_cast<const pqxx::foreign_key_violation*>(&e)) {
    return absl::InvalidArgumentError(Describe(*x));
  }
  if (auto* x = dynamic_cast<const pqxx::data_exception*>(&e)) {
    return absl::InvalidArgumentError(Describe(*x));
  }
  if (auto* x = dynamic_cast<const pqxx::sql_error*>(&e)) {
    if (x->sqlstate() == "57014") {  // query_canceled: statement_timeout
      return absl::DeadlineExceededError(Describe(*x));
    }
    if (x->sqlstate().rfind("08", 0) == 0 || x->sqlstate() == "57P01") {
      // connection exception class, or admin shutdown
      return absl::UnavailableError(Describe(*x));
    }
    return absl::InternalError(Describe(*x));
  }
  return absl::InternalError(absl::StrCat("database layer: ", e.what()));
}

absl::Status StatusFromCurrentException() {
  try {
    throw;
  } catch (const std::exception& e) {
    return StatusFromException(e);
  } catch (...) {
    return absl::InternalError("unknown exception in the database layer");
  }
}

}  // namespace contactcenter::db
