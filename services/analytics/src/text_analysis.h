// The text use cases (issue 15): following new appeals' essences through
// intake's audited read and keeping their lemmas, content analysis over
// them, and topic suggestion (trained at start and on demand).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "content_analysis.h"
#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/refdata/classifier.h"
#include "grpcpp/channel.h"
#include "text/lemmatizer.h"
#include "text/topic_model.h"
#include "text_store.h"

namespace contactcenter::analytics {

// Where essences come from: intake's ReadEssencesForAnalysis.
class EssenceSource {
 public:
  virtual ~EssenceSource() = default;
  // The essences of those of `ids` that exist, by id (at most 100 ids).
  virtual absl::StatusOr<std::map<std::string, std::string>> Read(
      const std::vector<std::string>& ids) = 0;
};

class IntakeEssences final : public EssenceSource {
 public:
  // What the audit records as the purpose of each read.
  static constexpr char kPurpose[] = "content analysis";
  IntakeEssences(std::shared_ptr<grpc::Channel> channel, std::string service_token);
  absl::StatusOr<std::map<std::string, std::string>> Read(
      const std::vector<std::string>& ids) override;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
};

class TextAnalysis {
 public:
  // Essences are asked for in batches of this many.
  static constexpr int kBatch = 100;
  // One run of the job reads at most this many batches.
  static constexpr int kMaxBatchesPerRun = 50;
  // The topic model learns from at most this many registered appeals.
  static constexpr int kMaxTrainingAppeals = 200000;

  TextAnalysis(db::Pool* pool, TextStore* store, const text::Lemmatizer* lemmatizer,
               EssenceSource* essences, const refdata::Classifier* classifier,
               std::vector<text::LabelledText> seed, const Clock* clock)
      : pool_(pool),
        store_(store),
        lemmatizer_(lemmatizer),
        essences_(essences),
        classifier_(classifier),
        seed_(std::move(seed)),
        clock_(clock) {}

  // The periodic job "essence_terms": reads the essences of appeals without
  // terms, in batches, and keeps their lemmas and phrases (only those);
  // returns how many appeals it analysed.
  absl::StatusOr<int> AnalyseNewAppeals();

  absl::StatusOr<v1::AnalyseContentResponse> Content(const ContentQuery& q);

  // The three likeliest headings of `essence` (not stored, not logged).
  absl::StatusOr<v1::SuggestTopicsResponse> Suggest(const std::string& essence) const;

  // Trains a model on the seed set and the analysed appeals' main topics
  // (their headings), and uses it from now on.
  absl::StatusOr<v1::RetrainTopicModelResponse> Retrain();
  // The same on the seed set alone, without the database: at start, so
  // that suggestions work before the first Retrain.
  absl::Status TrainOnSeed();

  const refdata::Classifier& classifier() const { return *classifier_; }

 private:
  absl::StatusOr<v1::RetrainTopicModelResponse> Train(std::vector<TrainingRow> rows);

  db::Pool* pool_;
  TextStore* store_;
  const text::Lemmatizer* lemmatizer_;
  EssenceSource* essences_;
  const refdata::Classifier* classifier_;
  const std::vector<text::LabelledText> seed_;
  const Clock* clock_;
  mutable std::mutex mu_;
  std::shared_ptr<const text::TopicModel> model_;  // guarded by mu_
};

}  // namespace contactcenter::analytics
