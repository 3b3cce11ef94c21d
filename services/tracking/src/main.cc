// tracking: follows each appeal at its executor and watches the statutory term.
#include "absl/flags/flag.h"
#include "case_opener.h"
#include "case_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/runtime/service_runtime.h"
#include "schema.h"
#include "tracking_service.h"

ABSL_FLAG(std::string, routing_addr, "127.0.0.1:50052", "routing's gRPC address (its events).");

int main(int argc, char** argv) {
  using namespace contactcenter;
  server::StopSignal::Install();
  server::ParseFlags(argc, argv, "tracking: cases at executors and their terms (gRPC TrackingService)");

  std::vector<std::string> problems;
  server::RequireNonEmpty("routing_addr", absl::GetFlag(FLAGS_routing_addr), &problems);
  runtime::ServiceRuntime rt({"tracking", 50053, 9103, &db::TrackingMigrations()}, problems);

  tracking::CaseStore store(&rt.pool());
  tracking::CaseOpener opener(&store, &rt.events(), &SystemClock::Get(), &KyivTimeZone());
  tracking::TrackingServiceImpl service(&store, &rt.auth());
  rt.AddService(&service, tracking::v1::TrackingService::service_full_name());
  eventlog::ConsumerOptions routing_events;
  routing_events.producer = "routing";
  routing_events.target = absl::GetFlag(FLAGS_routing_addr);
  rt.AddConsumer(routing_events, [&opener](db::Tx& tx, const eventlog::v1::Event& e) {
    return opener.Handle(tx, e);
  });
  return rt.Run();
}
