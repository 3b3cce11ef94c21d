// Personal data rules (Art. 10, Art. 18 and the Law on personal data), pure:
// what a reader other than the registering operator may see, the
// applicant's requests stated apart for the body considering the appeal,
// and which personal fields a read disclosed (for the audit table). No event
// carries any of it, the essence included.
#pragma once

#include <string>
#include <vector>

#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::intake {

// Applies the applicant's Art. 10 requests for a reader who is not the
// registering operator: without the name when do_not_disclose_name (the
// surname, name and patronymic, or an organisation's contact person), and
// without the residence when do_not_disclose_residence (address and
// territory). The card has no workplace field, so do_not_disclose_workplace
// hides nothing more.
void RedactForOtherReaders(v1::Appeal& appeal);

// The applicant's Art. 10 requests (do not disclose the name, residence,
// workplace) and Art. 18 request (keep the consideration secret), stated
// apart from the card for the body that must honour them.
v1::ApplicantRequests ApplicantRequestsOf(const v1::AppealCard& card);

// The personal fields the appeal carries (as the reader gets it), by card
// field path: what an audit row records.
std::vector<std::string> DisclosedPersonalFields(const v1::Appeal& appeal);

}  // namespace contactcenter::intake
