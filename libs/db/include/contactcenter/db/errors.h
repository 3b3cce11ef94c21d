// Every pqxx (and std) exception becomes an absl::Status here, and only here:
//   unique violation             -> ALREADY_EXISTS
//   serialization failure, deadlock -> ABORTED (retried by Pool)
//   broken connection, commit in doubt, too many connections -> UNAVAILABLE
//   check / not-null / foreign-key violation, bad data -> INVALID_ARGUMENT
//   statement timeout            -> DEADLINE_EXCEEDED
//   anything else                -> INTERNAL (with the SQLSTATE and query)
#pragma once

#include <exception>
#include <type_traits>

#include "absl/status/status.h"

namespace contactcenter::db {

absl::Status StatusFromException(const std::exception& e);

// Call inside a catch block: maps the exception in flight.
absl::Status StatusFromCurrentException();

// Runs `fn`, a store's body that issues statements on a Tx, and returns what
// it returns (absl::Status or absl::StatusOr<T>); an exception it throws
// comes back as the mapped status instead. Stores wrap each public method in
// it, so they take a transaction and return a status, never throw:
//
//   absl::StatusOr<Appeal> AppealStore::Get(db::Tx& tx, const std::string& id) {
//     return db::Guarded([&]() -> absl::StatusOr<Appeal> { ... tx.Exec(...) ... });
//   }
//
// After an error the transaction is unusable: return the status up to the
// Pool::Write/Read that owns it, which rolls back (and retries ABORTED).
template <typename Fn>
std::invoke_result_t<Fn&> Guarded(Fn&& fn) {
  try {
    return fn();
  } catch (...) {
    return StatusFromCurrentException();
  }
}

}  // namespace contactcenter::db
