// tracking: follows each appeal at its executor and watches the statutory term.
#include "absl/flags/flag.h"
#include "case_manager.h"
#include "case_opener.h"
#include "case_queries.h"
#include "case_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/runtime/service_runtime.h"
#include "contactcenter/log/log.h"
#include "deadline.h"
#include "deadline_monitor.h"
#include "executor_service.h"
#include "schema.h"
#include "tracking_service.h"
#include "contactcenter/refdata/work_calendar.h"

ABSL_FLAG(std::string, routing_addr, "127.0.0.1:50052", "routing's gRPC address (its events).");
ABSL_FLAG(std::string, reference_dir, "", "Folder with calendar.csv (days off and working days).");
ABSL_FLAG(bool, move_terms_off_days_off, true,
          "A term ending on a day off ends on the next working day (Civil Code Art. 254).");
ABSL_FLAG(double, early_warning_share, 0.75,
          "The early warning fires at this share of the term (0 < share < 1).");
ABSL_FLAG(int32_t, emergency_term_hours, 24, "The term of an emergency topic, in hours.");
ABSL_FLAG(int32_t, call_back_max_tries, 3,
          "Call-back tries that do not reach the applicant before an answered case closes as "
          "\"answered, not confirmed\".");
ABSL_FLAG(absl::Duration, deadline_check_interval, absl::Seconds(30),
          "How often the monitor looks for cases due soon and overdue.");

int main(int argc, char** argv) {
  using namespace contactcenter;
  server::StopSignal::Install();
  server::ParseFlags(argc, argv,
                     "tracking: cases at executors and their terms (gRPC TrackingService, "
                     "ExecutorService)");

  std::vector<std::string> problems;
  server::RequireNonEmpty("routing_addr", absl::GetFlag(FLAGS_routing_addr), &problems);
  const std::string dir = absl::GetFlag(FLAGS_reference_dir);
  server::RequireNonEmpty("reference_dir", dir, &problems);
  refdata::WorkCalendar calendar;
  if (!dir.empty()) {
    absl::StatusOr<refdata::WorkCalendar> loaded = refdata::WorkCalendar::LoadDir(dir);
    if (loaded.ok()) {
      calendar = *std::move(loaded);
    } else {
      problems.push_back(std::string(loaded.status().message()));
    }
  }
  refdata::AuthorCategories categories;
  if (!dir.empty()) {
    absl::StatusOr<refdata::AuthorCategories> loaded = refdata::AuthorCategories::LoadDir(dir);
    if (loaded.ok()) {
      categories = *std::move(loaded);
    } else {
      problems.push_back(std::string(loaded.status().message()));
    }
  }
  tracking::TermPolicy policy;
  policy.move_off_non_working_days = absl::GetFlag(FLAGS_move_terms_off_days_off);
  policy.early_warning_share = absl::GetFlag(FLAGS_early_warning_share);
  policy.emergency_term_hours = absl::GetFlag(FLAGS_emergency_term_hours);
  if (!(policy.early_warning_share > 0 && policy.early_warning_share < 1)) {
    problems.push_back("--early_warning_share must be between 0 and 1");
  }
  if (policy.emergency_term_hours < 1) problems.push_back("--emergency_term_hours must be >= 1");
  const int call_back_max_tries = absl::GetFlag(FLAGS_call_back_max_tries);
  if (call_back_max_tries < 1) problems.push_back("--call_back_max_tries must be >= 1");
  const absl::Duration check_interval = absl::GetFlag(FLAGS_deadline_check_interval);
  if (check_interval <= absl::ZeroDuration()) {
    problems.push_back("--deadline_check_interval must be positive");
  }
  runtime::ServiceRuntime rt({"tracking", 50053, 9103, &db::TrackingMigrations()}, problems);

  tracking::TermRules rules(&calendar, policy, &KyivTimeZone());
  tracking::CaseStore store;
  tracking::CaseManager manager(&rt.pool(), &store, &rt.events(), &SystemClock::Get(), &rules,
                                call_back_max_tries);
  tracking::CaseQueries queries(&rt.pool(), &store, &SystemClock::Get());
  tracking::CaseOpener opener(&store, &manager, &rt.events(), &SystemClock::Get(), &rules,
                              &categories);
  tracking::TrackingServiceImpl service(&queries, &manager, &rt.auth());
  rt.AddService(&service, tracking::v1::TrackingService::service_full_name());
  tracking::ExecutorServiceImpl executors(&queries, &manager, &rt.auth());
  rt.AddService(&executors, tracking::v1::ExecutorService::service_full_name());
  eventlog::ConsumerOptions routing_events;
  routing_events.producer = "routing";
  routing_events.target = absl::GetFlag(FLAGS_routing_addr);
  eventlog::Dispatcher from_routing;
  opener.FollowRouting(from_routing);
  rt.AddConsumer(routing_events, std::move(from_routing));
  tracking::DeadlineMonitor monitor(&rt.pool(), &store, &rt.events(), &SystemClock::Get(),
                                    &rt.metrics());
  rt.AddPeriodicJob("deadline_check", check_interval,
                    [&monitor] { return monitor.RunOnce().status(); });
  return rt.Run();
}
