#include "notice_sender.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "contactcenter/client/client.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/macros.h"
#include "mime.h"
#include "notice_rules.h"

namespace contactcenter::intake {

absl::Duration NoticeBackoff(const NoticePolicy& policy, int attempts) {
  client::Backoff backoff(policy.initial_backoff, policy.max_backoff);
  absl::Duration wait = backoff.Next();
  for (int i = 1; i < attempts; ++i) wait = backoff.Next();
  return wait;
}

std::string ChannelLabel(v1::NoticeChannel channel) {
  switch (channel) {
    case v1::NOTICE_CHANNEL_EMAIL: return "email";
    case v1::NOTICE_CHANNEL_SMS: return "sms";
    case v1::NOTICE_CHANNEL_POST: return "post";
    default: return "none";
  }
}

std::string KindLabel(v1::NoticeKind kind) {
  absl::string_view name = v1::NoticeKind_Name(kind);
  absl::ConsumePrefix(&name, "NOTICE_KIND_");
  return absl::AsciiStrToLower(name);
}

NoticeSender::NoticeSender(Notices* notices, EmailTransport* email, SmsGateway* sms,
                           const Clock* clock, NoticePolicy policy,
                           prometheus::Registry* registry)
    : notices_(notices), email_(email), sms_(sms), clock_(clock), policy_(policy) {
  if (registry == nullptr) return;
  sent_ = &prometheus::BuildCounter()
               .Name("intake_notices_sent_total")
               .Help("Notices to applicants handed to their channel (SMTP server, SMS gateway, "
                     "the mail room's batch).")
               .Register(*registry);
  attempts_failed_ = &prometheus::BuildCounter()
                          .Name("intake_notice_attempts_failed_total")
                          .Help("Attempts to send a notice that failed (each is retried after "
                                "a backoff until the retry budget), by channel and error kind: "
                                "tls, connect, timeout, auth, rejected, no_contact, template, "
                                "other.")
                          .Register(*registry);
  pending_ = &prometheus::BuildGauge()
                  .Name("intake_notices_pending")
                  .Help("Notices waiting to be sent (or retried), by channel; e-mail and SMS "
                        "wait here while their channel is not configured.")
                  .Register(*registry);
  failed_ = &prometheus::BuildGauge()
                 .Name("intake_notices_failed")
                 .Help("Notices not sent within the retry budget: ListFailedNotices, "
                       "ResendNotice.")
                 .Register(*registry)
                 .Add({});
  overdue_ = &prometheus::BuildGauge()
                  .Name("intake_notices_overdue")
                  .Help("Notices not sent by the last day the law gives (Art. 7: forwarding "
                        "within 5 days of receipt; Art. 5: return within 10).")
                  .Register(*registry)
                  .Add({});
  auto& configured = prometheus::BuildGauge()
                         .Name("intake_notice_channel_configured")
                         .Help("1 when the channel can send (e-mail: --smtp_url; SMS: "
                               "--sms_gateway_url); 0: its notices wait.")
                         .Register(*registry);
  configured.Add({{"channel", "email"}}).Set(email_ != nullptr ? 1 : 0);
  configured.Add({{"channel", "sms"}}).Set(sms_ != nullptr ? 1 : 0);
  configured.Add({{"channel", "post"}}).Set(1);
  for (const char* c : {"email", "sms", "post"}) {
    pending_->Add({{"channel", c}});
    attempts_failed_->Add({{"channel", c}});
  }
}

absl::StatusOr<NoticeRun> NoticeSender::RunOnce() {
  NoticeRun run;
  std::vector<v1::NoticeChannel> channels = {v1::NOTICE_CHANNEL_POST};
  if (email_ != nullptr) channels.push_back(v1::NOTICE_CHANNEL_EMAIL);
  if (sms_ != nullptr) channels.push_back(v1::NOTICE_CHANNEL_SMS);
  for (int i = 0; i < policy_.batch; ++i) {
    const absl::Time now = clock_->Now();
    ASSIGN_OR_RETURN(std::optional<NoticeToSend> n,
                     notices_->ClaimOne(now, now + policy_.lease, channels));
    if (!n) break;
    RETURN_IF_ERROR(SendOne(*n, run));
  }
  ASSIGN_OR_RETURN(const NoticeCounts counts, notices_->Counts(clock_->Now()));
  if (pending_ != nullptr) {
    pending_->Add({{"channel", "email"}}).Set(static_cast<double>(counts.pending_email));
    pending_->Add({{"channel", "sms"}}).Set(static_cast<double>(counts.pending_sms));
    pending_->Add({{"channel", "post"}}).Set(static_cast<double>(counts.pending_post));
    failed_->Set(static_cast<double>(counts.failed));
    overdue_->Set(static_cast<double>(counts.overdue));
  }
  return run;
}

absl::Status NoticeSender::SendOne(const NoticeToSend& n, NoticeRun& run) {
  const v1::Notice& notice = n.stored.notice;
  const v1::NoticeChannel channel = notice.channel();
  const std::string contact = ContactFor(ContactsOf(n.appeal.card()), channel);
  absl::Status sent;
  // The error's kind, for the metric and the log.
  std::string error_kind;
  if (contact.empty()) {
    sent = absl::FailedPreconditionError("the appeal has no contact for the channel");
    error_kind = "no_contact";
  } else if (absl::StatusOr<RenderedNotice> text = notices_->Render(n.stored, n.appeal);
             !text.ok()) {
    sent = text.status();
    error_kind = "template";
  } else if (channel == v1::NOTICE_CHANNEL_POST) {
    ASSIGN_OR_RETURN(const std::string number, notices_->RecordLetter(notice.id(), clock_->Now()));
    (void)number;
  } else if (channel == v1::NOTICE_CHANNEL_EMAIL) {
    sent = email_->Send(contact, BuildEmail({email_->from(), contact, text->subject, text->body,
                                             notice.id(), clock_->Now()}));
    if (sent.ok()) RETURN_IF_ERROR(notices_->RecordSent(notice.id(), clock_->Now()));
  } else {
    sent = sms_->Send(notice.id(), contact, text->sms);
    if (sent.ok()) RETURN_IF_ERROR(notices_->RecordSent(notice.id(), clock_->Now()));
  }
  if (sent.ok()) {
    ++run.sent;
    if (sent_ != nullptr) {
      sent_->Add({{"channel", ChannelLabel(channel)}, {"kind", KindLabel(notice.kind())}})
          .Increment();
    }
    return absl::OkStatus();
  }
  // A notice that cannot be made (no contact, a value missing) fails at
  // once: retrying would not change it.
  const bool retry = absl::IsUnavailable(sent) || absl::IsDeadlineExceeded(sent) ||
                     absl::IsInternal(sent);
  const int attempts = notice.attempts() + 1;
  const bool failed = !retry || attempts >= policy_.max_attempts;
  const absl::Time now = clock_->Now();
  RETURN_IF_ERROR(notices_->RecordFailure(notice.id(), attempts,
                                          now + NoticeBackoff(policy_, attempts),
                                          std::string(sent.message()), failed));
  ++run.failed_attempts;
  if (failed) ++run.failed_for_good;
  if (error_kind.empty()) error_kind = TransportErrorKind(sent);
  if (attempts_failed_ != nullptr) {
    attempts_failed_->Add({{"channel", ChannelLabel(channel)}, {"error", error_kind}}).Increment();
  }
  CC_LOG(Warning) << "notice " << notice.id() << " (" << KindLabel(notice.kind()) << ", "
                  << ChannelLabel(channel) << ") attempt " << attempts << " failed"
                  << (failed ? " for good" : "") << ", error " << error_kind << ": "
                  << sent.message();
  return absl::OkStatus();
}

}  // namespace contactcenter::intake
