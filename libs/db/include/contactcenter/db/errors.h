// Every pqxx (and std) exception becomes an absl::Status here, and only here:
//   unique violation             -> ALREADY_EXISTS
//   serialization failure, deadlock -> ABORTED (retried by Pool)
//   broken connection, commit in doubt, too many connections -> UNAVAILABLE
//   check / not-null / foreign-key violation, bad data -> INVALID_ARGUMENT
//   statement timeout            -> DEADLINE_EXCEEDED
//   anything else                -> INTERNAL (with the SQLSTATE and query)
#pragma once

#include <exception>

#include "absl/status/status.h"

namespace contactcenter::db {

absl::Status StatusFromException(const std::exception& e);

// Call inside a catch block: maps the exception in flight.
absl::Status StatusFromCurrentException();

}  // namespace contactcenter::db
