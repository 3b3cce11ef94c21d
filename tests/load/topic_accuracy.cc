// Topic suggestion's accuracy on a held-out split: lemmatises a labelled
// CSV (`topic,essence`; by default the seed set shipped with analytics,
// deploy/reference/topic-seed.csv), keeps a stratified share of each topic
// aside (fixed seed), trains the model analytics trains (TopicModel) on the
// rest and prints top-1 and top-3 accuracy, macro-F1 over the topics and
// the expected calibration error of the top suggestion. Run it again on
// real appeals (exported as the same two columns) for the figure that
// counts; the seed set's is only a check that the machinery learns.
//
//   build/tests/topic_accuracy [--csv=FILE] [--held_out=0.25] [--seed=1]
#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "contactcenter/refdata/csv.h"
#include "text/lemmatizer.h"
#include "text/topic_model.h"

ABSL_FLAG(std::string, csv, CC_REFERENCE_DIR "/topic-seed.csv", "Labelled texts: topic,essence.");
ABSL_FLAG(std::string, dictionary_dir, "/usr/share/hunspell", "uk_UA.aff and uk_UA.dic.");
ABSL_FLAG(std::string, stopwords, CC_REFERENCE_DIR "/stopwords-uk.txt", "The stop-word list.");
ABSL_FLAG(double, held_out, 0.25, "Share of each topic's texts kept aside for the test.");
ABSL_FLAG(unsigned, seed, 1, "Seed of the split.");
ABSL_FLAG(double, c, contactcenter::analytics::text::TopicModelOptions{}.c,
          "liblinear's C (the service's default).");

int main(int argc, char** argv) {
  using namespace contactcenter::analytics::text;
  absl::ParseCommandLine(argc, argv);
  auto lemmatizer =
      Lemmatizer::Load(absl::GetFlag(FLAGS_dictionary_dir), absl::GetFlag(FLAGS_stopwords));
  if (!lemmatizer.ok()) {
    std::fprintf(stderr, "%s\n", std::string(lemmatizer.status().message()).c_str());
    return 1;
  }
  auto table = contactcenter::refdata::CsvTable::ReadFile(absl::GetFlag(FLAGS_csv), {"topic", "essence"});
  if (!table.ok()) {
    std::fprintf(stderr, "%s\n", std::string(table.status().message()).c_str());
    return 1;
  }
  std::map<std::string, std::vector<LabelledText>> by_topic;
  for (size_t i = 0; i < table->size(); ++i) {
    by_topic[table->Get(i, "topic")].push_back(
        {table->Get(i, "topic"), (*lemmatizer)->Analyse(table->Get(i, "essence")).lemmas});
  }
  std::mt19937 rng(absl::GetFlag(FLAGS_seed));
  std::vector<LabelledText> train, test;
  for (auto& [topic, texts] : by_topic) {
    std::shuffle(texts.begin(), texts.end(), rng);
    const size_t n_test = std::max<size_t>(1, texts.size() * absl::GetFlag(FLAGS_held_out) + 0.5);
    for (size_t k = 0; k < texts.size(); ++k) (k < n_test ? test : train).push_back(texts[k]);
  }
  TopicModelOptions options;
  options.c = absl::GetFlag(FLAGS_c);
  auto model = TopicModel::Train(train, options);
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", std::string(model.status().message()).c_str());
    return 1;
  }
  size_t top1 = 0, top3 = 0;
  std::map<std::string, int> tp, fp, fn;
  // Calibration: the top suggestion's probability against whether it was right, in 10 bins.
  std::vector<double> bin_p(10), bin_right(10), bin_n(10);
  for (const LabelledText& t : test) {
    std::vector<TopicScore> s = (*model)->Predict(t.lemmas, 3);
    const bool right = s[0].topic == t.topic;
    top1 += right;
    top3 += std::any_of(s.begin(), s.end(), [&](const TopicScore& x) { return x.topic == t.topic; });
    if (right) {
      ++tp[t.topic];
    } else {
      ++fp[s[0].topic];
      ++fn[t.topic];
    }
    const int b = std::min(9, static_cast<int>(s[0].probability * 10));
    bin_p[b] += s[0].probability;
    bin_right[b] += right;
    bin_n[b] += 1;
  }
  double f1_sum = 0;
  for (const auto& [topic, texts] : by_topic) {
    const double p = tp[topic] + fp[topic] ? double(tp[topic]) / (tp[topic] + fp[topic]) : 0;
    const double r = tp[topic] + fn[topic] ? double(tp[topic]) / (tp[topic] + fn[topic]) : 0;
    f1_sum += p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
  double ece = 0;
  for (int b = 0; b < 10; ++b) {
    if (bin_n[b] > 0) ece += std::abs(bin_p[b] - bin_right[b]) / test.size();
  }
  std::printf("texts %zu (train %zu, held out %zu), topics %zu, temperature %.2f\n",
              table->size(), train.size(), test.size(), by_topic.size(), (*model)->temperature());
  std::printf("top-1 accuracy %.1f %%\ntop-3 accuracy %.1f %%\nmacro-F1 %.3f\n"
              "expected calibration error of the top suggestion %.3f\n",
              100.0 * top1 / test.size(), 100.0 * top3 / test.size(), f1_sum / by_topic.size(), ece);
  return 0;
}
