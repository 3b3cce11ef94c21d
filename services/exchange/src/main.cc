// exchange: appeals from the Government Contact Center in, their status out.
#include "absl/flags/flag.h"
#include "card_intake.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/log/log.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/runtime/service_runtime.h"
#include "dead_letters.h"
#include "delivery.h"
#include "exchange_metrics.h"
#include "exchange_service.h"
#include "exchange_store.h"
#include "gcc_port.h"
#include "reconciler.h"
#include "retention.h"
#include "schema.h"
#include "status_follower.h"

ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50051",
          "intake's gRPC address (RegisterAppeal for each card).");
ABSL_FLAG(std::string, tracking_addr, "127.0.0.1:50053",
          "tracking's gRPC address (its events, and a case's answer).");
ABSL_FLAG(std::string, reference_dir, "",
          "Folder with classifier-topics.csv and territories.csv (a card's topic, and the "
          "oblast's competence, Art. 7).");
ABSL_FLAG(std::string, gcc_addr, "",
          "The Government Contact Center's gRPC address (exchange v1). Empty: statuses wait "
          "in the outbox and its feed is not read.");
ABSL_FLAG(std::string, gcc_token, "", "Our bearer token with the Government Contact Center.");
// The Government Contact Center is another party: its server's certificate
// is signed by its CA, not ours, so the channel has a TLS config of its own.
ABSL_FLAG(std::string, gcc_tls_ca, "",
          "PEM certificate of the CA that signs the Government Contact Center's server "
          "certificate (required with --gcc_addr).");
ABSL_FLAG(std::string, gcc_tls_cert, "",
          "PEM client certificate the Government Contact Center issued to us, if it asks for "
          "one.");
ABSL_FLAG(std::string, gcc_tls_key, "", "PEM private key of --gcc_tls_cert.");
ABSL_FLAG(bool, gcc_insecure_plaintext_for_tests_only, false,
          "Call the Government Contact Center without TLS. For tests only; never in a "
          "deployment.");
ABSL_FLAG(std::string, gcc_principal, "gcc-1545",
          "The principal id (role system, in the tokens file) of the Government Contact "
          "Center: the only caller that may push cards.");
ABSL_FLAG(absl::Duration, gcc_call_timeout, absl::Seconds(5),
          "Deadline of one call to the Government Contact Center (a later receipt is a missing "
          "one).");
ABSL_FLAG(absl::Duration, delivery_interval, absl::Milliseconds(500),
          "How often the outbox is looked at for status messages due.");
ABSL_FLAG(int32_t, delivery_max_attempts, 30,
          "Attempts to deliver one status message before it is a dead letter.");
ABSL_FLAG(absl::Duration, delivery_initial_backoff, absl::Milliseconds(200),
          "The first wait after a failed delivery (doubling, jittered).");
ABSL_FLAG(absl::Duration, delivery_max_backoff, absl::Seconds(5),
          "The longest wait between delivery attempts.");
ABSL_FLAG(absl::Duration, feed_interval, absl::Minutes(1),
          "How often the Government Contact Center's feed is read for cards; 0 turns it off.");
ABSL_FLAG(absl::Duration, pending_interval, absl::Seconds(5),
          "How often cards not yet registered with intake are tried again.");
ABSL_FLAG(absl::Duration, reconcile_interval, absl::Hours(24),
          "How often the open cards are reconciled with the Government Contact Center.");
ABSL_FLAG(absl::Duration, retention_interval, absl::Hours(1),
          "How often the retention job deletes records past their retention.");
ABSL_FLAG(absl::Duration, outbox_retention, absl::Hours(24 * 180),
          "How long delivered status messages of a final card are kept (its last one stays).");
ABSL_FLAG(absl::Duration, audit_retention, absl::Hours(24 * 365 * 5),
          "How long records of personal-data transfers are kept.");

