// What intake decides when it registers an appeal, from the facts the
// registry reads in the registering transaction: the Art. 8 repeat (not
// considered, linked to the appeal resolved earlier), the attribute
// (classifier item 2) and the linked appeals; and the appeal as it is
// stored. Pure logic: the facts come in, no I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
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

// How an applicant is recognised on other appeals. Art. 8 speaks of "the
// same person": a shared phone or e-mail alone (a family, a neighbour, an
// office line) is not the same person. A person is the same case-folded
// name together with the residence address, the phone or the e-mail; an
// organisation the same ЄДРПОУ code. Empty parts match nothing.
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
  // Tracking reported its case overdue (CaseOverdue).
  bool overdue = false;
};

// "The same issue" (Art. 8): the finest topic the card has — the deepest of
// topic_code and the additional topic codes that lie under topic_code
// ("109.002" for a broken lift beside "109"). Heating and a broken lift are
// both 109, communal services; their finest topics differ.
std::string FinestTopic(const v1::AppealCard& card);

// What the registry read before deciding.
struct RegistrationFacts {
  // The applicant's latest earlier appeal on the same finest topic and
  // territory that tracking closed on its merits; empty when there is none.
  std::string resolved_earlier;
  // The executive body that resolved it (CaseClosed's executor).
  std::string resolved_earlier_executor;
  // The applicant's earlier appeals on the topic, newest first.
  std::vector<EarlierAppeal> applicant_earlier;
  // The object or event the operator linked the appeal to: the first appeal
  // of the chain (AppealCard.same_event_appeal_id's own root, or that
  // appeal); empty without a link.
  std::string event_root;
  // Distinct other applicants with an appeal linked to the same object or
  // event, and their latest appeals, newest first.
  int other_applicants = 0;
  std::vector<std::string> other_applicants_appeals;
};

struct RegistrationDecision {
  v1::AppealStatus status = v1::APPEAL_STATUS_UNSPECIFIED;
  // With APPEAL_STATUS_NOT_CONSIDERED the reason; with
  // APPEAL_STATUS_AWAITING_DECISION the reason proposed.
  v1::NotConsideredReason reason = v1::NOT_CONSIDERED_REASON_UNSPECIFIED;
  // For a proposed repeat: the body that resolved the earlier appeal.
  std::string earlier_executor_id;
  // For a duplicate: the earlier appeal whose case it joins.
  std::string duplicate_of;
  std::vector<std::string> linked_appeal_ids;
  common::v1::AppealAttribute attribute = common::v1::APPEAL_ATTRIBUTE_UNSPECIFIED;
};

// Screening's status, unless an appeal screening let through repeats an
// issue resolved on its merits (Art. 8: "повторні звернення від однієї і тієї
// ж особи до одного і того ж органу з одного і того ж питання, яке вже було
// вирішено по суті"; not for a complaint, which contests the answer, nor for
// an unknown applicant): then proposed for exclusion
// (APPEAL_STATUS_AWAITING_DECISION), linked to that appeal first — the body
// head decides, through a supervisor. The attribute (DetectAttribute)
// counts the applicant's earlier appeals on the issue under consideration
// (a duplicate joins the newest of them: `duplicate_of`), past their term,
// or answered; and the other applicants linked to the same object or
// event. Links then the applicant's earlier appeals on the issue (newest
// first), and, for a mass appeal, the other applicants' latest appeals on
// the object or event; no id twice, at most kMaxLinkedAppeals.
RegistrationDecision DecideRegistration(const v1::AppealCard& card, const Screening& screening,
                                        const RegistrationFacts& facts, const MassRule& rule);

// The appeal exactly as it is stored and read back (without its id, which
// the database assigns): the card without unknown fields or an empty
// applicant, times to the microsecond, what screening and the decision
// set, and `registered_by` as screened_by when it was not considered or
// returned, or as proposed_by of a pending exclusion proposal; a returned
// appeal's return_due_date (ReturnDueDay).
v1::Appeal NewAppeal(const v1::AppealCard& card, const Screening& screening,
                     const RegistrationDecision& decision, const std::string& registration_number,
                     absl::CivilDay registration_day, const std::string& registered_by,
                     absl::Time now);

// A supervisor's decision on a pending exclusion proposal, applied to the
// appeal as stored: CONFIRMED makes it not considered for the proposed
// reason, with `supervisor` as screened_by (who decided); OVERRULED makes it
// registered for consideration. FAILED_PRECONDITION when the appeal awaits
// no decision. Pure.
absl::StatusOr<v1::Appeal> ApplyExclusionDecision(v1::Appeal appeal,
                                                  v1::ExclusionDecision decision,
                                                  const std::string& supervisor,
                                                  const std::string& comment, absl::Time now);

// Who withdraws a proposed repeat whose body differs: routing's answer.
inline constexpr char kWithdrawnBy[] = "routing";

// Routing's answer for a proposed repeat (ExclusionProposalRouted): the body
// `executor_id` the appeal would go to. Art. 8 does not consider "повторні
// звернення одним і тим же органом": when that body is not the one that
// resolved the earlier appeal, the proposal is withdrawn
// (EXCLUSION_DECISION_WITHDRAWN, decided_by kWithdrawnBy at `at`) and the
// appeal is registered for consideration; when it is the same body, the
// proposal stands with the body noted for the supervisor. nullopt when
// nothing changes: the appeal awaits no decision on a repeat (decided
// meanwhile, or another ground), routing names no body (the supervisor
// decides), or the body was noted before. Pure.
std::optional<v1::Appeal> ApplyProposalBody(v1::Appeal appeal, const std::string& executor_id,
                                            absl::Time at);

}  // namespace contactcenter::intake
