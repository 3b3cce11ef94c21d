#include "text/topic_model.h"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "absl/strings/str_cat.h"

namespace contactcenter::analytics::text {
namespace {

// Code points of a UTF-8 string, as byte offsets (and the end).
std::vector<size_t> Boundaries(const std::string& s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  out.push_back(s.size());
  return out;
}

void Quiet(const char*) {}

// liblinear's input: a row of nodes ending with index -1, with the bias.
std::vector<feature_node> Nodes(const std::vector<std::pair<int, double>>& x, int bias_index) {
  std::vector<feature_node> out;
  out.reserve(x.size() + 2);
  for (const auto& [i, v] : x) out.push_back({i, v});
  out.push_back({bias_index, 1.0});
  out.push_back({-1, 0});
  return out;
}

struct Fitted {
  model* m = nullptr;
  ~Fitted() {
    if (m) free_and_destroy_model(&m);
  }
};

// Trains on `rows` (indices into xs/ys). nullptr when liblinear refuses.
model* Fit(const std::vector<std::vector<feature_node>>& xs, const std::vector<double>& ys,
           const std::vector<size_t>& rows, int n_features, double c) {
  std::vector<feature_node*> x;
  std::vector<double> y;
  for (size_t r : rows) {
    x.push_back(const_cast<feature_node*>(xs[r].data()));
    y.push_back(ys[r]);
  }
  problem prob{};
  prob.l = static_cast<int>(rows.size());
  prob.n = n_features + 1;  // the bias feature
  prob.y = y.data();
  prob.x = x.data();
  prob.bias = -1;  // the bias is in the rows already
  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = 0.01;
  param.C = c;
  if (check_parameter(&prob, &param) != nullptr) return nullptr;
  return train(&prob, &param);
}

// Probabilities of `m` for row x, by our label order (label i = class i).
std::vector<double> Predicted(model* m, const feature_node* x, size_t n_topics) {
  std::vector<double> raw(get_nr_class(m));
  predict_probability(m, x, raw.data());
  std::vector<int> labels(raw.size());
  get_labels(m, labels.data());
  std::vector<double> out(n_topics, 0.0);
  for (size_t k = 0; k < raw.size(); ++k) out[labels[k]] = raw[k];
  return out;
}

std::vector<double> Temper(std::vector<double> p, double t) {
  double sum = 0;
  for (double& v : p) {
    v = std::pow(std::max(v, 1e-12), 1.0 / t);
    sum += v;
  }
  for (double& v : p) v /= sum;
  return p;
}

}  // namespace

std::map<std::string, int> RawFeatures(const std::vector<std::string>& lemmas) {
  std::map<std::string, int> out;
  for (const std::string& lemma : lemmas) {
    ++out["w:" + lemma];
    const std::string padded = " " + lemma + " ";
    const std::vector<size_t> b = Boundaries(padded);
    const size_t chars = b.size() - 1;
    for (size_t n = 3; n <= 5; ++n) {
      for (size_t i = 0; i + n <= chars; ++i) {
        ++out[absl::StrCat("c:", padded.substr(b[i], b[i + n] - b[i]))];
      }
    }
  }
  return out;
}

absl::StatusOr<std::unique_ptr<TopicModel>> TopicModel::Train(
    const std::vector<LabelledText>& examples, const TopicModelOptions& options) {
  set_print_string_function(&Quiet);
  std::unique_ptr<TopicModel> m(new TopicModel());
  std::map<std::string, int> topic_index;
  for (const LabelledText& e : examples) topic_index.emplace(e.topic, 0);
  if (topic_index.size() < 2) {
    return absl::InvalidArgumentError("a topic model needs examples of at least two topics");
  }
  for (auto& [topic, i] : topic_index) {
    i = static_cast<int>(m->topics_.size());
    m->topics_.push_back(topic);
  }
  // Vocabulary and document frequencies.
  std::vector<std::map<std::string, int>> raw;
  std::map<std::string, int> df;
  for (const LabelledText& e : examples) {
    raw.push_back(RawFeatures(e.lemmas));
    for (const auto& [f, n] : raw.back()) ++df[f];
  }
  if (df.empty()) return absl::InvalidArgumentError("the examples have no words to learn from");
  for (const auto& [f, n] : df) {
    m->vocabulary_[f] = static_cast<int>(m->vocabulary_.size()) + 1;
    m->idf_.push_back(std::log((1.0 + examples.size()) / (1.0 + n)) + 1.0);
  }
  m->examples_ = examples.size();
  const int n_features = static_cast<int>(m->vocabulary_.size());
  std::vector<std::vector<feature_node>> xs;
  std::vector<double> ys;
  m->prior_.assign(m->topics_.size(), 0.0);
  for (size_t i = 0; i < examples.size(); ++i) {
    xs.push_back(Nodes(m->Features(examples[i].lemmas), n_features + 1));
    const int label = topic_index[examples[i].topic];
    ys.push_back(label);
    m->prior_[label] += 1.0 / examples.size();
  }

  // Calibration: the temperature that minimises the log loss of
  // out-of-fold predictions.
  if (options.calibration_folds >= 2 && examples.size() >= 10 * static_cast<size_t>(options.calibration_folds)) {
    std::vector<size_t> order(examples.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937 rng(options.seed);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<std::vector<double>> held(examples.size());
    for (int f = 0; f < options.calibration_folds; ++f) {
      std::vector<size_t> train_rows, test_rows;
      for (size_t k = 0; k < order.size(); ++k) {
        (static_cast<int>(k % options.calibration_folds) == f ? test_rows : train_rows).push_back(order[k]);
      }
      Fitted fold{Fit(xs, ys, train_rows, n_features, options.c)};
      if (fold.m == nullptr) return absl::InternalError("liblinear refused the training set");
      for (size_t r : test_rows) held[r] = Predicted(fold.m, xs[r].data(), m->topics_.size());
    }
    double best_t = 1.0, best_loss = INFINITY;
    for (double t = 0.2; t <= 3.0001; t += 0.05) {
      double loss = 0;
      for (size_t r = 0; r < held.size(); ++r) {
        loss -= std::log(std::max(Temper(held[r], t)[static_cast<size_t>(ys[r])], 1e-12));
      }
      if (loss < best_loss) {
        best_loss = loss;
        best_t = t;
      }
    }
    m->temperature_ = best_t;
  }
  std::vector<size_t> all(examples.size());
  std::iota(all.begin(), all.end(), 0);
  m->model_ = Fit(xs, ys, all, n_features, options.c);
  if (m->model_ == nullptr) return absl::InternalError("liblinear refused the training set");
  return m;
}

TopicModel::~TopicModel() {
  if (model_) free_and_destroy_model(&model_);
}

TopicModel::Sparse TopicModel::Features(const std::vector<std::string>& lemmas) const {
  Sparse out;
  double norm = 0;
  for (const auto& [f, n] : RawFeatures(lemmas)) {
    auto it = vocabulary_.find(f);
    if (it == vocabulary_.end()) continue;
    const double w = (1.0 + std::log(static_cast<double>(n))) * idf_[it->second - 1];
    out.emplace_back(it->second, w);
    norm += w * w;
  }
  std::sort(out.begin(), out.end());
  norm = std::sqrt(norm);
  for (auto& [i, w] : out) w /= norm;
  return out;
}

std::vector<double> TopicModel::Probabilities(const Sparse& x) const {
  if (x.empty()) return prior_;
  std::vector<feature_node> nodes = Nodes(x, static_cast<int>(vocabulary_.size()) + 1);
  return Temper(Predicted(model_, nodes.data(), topics_.size()), temperature_);
}

std::vector<TopicScore> TopicModel::Predict(const std::vector<std::string>& lemmas,
                                            size_t top) const {
  const std::vector<double> p = Probabilities(Features(lemmas));
  std::vector<TopicScore> out;
  for (size_t i = 0; i < topics_.size(); ++i) out.push_back({topics_[i], p[i]});
  std::sort(out.begin(), out.end(), [](const TopicScore& a, const TopicScore& b) {
    return a.probability != b.probability ? a.probability > b.probability : a.topic < b.topic;
  });
  if (out.size() > top) out.resize(top);
  return out;
}

}  // namespace contactcenter::analytics::text
