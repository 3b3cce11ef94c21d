// analytics: the de-identified projection of every service's events and the
// reports of CMU resolution 858 over it.
#include "absl/flags/flag.h"
#include "analytics_service.h"
#include "contactcenter/client/client.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/log/log.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/runtime/service_runtime.h"
#include "detect/adjacency.h"
#include "projection_store.h"
#include "projector.h"
#include "report_store.h"
#include "reports.h"
#include "schema.h"
#include "signal_store.h"
#include "spike_detection.h"
#include "text_analysis.h"

ABSL_FLAG(std::string, reference_dir, "",
          "Folder with classifier-topics.csv, territories.csv (names, the territory tree) "
          "and territory-adjacency.csv (the spike scan's zones); the bodies' names and parents "
          "come from routing's events.");
ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50051", "intake's gRPC address (its events).");
ABSL_FLAG(std::string, routing_addr, "127.0.0.1:50052", "routing's gRPC address (its events).");
ABSL_FLAG(std::string, tracking_addr, "127.0.0.1:50053", "tracking's gRPC address (its events).");
ABSL_FLAG(bool, rebuild, false,
          "Empty the projection and replay every log from the start, logging the progress; "
          "a start without it goes on from the stored cursors.");

ABSL_FLAG(std::string, dictionary_dir, "/usr/share/hunspell",
          "Folder with the hunspell-uk dictionary (uk_UA.aff, uk_UA.dic), for the essences' lemmas.");
ABSL_FLAG(absl::Duration, essence_interval, absl::Seconds(5),
          "How often new appeals' essences are read from intake and lemmatised.");

int main(int argc, char** argv) {
  using namespace contactcenter;
  server::StopSignal::Install();
  server::ParseFlags(argc, argv, "analytics: reports on appeals (gRPC AnalyticsService)");

  std::vector<std::string> problems;
  const std::string dir = absl::GetFlag(FLAGS_reference_dir);
  server::RequireNonEmpty("reference_dir", dir, &problems);
  for (const auto& [name, value] : {std::pair{"intake_addr", absl::GetFlag(FLAGS_intake_addr)},
                                    {"routing_addr", absl::GetFlag(FLAGS_routing_addr)},
                                    {"tracking_addr", absl::GetFlag(FLAGS_tracking_addr)}}) {
    server::RequireNonEmpty(name, value, &problems);
  }
  absl::StatusOr<refdata::Classifier> classifier = refdata::Classifier::LoadDir(dir);
  absl::StatusOr<analytics::detect::Adjacency> adjacency =
      analytics::detect::Adjacency::LoadDir(dir);
  if (!dir.empty()) {
    if (!classifier.ok()) problems.push_back(std::string(classifier.status().message()));
    if (!adjacency.ok()) problems.push_back(adjacency.status().ToString());
  }
  // Issue 15: the lemmatiser, the stop words and the topic seed set.
  absl::StatusOr<std::unique_ptr<analytics::text::Lemmatizer>> lemmatizer =
      analytics::text::Lemmatizer::Load(absl::GetFlag(FLAGS_dictionary_dir),
                                        dir + "/stopwords-uk.txt");
  absl::StatusOr<std::vector<analytics::text::LabelledText>> seed;
  if (!lemmatizer.ok()) {
    problems.push_back(std::string(lemmatizer.status().message()));
  } else if (!dir.empty() && classifier.ok()) {
    seed = analytics::LoadTopicSeed(dir + "/topic-seed.csv", **lemmatizer, *classifier);
    if (!seed.ok()) problems.push_back(seed.status().ToString());
  }
  runtime::ServiceRuntime rt({"analytics", 50054, 9104, &db::AnalyticsMigrations()}, problems);

  analytics::ProjectionStore projection_store;
  analytics::Projector projector(&projection_store, &SystemClock::Get());
  analytics::ReportStore report_store;
  analytics::Reports reports(&rt.pool(), &report_store, &*classifier, &SystemClock::Get(),
                             &rt.metrics());
  analytics::SignalStore signal_store;
  analytics::SpikeDetection spikes(&rt.pool(), &signal_store, &rt.events(), &*classifier,
                                   &*adjacency, &SystemClock::Get(), &rt.metrics());
  analytics::AnalyticsServiceImpl service(&reports, &rt.auth(), &spikes);
  rt.AddService(&service, analytics::v1::AnalyticsService::service_full_name());

  // Issue 15: essences read through intake's audited read, only their
  // lemmas kept; the topic model trained at start and daily.
  analytics::IntakeEssences essences(client::MakeChannel(absl::GetFlag(FLAGS_intake_addr)),
                                     rt.config().service_token);
  analytics::TextStore text_store;
  analytics::TextAnalysis text(&rt.pool(), &text_store, lemmatizer->get(), &essences,
                               &*classifier, seed.value_or(std::vector<analytics::text::LabelledText>{}),
                               &SystemClock::Get());
  service.SetTextAnalysis(&text);
  rt.AddPeriodicJob("essence_terms", absl::GetFlag(FLAGS_essence_interval),
                    [&text] { return text.AnalyseNewAppeals().status(); });
  rt.AddPeriodicJob("topic_model", absl::Hours(24), [&text] { return text.Retrain().status(); });
  if (absl::Status s = text.TrainOnSeed(); !s.ok()) {
    CC_LOG(Warning) << "topic model on the seed set: " << s.message();
  }

  const bool rebuild = absl::GetFlag(FLAGS_rebuild);
  auto follow = [&](const std::string& producer, const std::string& target,
                    void (analytics::Projector::*follow)(eventlog::Dispatcher&)) {
    eventlog::ConsumerOptions options;
    options.producer = producer;
    options.target = target;
    if (rebuild) {
      options.replay_from_start = true;
      options.before_replay = [&projector, producer](db::Tx& tx) {
        return projector.BeforeReplay(tx, producer);
      };
    }
    eventlog::Dispatcher d;
    (projector.*follow)(d);
    rt.AddConsumer(options, std::move(d));
  };
  follow("intake", absl::GetFlag(FLAGS_intake_addr), &analytics::Projector::FollowIntake);
  follow("routing", absl::GetFlag(FLAGS_routing_addr), &analytics::Projector::FollowRouting);
  follow("tracking", absl::GetFlag(FLAGS_tracking_addr), &analytics::Projector::FollowTracking);

  // Hourly, so a day missed while the service was down or the database away
  // is analysed soon after; each day once (spike_detection_runs).
  rt.AddPeriodicJob("spike_detection", absl::Hours(1), [&spikes] { return spikes.RunDaily(); });
  return rt.Run();
}
