// Content analysis (issue 15), the pure parts: the request checked, the
// emerging terms ranked, the answer as CSV, the seed set read.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/refdata/classifier.h"
#include "report_request.h"
#include "text/lemmatizer.h"
#include "text/topic_model.h"
#include "text_store.h"

namespace contactcenter::analytics {

inline constexpr int kDefaultContentLimit = 20;
inline constexpr int kMaxContentLimit = 200;
inline constexpr int kDefaultPreviousPeriods = 3;
inline constexpr int kMaxPreviousPeriods = 12;
// An emerging term is one of at least this many appeals in the period.
inline constexpr int kMinEmergingAppeals = 3;
inline constexpr size_t kMaxDraftEssenceChars = 10000;

struct ContentQuery {
  ContentScope scope;
  int limit = kDefaultContentLimit;
};

// Every bad field at once (period, territory_code, topic_code, limit,
// previous_periods); the baseline is the `previous_periods` periods of the
// same length just before the period.
absl::StatusOr<ContentQuery> ParseContentRequest(const v1::AnalyseContentRequest& request,
                                                 const refdata::Classifier& classifier);

// The terms whose share rose most, as v1::EmergingTerm.rise defines it,
// greatest first (ties: more appeals, then the term), at most `limit`.
std::vector<v1::EmergingTerm> RankEmerging(const std::vector<TermRow>& rows, int64_t appeals,
                                           int64_t baseline_appeals, int limit);

// The answer as CSV: kind (термін, фраза, новий термін), term, appeals,
// share, baseline appeals, baseline share, rise.
std::vector<std::string> ContentCsv(const v1::AnalyseContentResponse& r, size_t chunk_bytes);

// The seed set (topic-seed.csv: topic,essence), lemmatised; every topic
// must be a heading the classifier knows.
absl::StatusOr<std::vector<text::LabelledText>> LoadTopicSeed(const std::string& path,
                                                              const text::Lemmatizer& lemmatizer,
                                                              const refdata::Classifier& classifier);

// A topic code's heading: "106.012" -> "106".
std::string TopicHeading(const std::string& code);

}  // namespace contactcenter::analytics
