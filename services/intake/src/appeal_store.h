// The only place intake's SQL lives: appeals, registration numbers,
// idempotency keys, and the AppealRegistered event written in the same
// transaction as the appeal.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::intake {

class AppealStore {
 public:
  // `registration_prefix` starts every registration number, e.g. "ЛОКЦ".
  AppealStore(db::Pool* pool, eventlog::Producer* events, std::string registration_prefix)
      : pool_(pool), events_(events), prefix_(std::move(registration_prefix)) {}

  struct Registered {
    v1::Appeal appeal;
    // The answer to an earlier request with the same idempotency key.
    bool replayed = false;
  };

  // Registers a validated, normalised card. With an idempotency key, the
  // same key and the same `request` (its serialized bytes) from the same
  // caller return the first appeal; a different request with that key is
  // INVALID_ARGUMENT on idempotency_key.
  absl::StatusOr<Registered> Register(const v1::AppealCard& card, const std::string& caller,
                                      const std::string& idempotency_key,
                                      const std::string& request, absl::Time now);

  absl::StatusOr<v1::Appeal> GetById(const std::string& id);
  absl::StatusOr<v1::Appeal> GetByRegistrationNumber(const std::string& number);

 private:
  db::Pool* pool_;
  eventlog::Producer* events_;
  const std::string prefix_;
};

// The event for a registered appeal: no personal data.
v1::AppealRegistered ToAppealRegistered(const v1::Appeal& appeal);

}  // namespace contactcenter::intake
