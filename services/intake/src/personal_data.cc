#include "personal_data.h"

#include "absl/strings/ascii.h"

namespace contactcenter::intake {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsJoiner(char c) { return c == ' ' || c == '-' || c == '(' || c == ')'; }

// Bytes of the UTF-8 letter ending just before `end`, or 0.
size_t LetterBefore(absl::string_view s, size_t end) {
  if (end >= 1 && absl::ascii_isalpha(static_cast<unsigned char>(s[end - 1]))) return 1;
  // Cyrillic letters are two bytes: D0/D1/D2 then a continuation byte.
  if (end >= 2) {
    const unsigned char lead = s[end - 2];
    const unsigned char cont = s[end - 1];
    if ((lead == 0xD0 || lead == 0xD1 || lead == 0xD2) && (cont & 0xC0) == 0x80) return 2;
  }
  return 0;
}

bool IsWordByte(unsigned char c) { return c >= 0x80 || absl::ascii_isalnum(c) || c == '_'; }

// Is the e-mail-ish token [start, end) around an '@'?
void ExpandEmail(absl::string_view s, size_t at, size_t* start, size_t* end) {
  auto part = [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
           c == '-' || c == '+' || c == '%';
  };
  size_t b = at, e = at + 1;
  while (b > 0 && part(s[b - 1])) --b;
  while (e < s.size() && part(s[e])) ++e;
  *start = b;
  *end = e;
}

}  // namespace

std::string MaskEssence(absl::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '@') {
      size_t b, e;
      ExpandEmail(s, i, &b, &e);
      if (b < i && e > i + 1) {
        // Drop what was copied of the local part.
        out.resize(out.size() - (i - b));
        out += "***";
        i = e;
        continue;
      }
    }
    if (IsDigit(s[i]) || (s[i] == '+' && i + 1 < s.size() && IsDigit(s[i + 1]))) {
      size_t j = i + (s[i] == '+' ? 1 : 0);
      int digits = 0;
      size_t last_digit_end = j;
      while (j < s.size() && (IsDigit(s[j]) || IsJoiner(s[j]))) {
        if (IsDigit(s[j])) {
          ++digits;
          last_digit_end = j + 1;
        }
        ++j;
      }
      if (digits >= 6) {
        // Up to 2 letters glued before the digits: a document series.
        size_t start = i;
        for (int k = 0; k < 2; ++k) {
          size_t n = LetterBefore(s, start);
          if (n == 0) break;
          start -= n;
        }
        if (start > 0 && IsWordByte(static_cast<unsigned char>(s[start - 1]))) start = i;
        out.resize(out.size() - (i - start));
        out += "***";
        i = last_digit_end;
        continue;
      }
      out.append(s.data() + i, last_digit_end - i);
      i = last_digit_end;
      continue;
    }
    out += s[i];
    ++i;
  }
  return out;
}

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