int main(int argc, char** argv) {
  using namespace contactcenter;
  server::StopSignal::Install();
  server::ParseFlags(argc, argv,
                     "exchange: cards from the Government Contact Center in, statuses out "
                     "(gRPC ExchangeService)");

  std::vector<std::string> problems;
  const std::string dir = absl::GetFlag(FLAGS_reference_dir);
  server::RequireNonEmpty("reference_dir", dir, &problems);
  server::RequireNonEmpty("intake_addr", absl::GetFlag(FLAGS_intake_addr), &problems);
  server::RequireNonEmpty("tracking_addr", absl::GetFlag(FLAGS_tracking_addr), &problems);
  server::RequireNonEmpty("gcc_principal", absl::GetFlag(FLAGS_gcc_principal), &problems);
  refdata::Classifier classifier;
  if (!dir.empty()) {
    absl::StatusOr<refdata::Classifier> loaded = refdata::Classifier::LoadDir(dir);
    if (loaded.ok()) {
      classifier = *std::move(loaded);
    } else {
      problems.push_back(std::string(loaded.status().message()));
    }
  }
  for (const auto& [flag, value] :
       {std::pair{"delivery_interval", absl::GetFlag(FLAGS_delivery_interval)},
        std::pair{"pending_interval", absl::GetFlag(FLAGS_pending_interval)},
        std::pair{"reconcile_interval", absl::GetFlag(FLAGS_reconcile_interval)},
        std::pair{"retention_interval", absl::GetFlag(FLAGS_retention_interval)},
        std::pair{"outbox_retention", absl::GetFlag(FLAGS_outbox_retention)},
        std::pair{"audit_retention", absl::GetFlag(FLAGS_audit_retention)},
        std::pair{"gcc_call_timeout", absl::GetFlag(FLAGS_gcc_call_timeout)},
        std::pair{"delivery_initial_backoff", absl::GetFlag(FLAGS_delivery_initial_backoff)}}) {
    if (value <= absl::ZeroDuration()) problems.push_back(std::string("--") + flag + " must be positive");
  }
  if (absl::GetFlag(FLAGS_feed_interval) < absl::ZeroDuration()) {
    problems.push_back("--feed_interval must not be negative");
  }
  if (absl::GetFlag(FLAGS_delivery_max_backoff) < absl::GetFlag(FLAGS_delivery_initial_backoff)) {
    problems.push_back("--delivery_max_backoff must be at least --delivery_initial_backoff");
  }
  if (absl::GetFlag(FLAGS_delivery_max_attempts) < 1) {
    problems.push_back("--delivery_max_attempts must be at least 1");
  }
  const std::string gcc_addr = absl::GetFlag(FLAGS_gcc_addr);
  tls::Config gcc_tls;
  if (!gcc_addr.empty()) {
    gcc_tls = tls::LoadPartyChannelConfig(
        "gcc_tls", "gcc_insecure_plaintext_for_tests_only",
        absl::GetFlag(FLAGS_gcc_insecure_plaintext_for_tests_only), absl::GetFlag(FLAGS_gcc_tls_ca),
        absl::GetFlag(FLAGS_gcc_tls_cert), absl::GetFlag(FLAGS_gcc_tls_key), &problems);
  }
  runtime::ServiceRuntime rt({"exchange", 50055, 9105, &db::ExchangeMigrations()}, problems);

  const std::string service_token = rt.config().service_token;
  exchange::ExchangeMetrics metrics(&rt.metrics());
  exchange::ExchangeStore store;
  exchange::GrpcAppealRegistrar registrar(absl::GetFlag(FLAGS_intake_addr), service_token);
  exchange::CardIntake intake(&rt.pool(), &store, &registrar, &classifier, &SystemClock::Get(),
                              &metrics);
  exchange::DeadLetters dead(&rt.pool(), &store, &SystemClock::Get());

  std::unique_ptr<exchange::GovernmentContactCenter> gcc;
  if (!gcc_addr.empty()) {
    if (gcc_tls.plaintext_for_tests_only) {
      CC_LOG(Warning) << "--gcc_insecure_plaintext_for_tests_only: the Government Contact "
                         "Center is called without TLS; tests only, never a deployment";
    }
    gcc = std::make_unique<exchange::GrpcGovernmentContactCenterV1>(exchange::GrpcAdapterOptions{
        gcc_addr, absl::GetFlag(FLAGS_gcc_token), absl::GetFlag(FLAGS_gcc_call_timeout), gcc_tls});
  } else {
    CC_LOG(Warning) << "--gcc_addr is empty: statuses wait in the outbox, no feed is read";
  }
  exchange::GrpcCaseReader cases(absl::GetFlag(FLAGS_tracking_addr), service_token);
  exchange::DeliveryPolicy policy;
  policy.max_attempts = absl::GetFlag(FLAGS_delivery_max_attempts);
  policy.initial_backoff = absl::GetFlag(FLAGS_delivery_initial_backoff);
  policy.max_backoff = absl::GetFlag(FLAGS_delivery_max_backoff);
  std::unique_ptr<exchange::Delivery> delivery;
  std::unique_ptr<exchange::Reconciler> reconciler;
  if (gcc) {
    delivery = std::make_unique<exchange::Delivery>(&rt.pool(), &store, gcc.get(), &cases,
                                                    &SystemClock::Get(), &metrics, policy);
    reconciler = std::make_unique<exchange::Reconciler>(&rt.pool(), &store, gcc.get(), &intake,
                                                        &SystemClock::Get());
  }

  exchange::ExchangeServiceImpl service(&intake, &dead, reconciler.get(), &rt.auth(),
                                        absl::GetFlag(FLAGS_gcc_principal));
  rt.AddService(&service, exchange::v1::ExchangeService::service_full_name());

  exchange::StatusFollower follower(&store);
  eventlog::ConsumerOptions tracking_events;
  tracking_events.producer = "tracking";
  tracking_events.target = absl::GetFlag(FLAGS_tracking_addr);
  eventlog::Dispatcher from_tracking;
  follower.FollowTracking(from_tracking);
  rt.AddConsumer(tracking_events, std::move(from_tracking));
  // Intake's decisions after registration (a confirmed exclusion, a return).
  eventlog::ConsumerOptions intake_events;
  intake_events.producer = "intake";
  intake_events.target = absl::GetFlag(FLAGS_intake_addr);
  eventlog::Dispatcher from_intake;
  follower.FollowIntake(from_intake);
  rt.AddConsumer(intake_events, std::move(from_intake));

  rt.AddPeriodicJob("card_registration", absl::GetFlag(FLAGS_pending_interval),
                    [&intake] { return intake.RetryPending().status(); });
  exchange::RetentionPolicy retention_policy;
  retention_policy.outbox = absl::GetFlag(FLAGS_outbox_retention);
  retention_policy.audit = absl::GetFlag(FLAGS_audit_retention);
  exchange::Retention retention(&rt.pool(), &store, &SystemClock::Get(), &metrics,
                                retention_policy);
  rt.AddPeriodicJob("retention", absl::GetFlag(FLAGS_retention_interval),
                    [&retention] { return retention.RunOnce().status(); });
  if (delivery) {
    rt.AddPeriodicJob("status_delivery", absl::GetFlag(FLAGS_delivery_interval),
                      [&delivery] { return delivery->RunOnce().status(); });
    rt.AddPeriodicJob("reconciliation", absl::GetFlag(FLAGS_reconcile_interval),
                      [&reconciler] { return reconciler->Run().status(); });
    if (absl::GetFlag(FLAGS_feed_interval) > absl::ZeroDuration()) {
      rt.AddPeriodicJob("card_feed", absl::GetFlag(FLAGS_feed_interval),
                        [&intake, &gcc] { return intake.TakeFromFeed(*gcc).status(); });
    }
  }
  return rt.Run();
}
