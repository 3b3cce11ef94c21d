// The reports laid out as rows and as CSV. Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/refdata/classifier.h"
#include "report_request.h"
#include "report_store.h"

namespace contactcenter::analytics {

// The classifier report: the total, section I items 1-9 (every item, zero
// or not), section II (every heading of the classifier with its
// sub-topics, and any other code the appeals carry), then the additional
// rows ("Д").
v1::GetClassifierReportResponse LayOutClassifierReport(const ClassifierCounts& counts,
                                                       const refdata::Classifier& classifier);

// The dimension's name in Ukrainian, for a CSV header.
std::string DimensionTitle(const std::string& dimension);

// CSV chunks (BOM and header first) of about `chunk_bytes` each.
std::vector<std::string> ClassifierCsv(const v1::GetClassifierReportResponse& report,
                                       size_t chunk_bytes);
std::vector<std::string> TimelinessCsv(const v1::GetTimelinessReportResponse& report,
                                       size_t chunk_bytes);
std::vector<std::string> CountCsv(const CountQuery& query, const v1::CountAppealsResponse& report,
                                  size_t chunk_bytes);

}  // namespace contactcenter::analytics
