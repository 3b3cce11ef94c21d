// intake: registers citizens' appeals and owns the applicants' personal data.
#include "absl/flags/flag.h"
#include "appeal_store.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/log/log.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/runtime/service_runtime.h"
#include "intake_service.h"
#include "schema.h"

ABSL_FLAG(std::string, reference_dir, "",
          "Folder with classifier-topics.csv and territories.csv.");
ABSL_FLAG(std::string, registration_prefix, "ЛОКЦ",
          "Prefix of registration numbers, e.g. ЛОКЦ-2026-000123.");

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
  runtime::ServiceRuntime rt({"intake", 50051, 9101, &db::IntakeMigrations()}, problems);

  intake::AppealStore store(&rt.pool(), &rt.events(), absl::GetFlag(FLAGS_registration_prefix));
  intake::IntakeServiceImpl service(&store, &*classifier, &rt.auth(), &SystemClock::Get());
  rt.AddService(&service, intake::v1::IntakeService::service_full_name());
  return rt.Run();
}
