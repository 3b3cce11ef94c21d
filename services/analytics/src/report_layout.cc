#include "report_layout.h"

#include <set>

#include "absl/strings/str_format.h"
#include "absl/strings/match.h"
#include "classifier_items.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "csv.h"
#include "projection_store.h"

namespace contactcenter::analytics {
namespace {

void Add(v1::GetClassifierReportResponse& r, const std::string& section,
         const std::string& section_name, const std::string& code, const std::string& name,
         int64_t count) {
  v1::ClassifierRow* row = r.add_rows();
  row->set_section(section);
  row->set_section_name(section_name);
  row->set_code(code);
  row->set_name(name);
  row->set_count(count);
}

int64_t ValueCount(const ClassifierCounts& c, const std::string& dimension, int value) {
  if (dimension == "result") {
    auto it = c.results.find(value);
    return it == c.results.end() ? 0 : it->second;
  }
  auto it = c.by_value.find({dimension, value});
  return it == c.by_value.end() ? 0 : it->second;
}

int64_t TopicCount(const ClassifierCounts& c, const std::string& code) {
  auto it = c.topics.find(code);
  return it == c.topics.end() ? 0 : it->second;
}

std::string Heading(const std::string& code) { return code.substr(0, code.find('.')); }

std::string Days(double d) { return absl::StrFormat("%.1f", d); }

}  // namespace

v1::GetClassifierReportResponse LayOutClassifierReport(const ClassifierCounts& c,
                                                       const refdata::Classifier& classifier) {
  v1::GetClassifierReportResponse r;
  Add(r, "", "", "", "Усього надійшло звернень", c.total);
  for (const ClassifierSection& s : ClassifierSections()) {
    for (const ClassifierItem& item : s.items) {
      int64_t n = 0;
      for (int v : item.values) n += ValueCount(c, s.dimension, v);
      Add(r, s.section, s.name, item.code, item.name, n);
      if (item.code == "5.2") {
        Add(r, s.section, s.name, "5.2.1",
            "кількість громадян, які підписали колективні звернення", c.collective_signatories);
      }
    }
  }
  // Section II: every heading, its sub-topics (the classifier's and any
  // other the appeals carry), in code order.
  const std::string topics = "Тематика звернень";
  std::set<std::string> codes;
  for (const auto& [code, topic] : classifier.topics()) codes.insert(code);
  for (const auto& [code, n] : c.topics) codes.insert(code);
  for (const std::string& code : codes) {
    const refdata::Topic* t = classifier.FindTopic(code);
    const bool sub = code.find('.') != std::string::npos;
    // A sub-topic of the classifier nobody raised is left out; a heading never.
    if (sub && TopicCount(c, code) == 0) continue;
    std::string name = t != nullptr ? t->name_uk : std::string("(код поза класифікатором)");
    if (sub && t == nullptr && classifier.FindTopic(Heading(code)) == nullptr) continue;
    Add(r, "II", topics, code, name, TopicCount(c, code));
  }
  const auto reason = [&](int v) { return ValueCount(c, "reason", v); };
  const std::string more = "Додатково";
  Add(r, "Д", more, "Д.1", "Направлено за належністю до органів виконавчої влади", c.forwarded);
  Add(r, "Д", more, "Д.1.1", "з них передано іншому органу після направлення", c.rerouted);
  Add(r, "Д", more, "Д.2", "Повернуто заявникам (статті 5, 7 Закону України «Про звернення громадян»)",
      ValueCount(c, "status", intake::v1::APPEAL_STATUS_RETURNED_TO_APPLICANT));
  // Art. 5: returned "не пізніше як через десять днів від дня його
  // надходження" (intake's AppealReturnLetterRecorded, AppealReturnOverdue).
  Add(r, "Д", more, "Д.2.1", "з них лист про повернення надіслано у строк (10 днів)",
      ValueCount(c, "return", kReturnLetterInTerm));
  Add(r, "Д", more, "Д.2.2", "лист про повернення надіслано з порушенням строку",
      ValueCount(c, "return", kReturnLetterLate));
  Add(r, "Д", more, "Д.2.3", "строк минув, листа про повернення немає",
      ValueCount(c, "return", kReturnOverdue));
  // Not considered: by intake's decision (a proposal confirmed by a
  // supervisor, or anonymous at registration) and by the body after
  // routing; a proposal still waiting is not a decision (Д.8).
  Add(r, "Д", more, "Д.3", "Не розглядалися (стаття 8 Закону)",
      ValueCount(c, "status", intake::v1::APPEAL_STATUS_NOT_CONSIDERED) + c.left_by_body);
  Add(r, "Д", more, "Д.3.1", "анонімні", reason(intake::v1::NOT_CONSIDERED_REASON_ANONYMOUS));
  Add(r, "Д", more, "Д.3.2", "повторні з питань, вирішених по суті",
      reason(intake::v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED));
  Add(r, "Д", more, "Д.3.3", "скарги, подані з пропуском строку (стаття 17 Закону)",
      reason(intake::v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT));
  Add(r, "Д", more, "Д.3.4", "від осіб, визнаних судом недієздатними",
      reason(intake::v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE));
  Add(r, "Д", more, "Д.3.5", "залишено без розгляду органом, до якого направлено",
      c.left_by_body);
  Add(r, "Д", more, "Д.4", "Розглянуто у встановлений строк (стаття 20 Закону)", c.answered_on_time);
  Add(r, "Д", more, "Д.5", "Розглянуто з порушенням встановленого строку", c.answered_late);
  Add(r, "Д", more, "Д.6", "Строк розгляду продовжено (стаття 20 Закону)", c.extended);
  Add(r, "Д", more, "Д.7", "На розгляді", c.open);
  Add(r, "Д", more, "Д.7.1", "з них строк розгляду минув", c.overdue_now);
  Add(r, "Д", more, "Д.8", "Очікують рішення щодо розгляду (запропоновано не розглядати, стаття 8 Закону)",
      ValueCount(c, "status", intake::v1::APPEAL_STATUS_AWAITING_DECISION));
  Add(r, "Д", more, "Д.9", "Закрито без підтвердження заявником (не вдалося зв'язатися)",
      c.closed_not_confirmed);
  return r;
}

std::string DimensionTitle(const std::string& d) {
  static const auto* kTitles = new std::map<std::string, std::string>{
      {"channel", "Форма надходження"},
      {"attribute", "Ознака надходження"},
      {"kind", "Вид"},
      {"form", "Тип"},
      {"sex", "Стать автора"},
      {"subject", "Суб'єкт"},
      {"social_status", "Соціальний стан автора"},
      {"author_category", "Категорія автора"},
      {"topic", "Питання"},
      {"main_topic", "Основне питання"},
      {"topic_heading", "Тематичний розділ"},
      {"territory", "Територія"},
      {"status", "Стан реєстрації"},
      {"result", "Результат розгляду"},
      {"executor", "Орган виконавчої влади"},
      {"parent_executor", "Вищий орган"},
      {"month", "Місяць"},
      {"timeliness", "Дотримання строку"}};
  auto it = kTitles->find(d);
  return it == kTitles->end() ? d : it->second;
}

std::vector<std::string> ClassifierCsv(const v1::GetClassifierReportResponse& report,
                                       size_t chunk_bytes) {
  CsvChunker csv(chunk_bytes);
  csv.Header({"Розділ", "Назва розділу", "Код", "Показник", "Кількість"});
  for (const v1::ClassifierRow& row : report.rows()) {
    csv.Row({row.section(), row.section_name(), row.code(), row.name(),
             std::to_string(row.count())});
  }
  return csv.Finish();
}

std::vector<std::string> TimelinessCsv(const v1::GetTimelinessReportResponse& report,
                                       size_t chunk_bytes) {
  CsvChunker csv(chunk_bytes);
  csv.Header({"Рівень", "Код органу", "Орган", "Надійшло", "Розглянуто у строк",
              "Розглянуто з порушенням строку", "На розгляді", "З них строк минув",
              "Середній строк розгляду, днів", "90-й процентиль строку розгляду, днів",
              "Строк продовжено", "Повернуто на доопрацювання",
              "Відмовлено як не за компетенцією"});
  for (const v1::TimelinessRow& r : report.rows()) {
    csv.Row({r.level() == "body" ? "орган" : "вищий орган", r.executor_id(), r.executor_name(),
             std::to_string(r.received()), std::to_string(r.answered_on_time()),
             std::to_string(r.answered_late()), std::to_string(r.open()),
             std::to_string(r.overdue_now()), Days(r.mean_days_to_answer()),
             Days(r.p90_days_to_answer()), std::to_string(r.extended()),
             std::to_string(r.reworks()), std::to_string(r.declined_not_competent())});
  }
  return csv.Finish();
}

std::vector<std::string> CountCsv(const CountQuery& query, const v1::CountAppealsResponse& report,
                                  size_t chunk_bytes) {
  CsvChunker csv(chunk_bytes);
  std::vector<std::string> header = {DimensionTitle(query.first) + " (код)",
                                     DimensionTitle(query.first)};
  if (!query.second.empty()) {
    header.push_back(DimensionTitle(query.second) + " (код)");
    header.push_back(DimensionTitle(query.second));
  }
  header.push_back("Кількість");
  csv.Header(header);
  for (const v1::CountRow& r : report.rows()) {
    std::vector<std::string> fields = {r.first_value(), r.first_label()};
    if (!query.second.empty()) {
      fields.push_back(r.second_value());
      fields.push_back(r.second_label());
    }
    fields.push_back(std::to_string(r.count()));
    csv.Row(fields);
  }
  return csv.Finish();
}

}  // namespace contactcenter::analytics
