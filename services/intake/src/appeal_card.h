// The appeal card's rules, with no I/O: what Art. 5 requires, size limits,
// known classifier codes, and how contacts are normalised so that repeats
// are found (phones to +380..., e-mails lower-cased, names trimmed).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::intake {

inline constexpr size_t kMaxNameChars = 100;
inline constexpr size_t kMaxAddressChars = 500;
inline constexpr size_t kMaxOrganisationNameChars = 300;
inline constexpr size_t kMaxContactPersonChars = 200;
inline constexpr size_t kMaxEssenceChars = 20000;
inline constexpr size_t kMaxEmailChars = 254;
inline constexpr size_t kMaxIdempotencyKeyChars = 128;
inline constexpr int kMaxSignatories = 1000000;
inline constexpr int kMaxAdditionalTopics = 10;
// Call references, external card numbers, executor ids.
inline constexpr size_t kMaxReferenceChars = 64;

// "+380501234567" from "050 123-45-67", "380501234567", "(050)1234567"...;
// international numbers with "+" stay as they are (digits only). Error when
// it is not a phone number.
absl::StatusOr<std::string> NormalizePhone(absl::string_view phone);

// Lower-cased and trimmed; error when it is not an e-mail address.
absl::StatusOr<std::string> NormalizeEmail(absl::string_view email);

// Trimmed, with runs of spaces collapsed to one.
std::string NormalizeName(absl::string_view name);

// Lower case for ASCII, Ukrainian and Russian Cyrillic (the database may
// run in the C locale, where lower() leaves Cyrillic alone); names are
// normalised (NormalizeName) first.
std::string FoldCase(absl::string_view text);

// Search keys of a person: "surname name patronymic" and the residence
// address, folded; "" when the part is empty.
std::string PersonNameKey(const v1::Person& p);
std::string AddressKey(absl::string_view address);

// Checks a RegisterAppealRequest. Every problem is named by its field path
// ("card.applicant.person.surname"). `now` bounds card.received_at.
// Malformed, unknown, over-long values and the operator's own
// classification (kind, form, channel, subject, topic, territory) are
// violations; what the applicant did not give (Art. 5 minimum) is not: such
// an appeal is registered and returned (see screening.h).
FieldViolations ValidateRegisterRequest(const v1::RegisterAppealRequest& req,
                                        const refdata::Classifier& classifier, absl::Time now);

// The card as it is stored: contacts normalised, names trimmed, received_at
// set (to `now` when empty). Call only on a card that validated.
v1::AppealCard NormalizeCard(const v1::AppealCard& card, absl::Time now);

}  // namespace contactcenter::intake
