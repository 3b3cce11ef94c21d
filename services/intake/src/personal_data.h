// Personal data rules (Art. 10, Art. 18 and the Law on personal data), pure:
// what an event may carry of the essence, what a reader other than the
// registering operator may see, and which personal fields a read disclosed
// (for the audit table).
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::intake {

// The essence with phone numbers, e-mail addresses and document numbers
// (any group of 6 or more digits, spaces, dashes and brackets allowed
// between them, with up to 2 letters just before it: a passport "АА 123456",
// a tax number, a card number) replaced by "***".
std::string MaskEssence(absl::string_view essence);

// Applies the applicant's Art. 10 requests for a reader who is not the
// registering operator: without the name when do_not_disclose_name (the
// surname, name and patronymic, or an organisation's contact person), and
// without the residence when do_not_disclose_residence (address and
// territory). The card has no workplace field, so do_not_disclose_workplace
// hides nothing more.
void RedactForOtherReaders(v1::Appeal& appeal);

// The personal fields the appeal carries (as the reader gets it), by card
// field path: what an audit row records.
std::vector<std::string> DisclosedPersonalFields(const v1::Appeal& appeal);

}  // namespace contactcenter::intake
