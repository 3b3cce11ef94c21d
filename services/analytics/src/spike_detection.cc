#include "spike_detection.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/macros.h"
#include "report_request.h"

namespace contactcenter::analytics {
namespace {

constexpr char kElsewhere[] = "*";

detect::Finding FindingOf(const v1::Signal& s) {
  detect::Finding f;
  f.method = static_cast<detect::Method>(s.method());
  f.topic_code = s.topic_code();
  f.territory_codes.assign(s.territory_codes().begin(), s.territory_codes().end());
  f.detected_on = FromDate(s.detected_on());
  return f;
}

v1::Signal SignalOf(const detect::Finding& f, absl::Time now) {
  v1::Signal s;
  s.set_method(f.method == detect::Method::kScan ? v1::SIGNAL_METHOD_SPACE_TIME_SCAN
                                                 : v1::SIGNAL_METHOD_NB_CUSUM);
  s.set_topic_code(f.topic_code);
  for (const std::string& t : f.territory_codes) s.add_territory_codes(t);
  *s.mutable_detected_on() = ToDate(f.detected_on);
  *s.mutable_first_day() = ToDate(f.first_day);
  s.set_observed(f.observed);
  s.set_expected(f.expected);
  s.set_statistic(f.statistic);
  s.set_p_value(f.p_value);
  s.set_recurrence_days(f.recurrence_days);
  s.set_status(v1::SIGNAL_STATUS_NEW);
  *s.mutable_created_at() = ToTimestamp(now);
  return s;
}

template <typename Event>
Event EventOf(const v1::Signal& s) {
  Event e;
  e.set_signal_id(s.signal_id());
  e.mutable_territory_codes()->CopyFrom(s.territory_codes());
  e.set_topic_code(s.topic_code());
  *e.mutable_detected_on() = s.detected_on();
  return e;
}

}  // namespace

detect::CountCube CubeFromCounts(const std::vector<TopicDayCount>& counts,
                                 const refdata::Classifier& classifier,
                                 const detect::Adjacency& adjacency, absl::CivilDay day,
                                 int days) {
  std::vector<std::string> topics;
  for (const auto& [code, topic] : classifier.topics()) {
    if (refdata::TopicDepth(code) == 1) topics.push_back(code);
  }
  std::vector<std::string> territories = adjacency.territories();
  territories.push_back(kElsewhere);
  const absl::CivilDay first = day - (days - 1);
  detect::CountCube cube(topics, territories, first, days);
  std::map<std::string, int> territory_of;
  for (const TopicDayCount& c : counts) {
    const int k = cube.TopicIndex(c.topic_code);
    if (k < 0 || c.day < first || c.day > day) continue;
    auto it = territory_of.find(c.territory_code);
    if (it == territory_of.end()) {
      int z = static_cast<int>(territories.size()) - 1;
      for (size_t i = 0; i + 1 < territories.size(); ++i) {
        if (classifier.IsWithin(c.territory_code, territories[i])) z = static_cast<int>(i);
      }
      it = territory_of.emplace(c.territory_code, z).first;
    }
    cube.at(k, it->second, static_cast<int>(c.day - first)) += static_cast<int>(c.n);
  }
  return cube;
}

SpikeDetection::SpikeDetection(db::Pool* pool, SignalStore* store, eventlog::Producer* events,
                               const refdata::Classifier* classifier,
                               const detect::Adjacency* adjacency, const Clock* clock,
                               prometheus::Registry* registry, detect::DailyOptions options)
    : pool_(pool),
      store_(store),
      events_(events),
      classifier_(classifier),
      adjacency_(adjacency),
      clock_(clock),
      options_(options),
      zones_(adjacency->Zones()) {
  if (registry == nullptr) return;
  auto& family = prometheus::BuildCounter()
                     .Name("analytics_spike_signals_total")
                     .Help("Spike signals the daily detection stored, by method")
                     .Register(*registry);
  scan_signals_ = &family.Add({{"method", "space_time_scan"}});
  cusum_signals_ = &family.Add({{"method", "nb_cusum"}});
}

absl::Status SpikeDetection::RunDaily() {
  const absl::CivilDay today = absl::ToCivilDay(clock_->Now(), KyivTimeZone());
  return Analyse(today - 1).status();
}

absl::StatusOr<std::vector<v1::Signal>> SpikeDetection::Analyse(absl::CivilDay day) {
  detect::DailyOptions options = options_;
  if (!options.scan.seed) options.scan.seed = static_cast<uint64_t>(day - absl::CivilDay(1970));
  ASSIGN_OR_RETURN(
      std::vector<v1::Signal> stored,
      pool_->Write([&](db::Tx& tx) -> absl::StatusOr<std::vector<v1::Signal>> {
        std::vector<v1::Signal> out;
        ASSIGN_OR_RETURN(bool done, store_->RunExists(tx, day));
        if (done) return out;
        const absl::Time now = clock_->Now();
        ASSIGN_OR_RETURN(std::vector<TopicDayCount> counts,
                         store_->TopicDayCounts(tx, day - (kSpikeStudyDays - 1), day));
        const detect::CountCube cube =
            CubeFromCounts(counts, *classifier_, *adjacency_, day, kSpikeStudyDays);
        ASSIGN_OR_RETURN(std::vector<v1::Signal> recent,
                         store_->DetectedSince(tx, day - options.repeat_days));
        std::vector<detect::Finding> earlier;
        for (const v1::Signal& s : recent) earlier.push_back(FindingOf(s));
        for (const detect::Finding& f : detect::DetectDay(cube, zones_, options)) {
          if (detect::Repeats(f, earlier, options.repeat_days)) continue;
          v1::Signal s = SignalOf(f, now);
          ASSIGN_OR_RETURN(*s.mutable_signal_id(), store_->Insert(tx, s));
          v1::SignalRaised raised = EventOf<v1::SignalRaised>(s);
          raised.set_method(s.method());
          RETURN_IF_ERROR(events_->Append(tx, s.signal_id(), raised, now));
          out.push_back(std::move(s));
        }
        RETURN_IF_ERROR(store_->RecordRun(tx, day, now, static_cast<int>(out.size())));
        return out;
      }));
  for (const v1::Signal& s : stored) {
    prometheus::Counter* c =
        s.method() == v1::SIGNAL_METHOD_SPACE_TIME_SCAN ? scan_signals_ : cusum_signals_;
    if (c != nullptr) c->Increment();
  }
  if (!stored.empty()) {
    CC_LOG(Info) << "spike detection for " << absl::FormatCivilTime(day) << ": "
                 << stored.size() << " new signal(s)";
  }
  return stored;
}

absl::StatusOr<Page<v1::Signal>> SpikeDetection::List(const SignalQuery& q, int page_size) {
  ASSIGN_OR_RETURN(std::vector<v1::Signal> rows, pool_->Read([&](db::Tx& tx) {
    return store_->List(tx, q, FetchLimit(page_size));
  }));
  return CutPage(
      rows, page_size, [](const v1::Signal& s) { return s; },
      [](const v1::Signal& s) {
        return KeysetPosition{FromTimestamp(s.created_at()), s.signal_id()};
      });
}

absl::StatusOr<v1::Signal> SpikeDetection::Decide(const std::string& signal_id,
                                                  v1::SignalStatus decision,
                                                  const std::string& reason,
                                                  const auth::Principal& who) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::Signal> {
    ASSIGN_OR_RETURN(v1::Signal s, store_->GetForUpdate(tx, signal_id));
    if (s.status() != v1::SIGNAL_STATUS_NEW) {
      return absl::FailedPreconditionError(
          absl::StrCat("signal ", signal_id, " was decided already (",
                       v1::SignalStatus_Name(s.status()), ")"));
    }
    const absl::Time now = clock_->Now();
    RETURN_IF_ERROR(store_->Decide(tx, signal_id, decision, who.id, now, reason));
    s.set_status(decision);
    s.set_decided_by(who.id);
    *s.mutable_decided_at() = ToTimestamp(now);
    s.set_decision_reason(reason);
    v1::SignalDecided decided = EventOf<v1::SignalDecided>(s);
    decided.set_status(decision);
    RETURN_IF_ERROR(events_->Append(tx, signal_id, decided, now));
    return s;
  });
}

}  // namespace contactcenter::analytics
