#include "report_request.h"

#include <algorithm>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "classifier_items.h"
#include "contactcenter/common/v1/common.pb.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "google/protobuf/descriptor.h"

namespace contactcenter::analytics {
namespace {

constexpr size_t kMaxValueChars = 64;

// The protobuf enum a dimension's values belong to, or null.
const google::protobuf::EnumDescriptor* EnumOf(const std::string& dimension) {
  if (dimension == "channel") return common::v1::Channel_descriptor();
  if (dimension == "attribute") return common::v1::AppealAttribute_descriptor();
  if (dimension == "kind") return common::v1::AppealKind_descriptor();
  if (dimension == "form") return common::v1::AppealForm_descriptor();
  if (dimension == "subject") return common::v1::AppealSubject_descriptor();
  if (dimension == "social_status") return common::v1::SocialStatus_descriptor();
  if (dimension == "author_category") return common::v1::AuthorCategory_descriptor();
  if (dimension == "sex") return intake::v1::Sex_descriptor();
  if (dimension == "status") return intake::v1::AppealStatus_descriptor();
  if (dimension == "result") return tracking::v1::CaseResult_descriptor();
  return nullptr;
}

const std::vector<std::string>& TimelinessValues() {
  static const auto* kValues =
      new std::vector<std::string>{"on_time", "late", "open", "overdue", "none"};
  return *kValues;
}

}  // namespace

std::optional<Period> CheckPeriod(FieldViolations& v, const v1::Period& p) {
  std::optional<absl::CivilDay> from = CheckDate(v, "period.from", p.from());
  std::optional<absl::CivilDay> to = CheckDate(v, "period.to", p.to());
  if (!from || !to) return std::nullopt;
  if (*to <= *from) {
    v.Add("period.to", absl::StrCat("must be after period.from (", absl::FormatCivilTime(*from),
                                    "): the period is half-open"));
    return std::nullopt;
  }
  const absl::CivilDay limit(from->year() + kMaxPeriodYears, from->month(), from->day());
  if (*to > limit) {
    v.Add("period.to", absl::StrCat("a period is at most ", kMaxPeriodYears,
                                    " years: at most ", absl::FormatCivilTime(limit)));
    return std::nullopt;
  }
  return Period{*from, *to};
}

namespace {

void CheckDimension(FieldViolations& v, const std::string& field, const std::string& name,
                    bool required) {
  if (name.empty()) {
    if (required) v.Add(field, "required");
    return;
  }
  if (!IsDimension(name)) {
    v.Add(field, absl::StrCat("unknown dimension ", Quoted(name), "; one of ",
                              absl::StrJoin(Dimensions(), ", ")));
  }
}

// The stored form of `value` of `dimension`, or a violation.
std::optional<std::string> StoredValue(FieldViolations& v, const std::string& field,
                                       const std::string& dimension, const std::string& value) {
  if (const google::protobuf::EnumDescriptor* e = EnumOf(dimension)) {
    const google::protobuf::EnumValueDescriptor* d = e->FindValueByName(value);
    if (d == nullptr) {
      v.Add(field, absl::StrCat("unknown value ", Quoted(value), " of ", e->name()));
      return std::nullopt;
    }
    return std::to_string(d->number());
  }
  if (dimension == "timeliness") {
    const auto& ok = TimelinessValues();
    if (std::find(ok.begin(), ok.end(), value) == ok.end()) {
      v.Add(field, absl::StrCat("unknown value ", Quoted(value), "; one of ",
                                absl::StrJoin(ok, ", ")));
      return std::nullopt;
    }
    return value;
  }
  if (dimension == "month") {
    int y = 0, m = 0;
    if (value.size() != 7 || value[4] != '-' || !absl::SimpleAtoi(value.substr(0, 4), &y) ||
        !absl::SimpleAtoi(value.substr(5, 2), &m) || m < 1 || m > 12) {
      v.Add(field, absl::StrCat("not a month YYYY-MM: ", Quoted(value)));
      return std::nullopt;
    }
    return value;
  }
  const size_t before = v.violations().size();
  CheckText(v, field, value, kMaxValueChars);
  if (v.violations().size() != before) return std::nullopt;
  return value;
}

}  // namespace

const std::vector<std::string>& Dimensions() {
  static const auto* kDimensions = new std::vector<std::string>{
      "channel",  "attribute",     "kind",          "form",      "sex",
      "subject",  "social_status", "author_category", "topic",   "main_topic",
      "topic_heading", "territory", "status",       "result",    "executor",
      "parent_executor", "month",  "timeliness"};
  return *kDimensions;
}

bool IsDimension(const std::string& name) {
  const auto& d = Dimensions();
  return std::find(d.begin(), d.end(), name) != d.end();
}

absl::StatusOr<ReportQuery> ParseReportRequest(const v1::Period& period,
                                               const std::string& territory_code,
                                               const refdata::Classifier& classifier) {
  FieldViolations v;
  std::optional<ReportQuery> q = CheckReportRequest(v, period, territory_code, classifier);
  RETURN_IF_ERROR(v.ToStatus("invalid report request"));
  return *q;
}

std::optional<ReportQuery> CheckReportRequest(FieldViolations& v, const v1::Period& period,
                                              const std::string& territory_code,
                                              const refdata::Classifier& classifier) {
  std::optional<Period> p = CheckPeriod(v, period);
  ReportQuery q;
  if (!territory_code.empty()) {
    if (classifier.FindTerritory(territory_code) == nullptr) {
      v.Add("territory_code", absl::StrCat("unknown territory ", Quoted(territory_code)));
    } else {
      for (const auto& [code, t] : classifier.territories()) {
        if (classifier.IsWithin(code, territory_code)) q.territories.push_back(code);
      }
      // The whole oblast is every territory: no filter at all.
      if (q.territories.size() == classifier.territories().size()) q.territories.clear();
    }
  }
  if (!p || !v.empty()) return std::nullopt;
  q.period = *p;
  return q;
}

absl::StatusOr<CountQuery> ParseCountRequest(const v1::CountAppealsRequest& request) {
  FieldViolations v;
  std::optional<Period> p = CheckPeriod(v, request.period());
  CheckDimension(v, "first_dimension", request.first_dimension(), /*required=*/true);
  CheckDimension(v, "second_dimension", request.second_dimension(), /*required=*/false);
  if (!request.second_dimension().empty() &&
      request.second_dimension() == request.first_dimension()) {
    v.Add("second_dimension", "must differ from first_dimension");
  }
  CountQuery q;
  if (request.filters_size() > kMaxFilters) {
    v.Add("filters", absl::StrCat("at most ", kMaxFilters, " filters"));
  }
  for (int i = 0; i < request.filters_size() && i < kMaxFilters; ++i) {
    const v1::Filter& f = request.filters(i);
    const std::string field = absl::StrCat("filters[", i, "]");
    CheckDimension(v, field + ".dimension", f.dimension(), /*required=*/true);
    if (f.values().empty()) v.Add(field + ".values", "required: at least one value");
    if (f.values_size() > kMaxFilterValues) {
      v.Add(field + ".values", absl::StrCat("at most ", kMaxFilterValues, " values"));
      continue;
    }
    if (!IsDimension(f.dimension())) continue;
    if (q.filters.count(f.dimension()) != 0) {
      v.Add(field + ".dimension", absl::StrCat("filters ", Quoted(f.dimension()),
                                               " twice; give every value in one filter"));
      continue;
    }
    std::vector<std::string>& values = q.filters[f.dimension()];
    for (int j = 0; j < f.values_size(); ++j) {
      std::optional<std::string> s =
          StoredValue(v, absl::StrCat(field, ".values[", j, "]"), f.dimension(), f.values(j));
      if (s) values.push_back(*s);
    }
  }
  RETURN_IF_ERROR(v.ToStatus("invalid report request"));
  q.period = *p;
  q.first = request.first_dimension();
  q.second = request.second_dimension();
  return q;
}

std::string DisplayValue(const std::string& dimension, const std::string& stored) {
  if (const google::protobuf::EnumDescriptor* e = EnumOf(dimension)) {
    int n = 0;
    if (absl::SimpleAtoi(stored, &n)) {
      if (const auto* d = e->FindValueByNumber(n)) return d->name();
    }
  }
  return stored;
}

std::string DisplayLabel(const std::string& dimension, const std::string& stored,
                         const refdata::Classifier& classifier,
                         const std::map<std::string, std::string>& executor_names) {
  if (EnumOf(dimension) != nullptr) {
    int n = 0;
    if (absl::SimpleAtoi(stored, &n)) return EnumLabel(dimension, n);
    return stored;
  }
  if (dimension == "topic" || dimension == "main_topic" || dimension == "topic_heading") {
    if (const refdata::Topic* t = classifier.FindTopic(stored)) return t->name_uk;
  } else if (dimension == "territory") {
    if (const refdata::Territory* t = classifier.FindTerritory(stored)) return t->name_uk;
  } else if (dimension == "executor" || dimension == "parent_executor") {
    auto it = executor_names.find(stored);
    if (it != executor_names.end()) return it->second;
  } else if (dimension == "timeliness") {
    if (stored == "on_time") return "Розглянуто у встановлений строк";
    if (stored == "late") return "Розглянуто з порушенням строку";
    if (stored == "open") return "На розгляді";
    if (stored == "overdue") return "На розгляді, строк минув";
    if (stored == "none") return "Не направлялося на розгляд";
  }
  return stored;
}

}  // namespace contactcenter::analytics
