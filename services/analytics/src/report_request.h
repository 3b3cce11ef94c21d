// What a report request asks, checked: the period (Kyiv dates, half-open,
// at most 5 years), the territory, the dimensions and filters of
// CountAppeals. Pure: every bad field is named at once (INVALID_ARGUMENT
// with google.rpc.BadRequest), nothing reaches the database.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::analytics {

// Kyiv days: `from` inclusive, `to` exclusive.
struct Period {
  absl::CivilDay from;
  absl::CivilDay to;
};

inline constexpr int kMaxPeriodYears = 5;
inline constexpr int kMaxFilters = 10;
inline constexpr int kMaxFilterValues = 100;

struct ReportQuery {
  Period period;
  // The territory asked for and every territory under it; empty for all
  // (none asked for, or the root: the whole oblast).
  std::vector<std::string> territories;
};

// The dimensions CountAppeals knows, in the order the contract lists them.
const std::vector<std::string>& Dimensions();
bool IsDimension(const std::string& name);

struct CountQuery {
  Period period;
  std::string first;
  std::string second;  // empty for one dimension
  // Dimension -> the values to keep, as stored (an enum's number as text,
  // a code, a month "2026-03").
  std::map<std::string, std::vector<std::string>> filters;
};

// The period, or nullopt and violations on period.from / period.to.
std::optional<Period> CheckPeriod(FieldViolations& v, const v1::Period& p);

absl::StatusOr<ReportQuery> ParseReportRequest(const v1::Period& period,
                                               const std::string& territory_code,
                                               const refdata::Classifier& classifier);
// The same, adding its problems to `v` (for a request with more fields):
// nullopt when `v` has any.
std::optional<ReportQuery> CheckReportRequest(FieldViolations& v, const v1::Period& period,
                                              const std::string& territory_code,
                                              const refdata::Classifier& classifier);
absl::StatusOr<CountQuery> ParseCountRequest(const v1::CountAppealsRequest& request);

// A stored value of `dimension` as the caller sees it (an enum's name, else
// the value itself), and its Ukrainian label (the classifier's name for an
// enum or a topic, a territory's name, an executor's name from `executors`).
std::string DisplayValue(const std::string& dimension, const std::string& stored);
std::string DisplayLabel(const std::string& dimension, const std::string& stored,
                         const refdata::Classifier& classifier,
                         const std::map<std::string, std::string>& executor_names);

}  // namespace contactcenter::analytics
