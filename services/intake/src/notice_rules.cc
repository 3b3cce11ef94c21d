#include "notice_rules.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace contactcenter::intake {

Contacts ContactsOf(const v1::AppealCard& card) {
  Contacts c;
  if (card.applicant().has_person()) {
    const v1::Person& p = card.applicant().person();
    c.email = p.email();
    c.phone = p.phone();
    c.address = p.residence_address();
    std::vector<std::string> name;
    for (const std::string* part : {&p.surname(), &p.name(), &p.patronymic()}) {
      if (!part->empty()) name.push_back(*part);
    }
    c.addressee = absl::StrJoin(name, " ");
  } else if (card.applicant().has_organisation()) {
    const v1::Organisation& o = card.applicant().organisation();
    c.email = o.email();
    c.phone = o.phone();
    c.address = o.address();
    c.addressee = o.contact_person().empty() ? o.name()
                                             : absl::StrCat(o.name(), ", ", o.contact_person());
  }
  return c;
}

std::string ContactFor(const Contacts& c, v1::NoticeChannel channel) {
  switch (channel) {
    case v1::NOTICE_CHANNEL_EMAIL: return c.email;
    case v1::NOTICE_CHANNEL_SMS: return c.phone;
    case v1::NOTICE_CHANNEL_POST: return c.address;
    default: return "";
  }
}

v1::NoticeChannel ResolveNoticeChannel(const v1::AppealCard& card) {
  const Contacts c = ContactsOf(card);
  if (card.notice_channel() != v1::NOTICE_CHANNEL_UNSPECIFIED &&
      !ContactFor(c, card.notice_channel()).empty()) {
    return card.notice_channel();
  }
  if (!c.email.empty()) return v1::NOTICE_CHANNEL_EMAIL;
  if (!c.phone.empty()) return v1::NOTICE_CHANNEL_SMS;
  if (!c.address.empty()) return v1::NOTICE_CHANNEL_POST;
  return v1::NOTICE_CHANNEL_UNSPECIFIED;
}

v1::NoticeChannel NoticeChannelOf(const v1::AppealCard& card, bool tell_gcc_applicants) {
  if (!tell_gcc_applicants &&
      card.channel() == common::v1::CHANNEL_GOVERNMENT_CONTACT_CENTER) {
    return v1::NOTICE_CHANNEL_UNSPECIFIED;
  }
  return ResolveNoticeChannel(card);
}

void CheckNoticeChannel(FieldViolations& v, const v1::AppealCard& card) {
  if (!v1::NoticeChannel_IsValid(card.notice_channel())) {
    v.Add("card.notice_channel", "unknown value");
    return;
  }
  if (card.notice_channel() == v1::NOTICE_CHANNEL_UNSPECIFIED) return;
  if (ContactFor(ContactsOf(card), card.notice_channel()).empty()) {
    switch (card.notice_channel()) {
      case v1::NOTICE_CHANNEL_EMAIL: v.Add("card.notice_channel", "e-mail chosen, but no e-mail given"); break;
      case v1::NOTICE_CHANNEL_SMS: v.Add("card.notice_channel", "SMS chosen, but no phone given"); break;
      default: v.Add("card.notice_channel", "post chosen, but no address given"); break;
    }
  }
}

std::optional<v1::NoticeKind> RegistrationNotice(const v1::Appeal& appeal) {
  switch (appeal.status()) {
    case v1::APPEAL_STATUS_RETURNED_TO_APPLICANT: return v1::NOTICE_KIND_RETURNED;
    case v1::APPEAL_STATUS_REGISTERED:
    case v1::APPEAL_STATUS_AWAITING_DECISION:
      if (appeal.card().form() == common::v1::APPEAL_FORM_ELECTRONIC) {
        return v1::NOTICE_KIND_ACKNOWLEDGED;
      }
      return std::nullopt;
    default: return std::nullopt;
  }
}

absl::CivilDay ForwardingNoticeDue(absl::CivilDay received, const refdata::WorkCalendar& calendar) {
  return calendar.NextWorkingDayFrom(received + 5);
}

std::string NotConsideredReasonText(v1::NotConsideredReason reason) {
  switch (reason) {
    case v1::NOT_CONSIDERED_REASON_ANONYMOUS:
      return "звернення є анонімним (не зазначено місця проживання або неможливо встановити "
             "авторство)";
    case v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED:
      return "повторне звернення з того самого питання, яке вже вирішено по суті тим самим органом";
    case v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT:
      return "скаргу подано з порушенням строків, передбачених статтею 17 Закону";
    case v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE:
      return "звернення подано особою, визнаною судом недієздатною";
    default: return "";
  }
}

}  // namespace contactcenter::intake
