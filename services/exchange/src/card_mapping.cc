#include "card_mapping.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::exchange {
namespace {

using common::v1::AppealForm;

constexpr size_t kMaxNameChars = 100;
constexpr size_t kMaxAddressChars = 500;
constexpr size_t kMaxOrganisationChars = 300;
constexpr size_t kMaxContactChars = 200;
constexpr size_t kMaxPhoneChars = 32;
constexpr size_t kMaxEmailChars = 254;
constexpr size_t kMaxContentChars = 20000;
constexpr size_t kMaxCodeChars = 64;
constexpr size_t kMaxStatusChars = 200;
constexpr int kMaxExecutors = 20;

void ValidatePerson(FieldViolations& v, const v1::CardPerson& p) {
  CheckText(v, "person.surname", p.surname(), kMaxNameChars);
  CheckText(v, "person.name", p.name(), kMaxNameChars);
  CheckMaxChars(v, "person.patronymic", p.patronymic(), kMaxNameChars);
  CheckEnum(v, "person.sex", p.sex(), v1::CardSex_IsValid, false);
  CheckText(v, "person.address", p.address(), kMaxAddressChars);
  CheckMaxChars(v, "person.phone", p.phone(), kMaxPhoneChars);
  CheckMaxChars(v, "person.email", p.email(), kMaxEmailChars);
  for (int i = 0; i < p.categories_size(); ++i) {
    CheckEnum(v, absl::StrCat("person.categories[", i, "]"), p.categories(i),
              common::v1::AuthorCategory_IsValid, true);
  }
  CheckEnum(v, "person.social_status", p.social_status(), common::v1::SocialStatus_IsValid,
            false);
}

void ValidateOrganisation(FieldViolations& v, const v1::CardOrganisation& o) {
  CheckText(v, "organisation.name", o.name(), kMaxOrganisationChars);
  const std::string& code = o.edrpou();
  if (code.size() != 8 || !std::all_of(code.begin(), code.end(), absl::ascii_isdigit)) {
    v.Add("organisation.edrpou", "an ЄДРПОУ code is 8 digits");
  }
  CheckText(v, "organisation.contact_person", o.contact_person(), kMaxContactChars);
  CheckMaxChars(v, "organisation.address", o.address(), kMaxAddressChars);
  CheckMaxChars(v, "organisation.phone", o.phone(), kMaxPhoneChars);
  CheckMaxChars(v, "organisation.email", o.email(), kMaxEmailChars);
}

AppealForm FormOf(v1::CardSource source) {
  switch (source) {
    case v1::CARD_SOURCE_PHONE: return common::v1::APPEAL_FORM_ORAL;
    case v1::CARD_SOURCE_POST: return common::v1::APPEAL_FORM_WRITTEN;
    default: return common::v1::APPEAL_FORM_ELECTRONIC;
  }
}

intake::v1::Sex SexOf(v1::CardSex sex) {
  switch (sex) {
    case v1::CARD_SEX_FEMALE: return intake::v1::SEX_FEMALE;
    case v1::CARD_SEX_MALE: return intake::v1::SEX_MALE;
    default: return intake::v1::SEX_UNSPECIFIED;
  }
}

}  // namespace

FieldViolations ValidateCard(const v1::Card& card, const refdata::Classifier& classifier,
                             absl::Time now) {
  FieldViolations v;
  const std::string& number = card.card_number();
  if (number.empty()) {
    v.Add("card_number", "required");
  } else if (number.size() > kMaxCardNumberChars) {
    v.Add("card_number", absl::StrCat("at most ", kMaxCardNumberChars, " characters"));
  } else if (!std::all_of(number.begin(), number.end(),
                          [](char c) { return c > ' ' && c < 127; })) {
    v.Add("card_number", "only printable ASCII without spaces");
  }
  CheckEnum(v, "source", card.source(), v1::CardSource_IsValid, false);
  CheckEnum(v, "priority", card.priority(), v1::CardPriority_IsValid, false);
  CheckEnum(v, "kind", card.kind(), common::v1::AppealKind_IsValid, false);
  if (card.question_code().empty()) {
    v.Add("question_code", "required (a classifier topic, e.g. \"109\")");
  } else if (classifier.FindTopic(card.question_code()) == nullptr) {
    v.Add("question_code", absl::StrCat("unknown topic ", Quoted(card.question_code())));
  }
  CheckText(v, "content", card.content(), kMaxContentChars, Text::kFree);
  CheckText(v, "territorial_unit", card.territorial_unit(), kMaxCodeChars);
  if (card.executors_size() > kMaxExecutors) {
    v.Add("executors", absl::StrCat("at most ", kMaxExecutors));
  }
  for (int i = 0; i < card.executors_size() && i < kMaxExecutors; ++i) {
    CheckText(v, absl::StrCat("executors[", i, "]"), card.executors(i), kMaxCodeChars);
  }
  switch (card.applicant_case()) {
    case v1::Card::kPerson:
      ValidatePerson(v, card.person());
      break;
    case v1::Card::kOrganisation:
      ValidateOrganisation(v, card.organisation());
      break;
    case v1::Card::APPLICANT_NOT_SET:
      v.Add("applicant", "required: a person or an organisation");
      break;
  }
  CheckMaxChars(v, "status", card.status(), kMaxStatusChars);
  CheckMaxChars(v, "sub_status", card.sub_status(), kMaxStatusChars);
  if (card.has_resolve_by()) CheckDate(v, "resolve_by", card.resolve_by());
  if (card.has_received_at()) {
    std::optional<absl::Time> at = CheckTimestamp(v, "received_at", card.received_at());
    if (at && *at > now + absl::Minutes(5)) v.Add("received_at", "in the future");
  }
  return v;
}

