#include "registration_decision.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "appeal_card.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/refdata/classifier.h"

namespace contactcenter::intake {
namespace {

// PostgreSQL keeps microseconds: what is returned must equal what is read.
google::protobuf::Timestamp ToStoredTime(absl::Time t) {
  return ToTimestamp(absl::FromUnixMicros(absl::ToUnixMicros(t)));
}

void Link(std::vector<std::string>& linked, const std::string& id) {
  if (linked.size() < kMaxLinkedAppeals &&
      std::find(linked.begin(), linked.end(), id) == linked.end()) {
    linked.push_back(id);
  }
}

}  // namespace

bool ResolvedOnTheMerits(tracking::v1::CaseResult result) {
  return result == tracking::v1::CASE_RESULT_DONE ||
         result == tracking::v1::CASE_RESULT_EXPLAINED ||
         result == tracking::v1::CASE_RESULT_REFUSED;
}

std::vector<tracking::v1::CaseResult> ResultsOnTheMerits() {
  std::vector<tracking::v1::CaseResult> out;
  for (int r = tracking::v1::CaseResult_MIN; r <= tracking::v1::CaseResult_MAX; ++r) {
    if (tracking::v1::CaseResult_IsValid(r) &&
        ResolvedOnTheMerits(static_cast<tracking::v1::CaseResult>(r))) {
      out.push_back(static_cast<tracking::v1::CaseResult>(r));
    }
  }
  return out;
}

ApplicantKeys ApplicantKeysOf(const v1::AppealCard& card) {
  ApplicantKeys k;
  const v1::Applicant& a = card.applicant();
  k.known = a.who_case() != v1::Applicant::WHO_NOT_SET;
  if (a.has_person()) {
    k.phone = a.person().phone();
    k.email = a.person().email();
    k.name_key = PersonNameKey(a.person());
    k.address_key = AddressKey(a.person().residence_address());
  } else if (a.has_organisation()) {
    k.phone = a.organisation().phone();
    k.email = a.organisation().email();
    k.edrpou = a.organisation().edrpou();
  }
  return k;
}

std::string FinestTopic(const v1::AppealCard& card) {
  std::string finest = card.topic_code();
  for (const std::string& t : card.additional_topic_codes()) {
    if (refdata::TopicCovers(card.topic_code(), t) &&
        refdata::TopicDepth(t) > refdata::TopicDepth(finest)) {
      finest = t;
    }
  }
  return finest;
}

RegistrationDecision DecideRegistration(const v1::AppealCard& card, const Screening& screening,
                                        const RegistrationFacts& facts, const MassRule& rule) {
  RegistrationDecision d;
  d.status = screening.status;
  d.reason = screening.reason;
  const bool known = card.applicant().who_case() != v1::Applicant::WHO_NOT_SET;
  // Art. 8: repeated on an issue already resolved on its merits. A
  // complaint contests the answer and goes up the chain: not a repeat.
  if (d.status == v1::APPEAL_STATUS_REGISTERED &&
      card.kind() != common::v1::APPEAL_KIND_COMPLAINT && known &&
      !facts.resolved_earlier.empty()) {
    d.status = v1::APPEAL_STATUS_AWAITING_DECISION;
    d.reason = v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED;
    d.earlier_executor_id = facts.resolved_earlier_executor;
    d.linked_appeal_ids.push_back(facts.resolved_earlier);
  }
  // Classifier item 2 and the links to the applicant's earlier appeals.
  EarlierAppeals earlier;
  if (known) {
    for (const EarlierAppeal& e : facts.applicant_earlier) {
      if (e.closed) {
        ++earlier.closed;
      } else if (e.status == v1::APPEAL_STATUS_REGISTERED) {
        if (e.overdue) {
          ++earlier.overdue;
        } else if (earlier.open++ == 0) {
          d.duplicate_of = e.id;  // the newest under consideration
        }
      }
      Link(d.linked_appeal_ids, e.id);
    }
  }
  earlier.other_applicants = facts.other_applicants;
  d.attribute = DetectAttribute(earlier, rule);
  // Only a duplicate registered for consideration joins a case.
  if (d.attribute != common::v1::APPEAL_ATTRIBUTE_DUPLICATE ||
      d.status != v1::APPEAL_STATUS_REGISTERED) {
    d.duplicate_of.clear();
  }
  if (d.attribute == common::v1::APPEAL_ATTRIBUTE_MASS) {
    // A mass appeal links the other applicants' appeals on the issue.
    for (const std::string& id : facts.other_applicants_appeals) Link(d.linked_appeal_ids, id);
  }
  return d;
}

v1::Appeal NewAppeal(const v1::AppealCard& card, const Screening& screening,
                     const RegistrationDecision& decision, const std::string& registration_number,
                     absl::CivilDay registration_day, const std::string& registered_by,
                     absl::Time now) {
  v1::Appeal a;
  a.set_registration_number(registration_number);
  a.set_status(decision.status);
  v1::AppealCard* c = a.mutable_card();
  *c = card;
  c->DiscardUnknownFields();
  if (c->applicant().who_case() == v1::Applicant::WHO_NOT_SET) c->clear_applicant();
  *c->mutable_received_at() = ToStoredTime(FromTimestamp(card.received_at()));
  *a.mutable_registered_at() = ToStoredTime(now);
  a.set_registered_by(registered_by);
  if (decision.status == v1::APPEAL_STATUS_AWAITING_DECISION) {
    v1::ExclusionProposal* p = a.mutable_exclusion_proposal();
    p->set_reason(decision.reason);
    p->set_earlier_executor_id(decision.earlier_executor_id);
    p->set_proposed_by(registered_by);
    *p->mutable_proposed_at() = a.registered_at();
    p->set_decision(v1::EXCLUSION_DECISION_PENDING);
  } else {
    a.set_not_considered_reason(decision.reason);
    if (decision.status != v1::APPEAL_STATUS_REGISTERED) a.set_screened_by(registered_by);
  }
  for (const std::string& line : screening.explanation) a.add_return_explanation(line);
  if (screening.return_due.has_value()) {
    *a.mutable_return_due_date() = ToDate(*screening.return_due);
  }
  *a.mutable_registration_date() = ToDate(registration_day);
  for (const std::string& id : decision.linked_appeal_ids) a.add_linked_appeal_ids(id);
  a.set_attribute(decision.attribute);
  a.set_duplicate_of_appeal_id(decision.duplicate_of);
  return a;
}

absl::StatusOr<v1::Appeal> ApplyExclusionDecision(v1::Appeal appeal,
                                                  v1::ExclusionDecision decision,
                                                  const std::string& supervisor,
                                                  const std::string& comment, absl::Time now) {
  if (appeal.status() != v1::APPEAL_STATUS_AWAITING_DECISION ||
      appeal.exclusion_proposal().decision() != v1::EXCLUSION_DECISION_PENDING) {
    return absl::FailedPreconditionError(absl::StrCat(
        "appeal ", appeal.registration_number(), " awaits no decision on its exclusion"));
  }
  v1::ExclusionProposal* p = appeal.mutable_exclusion_proposal();
  p->set_decision(decision);
  p->set_decided_by(supervisor);
  *p->mutable_decided_at() = ToStoredTime(now);
  p->set_comment(comment);
  if (decision == v1::EXCLUSION_DECISION_CONFIRMED) {
    appeal.set_status(v1::APPEAL_STATUS_NOT_CONSIDERED);
    appeal.set_not_considered_reason(p->reason());
    appeal.set_screened_by(supervisor);
  } else {
    appeal.set_status(v1::APPEAL_STATUS_REGISTERED);
  }
  return appeal;
}

std::optional<v1::Appeal> ApplyProposalBody(v1::Appeal appeal, const std::string& executor_id,
                                            absl::Time at) {
  const v1::ExclusionProposal& p = appeal.exclusion_proposal();
  if (appeal.status() != v1::APPEAL_STATUS_AWAITING_DECISION ||
      p.decision() != v1::EXCLUSION_DECISION_PENDING ||
      p.reason() != v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED || executor_id.empty() ||
      p.body_executor_id() == executor_id) {
    return std::nullopt;
  }
  v1::ExclusionProposal* proposal = appeal.mutable_exclusion_proposal();
  proposal->set_body_executor_id(executor_id);
  if (executor_id == proposal->earlier_executor_id()) return appeal;
  // Another body: not "одним і тим же органом", so nothing to exclude.
  proposal->set_decision(v1::EXCLUSION_DECISION_WITHDRAWN);
  proposal->set_decided_by(kWithdrawnBy);
  *proposal->mutable_decided_at() = ToStoredTime(at);
  proposal->set_comment(absl::StrCat("Art. 8 excludes a repeat to the same body only: ",
                                     proposal->earlier_executor_id(),
                                     " resolved the earlier appeal, ", executor_id,
                                     " considers this one"));
  appeal.set_status(v1::APPEAL_STATUS_REGISTERED);
  return appeal;
}

}  // namespace contactcenter::intake
