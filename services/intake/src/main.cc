// intake: registers citizens' appeals and owns the applicants' personal data.
#include <curl/curl.h>

#include <map>
#include <memory>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
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
#include "notice_sender.h"
#include "notice_store.h"
#include "notice_templates.h"
#include "notice_transports.h"
#include "notices.h"
#include "contactcenter/refdata/csv.h"
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

ABSL_FLAG(std::string, smtp_url, "",
          "SMTP server for e-mail notices, smtp://host:port (STARTTLS) or smtps://host:port. "
          "Empty: e-mail notices wait (intake_notices_pending{channel=\"email\"}).");
ABSL_FLAG(std::string, smtp_from, "", "The From address of e-mail notices (required with "
          "--smtp_url); its domain ends every Message-ID.");
ABSL_FLAG(std::string, smtp_credentials_file, "",
          "File with one line username:password for SMTP AUTH (empty: no AUTH).");
ABSL_FLAG(bool, smtp_require_tls, true,
          "Send e-mail only over TLS (STARTTLS or smtps); false: STARTTLS when the server offers "
          "it, plain otherwise (a test server on loopback). Keep true in production.");
ABSL_FLAG(std::string, smtp_ca_file, "",
          "PEM file of the CA the SMTP server's certificate must chain to (the center's own "
          "mail relay); empty: the system's CAs. The certificate must name the URL's host.");
ABSL_FLAG(bool, notice_gcc_applicants, true,
          "Tell the Government Contact Center's applicants (its cards the exchange registers) "
          "what happens to their appeals, as any other (Law 393/96-VR Art. 7, 8, 20 bind the "
          "body that forwards, stops or extends). false only where the center agreed that the "
          "GCC tells them from the statuses the exchange sends: then their cards get no notice.");
ABSL_FLAG(std::string, sms_gateway_url, "",
          "HTTP SMS gateway for SMS notices (POST JSON, see services/intake/README.md). Empty: "
          "SMS notices wait.");
ABSL_FLAG(std::string, sms_gateway_token_file, "",
          "File with the SMS gateway's bearer token (empty: none).");
ABSL_FLAG(absl::Duration, notice_send_interval, absl::Seconds(10),
          "How often the notices' outbox is sent (the periodic job notice_delivery).");
ABSL_FLAG(absl::Duration, notice_send_timeout, absl::Seconds(30),
          "Time one SMTP or SMS attempt may take.");
ABSL_FLAG(int, notice_max_attempts, 12,
          "Attempts to send a notice before it has failed (ListFailedNotices).");
ABSL_FLAG(absl::Duration, notice_initial_backoff, absl::Seconds(30),
          "The wait after a notice's first failed attempt; it doubles up to "
          "--notice_max_backoff.");
