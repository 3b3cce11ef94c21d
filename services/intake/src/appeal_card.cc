#include "appeal_card.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/validation.h"
#include "notice_rules.h"

namespace contactcenter::intake {
namespace {

using common::v1::AppealForm;
using common::v1::AppealSubject;

// A received_at this far ahead of our clock is the sender's clock skew.
constexpr absl::Duration kClockSkew = absl::Minutes(5);

void CheckOptionalMaxChars(FieldViolations& v, const std::string& field, const std::string& value,
                           size_t max, Text kind = Text::kLine) {
  if (!value.empty()) CheckMaxChars(v, field, value, max, kind);
}

void CheckPhone(FieldViolations& v, const std::string& field, const std::string& phone) {
  if (phone.empty()) return;
  if (absl::StatusOr<std::string> p = NormalizePhone(phone); !p.ok()) {
    v.Add(field, std::string(p.status().message()));
  }
}

void CheckEmail(FieldViolations& v, const std::string& field, const std::string& email) {
  if (email.empty()) return;
  FieldViolations chars;
  CheckChars(chars, field, email);
  if (!chars.empty()) {
    v.AddAll("", chars);
  } else if (absl::StatusOr<std::string> e = NormalizeEmail(email); !e.ok()) {
    v.Add(field, std::string(e.status().message()));
  }
}

void CheckTerritory(FieldViolations& v, const std::string& field, const std::string& code,
                    const refdata::Classifier& classifier, bool required) {
  if (code.empty()) {
    if (required) v.Add(field, "required (a territory code, e.g. \"LG-SEV\")");
  } else if (classifier.FindTerritory(code) == nullptr) {
    v.Add(field, absl::StrCat("unknown territory ", Quoted(code)));
  }
}

void ValidatePerson(FieldViolations& v, const std::string& at, const v1::Person& p,
                    const refdata::Classifier& classifier) {
  // A missing surname, name or residence is an Art. 5 gap: the appeal is
  // registered and returned to the applicant (see screening.h).
  CheckOptionalMaxChars(v, at + ".surname", p.surname(), kMaxNameChars);
  CheckOptionalMaxChars(v, at + ".name", p.name(), kMaxNameChars);
  CheckOptionalMaxChars(v, at + ".patronymic", p.patronymic(), kMaxNameChars);
  CheckOptionalMaxChars(v, at + ".residence_address", p.residence_address(), kMaxAddressChars);
  CheckEnum(v, at + ".sex", p.sex(), v1::Sex_IsValid, false);
  CheckTerritory(v, at + ".residence_territory_code", p.residence_territory_code(), classifier,
                 false);
  CheckPhone(v, at + ".phone", p.phone());
  CheckEmail(v, at + ".email", p.email());
  std::set<int> seen;
  for (int i = 0; i < p.author_categories_size(); ++i) {
    const std::string field = absl::StrCat(at, ".author_categories[", i, "]");
    const int c = p.author_categories(i);
    if (c == 0) {
      v.Add(field, "AUTHOR_CATEGORY_UNSPECIFIED is not a category");
    } else if (!common::v1::AuthorCategory_IsValid(c)) {
      v.Add(field, absl::StrCat("unknown value ", c));
    } else if (!seen.insert(c).second) {
      v.Add(field, "listed twice");
    }
  }
  CheckEnum(v, at + ".social_status", p.social_status(), common::v1::SocialStatus_IsValid, false);
}

void ValidateOrganisation(FieldViolations& v, const std::string& at, const v1::Organisation& o) {
  // Missing name, code or contact person are Art. 5 gaps (returned).
  CheckOptionalMaxChars(v, at + ".name", o.name(), kMaxOrganisationNameChars);
  if (!o.edrpou().empty() && (o.edrpou().size() != 8 ||
             !std::all_of(o.edrpou().begin(), o.edrpou().end(), absl::ascii_isdigit))) {
    v.Add(at + ".edrpou", "an ЄДРПОУ code is 8 digits");
  }
  CheckOptionalMaxChars(v, at + ".contact_person", o.contact_person(), kMaxContactPersonChars);
  CheckOptionalMaxChars(v, at + ".address", o.address(), kMaxAddressChars);
  CheckPhone(v, at + ".phone", o.phone());
  CheckEmail(v, at + ".email", o.email());
}

// A Kyiv date that exists, not after `today`, given only for a complaint.
// The day when it exists (in the future too), to compare with the other.
std::optional<absl::CivilDay> CheckPastDate(FieldViolations& v, const std::string& field,
                                            const common::v1::Date& d, absl::CivilDay today,
                                            bool complaint) {
  if (!complaint) {
    v.Add(field, "only a complaint (APPEAL_KIND_COMPLAINT) has it");
    return std::nullopt;
  }
  std::optional<absl::CivilDay> day = CheckDate(v, field, d);
  if (day && *day > today) v.Add(field, "is in the future");
  return day;
}

}  // namespace

absl::StatusOr<std::string> NormalizePhone(absl::string_view phone) {
  const bool plus = absl::StartsWith(absl::StripLeadingAsciiWhitespace(phone), "+");
  std::string digits;
  for (char c : phone) {
    if (absl::ascii_isdigit(c)) {
      digits += c;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '+') {
      return absl::InvalidArgumentError(
          "not a phone number (e.g. +380501234567 or 050 123 45 67)");
    }
  }
  // Ukrainian numbers, written any of the usual ways.
  if (digits.size() == 12 && absl::StartsWith(digits, "380")) return "+" + digits;
  if (!plus && digits.size() == 10 && digits[0] == '0') return "+38" + digits;
  if (!plus && digits.size() == 11 && absl::StartsWith(digits, "80")) return "+3" + digits;
  if (plus && digits.size() >= 8 && digits.size() <= 15) return "+" + digits;
  return absl::InvalidArgumentError("not a phone number (e.g. +380501234567 or 050 123 45 67)");
}

absl::StatusOr<std::string> NormalizeEmail(absl::string_view email) {
  std::string e = absl::AsciiStrToLower(absl::StripAsciiWhitespace(email));
  const size_t at = e.find('@');
  const bool ok = e.size() <= kMaxEmailChars && at != std::string::npos && at > 0 &&
                  e.find('@', at + 1) == std::string::npos &&
                  e.find('.', at + 2) != std::string::npos && e.back() != '.' &&
                  std::none_of(e.begin(), e.end(), [](char c) { return absl::ascii_isspace(c); });
  if (!ok) return absl::InvalidArgumentError("not an e-mail address (e.g. name@example.com)");
  return e;
}

std::string FoldCase(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    if (c < 0x80) {
      out += absl::ascii_tolower(c);
      continue;
    }
    // Two-byte sequences: U+0400..U+04FF are D0/D1/D2/D3 xx.
    if ((c & 0xE0) == 0xC0 && i + 1 < text.size()) {
      unsigned cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      if (cp >= 0x410 && cp <= 0x42F) {
        cp += 0x20;  // А..Я
      } else if (cp >= 0x400 && cp <= 0x40F) {
        cp += 0x50;  // Ѐ..Џ, with Є, І, Ї
      } else if (cp == 0x490) {
        cp = 0x491;  // Ґ
      }
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
      ++i;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string PersonNameKey(const v1::Person& p) {
  std::string key = NormalizeName(p.surname());
  for (const std::string* part : {&p.name(), &p.patronymic()}) {
    const std::string n = NormalizeName(*part);
    if (!n.empty()) key = key.empty() ? n : absl::StrCat(key, " ", n);
  }
  return FoldCase(key);
}

std::string AddressKey(absl::string_view address) { return FoldCase(NormalizeName(address)); }

std::string NormalizeName(absl::string_view name) {
  std::string out;
  bool space = false;
  for (char c : absl::StripAsciiWhitespace(name)) {
    if (absl::ascii_isspace(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

FieldViolations ValidateRegisterRequest(const v1::RegisterAppealRequest& req,
                                        const refdata::Classifier& classifier, absl::Time now) {
  FieldViolations v;
  const std::string& key = req.idempotency_key();
  if (key.size() > kMaxIdempotencyKeyChars) {
    v.Add("idempotency_key", absl::StrCat("at most ", kMaxIdempotencyKeyChars, " characters"));
  } else if (!std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 127; })) {
    v.Add("idempotency_key", "only printable ASCII without spaces");
  }
  if (!req.has_card()) {
    v.Add("card", "required");
    return v;
  }
  const v1::AppealCard& card = req.card();
  CheckEnum(v, "card.kind", card.kind(), common::v1::AppealKind_IsValid, true);
  CheckEnum(v, "card.form", card.form(), common::v1::AppealForm_IsValid, true);
  CheckEnum(v, "card.channel", card.channel(), common::v1::Channel_IsValid, true);
  CheckEnum(v, "card.subject", card.subject(), common::v1::AppealSubject_IsValid, true);
  if (card.subject() == common::v1::APPEAL_SUBJECT_COLLECTIVE) {
    if (card.signatories() < 2 || card.signatories() > kMaxSignatories) {
      v.Add("card.signatories", "a collective appeal has at least 2 signatories");
    }
  } else if (card.signatories() != 0 && card.signatories() != 1) {
    v.Add("card.signatories", "only a collective appeal has several signatories");
  }

  switch (card.applicant().who_case()) {
    case v1::Applicant::kPerson:
      ValidatePerson(v, "card.applicant.person", card.applicant().person(), classifier);
      break;
    case v1::Applicant::kOrganisation:
      ValidateOrganisation(v, "card.applicant.organisation", card.applicant().organisation());
      break;
    case v1::Applicant::WHO_NOT_SET:
      // Only an anonymous appeal has nobody to answer; otherwise the operator
      // records whoever speaks, and gaps in it are Art. 5 gaps.
      if (card.subject() != common::v1::APPEAL_SUBJECT_ANONYMOUS) {
        v.Add("card.applicant",
              "required: a person or an organisation (an appeal without an author is "
              "APPEAL_SUBJECT_ANONYMOUS)");
      }
      break;
  }

  if (card.topic_code().empty()) {
    v.Add("card.topic_code", "required (a classifier topic, e.g. \"109\")");
  } else if (classifier.FindTopic(card.topic_code()) == nullptr) {
    v.Add("card.topic_code", absl::StrCat("unknown topic ", Quoted(card.topic_code())));
  }
  CheckTerritory(v, "card.territory_code", card.territory_code(), classifier, true);
  // A missing essence is an Art. 5 gap (returned).
  CheckOptionalMaxChars(v, "card.essence", card.essence(), kMaxEssenceChars, Text::kFree);
  if (card.additional_topic_codes_size() > kMaxAdditionalTopics) {
    v.Add("card.additional_topic_codes", absl::StrCat("at most ", kMaxAdditionalTopics));
  }
  std::set<std::string> topics = {card.topic_code()};
  for (int i = 0; i < card.additional_topic_codes_size(); ++i) {
    const std::string field = absl::StrCat("card.additional_topic_codes[", i, "]");
    const std::string& code = card.additional_topic_codes(i);
    if (classifier.FindTopic(code) == nullptr) {
      v.Add(field, absl::StrCat("unknown topic ", Quoted(code)));
    } else if (!topics.insert(code).second) {
      v.Add(field, "listed twice (or the same as topic_code)");
    }
  }
  CheckOptionalMaxChars(v, "card.call_reference", card.call_reference(), kMaxReferenceChars);
  CheckOptionalMaxChars(v, "card.contested_executor_id", card.contested_executor_id(),
                        kMaxReferenceChars);
  if (!card.same_event_appeal_id().empty()) {
    CheckUuid(v, "card.same_event_appeal_id", card.same_event_appeal_id());
  }
  if (card.channel() == common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER) {
    CheckText(v, "card.external_card_number", card.external_card_number(), kMaxReferenceChars);
  } else {
    CheckOptionalMaxChars(v, "card.external_card_number", card.external_card_number(),
                          kMaxReferenceChars);
  }
  const absl::CivilDay today = absl::ToCivilDay(now, KyivTimeZone());
  const bool complaint = card.kind() == common::v1::APPEAL_KIND_COMPLAINT;
  std::optional<absl::CivilDay> decision, learned;
  if (card.has_contested_decision_date()) {
    decision = CheckPastDate(v, "card.contested_decision_date", card.contested_decision_date(),
                             today, complaint);
  }
  if (card.has_learned_of_decision_date()) {
    learned = CheckPastDate(v, "card.learned_of_decision_date", card.learned_of_decision_date(),
                            today, complaint);
  }
  if (decision && learned && *learned < *decision) {
    v.Add("card.learned_of_decision_date", "is before the decision");
  }
  if (card.has_received_at()) {
    if (std::optional<absl::Time> at = CheckTimestamp(v, "card.received_at", card.received_at())) {
      if (*at > now + kClockSkew) {
        v.Add("card.received_at", "is in the future");
      } else if (*at < absl::FromCivil(absl::CivilDay(2000, 1, 1), absl::UTCTimeZone())) {
        v.Add("card.received_at", "is before 2000");
      }
    }
  }
  if (card.has_resolve_by()) CheckDate(v, "card.resolve_by", card.resolve_by());
  CheckNoticeChannel(v, card);
  return v;
}

v1::AppealCard NormalizeCard(const v1::AppealCard& card, absl::Time now) {
  v1::AppealCard out = card;
  if (out.applicant().has_person()) {
    v1::Person* p = out.mutable_applicant()->mutable_person();
    p->set_surname(NormalizeName(p->surname()));
    p->set_name(NormalizeName(p->name()));
    p->set_patronymic(NormalizeName(p->patronymic()));
    p->set_residence_address(NormalizeName(p->residence_address()));
    if (!p->phone().empty()) p->set_phone(*NormalizePhone(p->phone()));
    if (!p->email().empty()) p->set_email(*NormalizeEmail(p->email()));
  } else if (out.applicant().has_organisation()) {
    v1::Organisation* o = out.mutable_applicant()->mutable_organisation();
    o->set_name(NormalizeName(o->name()));
    o->set_contact_person(NormalizeName(o->contact_person()));
    o->set_address(NormalizeName(o->address()));
    if (!o->phone().empty()) o->set_phone(*NormalizePhone(o->phone()));
    if (!o->email().empty()) o->set_email(*NormalizeEmail(o->email()));
  }
  if (out.subject() != common::v1::APPEAL_SUBJECT_COLLECTIVE) out.set_signatories(0);
  if (!out.has_received_at()) *out.mutable_received_at() = ToTimestamp(now);
  return out;
}

}  // namespace contactcenter::intake
