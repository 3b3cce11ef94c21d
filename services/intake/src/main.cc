// intake: registers citizens' appeals and owns the applicants' personal data.
#include "absl/flags/flag.h"
#include "appeal_holders.h"
#include "appeal_registry.h"
#include "appeal_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/log/log.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/refdata/work_calendar.h"
#include "contactcenter/runtime/service_runtime.h"
#include "intake_service.h"
#include "knowledge_base.h"
#include "knowledge_store.h"
#include "prometheus/gauge.h"
#include "return_watcher.h"
#include "schema.h"
#include "screening.h"

ABSL_FLAG(std::string, reference_dir, "",
          "Folder with classifier-topics.csv, territories.csv and calendar.csv.");
ABSL_FLAG(std::string, registration_prefix, "ЛОКЦ",
          "Prefix of registration numbers, e.g. ЛОКЦ-2026-000123.");
ABSL_FLAG(std::string, working_hours, "09:00-18:00",
          "Working hours in Kyiv time, HH:MM-HH:MM: e-appeals received outside them are "
          "registered on the next working day (calendar.csv in --reference_dir lists the "
          "exceptions to the Monday-Friday week).");
ABSL_FLAG(int, mass_applicants, 5,
          "Distinct applicants (this one included) whose appeals an operator linked to one "
          "object or event that make an appeal mass.");
ABSL_FLAG(absl::Duration, idempotency_key_retention, absl::Hours(7 * 24),
          "How long an idempotency key is kept (from its first use): a retry within it "
          "returns the first appeal; the same key after it registers a new one. Expired "
          "keys are deleted every 5 minutes.");
ABSL_FLAG(absl::Duration, return_check_interval, absl::Minutes(5),
          "How often returned appeals are checked for a return letter missing past the "
          "10-day term (Art. 5); each is reported once.");
ABSL_FLAG(std::string, tracking_addr, "127.0.0.1:50053",
          "tracking's gRPC address (its CaseClosed events, for the repeated-appeal rule).");
ABSL_FLAG(std::string, routing_addr, "127.0.0.1:50052",
          "routing's gRPC address (its AppealRouted and AppealRerouted events: which executive "
          "body holds each appeal, and so may read it).");

int main(int argc, char** argv) {
  using namespace contactcenter;
  server::StopSignal::Install();
  server::ParseFlags(argc, argv, "intake: registers citizens' appeals (gRPC IntakeService)");

  std::vector<std::string> problems;
  server::RequireNonEmpty("reference_dir", absl::GetFlag(FLAGS_reference_dir), &problems);
  server::RequireNonEmpty("registration_prefix", absl::GetFlag(FLAGS_registration_prefix),
                          &problems);
  absl::StatusOr<refdata::Classifier> classifier =
      refdata::Classifier::LoadDir(absl::GetFlag(FLAGS_reference_dir));
  if (!absl::GetFlag(FLAGS_reference_dir).empty() && !classifier.ok()) {
    problems.push_back(std::string(classifier.status().message()));
  }
  server::RequireNonEmpty("tracking_addr", absl::GetFlag(FLAGS_tracking_addr), &problems);
  server::RequireNonEmpty("routing_addr", absl::GetFlag(FLAGS_routing_addr), &problems);
  refdata::WorkCalendar calendar;
  if (!absl::GetFlag(FLAGS_reference_dir).empty()) {
    absl::StatusOr<refdata::WorkCalendar> loaded =
        refdata::WorkCalendar::LoadDir(absl::GetFlag(FLAGS_reference_dir));
    if (loaded.ok()) {
      calendar = *std::move(loaded);
    } else {
      problems.push_back(std::string(loaded.status().message()));
    }
  }
  absl::StatusOr<intake::WorkingHours> working_hours =
      intake::WorkingHours::Parse(std::move(calendar), absl::GetFlag(FLAGS_working_hours));
  if (!working_hours.ok()) problems.push_back(std::string(working_hours.status().message()));
  if (absl::GetFlag(FLAGS_mass_applicants) < 2) problems.push_back("mass_applicants: at least 2");
  if (absl::GetFlag(FLAGS_return_check_interval) < absl::Seconds(1)) {
    problems.push_back("return_check_interval: at least 1s");
  }
  if (absl::GetFlag(FLAGS_idempotency_key_retention) < absl::Minutes(1)) {
    problems.push_back("idempotency_key_retention: at least 1m");
  }
  runtime::ServiceRuntime rt({"intake", 50051, 9101, &db::IntakeMigrations()}, problems);

  intake::AppealStore appeal_store;
  intake::HolderStore holder_store;
  intake::AppealRegistry appeals(
      &rt.pool(), &appeal_store, &holder_store, &rt.events(), &*working_hours,
      absl::GetFlag(FLAGS_registration_prefix), intake::MassRule{absl::GetFlag(FLAGS_mass_applicants)},
      intake::KeyRetention{absl::GetFlag(FLAGS_idempotency_key_retention)});
  intake::KnowledgeStore knowledge_store;
  intake::KnowledgeBase knowledge(&rt.pool(), &knowledge_store);
  intake::IntakeServiceImpl service(&appeals, &knowledge, &*classifier, &rt.auth(),
                                    &SystemClock::Get());
  rt.AddService(&service, intake::v1::IntakeService::service_full_name());
  eventlog::ConsumerOptions tracking_events;
  tracking_events.producer = "tracking";
  tracking_events.target = absl::GetFlag(FLAGS_tracking_addr);
  eventlog::Dispatcher from_tracking;
  appeals.FollowTracking(from_tracking);
  rt.AddConsumer(tracking_events, std::move(from_tracking));
  // Who holds each appeal comes from routing's log, never from a caller.
  intake::AppealHolders holders(&rt.pool(), &holder_store);
  eventlog::ConsumerOptions routing_events;
  routing_events.producer = "routing";
  routing_events.target = absl::GetFlag(FLAGS_routing_addr);
  eventlog::Dispatcher from_routing;
  holders.FollowRouting(from_routing);
  rt.AddConsumer(routing_events, std::move(from_routing));
  // Every 5 minutes, well inside PeriodicJobStale's 10 (deploy/prometheus);
  // a pass with nothing expired is one index probe.
  // The key table's size after each pass (issue 14: bounded tables).
  auto& keys_size = prometheus::BuildGauge()
                        .Name("intake_idempotency_keys")
                        .Help("Idempotency keys kept after the last cleanup: rows (PostgreSQL's "
                              "estimate) and bytes with the indexes.")
                        .Register(rt.metrics());
  prometheus::Gauge& keys_rows = keys_size.Add({{"measure", "rows"}});
  prometheus::Gauge& keys_bytes = keys_size.Add({{"measure", "bytes"}});
  rt.AddPeriodicJob("idempotency_key_cleanup", absl::Minutes(5), [&] {
    absl::StatusOr<intake::AppealRegistry::KeyCleanup> done =
        appeals.DeleteExpiredKeys(SystemClock::Get().Now());
    if (!done.ok()) return done.status();
    keys_rows.Set(static_cast<double>(done->rows_estimate));
    keys_bytes.Set(static_cast<double>(done->bytes));
    return absl::OkStatus();
  });
  intake::ReturnOverdueWatcher returns(&appeals, &SystemClock::Get(), &rt.metrics());
  rt.AddPeriodicJob("return_overdue_check", absl::GetFlag(FLAGS_return_check_interval),
                    [&returns] { return returns.CheckOnce().status(); });
  return rt.Run();
}
