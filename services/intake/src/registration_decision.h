// What intake decides when it registers an appeal, from the facts the
// registry reads in the registering transaction: the Art. 8 repeat (not
// considered, linked to the appeal resolved earlier), the attribute
// (classifier item 2) and the linked appeals; and the appeal as it is
// stored. Pure logic: the facts come in, no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "attributes.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "screening.h"

namespace contactcenter::intake {

// At most this many appeals are linked on a card.
inline constexpr size_t kMaxLinkedAppeals = 20;

// Done, explained and refused resolve an appeal on its merits (Art. 8);
// other closings (not within competence, not possible now) do not.
bool ResolvedOnTheMerits(tracking::v1::CaseResult result);
// The same, as a list, for the store's query.
std::vector<tracking::v1::CaseResult> ResultsOnTheMerits();

// How an applicant is recognised on other appeals: the same normalised
// phone, e-mail, case-folded name with the residence address, or ЄДРПОУ
// code. Empty parts match nothing.
struct ApplicantKeys {
  std::string phone;
  std::string email;
  // PersonNameKey and AddressKey of a person; stored with the appeal.
  std::string name_key;
  std::string address_key;
  std::string edrpou;
  // Whether the card names an applicant at all (an anonymous one does not).
  bool known = false;
};
ApplicantKeys ApplicantKeysOf(const v1::AppealCard& card);

// One of the applicant's earlier appeals on the topic.
struct EarlierAppeal {
  std::string id;
  v1::AppealStatus status = v1::APPEAL_STATUS_UNSPECIFIED;
  // Tracking closed its case (on its merits or not).
  bool closed = false;
};

// What the registry read before deciding.
struct RegistrationFacts {
  // The applicant's latest earlier appeal on the same topic and territory
  // (so, by the competence rules, the same body) that tracking closed on
  // its merits; empty when there is none.
  std::string resolved_earlier;
  // The applicant's earlier appeals on the topic, newest first.
  std::vector<EarlierAppeal> applicant_earlier;
  // Distinct other applicants with an appeal on the topic and territory
  // within the mass window, and their latest appeals, newest first.
  int other_applicants = 0;
  std::vector<std::string> other_applicants_appeals;
};

struct RegistrationDecision {
  v1::AppealStatus status = v1::APPEAL_STATUS_UNSPECIFIED;
  v1::NotConsideredReason reason = v1::NOT_CONSIDERED_REASON_UNSPECIFIED;
  std::vector<std::string> linked_appeal_ids;
  common::v1::AppealAttribute attribute = common::v1::APPEAL_ATTRIBUTE_UNSPECIFIED;
};

// Screening's status, unless an appeal screening let through repeats an
// issue resolved on its merits (Art. 8: not for a complaint, which contests
// the answer, nor for an unknown applicant): then not considered, linked to
// that appeal first. Links then the applicant's earlier appeals on the
// topic (newest first), and, for a mass appeal, the other applicants'
// latest appeals on the issue; no id twice, at most kMaxLinkedAppeals.
RegistrationDecision DecideRegistration(const v1::AppealCard& card, const Screening& screening,
                                        const RegistrationFacts& facts, const MassRule& rule);

// The appeal exactly as it is stored and read back (without its id, which
// the database assigns): the card without unknown fields or an empty
// applicant, times to the microsecond, what screening and the decision
// set, and `registered_by` as screened_by when it was not registered for
// consideration.
v1::Appeal NewAppeal(const v1::AppealCard& card, const Screening& screening,
                     const RegistrationDecision& decision, const std::string& registration_number,
                     absl::CivilDay registration_day, const std::string& registered_by,
                     absl::Time now);

}  // namespace contactcenter::intake
