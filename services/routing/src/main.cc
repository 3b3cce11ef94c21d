// routing: decides which executive body considers each appeal.
#include <atomic>

#include "absl/flags/flag.h"
#include "appeal_router.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/log/log.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/refdata/csv.h"
#include "contactcenter/runtime/service_runtime.h"
#include "decision_store.h"
#include "directories.h"
#include "directory.h"
#include "directory_store.h"
#include "executor_directory.h"
#include "manual_queue.h"
#include "overdue_watcher.h"
#include "routing_service.h"
#include "schema.h"

ABSL_FLAG(std::string, reference_dir, "",
          "Folder with classifier-topics.csv, territories.csv, executors.csv and "
          "competence-rules.csv (the directory is imported from it when the database has none).");
ABSL_FLAG(absl::Duration, overdue_check_interval, absl::Minutes(1),
          "How often the manual routing queue is checked for appeals past the 5-day term.");
ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50051", "intake's gRPC address (its events).");
ABSL_FLAG(std::string, tracking_addr, "127.0.0.1:50053",
          "tracking's gRPC address (its events: cases executors declined).");

int main(int argc, char** argv) {
  using namespace contactcenter;
  server::StopSignal::Install();
  server::ParseFlags(argc, argv, "routing: routes appeals to executive bodies (gRPC RoutingService)");

  std::vector<std::string> problems;
  const std::string dir = absl::GetFlag(FLAGS_reference_dir);
  server::RequireNonEmpty("reference_dir", dir, &problems);
  server::RequireNonEmpty("intake_addr", absl::GetFlag(FLAGS_intake_addr), &problems);
  server::RequireNonEmpty("tracking_addr", absl::GetFlag(FLAGS_tracking_addr), &problems);
  if (absl::GetFlag(FLAGS_overdue_check_interval) < absl::Seconds(1)) {
    problems.push_back("overdue_check_interval must be at least 1s");
  }
  absl::StatusOr<refdata::Classifier> classifier = refdata::Classifier::LoadDir(dir);
  std::string executors_csv, rules_csv;
  routing::StoredClassifier classifier_csv;
  if (!dir.empty()) {
    if (!classifier.ok()) {
      problems.push_back(std::string(classifier.status().message()));
    } else {
      // Checked here so bad reference data stops the start, not the first appeal.
      absl::StatusOr<routing::Directory> directory = routing::Directory::LoadDir(dir, *classifier);
      if (!directory.ok()) problems.push_back(std::string(directory.status().message()));
      executors_csv = refdata::ReadTextFile(dir + "/executors.csv").value_or("");
      rules_csv = refdata::ReadTextFile(dir + "/competence-rules.csv").value_or("");
      classifier_csv.topics_csv =
          refdata::ReadTextFile(dir + "/classifier-topics.csv").value_or("");
      classifier_csv.territories_csv = refdata::ReadTextFile(dir + "/territories.csv").value_or("");
    }
  }
  runtime::ServiceRuntime rt({"routing", 50052, 9102, &db::RoutingMigrations()}, problems);

  routing::DirectoryStore directory_store;
  routing::Directories directories(&*classifier, &directory_store, &rt.events(), executors_csv,
                                   rules_csv, classifier_csv);
  routing::DecisionStore store;
  routing::AppealRouter router(&directories, &store, &rt.events(), &rt.pool(), &SystemClock::Get(),
                               &rt.metrics());
  routing::ExecutorDirectory executor_directory(&directories, &rt.pool(), &SystemClock::Get());
  routing::ManualQueue queue(&directories, &store, &rt.events(), &rt.pool(), &SystemClock::Get(),
                             &rt.metrics());
  routing::RoutingServiceImpl service(&router, &executor_directory, &queue, &rt.auth());
  rt.AddService(&service, routing::v1::RoutingService::service_full_name());
  eventlog::ConsumerOptions intake_events;
  intake_events.producer = "intake";
  intake_events.target = absl::GetFlag(FLAGS_intake_addr);
  eventlog::Dispatcher from_intake;
  router.FollowIntake(from_intake);
  rt.AddConsumer(intake_events, std::move(from_intake));
  eventlog::ConsumerOptions tracking_events;
  tracking_events.producer = "tracking";
  tracking_events.target = absl::GetFlag(FLAGS_tracking_addr);
  eventlog::Dispatcher from_tracking;
  router.FollowTracking(from_tracking);
  rt.AddConsumer(tracking_events, std::move(from_tracking));
  // A database written before versions were announced: the version in force
  // is announced once, as soon as the database is ready. Every version
  // written after that announces itself, so once one check has committed
  // the job reads nothing more.
  std::atomic<bool> in_force_announced{false};
  rt.AddPeriodicJob("directory_announcement", absl::Minutes(1),
                    [&directories, &rt, &in_force_announced]() -> absl::Status {
                      if (in_force_announced) return absl::OkStatus();
                      absl::StatusOr<std::optional<int64_t>> announced =
                          rt.pool().Write([&](db::Tx& tx) {
                            return directories.AnnounceInForce(tx, SystemClock::Get().Now());
                          });
                      if (!announced.ok()) return announced.status();
                      if (*announced) {
                        CC_LOG(Info) << "announced directory version " << **announced
                                     << ", written before versions were announced";
                      }
                      in_force_announced = true;
                      return absl::OkStatus();
                    });
  routing::OverdueWatcher watcher(&queue, &rt.metrics());
  rt.AddPeriodicJob("overdue_check", absl::GetFlag(FLAGS_overdue_check_interval),
                    [&watcher] { return watcher.CheckOnce().status(); });
  return rt.Run();
}
