// A valid appeal, for tests and load programs: a heating complaint from
// Sievierodonetsk raion, taken on the hotline.
#pragma once

#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::intake {

inline v1::RegisterAppealRequest SampleAppeal(const std::string& topic = "109",
                                              const std::string& territory = "LG-SEV",
                                              bool needs_no_extra_study = true) {
  v1::RegisterAppealRequest req;
  v1::AppealCard* c = req.mutable_card();
  c->set_kind(common::v1::APPEAL_KIND_STATEMENT);
  c->set_form(common::v1::APPEAL_FORM_ORAL);
  c->set_channel(common::v1::CHANNEL_HOTLINE_PHONE);
  c->set_subject(common::v1::APPEAL_SUBJECT_INDIVIDUAL);
  v1::Person* p = c->mutable_applicant()->mutable_person();
  p->set_surname("Шевченко");
  p->set_name("Олена");
  p->set_residence_address("м. Сєвєродонецьк, вул. Центральна, 1");
  p->set_phone("050 123 45 67");
  c->set_topic_code(topic);
  c->set_territory_code(territory);
  c->set_needs_no_extra_study(needs_no_extra_study);
  c->set_essence("Немає опалення в будинку з 20 листопада.");
  return req;
}

}  // namespace contactcenter::intake
