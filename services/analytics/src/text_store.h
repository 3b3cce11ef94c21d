// The only SQL of analytics' text parts (issue 15): appeal_terms (migration
// 0005), the appeals still to analyse, the counts behind content analysis
// and the topic model's training rows. Each method runs in the caller's
// transaction and returns Status (db::Guarded).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "report_request.h"

namespace contactcenter::analytics {

struct TermRow {
  std::string term;
  int64_t appeals = 0;           // in the period
  int64_t baseline_appeals = 0;  // in the baseline before it
};

// What content analysis counts over: appeals received in [baseline_from,
// period.to), in `territories` (empty: all) with a topic under `topic`
// ("" any); the period is [period.from, period.to).
struct ContentScope {
  Period period;
  absl::CivilDay baseline_from;
  std::vector<std::string> territories;
  std::string topic;
};

struct TrainingRow {
  std::string topic_code;  // the main topic, as stored
  std::vector<std::string> lemmas;
};

class TextStore {
 public:
  // Appeals of the projection without terms, oldest receipt first.
  absl::StatusOr<std::vector<std::string>> PendingAppeals(db::Tx& tx, int limit);
  // Keeps an appeal's lemmas and phrases (the first analysis wins).
  absl::Status StoreTerms(db::Tx& tx, const std::string& appeal_id,
                          const std::vector<std::string>& lemmas,
                          const std::vector<std::string>& phrases, absl::Time now);
  // Analysed appeals in the period and in the baseline.
  absl::StatusOr<std::pair<int64_t, int64_t>> CountAnalysed(db::Tx& tx, const ContentScope& s);
  // Terms (`phrases` false) or phrases by appeals in the period, most
  // first, ties by term, at most `limit`.
  absl::StatusOr<std::vector<TermRow>> TopTerms(db::Tx& tx, const ContentScope& s, bool phrases,
                                                int limit);
  // Every term of at least `min_appeals` appeals in the period, with its
  // baseline count.
  absl::StatusOr<std::vector<TermRow>> TermsWithBaseline(db::Tx& tx, const ContentScope& s,
                                                         int min_appeals);
  // Analysed appeals with a main topic and at least one lemma, newest
  // first, at most `limit`.
  absl::StatusOr<std::vector<TrainingRow>> TrainingRows(db::Tx& tx, int limit);
};

}  // namespace contactcenter::analytics