std::optional<std::string> OutsideCompetence(const v1::Card& card,
                                              const refdata::Classifier& classifier) {
  const refdata::Territory* t = classifier.FindTerritory(card.territorial_unit());
  if (t != nullptr) return std::nullopt;
  std::string root;
  for (const auto& [code, territory] : classifier.territories()) {
    if (territory.parent.empty()) root = territory.name_uk;
  }
  return absl::StrCat("Art. 7 of the Law on citizens' appeals: the territorial unit ",
                      Quoted(card.territorial_unit()), " is outside the competence of ",
                      root.empty() ? "this oblast" : root,
                      "; sent back to the Government Contact Center to forward it to the body "
                      "competent for it");
}

intake::v1::RegisterAppealRequest ToRegisterAppealRequest(const v1::Card& card) {
  intake::v1::RegisterAppealRequest req;
  req.set_idempotency_key(absl::StrCat(kIdempotencyPrefix, card.card_number()));
  intake::v1::AppealCard* c = req.mutable_card();
  c->set_kind(card.kind() == common::v1::APPEAL_KIND_UNSPECIFIED
                  ? common::v1::APPEAL_KIND_STATEMENT
                  : card.kind());
  c->set_form(FormOf(card.source()));
  c->set_channel(common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER);
  c->set_subject(common::v1::APPEAL_SUBJECT_INDIVIDUAL);
  if (card.has_person()) {
    const v1::CardPerson& p = card.person();
    intake::v1::Person* out = c->mutable_applicant()->mutable_person();
    out->set_surname(p.surname());
    out->set_name(p.name());
    out->set_patronymic(p.patronymic());
    out->set_residence_address(p.address());
    out->set_phone(p.phone());
    out->set_email(p.email());
    for (int cat : p.categories()) {
      out->add_author_categories(static_cast<common::v1::AuthorCategory>(cat));
    }
    out->set_social_status(p.social_status());
    out->set_sex(SexOf(p.sex()));
  } else if (card.has_organisation()) {
    const v1::CardOrganisation& o = card.organisation();
    intake::v1::Organisation* out = c->mutable_applicant()->mutable_organisation();
    out->set_name(o.name());
    out->set_edrpou(o.edrpou());
    out->set_contact_person(o.contact_person());
    out->set_address(o.address());
    out->set_phone(o.phone());
    out->set_email(o.email());
  }
  c->set_topic_code(card.question_code());
  c->set_territory_code(card.territorial_unit());
  c->set_essence(card.content());
  c->set_emergency(card.priority() == v1::CARD_PRIORITY_URGENT);
  if (card.has_received_at()) *c->mutable_received_at() = card.received_at();
  c->set_external_card_number(card.card_number());
  if (card.has_resolve_by()) *c->mutable_resolve_by() = card.resolve_by();
  return req;
}

std::string CardFieldOf(const std::string& intake_field) {
  static const auto* const kExact = new std::map<std::string, std::string>{
      {"card.topic_code", "question_code"},
      {"card.territory_code", "territorial_unit"},
      {"card.essence", "content"},
      {"card.received_at", "received_at"},
      {"card.external_card_number", "card_number"},
      {"idempotency_key", "card_number"},
      {"card.applicant", "applicant"},
      {"card.applicant.person.residence_address", "person.address"},
      {"card.applicant.person.author_categories", "person.categories"},
      {"card.emergency", "priority"},
      {"card.form", "source"},
      {"card.kind", "kind"},
      {"card.resolve_by", "resolve_by"},
  };
  if (auto it = kExact->find(intake_field); it != kExact->end()) return it->second;
  for (const char* prefix : {"card.applicant.person.", "card.applicant.organisation."}) {
    if (absl::StartsWith(intake_field, prefix)) {
      const std::string rest = intake_field.substr(std::string(prefix).size());
      return absl::StrCat(absl::StrContains(prefix, "person") ? "person." : "organisation.", rest);
    }
  }
  return intake_field;
}

