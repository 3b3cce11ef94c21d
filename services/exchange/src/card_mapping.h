// Pure decisions of the exchange (no I/O): the other side's card checked and
// mapped to intake's RegisterAppealRequest, intake's field names mapped back
// to the card's, tracking's changes mapped to the statuses we send, and the
// personal-data fields a transfer carries (for the audit).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/exchange/v1/exchange.pb.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::exchange {

inline constexpr size_t kMaxCardNumberChars = 64;
// The idempotency key of a card's registration with intake.
inline constexpr char kIdempotencyPrefix[] = "gcc:";

// Every bad field of `card`, named by the card's own field names
// ("person.surname", "question_code"); empty when it is good. `now` bounds
// received_at (never in the future).
FieldViolations ValidateCard(const v1::Card& card, const refdata::Classifier& classifier,
                             absl::Time now);

// Art. 7 of the Law on citizens' appeals: «Якщо питання, порушені в
// одержаному ... зверненні, не входять до їх повноважень, воно в термін не
// більше п'яти днів пересилається ними за належністю відповідному органу».
// The exchange sends such a card back at once, with the reason. A card whose territorial unit is not one of ours (the territories
// reference, under its root) is outside it; nullopt when it is ours, else
// the reason to send back.
std::optional<std::string> OutsideCompetence(const v1::Card& card,
                                              const refdata::Classifier& classifier);

// The request that registers `card` with intake: channel Government Contact
// Center, the card number as the external reference and (with a prefix) as
// the idempotency key, so a card registers once however often it comes.
intake::v1::RegisterAppealRequest ToRegisterAppealRequest(const v1::Card& card);

// Intake's name of a field ("card.applicant.person.surname") as the card
// names it ("person.surname").
std::string CardFieldOf(const std::string& intake_field);

// The card's fields that hold personal data and are set, for the audit.
std::vector<std::string> PersonalFieldsOf(const v1::Card& card);

// What we last told the other side about a card, to decide what a change
// means to it.
struct SentState {
  v1::StatusCode last_code = v1::STATUS_CODE_UNSPECIFIED;
  std::string executor_id;
  std::optional<absl::CivilDay> control_date;
};

// The status a case's change means to the other side, or nullopt when it
// needs none (a progress note, a decline: the next forward will tell).
std::optional<v1::StatusCode> StatusForChange(const tracking::v1::CaseStatusChanged& change,
                                              const SentState& sent);

// Whether the other side may receive `next` after `last` (the legal
// sequence of statuses; the fake enforces the same table).
bool IsLegalTransition(v1::StatusCode last, v1::StatusCode next);

// A final status: nothing follows it.
bool IsFinal(v1::StatusCode code);

// "REGISTERED" for STATUS_CODE_REGISTERED.
std::string StatusCodeName(v1::StatusCode code);

// The reason the Government Contact Center is given for an appeal not
// considered, at registration (intake) or later (tracking): the Art. 8
// ground's name ("Art. 8: NOT_CONSIDERED_REASON_ANONYMOUS"), never
// anybody's words.
std::string NotConsideredReasonText(intake::v1::NotConsideredReason reason);

}  // namespace contactcenter::exchange
