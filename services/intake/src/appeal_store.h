// The only place intake's SQL lives: appeals, registration numbers,
// idempotency keys, and the AppealRegistered event written in the same
// transaction as the appeal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/v1/eventlog.pb.h"
#include "contactcenter/status/page_token.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "attributes.h"
#include "screening.h"

namespace contactcenter::intake {

class AppealStore {
 public:
  // `registration_prefix` starts every registration number, e.g. "ЛОКЦ".
  AppealStore(db::Pool* pool, eventlog::Producer* events, std::string registration_prefix,
              MassRule mass_rule = {})
      : pool_(pool),
        events_(events),
        prefix_(std::move(registration_prefix)),
        mass_rule_(mass_rule) {}

  struct Registered {
    v1::Appeal appeal;
    // The answer to an earlier request with the same idempotency key.
    bool replayed = false;
  };

  // Registers a validated, normalised card with what screening decided and
  // the day it counts as registered on. An appeal screening let through is
  // checked against the applicant's earlier appeals resolved on their merits
  // (Art. 8, repeated) and, if one is found, registered as not considered
  // and linked to it. Writes AppealRegistered, AppealNotConsidered or
  // AppealReturnedToApplicant in the same transaction. With an idempotency
  // key, the same key and the same `request` (its serialized bytes) from the
  // same caller return the first appeal; a different request with that key
  // is INVALID_ARGUMENT on idempotency_key.
  absl::StatusOr<Registered> Register(const v1::AppealCard& card, const Screening& screening,
                                      absl::CivilDay registration_day, const std::string& caller,
                                      const std::string& idempotency_key,
                                      const std::string& request, absl::Time now);

  // Tracking's CaseClosed, inside the consumer's transaction: records the
  // closing and its result (done, explained and refused count as resolved
  // on the merits, Art. 8). Idempotent.
  absl::Status OnCaseClosed(db::Tx& tx, const tracking::v1::CaseClosed& closed,
                            const eventlog::EventMeta& event);
  // Registers the handlers above for tracking's log.
  void FollowTracking(eventlog::Dispatcher& d);

  absl::StatusOr<v1::Appeal> GetById(const std::string& id);
  absl::StatusOr<v1::Appeal> GetByRegistrationNumber(const std::string& number);

  // One appeal as `reader` may see it: in full for the principal who
  // registered it; otherwise with the applicant's Art. 10 requests applied,
  // and the personal fields disclosed recorded in personal_data_reads in
  // the same transaction. `by_number` says whether `key` is a registration
  // number or an id.
  absl::StatusOr<v1::Appeal> ReadAppeal(const std::string& key, bool by_number,
                                        const std::string& reader,
                                        const std::string& reader_role, absl::Time now);

  // The applicant's appeals, newest first, at most `limit`: by a normalised
  // phone, a normalised e-mail, or a name key (PersonNameKey) with an
  // optional address key (AddressKey). Exactly one of them is non-empty.
  struct ApplicantKey {
    std::string phone;
    std::string email;
    std::string name_key;
    std::string address_key;
  };
  absl::StatusOr<std::vector<v1::AppealSummary>> FindApplicantHistory(const ApplicantKey& key,
                                                                       int limit);

  // ListAppeals' filters, validated; empty or zero means any.
  struct AppealFilter {
    std::optional<absl::Time> received_from;
    std::optional<absl::Time> received_to;
    int status = 0;
    int channel = 0;
    std::string topic_code;
    std::string territory_code;
    std::string registration_number;
  };
  // A page's position is (received_at, id).
  using AppealPage = Page<v1::AppealSummary>;
  // Newest receipt first, ties by id; keyset paging, so a page is stable
  // while appeals are being registered.
  absl::StatusOr<AppealPage> List(const AppealFilter& filter,
                                  const std::optional<KeysetPosition>& after, int page_size);

 private:
  db::Pool* pool_;
  eventlog::Producer* events_;
  const std::string prefix_;
  const MassRule mass_rule_;
};

// The event for a registered appeal: no personal data.
v1::AppealRegistered ToAppealRegistered(const v1::Appeal& appeal);
v1::AppealNotConsidered ToAppealNotConsidered(const v1::Appeal& appeal);
v1::AppealReturnedToApplicant ToAppealReturnedToApplicant(const v1::Appeal& appeal);

}  // namespace contactcenter::intake
