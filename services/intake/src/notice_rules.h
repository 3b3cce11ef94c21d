// Pure decisions about notices to applicants (issue 17): which channel, to
// which contact, which notice a registration or decision causes, by when it
// must be sent, and the reason in words. No I/O.
//
// The law (Law of Ukraine 393/96-ВР «Про звернення громадян»):
// - Art. 7: "Якщо питання, порушені в одержаному ... зверненні, не входять
//   до їх повноважень, воно в термін не більше п'яти днів пересилається
//   ними за належністю відповідному органу чи посадовій особі, про що
//   повідомляється громадянину, який подав звернення. У разі якщо звернення
//   не містить даних, необхідних для прийняття обґрунтованого рішення ...,
//   воно в той же термін повертається громадянину з відповідними
//   роз'ясненнями." → the forwarding notice within 5 days of receipt.
// - Art. 5: "Звернення, оформлене без дотримання цих вимог, повертається
//   заявнику з відповідними роз'ясненнями не пізніш як через десять днів
//   від дня його надходження" → the return notice within 10 days, with what
//   the appeal lacks (Appeal.return_due_date).
// - Art. 8: "Рішення про припинення розгляду такого звернення приймає
//   керівник органу ..., про що повідомляється особі, яка подала
//   звернення." → the not-considered notice with the reason, when the
//   supervisor confirms the exclusion.
// - Art. 20: "Якщо в місячний термін вирішити порушені у зверненні питання
//   неможливо, керівник ... встановлюють необхідний термін для його
//   розгляду, про що повідомляється особі, яка подала звернення." → the
//   extension notice with the new last day.
// - Art. 5 on electronic appeals: "В електронному зверненні також має бути
//   зазначено електронну поштову адресу, на яку заявнику може бути
//   надіслано відповідь, або відомості про інші засоби зв'язку з ним" →
//   the acknowledgement with the registration number goes there.
// - Art. 10: nothing from the appeal to anyone else: a notice goes only to
//   the applicant's own contact from the card, with the number, dates, the
//   body and the reason; never the essence.
#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/refdata/work_calendar.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::intake {

// The applicant's contacts, from the card (a person's or an organisation's).
struct Contacts {
  std::string email;
  std::string phone;
  std::string address;
  // Who the letter is addressed to.
  std::string addressee;
};
Contacts ContactsOf(const v1::AppealCard& card);

// The channel chosen (AppealCard.notice_channel) or, unspecified, e-mail
// when given, else SMS to the phone, else a letter to the address;
// NOTICE_CHANNEL_UNSPECIFIED when there is no contact at all (an anonymous
// appeal): no notice can be sent.
v1::NoticeChannel ResolveNoticeChannel(const v1::AppealCard& card);

// The channel of the appeal's notices, whoever forwarded it: the Government
// Contact Center's cards (channel CHANNEL_GOVERNMENT_CONTACT_CENTER) are
// told like any other (Art. 7, 8, 20 bind the body that forwards, stops
// consideration or extends, whoever the appeal came through; README,
// "Notices to applicants"), unless `tell_gcc_applicants` is false (the
// center agreed with the GCC that the GCC tells its applicants from the
// statuses the exchange sends it): NOTICE_CHANNEL_UNSPECIFIED then.
v1::NoticeChannel NoticeChannelOf(const v1::AppealCard& card, bool tell_gcc_applicants);

// The contact of `channel` ("" when the card has none).
std::string ContactFor(const Contacts& c, v1::NoticeChannel channel);

// A chosen channel needs its contact: card.notice_channel otherwise.
void CheckNoticeChannel(FieldViolations& v, const v1::AppealCard& card);

// The notice the registration itself causes: returned (Art. 5, 7), or the
// acknowledgement of an electronic appeal registered or awaiting the
// supervisor's decision; none for one not considered at registration
// (anonymous: nobody to tell).
std::optional<v1::NoticeKind> RegistrationNotice(const v1::Appeal& appeal);

// Art. 7: the last day to tell the applicant of the forwarding: 5 days
// after the day of receipt, moved to the next working day when it is not
// one (Civil Code Art. 254, as every term here).
absl::CivilDay ForwardingNoticeDue(absl::CivilDay received, const refdata::WorkCalendar& calendar);

// The Art. 8 reason in words, for the applicant.
std::string NotConsideredReasonText(v1::NotConsideredReason reason);

}  // namespace contactcenter::intake