ABSL_FLAG(absl::Duration, notice_max_backoff, absl::Hours(1),
          "The longest wait between a notice's attempts.");

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
  // Notices (issue 17): the templates and the bodies' names are reference
  // data; a template missing a placeholder stops the start.
  intake::NoticeTemplates templates;
  std::map<std::string, std::string> body_names;
  if (!absl::GetFlag(FLAGS_reference_dir).empty()) {
    absl::StatusOr<intake::NoticeTemplates> loaded =
        intake::NoticeTemplates::LoadDir(absl::GetFlag(FLAGS_reference_dir));
    if (loaded.ok()) {
      templates = *std::move(loaded);
    } else {
      problems.push_back(std::string(loaded.status().message()));
    }
    absl::StatusOr<refdata::CsvTable> executors = refdata::CsvTable::ReadFile(
        absl::GetFlag(FLAGS_reference_dir) + "/executors.csv", {"id", "name_uk"});
    if (executors.ok()) {
      for (size_t i = 0; i < executors->size(); ++i) {
        body_names[executors->Get(i, "id")] = executors->Get(i, "name_uk");
      }
    } else {
      problems.push_back(std::string(executors.status().message()));
    }
  }
  std::unique_ptr<intake::EmailTransport> email;
  if (!absl::GetFlag(FLAGS_smtp_url).empty()) {
    intake::SmtpOptions smtp;
    smtp.url = absl::GetFlag(FLAGS_smtp_url);
    smtp.from = absl::GetFlag(FLAGS_smtp_from);
    smtp.require_tls = absl::GetFlag(FLAGS_smtp_require_tls);
    smtp.timeout = absl::GetFlag(FLAGS_notice_send_timeout);
    server::RequireNonEmpty("smtp_from", smtp.from, &problems);
    smtp.ca_file = absl::GetFlag(FLAGS_smtp_ca_file);
    // A CA file that cannot be read stops the start: every e-mail would
    // fail its handshake.
    if (!smtp.ca_file.empty()) {
      if (absl::StatusOr<std::string> ca = refdata::ReadTextFile(smtp.ca_file); !ca.ok()) {
        problems.push_back(absl::StrCat("smtp_ca_file: ", ca.status().message()));
      } else if (ca->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
        problems.push_back(
            absl::StrCat("smtp_ca_file: ", smtp.ca_file, " holds no PEM certificate"));
      }
    }
    if (!absl::GetFlag(FLAGS_smtp_credentials_file).empty()) {
      auto credentials = intake::ReadSmtpCredentials(absl::GetFlag(FLAGS_smtp_credentials_file));
      if (credentials.ok()) {
        smtp.username = credentials->first;
        smtp.password = credentials->second;
      } else {
        problems.push_back(std::string(credentials.status().message()));
      }
    }
    email = std::make_unique<intake::SmtpMailer>(std::move(smtp));
  }
  std::unique_ptr<intake::SmsGateway> sms;
  if (!absl::GetFlag(FLAGS_sms_gateway_url).empty()) {
    std::string token;
    if (!absl::GetFlag(FLAGS_sms_gateway_token_file).empty()) {
      absl::StatusOr<std::string> t =
          refdata::ReadTextFile(absl::GetFlag(FLAGS_sms_gateway_token_file));
      if (t.ok()) {
        token = std::string(absl::StripAsciiWhitespace(*t));
      } else {
        problems.push_back(absl::StrCat("sms_gateway_token_file: ", t.status().message()));
      }
    }
    sms = std::make_unique<intake::HttpSmsGateway>(absl::GetFlag(FLAGS_sms_gateway_url),
                                                   std::move(token),
                                                   absl::GetFlag(FLAGS_notice_send_timeout));
  }
  if (absl::GetFlag(FLAGS_notice_max_attempts) < 1) problems.push_back("notice_max_attempts: at least 1");
  if (absl::GetFlag(FLAGS_notice_send_interval) < absl::Milliseconds(100)) {
    problems.push_back("notice_send_interval: at least 100ms");
  }
  if (absl::GetFlag(FLAGS_notice_initial_backoff) <= absl::ZeroDuration() ||
      absl::GetFlag(FLAGS_notice_max_backoff) < absl::GetFlag(FLAGS_notice_initial_backoff)) {
    problems.push_back("notice_initial_backoff, notice_max_backoff: 0 < initial <= max");
  }
  runtime::ServiceRuntime rt({"intake", 50051, 9101, &db::IntakeMigrations()}, problems);

  intake::AppealStore appeal_store;
  intake::HolderStore holder_store;
  intake::AppealRegistry appeals(
      &rt.pool(), &appeal_store, &holder_store, &rt.events(), &*working_hours,
      absl::GetFlag(FLAGS_registration_prefix), intake::MassRule{absl::GetFlag(FLAGS_mass_applicants)},
      intake::KeyRetention{absl::GetFlag(FLAGS_idempotency_key_retention)});
  appeals.ExportMetrics(rt.metrics());
  curl_global_init(CURL_GLOBAL_DEFAULT);
  intake::NoticeStore notice_store;
  intake::Notices notices(&rt.pool(), &notice_store, &appeal_store, &working_hours->calendar(),
                          &templates, std::move(body_names),
                          absl::GetFlag(FLAGS_registration_prefix),
                          absl::GetFlag(FLAGS_notice_gcc_applicants));
  appeals.set_notices(&notices);
  intake::KnowledgeStore knowledge_store;
  intake::KnowledgeBase knowledge(&rt.pool(), &knowledge_store);
  intake::IntakeServiceImpl service(&appeals, &knowledge, &*classifier, &rt.auth(),
                                    &SystemClock::Get());
  service.set_notices(&notices);
  rt.AddService(&service, intake::v1::IntakeService::service_full_name());
  eventlog::ConsumerOptions tracking_events;
  tracking_events.producer = "tracking";
  tracking_events.target = absl::GetFlag(FLAGS_tracking_addr);
  eventlog::Dispatcher from_tracking;
  appeals.FollowTracking(from_tracking);
  notices.FollowTracking(from_tracking);
  rt.AddConsumer(tracking_events, std::move(from_tracking));
  // Who holds each appeal comes from routing's log, never from a caller.
  intake::AppealHolders holders(&rt.pool(), &holder_store);
  eventlog::ConsumerOptions routing_events;
  routing_events.producer = "routing";
  routing_events.target = absl::GetFlag(FLAGS_routing_addr);
  eventlog::Dispatcher from_routing;
  holders.FollowRouting(from_routing);
  appeals.FollowRouting(from_routing);
  notices.FollowRouting(from_routing);
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
  if (email == nullptr) {
    CC_LOG(Warning) << "no --smtp_url: e-mail notices wait until it is set "
                       "(intake_notice_channel_configured{channel=\"email\"} 0)";
  }
  if (sms == nullptr) {
    CC_LOG(Warning) << "no --sms_gateway_url: SMS notices wait until it is set";
  }
  intake::NoticePolicy policy;
  policy.max_attempts = absl::GetFlag(FLAGS_notice_max_attempts);
  policy.initial_backoff = absl::GetFlag(FLAGS_notice_initial_backoff);
  policy.max_backoff = absl::GetFlag(FLAGS_notice_max_backoff);
  // A claimed notice is another sender's after twice the attempt's time.
  policy.lease = 2 * absl::GetFlag(FLAGS_notice_send_timeout) + absl::Seconds(5);
  intake::NoticeSender sender(&notices, email.get(), sms.get(), &SystemClock::Get(), policy,
                              &rt.metrics());
  rt.AddPeriodicJob("notice_delivery", absl::GetFlag(FLAGS_notice_send_interval),
                    [&sender] { return sender.RunOnce().status(); });
  return rt.Run();
}