std::vector<std::string> PersonalFieldsOf(const v1::Card& card) {
  std::vector<std::string> out;
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) out.push_back(name);
  };
  if (card.has_person()) {
    const v1::CardPerson& p = card.person();
    add("person.surname", p.surname());
    add("person.name", p.name());
    add("person.patronymic", p.patronymic());
    if (p.sex() != v1::CARD_SEX_UNSPECIFIED) out.push_back("person.sex");
    add("person.address", p.address());
    add("person.phone", p.phone());
    add("person.email", p.email());
    if (p.categories_size() > 0) out.push_back("person.categories");
    if (p.social_status() != common::v1::SOCIAL_STATUS_UNSPECIFIED) {
      out.push_back("person.social_status");
    }
  } else if (card.has_organisation()) {
    const v1::CardOrganisation& o = card.organisation();
    add("organisation.contact_person", o.contact_person());
    add("organisation.phone", o.phone());
    add("organisation.email", o.email());
  }
  add("content", card.content());
  return out;
}

std::optional<v1::StatusCode> StatusForChange(const tracking::v1::CaseStatusChanged& change,
                                              const SentState& sent) {
  using tracking::v1::CaseStatus;
  const CaseStatus from = change.from_status();
  const CaseStatus to = change.to_status();
  const bool term_changed =
      change.has_control_date() &&
      (!sent.control_date || *sent.control_date != FromDate(change.control_date()));
  switch (to) {
    case tracking::v1::CASE_STATUS_FORWARDED:
      if (from != to || change.executor_id() != sent.executor_id) return v1::STATUS_CODE_FORWARDED;
      if (term_changed) return v1::STATUS_CODE_EXTENDED;
      return std::nullopt;
    case tracking::v1::CASE_STATUS_ACCEPTED:
      if (from != to) return v1::STATUS_CODE_ACCEPTED;
      if (term_changed) return v1::STATUS_CODE_EXTENDED;
      return std::nullopt;
    case tracking::v1::CASE_STATUS_RETURNED_FOR_REWORK:
      if (from != to) return v1::STATUS_CODE_REWORK;
      if (term_changed) return v1::STATUS_CODE_EXTENDED;
      return std::nullopt;
    case tracking::v1::CASE_STATUS_ANSWERED:
      return from != to ? std::optional(v1::STATUS_CODE_ANSWERED) : std::nullopt;
    case tracking::v1::CASE_STATUS_ON_CHECK:
      return from != to ? std::optional(v1::STATUS_CODE_CALL_BACK_PLANNED) : std::nullopt;
    case tracking::v1::CASE_STATUS_CLOSED:
      return from != to ? std::optional(v1::STATUS_CODE_CLOSED) : std::nullopt;
    case tracking::v1::CASE_STATUS_NOT_CONSIDERED:
      return from != to ? std::optional(v1::STATUS_CODE_NOT_CONSIDERED) : std::nullopt;
    default:
      // RETURNED_TO_ROUTING: the next forward tells the other side.
      return std::nullopt;
  }
}

bool IsLegalTransition(v1::StatusCode last, v1::StatusCode next) {
  using S = v1::StatusCode;
  switch (last) {
    case S::STATUS_CODE_UNSPECIFIED:
      return next == S::STATUS_CODE_REGISTERED || next == S::STATUS_CODE_RETURNED;
    case S::STATUS_CODE_REGISTERED:
      return next == S::STATUS_CODE_FORWARDED || next == S::STATUS_CODE_RETURNED ||
             next == S::STATUS_CODE_NOT_CONSIDERED;
    case S::STATUS_CODE_FORWARDED:
    case S::STATUS_CODE_ACCEPTED:
    case S::STATUS_CODE_EXTENDED:
      return next == S::STATUS_CODE_FORWARDED || next == S::STATUS_CODE_ACCEPTED ||
             next == S::STATUS_CODE_EXTENDED || next == S::STATUS_CODE_NOT_CONSIDERED ||
             (last != S::STATUS_CODE_FORWARDED && next == S::STATUS_CODE_ANSWERED);
    case S::STATUS_CODE_ANSWERED:
      return next == S::STATUS_CODE_CALL_BACK_PLANNED;
    case S::STATUS_CODE_CALL_BACK_PLANNED:
      return next == S::STATUS_CODE_CLOSED || next == S::STATUS_CODE_REWORK;
    case S::STATUS_CODE_REWORK:
      return next == S::STATUS_CODE_ACCEPTED || next == S::STATUS_CODE_ANSWERED ||
             next == S::STATUS_CODE_EXTENDED;
    default:
      return false;  // final, or a code we do not know
  }
}

bool IsFinal(v1::StatusCode code) {
  return code == v1::STATUS_CODE_CLOSED || code == v1::STATUS_CODE_RETURNED ||
         code == v1::STATUS_CODE_NOT_CONSIDERED;
}

std::string StatusCodeName(v1::StatusCode code) {
  const std::string& full = v1::StatusCode_Name(code);
  constexpr char kPrefix[] = "STATUS_CODE_";
  if (full.rfind(kPrefix, 0) == 0) return full.substr(sizeof(kPrefix) - 1);
  return full.empty() ? absl::StrCat(static_cast<int>(code)) : full;
}

std::string NotConsideredReasonText(intake::v1::NotConsideredReason reason) {
  return absl::StrCat("Art. 8: ", intake::v1::NotConsideredReason_Name(reason));
}

}  // namespace contactcenter::exchange
