// The spike detection use case: the daily job (the scan and the CUSUM over
// the projection's topic x territory x day counts, src/detect) stores each
// new signal, announces it in analytics' log (SignalRaised) and counts it
// (analytics_spike_signals_total{method}); analysts and supervisors list
// the signals and confirm or dismiss each (SignalDecided), and the
// administration's system lists the confirmed ones.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/status/page_token.h"
#include "detect/adjacency.h"
#include "detect/daily.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"
#include "signal_store.h"

namespace contactcenter::analytics {

// The days of counts the detection reads: the scan's study period (the
// CUSUM needs 63 of them).
inline constexpr int kSpikeStudyDays = 365;

// The cube of the `days` days ending on `day` from stored counts: the
// classifier's top-level topics by the adjacency's territories, a code
// under a territory (classifier.IsWithin) counted in it, and every other
// code (the oblast as a whole) in a last territory "*" that is in no zone.
// Pure.
detect::CountCube CubeFromCounts(const std::vector<TopicDayCount>& counts,
                                 const refdata::Classifier& classifier,
                                 const detect::Adjacency& adjacency, absl::CivilDay day, int days);

class SpikeDetection {
 public:
  // `registry` may be null. `options.scan.seed` unset: each day's Monte
  // Carlo is seeded with the day, so a run can be repeated exactly.
  SpikeDetection(db::Pool* pool, SignalStore* store, eventlog::Producer* events,
                 const refdata::Classifier* classifier, const detect::Adjacency* adjacency,
                 const Clock* clock, prometheus::Registry* registry,
                 detect::DailyOptions options = {});

  // The periodic job: analyses yesterday (Kyiv) unless that was done.
  absl::Status RunDaily();
  // Analyses `day` once (one transaction): the signals stored, or none when
  // the day was analysed already.
  absl::StatusOr<std::vector<v1::Signal>> Analyse(absl::CivilDay day);

  absl::StatusOr<Page<v1::Signal>> List(const SignalQuery& q, int page_size);
  // NOT_FOUND for no such signal, FAILED_PRECONDITION when it was decided.
  absl::StatusOr<v1::Signal> Decide(const std::string& signal_id, v1::SignalStatus decision,
                                    const std::string& reason, const auth::Principal& who);

  const refdata::Classifier& classifier() const { return *classifier_; }

 private:
  db::Pool* pool_;
  SignalStore* store_;
  eventlog::Producer* events_;
  const refdata::Classifier* classifier_;
  const detect::Adjacency* adjacency_;
  const Clock* clock_;
  detect::DailyOptions options_;
  std::vector<std::vector<int>> zones_;
  prometheus::Counter* scan_signals_ = nullptr;
  prometheus::Counter* cusum_signals_ = nullptr;
};

}  // namespace contactcenter::analytics
