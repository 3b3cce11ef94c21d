#include "appeal_events.h"

#include "contactcenter/clock/proto_time.h"

namespace contactcenter::intake {
namespace {

// The classifier items of CMU resolution 858 that the reports count and
// that are not personal data: sex, social status and categories of a
// person applicant, the number of signatories, every topic. Never a name,
// an address, a contact or the essence.
template <typename Event>
void SetClassifierItems(const v1::AppealCard& c, Event& e) {
  if (c.applicant().has_person()) {
    const v1::Person& p = c.applicant().person();
    e.set_sex(p.sex());
    e.set_social_status(p.social_status());
    *e.mutable_author_categories() = p.author_categories();
  }
  e.set_signatories(c.signatories());
  *e.mutable_additional_topic_codes() = c.additional_topic_codes();
}

// What every event about one registered appeal starts with: which appeal,
// when it came and was registered, and its kind, channel, subject, topic,
// territory and attribute (classifier items, never personal data).
template <typename Event>
void SetAppealHeader(const v1::Appeal& appeal, Event& e) {
  const v1::AppealCard& c = appeal.card();
  e.set_appeal_id(appeal.id());
  e.set_registration_number(appeal.registration_number());
  *e.mutable_received_at() = c.received_at();
  *e.mutable_registered_at() = appeal.registered_at();
  e.set_kind(c.kind());
  e.set_channel(c.channel());
  e.set_subject(c.subject());
  e.set_topic_code(c.topic_code());
  e.set_territory_code(c.territory_code());
  e.set_attribute(appeal.attribute());
}

}  // namespace

v1::AppealRegistered ToAppealRegistered(const v1::Appeal& appeal) {
  const v1::AppealCard& c = appeal.card();
  v1::AppealRegistered e;
  SetAppealHeader(appeal, e);
  e.set_form(c.form());
  e.set_needs_no_extra_study(c.needs_no_extra_study());
  e.set_emergency(c.emergency());
  SetClassifierItems(c, e);
  e.set_contested_executor_id(c.contested_executor_id());
  e.set_route_manually(c.route_manually());
  *e.mutable_registration_date() = appeal.registration_date();
  e.set_duplicate_of_appeal_id(appeal.duplicate_of_appeal_id());
  if (c.has_resolve_by()) *e.mutable_resolve_by() = c.resolve_by();
  return e;
}

v1::AppealNotConsidered ToAppealNotConsidered(const v1::Appeal& appeal) {
  const v1::AppealCard& c = appeal.card();
  v1::AppealNotConsidered e;
  SetAppealHeader(appeal, e);
  e.set_reason(appeal.not_considered_reason());
  e.set_decided_by(appeal.screened_by());
  *e.mutable_linked_appeal_ids() = appeal.linked_appeal_ids();
  e.set_form(c.form());
  SetClassifierItems(c, e);
  return e;
}

v1::AppealReturnedToApplicant ToAppealReturnedToApplicant(const v1::Appeal& appeal) {
  const v1::AppealCard& c = appeal.card();
  v1::AppealReturnedToApplicant e;
  SetAppealHeader(appeal, e);
  e.set_decided_by(appeal.screened_by());
  *e.mutable_explanation() = appeal.return_explanation();
  e.set_form(c.form());
  SetClassifierItems(c, e);
  return e;
}

v1::AppealExclusionProposed ToAppealExclusionProposed(const v1::Appeal& appeal) {
  v1::AppealExclusionProposed e;
  SetAppealHeader(appeal, e);
  e.set_reason(appeal.exclusion_proposal().reason());
  e.set_proposed_by(appeal.exclusion_proposal().proposed_by());
  *e.mutable_linked_appeal_ids() = appeal.linked_appeal_ids();
  e.set_form(appeal.card().form());
  SetClassifierItems(appeal.card(), e);
  return e;
}

v1::AppealReturnLetterRecorded ToAppealReturnLetterRecorded(const v1::Appeal& appeal) {
  v1::AppealReturnLetterRecorded e;
  e.set_appeal_id(appeal.id());
  e.set_registration_number(appeal.registration_number());
  *e.mutable_letter_date() = appeal.return_letter().letter_date();
  e.set_within_term(!appeal.has_return_due_date() ||
                    FromDate(appeal.return_letter().letter_date()) <=
                        FromDate(appeal.return_due_date()));
  e.set_recorded_by(appeal.return_letter().recorded_by());
  return e;
}

}  // namespace contactcenter::intake
