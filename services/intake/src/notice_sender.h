// Sends the notices' outbox (issue 17): the periodic job "notice_delivery".
// At least once: a notice is claimed (its next attempt moved past the send
// timeout, so a sender that dies mid-send leaves it to be retried), sent,
// then recorded; a retry is the same message (the notice id makes the
// e-mail's Message-ID and the SMS gateway's client reference). A failed
// attempt is retried after a backoff doubling from --notice_initial_backoff
// to --notice_max_backoff (libs/client Backoff, jittered); after
// --notice_max_attempts the notice has failed and waits in
// ListFailedNotices for ResendNotice. A notice whose channel is not
// configured (no --smtp_url, no --sms_gateway_url) waits, never lost, and
// counts in intake_notices_pending{channel}. Letters go to the mail room's
// batch with their outgoing number at once.
//
// Metrics (no personal data, no text): intake_notices_sent_total{channel,kind},
// intake_notice_attempts_failed_total{channel,error} (error: the kind, e.g.
// "tls" for a certificate the CA does not vouch for), and the gauges
// intake_notices_pending{channel}, intake_notices_failed,
// intake_notices_overdue (not sent by the last day the law gives, Art. 5, 7),
// intake_notice_channel_configured{channel}.
#pragma once

#include <map>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "contactcenter/clock/clock.h"
#include "notice_transports.h"
#include "notices.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace contactcenter::intake {

struct NoticePolicy {
  // Attempts in all before a notice has failed.
  int max_attempts = 12;
  absl::Duration initial_backoff = absl::Seconds(30);
  absl::Duration max_backoff = absl::Hours(1);
  // How long a claimed notice is left to its sender before another may try.
  absl::Duration lease = absl::Minutes(2);
  // Most notices one run sends.
  int batch = 200;
};

// The wait before attempt `attempts` + 1: a random 50-100% of
// min(initial * 2^(attempts-1), max).
absl::Duration NoticeBackoff(const NoticePolicy& policy, int attempts);

struct NoticeRun {
  int sent = 0;
  int failed_attempts = 0;
  int failed_for_good = 0;
};

class NoticeSender {
 public:
  // `email` and `sms` may be null (not configured: those notices wait);
  // `registry` may be null.
  NoticeSender(Notices* notices, EmailTransport* email, SmsGateway* sms, const Clock* clock,
               NoticePolicy policy, prometheus::Registry* registry);

  // Sends what is due, then refreshes the gauges.
  absl::StatusOr<NoticeRun> RunOnce();

 private:
  absl::Status SendOne(const NoticeToSend& n, NoticeRun& run);

  Notices* notices_;
  EmailTransport* email_;
  SmsGateway* sms_;
  const Clock* clock_;
  const NoticePolicy policy_;
  prometheus::Family<prometheus::Counter>* sent_ = nullptr;
  prometheus::Family<prometheus::Counter>* attempts_failed_ = nullptr;
  prometheus::Family<prometheus::Gauge>* pending_ = nullptr;
  prometheus::Gauge* failed_ = nullptr;
  prometheus::Gauge* overdue_ = nullptr;
};

// "email", "sms", "post"; "kind" labels: "acknowledged", "forwarded", ...
std::string ChannelLabel(v1::NoticeChannel channel);
std::string KindLabel(v1::NoticeKind kind);

}  // namespace contactcenter::intake
