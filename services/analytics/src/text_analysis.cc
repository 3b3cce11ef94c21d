#include "text_analysis.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/client/client.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::analytics {

IntakeEssences::IntakeEssences(std::shared_ptr<grpc::Channel> channel, std::string service_token)
    : channel_(std::move(channel)), token_(std::move(service_token)) {}

absl::StatusOr<std::map<std::string, std::string>> IntakeEssences::Read(
    const std::vector<std::string>& ids) {
  auto stub = intake::v1::IntakeService::NewStub(channel_);
  intake::v1::ReadEssencesForAnalysisRequest req;
  for (const std::string& id : ids) req.add_appeal_ids(id);
  req.set_purpose(kPurpose);
  intake::v1::ReadEssencesForAnalysisResponse resp;
  client::CallOptions o;
  o.token = token_;
  o.retry_unavailable = true;  // a read: each attempt is audited, nothing else changes
  grpc::Status s = client::Call(
      o, [&](grpc::ClientContext& ctx) { return stub->ReadEssencesForAnalysis(&ctx, req, &resp); });
  if (!s.ok()) return FromGrpcStatus(s);
  std::map<std::string, std::string> out;
  for (intake::v1::AppealEssence& e : *resp.mutable_essences()) {
    out[e.appeal_id()] = std::move(*e.mutable_essence());
  }
  return out;
}

absl::StatusOr<int> TextAnalysis::AnalyseNewAppeals() {
  int analysed = 0;
  for (int batch = 0; batch < kMaxBatchesPerRun; ++batch) {
    ASSIGN_OR_RETURN(std::vector<std::string> ids,
                     pool_->Read([&](db::Tx& tx) { return store_->PendingAppeals(tx, kBatch); }));
    if (ids.empty()) break;
    ASSIGN_OR_RETURN(auto essences, essences_->Read(ids));
    // Lemmatised in memory; only the lemmas reach the database.
    std::vector<text::Analysis> analyses;
    for (const std::string& id : ids) {
      auto it = essences.find(id);
      analyses.push_back(it == essences.end() ? text::Analysis{} : lemmatizer_->Analyse(it->second));
    }
    essences.clear();
    const absl::Time now = clock_->Now();
    RETURN_IF_ERROR(pool_->Write([&](db::Tx& tx) -> absl::Status {
      for (size_t i = 0; i < ids.size(); ++i) {
        RETURN_IF_ERROR(store_->StoreTerms(tx, ids[i], analyses[i].lemmas, analyses[i].phrases, now));
      }
      return absl::OkStatus();
    }));
    analysed += static_cast<int>(ids.size());
    if (ids.size() < static_cast<size_t>(kBatch)) break;
  }
  return analysed;
}

namespace {

v1::TermCount ToTermCount(const TermRow& r, int64_t appeals) {
  v1::TermCount t;
  t.set_term(r.term);
  t.set_appeals(r.appeals);
  t.set_share(appeals ? double(r.appeals) / appeals : 0);
  return t;
}

}  // namespace

absl::StatusOr<v1::AnalyseContentResponse> TextAnalysis::Content(const ContentQuery& q) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<v1::AnalyseContentResponse> {
    v1::AnalyseContentResponse out;
    ASSIGN_OR_RETURN(auto counts, store_->CountAnalysed(tx, q.scope));
    out.set_appeals(counts.first);
    out.set_baseline_appeals(counts.second);
    *out.mutable_baseline()->mutable_from() = ToDate(q.scope.baseline_from);
    *out.mutable_baseline()->mutable_to() = ToDate(q.scope.period.from);
    ASSIGN_OR_RETURN(std::vector<TermRow> terms, store_->TopTerms(tx, q.scope, false, q.limit));
    for (const TermRow& r : terms) *out.add_terms() = ToTermCount(r, counts.first);
    ASSIGN_OR_RETURN(std::vector<TermRow> phrases, store_->TopTerms(tx, q.scope, true, q.limit));
    for (const TermRow& r : phrases) *out.add_phrases() = ToTermCount(r, counts.first);
    ASSIGN_OR_RETURN(std::vector<TermRow> all,
                     store_->TermsWithBaseline(tx, q.scope, kMinEmergingAppeals));
    for (v1::EmergingTerm& e : RankEmerging(all, counts.first, counts.second, q.limit)) {
      *out.add_emerging() = std::move(e);
    }
    return out;
  });
}

absl::StatusOr<v1::SuggestTopicsResponse> TextAnalysis::Suggest(const std::string& essence) const {
  std::shared_ptr<const text::TopicModel> model;
  {
    std::lock_guard<std::mutex> lock(mu_);
    model = model_;
  }
  if (model == nullptr) return absl::UnavailableError("the topic model is not trained yet");
  v1::SuggestTopicsResponse out;
  for (const text::TopicScore& s : model->Predict(lemmatizer_->Analyse(essence).lemmas, 3)) {
    v1::TopicSuggestion* t = out.add_suggestions();
    t->set_topic_code(s.topic);
    if (const refdata::Topic* topic = classifier_->FindTopic(s.topic)) t->set_name(topic->name_uk);
    t->set_probability(s.probability);
  }
  return out;
}

absl::StatusOr<v1::RetrainTopicModelResponse> TextAnalysis::Retrain() {
  ASSIGN_OR_RETURN(std::vector<TrainingRow> rows, pool_->Read([&](db::Tx& tx) {
    return store_->TrainingRows(tx, kMaxTrainingAppeals);
  }));
  return Train(std::move(rows));
}

absl::Status TextAnalysis::TrainOnSeed() { return Train({}).status(); }

absl::StatusOr<v1::RetrainTopicModelResponse> TextAnalysis::Train(std::vector<TrainingRow> rows) {
  std::vector<text::LabelledText> examples = seed_;
  int64_t from_appeals = 0;
  for (TrainingRow& r : rows) {
    const std::string heading = TopicHeading(r.topic_code);
    if (classifier_->FindTopic(heading) == nullptr) continue;
    examples.push_back({heading, std::move(r.lemmas)});
    ++from_appeals;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<text::TopicModel> model, text::TopicModel::Train(examples));
  v1::RetrainTopicModelResponse out;
  out.set_seed_examples(static_cast<int64_t>(seed_.size()));
  out.set_appeal_examples(from_appeals);
  out.set_topics(static_cast<int32_t>(model->topics().size()));
  std::lock_guard<std::mutex> lock(mu_);
  model_ = std::move(model);
  return out;
}

}  // namespace contactcenter::analytics
