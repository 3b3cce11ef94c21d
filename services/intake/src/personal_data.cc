#include "personal_data.h"

namespace contactcenter::intake {

void RedactForOtherReaders(v1::Appeal& appeal) {
  v1::AppealCard* c = appeal.mutable_card();
  if (c->applicant().has_person()) {
    v1::Person* p = c->mutable_applicant()->mutable_person();
    if (c->do_not_disclose_name()) {
      p->clear_surname();
      p->clear_name();
      p->clear_patronymic();
    }
    if (c->do_not_disclose_residence()) {
      p->clear_residence_address();
      p->clear_residence_territory_code();
    }
  } else if (c->applicant().has_organisation() && c->do_not_disclose_name()) {
    c->mutable_applicant()->mutable_organisation()->clear_contact_person();
  }
}

v1::ApplicantRequests ApplicantRequestsOf(const v1::AppealCard& card) {
  v1::ApplicantRequests r;
  r.set_do_not_disclose_name(card.do_not_disclose_name());
  r.set_do_not_disclose_residence(card.do_not_disclose_residence());
  r.set_do_not_disclose_workplace(card.do_not_disclose_workplace());
  r.set_keep_consideration_secret(card.keep_consideration_secret());
  return r;
}

std::vector<std::string> DisclosedPersonalFields(const v1::Appeal& appeal) {
  std::vector<std::string> out;
  const v1::AppealCard& c = appeal.card();
  auto add = [&out](const std::string& field, const std::string& value) {
    if (!value.empty()) out.push_back(field);
  };
  if (c.applicant().has_person()) {
    const v1::Person& p = c.applicant().person();
    add("applicant.person.surname", p.surname());
    add("applicant.person.name", p.name());
    add("applicant.person.patronymic", p.patronymic());
    add("applicant.person.residence_address", p.residence_address());
    add("applicant.person.residence_territory_code", p.residence_territory_code());
    add("applicant.person.phone", p.phone());
    add("applicant.person.email", p.email());
    if (p.sex() != v1::SEX_UNSPECIFIED) out.push_back("applicant.person.sex");
    if (p.author_categories_size() > 0) out.push_back("applicant.person.author_categories");
    if (p.social_status() != 0) out.push_back("applicant.person.social_status");
  } else if (c.applicant().has_organisation()) {
    const v1::Organisation& o = c.applicant().organisation();
    add("applicant.organisation.contact_person", o.contact_person());
    add("applicant.organisation.phone", o.phone());
    add("applicant.organisation.email", o.email());
  }
  add("essence", c.essence());
  return out;
}

}  // namespace contactcenter::intake
