// Topic suggestion: which classifier headings a text most likely raises.
// Features are TF-IDF weights (log-scaled counts, smoothed IDF, each
// text's vector of unit length) of its lemmas and of the character 3- to
// 5-grams of each lemma (" субсидія " gives " су", "суб", ... "ія "), so a
// form the dictionary stems oddly still shares most of its grams. The
// classifier is L2-regularised logistic regression (liblinear, one against
// the rest), its probabilities calibrated by a temperature fitted on
// held-out folds (the one that minimises their log loss). Pure, no
// database: the caller gives the lemmas (Lemmatizer) and labels.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

struct model;

namespace contactcenter::analytics::text {

struct LabelledText {
  std::string topic;  // a classifier heading, e.g. "106"
  std::vector<std::string> lemmas;
};

struct TopicScore {
  std::string topic;
  double probability = 0;
};

struct TopicModelOptions {
  double c = 8.0;            // liblinear's C (less regularisation when larger)
  int calibration_folds = 3;  // 0: no calibration (temperature 1)
  unsigned seed = 1;         // for the folds
};

class TopicModel {
 public:
  // INVALID_ARGUMENT with fewer than two topics or no features.
  static absl::StatusOr<std::unique_ptr<TopicModel>> Train(const std::vector<LabelledText>& examples,
                                                           const TopicModelOptions& options = {});
  ~TopicModel();

  // Every topic the model knows with its probability, most likely first
  // (ties by code), at most `top`. A text with no known feature gets the
  // prior of the training set.
  std::vector<TopicScore> Predict(const std::vector<std::string>& lemmas, size_t top) const;

  size_t examples() const { return examples_; }
  const std::vector<std::string>& topics() const { return topics_; }
  double temperature() const { return temperature_; }

 private:
  TopicModel() = default;
  using Sparse = std::vector<std::pair<int, double>>;  // 1-based index, weight
  Sparse Features(const std::vector<std::string>& lemmas) const;
  std::vector<double> Probabilities(const Sparse& x) const;

  std::map<std::string, int> vocabulary_;  // feature -> 1-based index
  std::vector<double> idf_;                // by index - 1
  std::vector<std::string> topics_;        // label i is topics_[i]
  std::vector<double> prior_;
  model* model_ = nullptr;
  double temperature_ = 1.0;
  size_t examples_ = 0;
};

// The features of a text before weighting: "w:<lemma>" and "c:<gram>",
// with counts. Public for tests.
std::map<std::string, int> RawFeatures(const std::vector<std::string>& lemmas);

}  // namespace contactcenter::analytics::text
