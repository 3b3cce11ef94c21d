// The reports use case: each report is one read transaction on the
// projection, timed (analytics_report_duration_seconds{report}).
#pragma once

#include "absl/status/statusor.h"
#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/refdata/classifier.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "report_request.h"
#include "report_store.h"

namespace contactcenter::analytics {

class Reports {
 public:
  // `registry` may be null.
  Reports(db::Pool* pool, ReportStore* store, const refdata::Classifier* classifier,
          const Clock* clock, prometheus::Registry* registry);

  absl::StatusOr<v1::GetClassifierReportResponse> Classifier(const ReportQuery& q);
  absl::StatusOr<v1::GetTimelinessReportResponse> Timeliness(const ReportQuery& q);
  absl::StatusOr<v1::CountAppealsResponse> Count(const CountQuery& q);

  const refdata::Classifier& classifier() const { return *classifier_; }

 private:
  absl::CivilDay Today() const;

  db::Pool* pool_;
  ReportStore* store_;
  const refdata::Classifier* classifier_;
  const Clock* clock_;
  prometheus::Histogram* classifier_seconds_ = nullptr;
  prometheus::Histogram* timeliness_seconds_ = nullptr;
  prometheus::Histogram* count_seconds_ = nullptr;
};

}  // namespace contactcenter::analytics
