#include "classifier_items.h"

#include "contactcenter/common/v1/common.pb.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::analytics {

using namespace common::v1;  // NOLINT: the enum values read as the table they are

const std::vector<ClassifierSection>& ClassifierSections() {
  static const auto* kSections = new std::vector<ClassifierSection>{
      {"I.1", "1", "За формою надходження", "channel",
       {{"1.1", "Поштою", {CHANNEL_POST}},
        {"1.2", "На особистому прийомі", {CHANNEL_PERSONAL_RECEPTION}},
        {"1.3", "Через уповноважену особу", {}},
        {"1.4", "Через органи влади", {CHANNEL_OTHER_BODY, CHANNEL_GOVERNMENT_CONTACT_CENTER}},
        {"1.4.1", "у тому числі від Урядового контактного центру",
         {CHANNEL_GOVERNMENT_CONTACT_CENTER}, true},
        {"1.5", "Через засоби масової інформації", {CHANNEL_MEDIA}},
        {"1.6", "Від інших органів, установ, організацій", {}},
        {"1.7", "За допомогою засобів телефонного зв'язку", {CHANNEL_HOTLINE_PHONE}, true},
        {"1.8", "Електронною поштою", {CHANNEL_EMAIL}, true},
        {"1.9", "Через вебсайт (електронна форма)", {CHANNEL_WEB_FORM}, true}}},
      {"I.2", "2", "За ознакою надходження", "attribute",
       {{"2.1", "Первинне", {APPEAL_ATTRIBUTE_PRIMARY}},
        {"2.2", "Повторне", {APPEAL_ATTRIBUTE_REPEATED}},
        {"2.3", "Дублетне", {APPEAL_ATTRIBUTE_DUPLICATE}},
        {"2.4", "Неодноразове", {APPEAL_ATTRIBUTE_MULTIPLE}},
        {"2.5", "Масове", {APPEAL_ATTRIBUTE_MASS}}}},
      {"I.3", "3", "За видами", "kind",
       {{"3.1", "Пропозиція (зауваження)", {APPEAL_KIND_PROPOSAL}},
        {"3.2", "Заява (клопотання)", {APPEAL_KIND_STATEMENT}},
        {"3.3", "Скарга", {APPEAL_KIND_COMPLAINT}}}},
      {"I.4", "4", "За статтю авторів звернень", "sex",
       {{"4.1", "Чоловіча", {intake::v1::SEX_MALE}},
        {"4.2", "Жіноча", {intake::v1::SEX_FEMALE}}}},
      {"I.5", "5", "За суб'єктом", "subject",
       {{"5.1", "Індивідуальне", {APPEAL_SUBJECT_INDIVIDUAL}},
        {"5.2", "Колективне", {APPEAL_SUBJECT_COLLECTIVE}},
        {"5.3", "Анонімне", {APPEAL_SUBJECT_ANONYMOUS}}}},
      {"I.6", "6", "За типом", "form",
       {{"6.1", "Телеграма", {}},
        {"6.2", "Лист", {APPEAL_FORM_WRITTEN, APPEAL_FORM_ELECTRONIC}},
        {"6.2.1", "у тому числі електронне", {APPEAL_FORM_ELECTRONIC}, true},
        {"6.3", "Усне", {APPEAL_FORM_ORAL}}}},
      {"I.7", "7", "За категоріями авторів звернень", "author_category",
       {{"7.1", "Учасник війни", {AUTHOR_CATEGORY_WAR_PARTICIPANT}},
        {"7.2", "Дитина війни", {AUTHOR_CATEGORY_CHILD_OF_WAR}},
        {"7.3", "Інвалід Великої Вітчизняної війни", {}},
        {"7.4", "Інвалід війни", {AUTHOR_CATEGORY_WAR_DISABLED}},
        {"7.5", "Учасник бойових дій", {AUTHOR_CATEGORY_COMBATANT}},
        {"7.6", "Ветеран праці", {AUTHOR_CATEGORY_LABOUR_VETERAN}},
        {"7.7", "Інвалід I групи", {AUTHOR_CATEGORY_DISABILITY_GROUP_1}},
        {"7.8", "Інвалід II групи", {AUTHOR_CATEGORY_DISABILITY_GROUP_2}},
        {"7.9", "Інвалід III групи", {AUTHOR_CATEGORY_DISABILITY_GROUP_3}},
        {"7.10", "Дитина-інвалід", {}},
        {"7.11", "Одинока мати", {AUTHOR_CATEGORY_SINGLE_MOTHER}},
        {"7.12", "Мати-героїня", {}},
        {"7.13", "Багатодітна сім'я", {AUTHOR_CATEGORY_LARGE_FAMILY}},
        {"7.14", "Особа, що потерпіла від Чорнобильської катастрофи",
         {AUTHOR_CATEGORY_CHORNOBYL_SUFFERER}},
        {"7.15", "Учасник ліквідації наслідків аварії на ЧАЕС", {}},
        {"7.16", "Герой України", {AUTHOR_CATEGORY_HERO_OF_UKRAINE}},
        {"7.17", "Герой Радянського Союзу", {AUTHOR_CATEGORY_HERO_OF_SOVIET_UNION}},
        {"7.18", "Герой Соціалістичної Праці", {AUTHOR_CATEGORY_HERO_OF_SOCIALIST_LABOUR}},
        {"7.19", "Внутрішньо переміщена особа", {AUTHOR_CATEGORY_INTERNALLY_DISPLACED}, true},
        {"7.20", "Інші категорії", {AUTHOR_CATEGORY_OTHER}}}},
      {"I.8", "8", "За соціальним станом авторів звернень", "social_status",
       {{"8.1", "Пенсіонер", {SOCIAL_STATUS_PENSIONER}},
        {"8.2", "Робітник", {SOCIAL_STATUS_WORKER}},
        {"8.3", "Селянин", {SOCIAL_STATUS_FARMER}},
        {"8.4", "Працівник бюджетної сфери", {SOCIAL_STATUS_PUBLIC_SECTOR_EMPLOYEE}},
        {"8.5", "Державний службовець", {SOCIAL_STATUS_CIVIL_SERVANT}},
        {"8.6", "Військовослужбовець", {SOCIAL_STATUS_SERVICEMAN}},
        {"8.7", "Підприємець", {SOCIAL_STATUS_ENTREPRENEUR}},
        {"8.8", "Безробітний", {SOCIAL_STATUS_UNEMPLOYED}},
        {"8.9", "Учень, студент", {SOCIAL_STATUS_STUDENT}},
        {"8.10", "Інші", {SOCIAL_STATUS_OTHER}}}},
      {"I.9", "9", "За результатами розгляду", "result",
       {{"9.1", "Вирішено позитивно", {tracking::v1::CASE_RESULT_DONE}},
        {"9.2", "Відмовлено у задоволенні", {tracking::v1::CASE_RESULT_REFUSED}},
        {"9.3", "Дано роз'яснення", {tracking::v1::CASE_RESULT_EXPLAINED}},
        {"9.4", "Інше", {tracking::v1::CASE_RESULT_NOT_POSSIBLE_NOW}}}},
  };
  return *kSections;
}

std::string EnumLabel(const std::string& dimension, int value) {
  for (const ClassifierSection& s : ClassifierSections()) {
    if (s.dimension != dimension) continue;
    for (const ClassifierItem& item : s.items) {
      // The first row that counts only this value names it.
      if (item.values.size() == 1 && item.values[0] == value) return item.name;
    }
  }
  if (dimension == "status") {
    switch (value) {
      case intake::v1::APPEAL_STATUS_REGISTERED: return "Зареєстроване для розгляду";
      case intake::v1::APPEAL_STATUS_NOT_CONSIDERED: return "Не розглядається (ст. 8)";
      case intake::v1::APPEAL_STATUS_RETURNED_TO_APPLICANT: return "Повернуте заявнику (ст. 5, 7)";
      case intake::v1::APPEAL_STATUS_AWAITING_DECISION:
        return "Очікує рішення щодо розгляду (запропоновано не розглядати)";
      default: break;
    }
  }
  if (dimension == "channel" && value == CHANNEL_OTHER_BODY) return "Від інших органів влади";
  if (dimension == "form" && value == APPEAL_FORM_WRITTEN) return "Письмове";
  if (dimension == "result" && value == 0) return "Без результату";
  return "Не зазначено";
}

}  // namespace contactcenter::analytics
