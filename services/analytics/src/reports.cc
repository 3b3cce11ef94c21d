#include "reports.h"

#include "contactcenter/status/macros.h"
#include "report_layout.h"

namespace contactcenter::analytics {
namespace {

// Observes the time from construction to destruction.
class Timer {
 public:
  Timer(prometheus::Histogram* h, const Clock* clock) : h_(h), clock_(clock), start_(clock->Now()) {}
  ~Timer() {
    if (h_ != nullptr) h_->Observe(absl::ToDoubleSeconds(clock_->Now() - start_));
  }

 private:
  prometheus::Histogram* h_;
  const Clock* clock_;
  absl::Time start_;
};

}  // namespace

Reports::Reports(db::Pool* pool, ReportStore* store, const refdata::Classifier* classifier,
                 const Clock* clock, prometheus::Registry* registry)
    : pool_(pool), store_(store), classifier_(classifier), clock_(clock) {
  if (registry == nullptr) return;
  auto& family = prometheus::BuildHistogram()
                     .Name("analytics_report_duration_seconds")
                     .Help("Time to compute a report, by report")
                     .Register(*registry);
  const prometheus::Histogram::BucketBoundaries buckets = {0.005, 0.01, 0.025, 0.05, 0.1,
                                                           0.2,   0.5,  1,     2.5,  5};
  classifier_seconds_ = &family.Add({{"report", "classifier"}}, buckets);
  timeliness_seconds_ = &family.Add({{"report", "timeliness"}}, buckets);
  count_seconds_ = &family.Add({{"report", "count"}}, buckets);
}

absl::CivilDay Reports::Today() const { return absl::ToCivilDay(clock_->Now(), KyivTimeZone()); }

absl::StatusOr<v1::GetClassifierReportResponse> Reports::Classifier(const ReportQuery& q) {
  Timer t(classifier_seconds_, clock_);
  const absl::CivilDay today = Today();
  ASSIGN_OR_RETURN(ClassifierCounts counts,
                   pool_->Read([&](db::Tx& tx) { return store_->Classifier(tx, q, today); }));
  return LayOutClassifierReport(counts, *classifier_);
}

absl::StatusOr<v1::GetTimelinessReportResponse> Reports::Timeliness(const ReportQuery& q) {
  Timer t(timeliness_seconds_, clock_);
  const absl::CivilDay today = Today();
  ASSIGN_OR_RETURN(std::vector<v1::TimelinessRow> rows,
                   pool_->Read([&](db::Tx& tx) { return store_->Timeliness(tx, q, today); }));
  v1::GetTimelinessReportResponse out;
  for (v1::TimelinessRow& r : rows) *out.add_rows() = std::move(r);
  return out;
}

absl::StatusOr<v1::CountAppealsResponse> Reports::Count(const CountQuery& q) {
  Timer t(count_seconds_, clock_);
  const absl::CivilDay today = Today();
  struct Result {
    std::vector<CountCell> cells;
    std::map<std::string, std::string> names;
  };
  ASSIGN_OR_RETURN(Result result, pool_->Read([&](db::Tx& tx) -> absl::StatusOr<Result> {
    Result r;
    ASSIGN_OR_RETURN(r.cells, store_->Count(tx, q, today));
    ASSIGN_OR_RETURN(r.names, store_->ExecutorNames(tx));
    return r;
  }));
  v1::CountAppealsResponse out;
  for (const CountCell& c : result.cells) {
    v1::CountRow* row = out.add_rows();
    row->set_first_value(DisplayValue(q.first, c.first));
    row->set_first_label(DisplayLabel(q.first, c.first, *classifier_, result.names));
    if (!q.second.empty()) {
      row->set_second_value(DisplayValue(q.second, c.second));
      row->set_second_label(DisplayLabel(q.second, c.second, *classifier_, result.names));
    }
    row->set_count(c.count);
  }
  return out;
}

}  // namespace contactcenter::analytics
