#include "notices.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"
#include "notice_rules.h"

namespace contactcenter::intake {
namespace {

std::string DateText(absl::CivilDay d) {
  return UkrainianDate(static_cast<int>(d.year()), d.month(), d.day());
}

absl::CivilDay KyivDay(const google::protobuf::Timestamp& t) {
  return absl::ToCivilDay(FromTimestamp(t), KyivTimeZone());
}

NewNotice Make(const std::string& appeal_id, v1::NoticeKind kind, const std::string& cause,
               v1::NoticeChannel channel, absl::Time at) {
  NewNotice n;
  n.appeal_id = appeal_id;
  n.kind = kind;
  n.cause = cause;
  n.channel = channel;
  n.created_at = at;
  return n;
}

}  // namespace

absl::Status Notices::OnRegistered(db::Tx& tx, const v1::Appeal& appeal, absl::Time now) {
  const v1::NoticeChannel channel = NoticeChannelOf(appeal.card(), tell_gcc_applicants_);
  if (channel == v1::NOTICE_CHANNEL_UNSPECIFIED) return absl::OkStatus();
  const std::optional<v1::NoticeKind> kind = RegistrationNotice(appeal);
  if (!kind) return store_->RecordRegistration(tx, appeal.id(), channel, nullptr);
  NewNotice n = Make(appeal.id(), *kind, "registration", channel, now);
  if (*kind == v1::NOTICE_KIND_RETURNED) {
    n.reason = absl::StrJoin(appeal.return_explanation(), "; ");
    if (appeal.has_return_due_date()) n.due_date = FromDate(appeal.return_due_date());
  }
  return store_->RecordRegistration(tx, appeal.id(), channel, &n);
}

absl::Status Notices::OnNotConsidered(db::Tx& tx, const v1::Appeal& appeal, absl::Time now) {
  ASSIGN_OR_RETURN(const v1::NoticeChannel channel, store_->ChannelOf(tx, appeal.id()));
  if (channel == v1::NOTICE_CHANNEL_UNSPECIFIED) return absl::OkStatus();
  NewNotice n = Make(appeal.id(), v1::NOTICE_KIND_NOT_CONSIDERED, "decision", channel, now);
  n.reason = NotConsideredReasonText(appeal.not_considered_reason());
  return store_->Add(tx, n).status();
}

absl::Status Notices::OnAppealRouted(db::Tx& tx, const routing::v1::AppealRouted& e,
                                     const eventlog::EventMeta& meta) {
  if (!IsUuid(e.appeal_id())) return absl::OkStatus();  // AppealHolders reports it
  ASSIGN_OR_RETURN(const v1::NoticeChannel channel, store_->ChannelOf(tx, e.appeal_id()));
  if (channel == v1::NOTICE_CHANNEL_UNSPECIFIED) return absl::OkStatus();
  NewNotice n =
      Make(e.appeal_id(), v1::NOTICE_KIND_FORWARDED, meta.event_id, channel, meta.occurred_at);
  ASSIGN_OR_RETURN(n.body_name, BodyName(tx, e.executor_id()));
  if (e.has_received_at()) n.due_date = ForwardingNoticeDue(KyivDay(e.received_at()), *calendar_);
  return store_->Add(tx, n).status();
}

absl::Status Notices::OnAppealRerouted(db::Tx& tx, const routing::v1::AppealRerouted& e,
                                       const eventlog::EventMeta& meta) {
  if (!IsUuid(e.appeal_id())) return absl::OkStatus();
  ASSIGN_OR_RETURN(const v1::NoticeChannel channel, store_->ChannelOf(tx, e.appeal_id()));
  if (channel == v1::NOTICE_CHANNEL_UNSPECIFIED) return absl::OkStatus();
  // Handed on to another body: told like the first forwarding, with no term
  // of its own (Art. 7 counts from receipt).
  NewNotice n =
      Make(e.appeal_id(), v1::NOTICE_KIND_FORWARDED, meta.event_id, channel, meta.occurred_at);
  ASSIGN_OR_RETURN(n.body_name, BodyName(tx, e.to_executor_id()));
  return store_->Add(tx, n).status();
}

absl::Status Notices::OnExecutorDirectoryChanged(db::Tx& tx,
                                                  const routing::v1::ExecutorDirectoryChanged& e,
                                                  const eventlog::EventMeta&) {
  std::vector<std::pair<std::string, std::string>> names;
  names.reserve(e.bodies_size());
  for (const routing::v1::DirectoryBody& b : e.bodies()) names.emplace_back(b.id(), b.name_uk());
  return store_->SetBodyNames(tx, e.version(), names);
}

absl::Status Notices::OnCaseOpened(db::Tx& tx, const tracking::v1::CaseOpened& e,
                                   const eventlog::EventMeta&) {
  if (!IsUuid(e.appeal_id()) || !e.has_control_date()) return absl::OkStatus();
  return store_->SetTerm(tx, e.appeal_id(), FromDate(e.control_date()));
}

absl::Status Notices::OnCaseStatusChanged(db::Tx& tx, const tracking::v1::CaseStatusChanged& e,
                                          const eventlog::EventMeta& meta) {
  if (!IsUuid(e.appeal_id()) || !e.has_control_date()) return absl::OkStatus();
  const absl::CivilDay term = FromDate(e.control_date());
  ASSIGN_OR_RETURN(const std::optional<absl::CivilDay> known, store_->TermOf(tx, e.appeal_id()));
  if (known && *known == term) return absl::OkStatus();
  RETURN_IF_ERROR(store_->SetTerm(tx, e.appeal_id(), term));
  // Only the head's extension moves the statutory term later (Art. 20);
  // the applicant's own shortening is not told back.
  if (!known || term < *known) return absl::OkStatus();
  ASSIGN_OR_RETURN(const v1::NoticeChannel channel, store_->ChannelOf(tx, e.appeal_id()));
  if (channel == v1::NOTICE_CHANNEL_UNSPECIFIED) return absl::OkStatus();
  NewNotice n =
      Make(e.appeal_id(), v1::NOTICE_KIND_EXTENDED, meta.event_id, channel, meta.occurred_at);
  n.new_term = term;
  // Why (the head's code; its words stay in tracking): said in words from
  // the template, the neutral sentence for an event without one.
  n.extension_reason = e.extension_reason();
  return store_->Add(tx, n).status();
}

void Notices::FollowRouting(eventlog::Dispatcher& d) {
  d.On(this, &Notices::OnAppealRouted);
  d.On(this, &Notices::OnAppealRerouted);
  d.On(this, &Notices::OnExecutorDirectoryChanged);
}

void Notices::FollowTracking(eventlog::Dispatcher& d) {
  d.On(this, &Notices::OnCaseOpened);
  d.On(this, &Notices::OnCaseStatusChanged);
}

absl::StatusOr<std::vector<v1::Notice>> Notices::ForAppeal(db::Tx& tx,
                                                           const std::string& appeal_id) {
  return store_->ForAppeal(tx, appeal_id);
}

absl::StatusOr<std::vector<v1::Notice>> Notices::ListFailed(int limit) {
  return pool_->Read([&](db::Tx& tx) { return store_->Failed(tx, limit); });
}

absl::StatusOr<v1::Notice> Notices::Resend(const std::string& notice_id, absl::Time now) {
  return pool_->Write([&](db::Tx& tx) { return store_->Resend(tx, notice_id, now); });
}

absl::StatusOr<std::vector<v1::Letter>> Notices::LetterBatch(absl::CivilDay day) {
  const absl::Time from = absl::FromCivil(day, KyivTimeZone());
  const absl::Time to = absl::FromCivil(day + 1, KyivTimeZone());
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<v1::Letter>> {
    ASSIGN_OR_RETURN(std::vector<StoredNotice> letters, store_->Letters(tx, from, to));
    std::vector<v1::Letter> out;
    for (const StoredNotice& s : letters) {
      ASSIGN_OR_RETURN(v1::Appeal appeal, appeals_->FindById(tx, s.notice.appeal_id()));
      ASSIGN_OR_RETURN(RenderedNotice text, Render(s, appeal));
      const Contacts c = ContactsOf(appeal.card());
      v1::Letter l;
      l.set_notice_id(s.notice.id());
      l.set_outgoing_number(s.notice.outgoing_number());
      l.set_registration_number(appeal.registration_number());
      l.set_kind(s.notice.kind());
      l.set_addressee(c.addressee);
      l.set_address(c.address);
      l.set_subject(std::move(text.subject));
      l.set_text(std::move(text.body));
      out.push_back(std::move(l));
    }
    return out;
  });
}

absl::StatusOr<std::optional<NoticeToSend>> Notices::ClaimOne(
    absl::Time now, absl::Time lease_until, const std::vector<v1::NoticeChannel>& channels) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<std::optional<NoticeToSend>> {
    ASSIGN_OR_RETURN(std::vector<StoredNotice> claimed,
                     store_->Claim(tx, now, lease_until, channels, 1));
    if (claimed.empty()) return std::optional<NoticeToSend>();
    ASSIGN_OR_RETURN(v1::Appeal appeal, appeals_->FindById(tx, claimed[0].notice.appeal_id()));
    return std::optional<NoticeToSend>(NoticeToSend{std::move(claimed[0]), std::move(appeal)});
  });
}

absl::StatusOr<RenderedNotice> Notices::Render(const StoredNotice& n,
                                               const v1::Appeal& appeal) const {
  NoticeValues values;
  values.number = appeal.registration_number();
  values.date = DateText(KyivDay(appeal.card().received_at()));
  values.body = n.body_name;
  values.reason = n.reason;
  if (n.notice.kind() == v1::NOTICE_KIND_EXTENDED) {
    ASSIGN_OR_RETURN(values.reason, templates_->ExtensionReasonText(n.extension_reason));
  }
  if (n.new_term) values.new_term = DateText(*n.new_term);
  return templates_->Render(n.notice.kind(), values);
}

absl::Status Notices::RecordSent(const std::string& notice_id, absl::Time at) {
  return pool_->Write([&](db::Tx& tx) { return store_->MarkSent(tx, notice_id, at, ""); });
}

absl::StatusOr<std::string> Notices::RecordLetter(const std::string& notice_id, absl::Time at) {
  const int64_t year = absl::ToCivilYear(at, KyivTimeZone()).year();
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<std::string> {
    ASSIGN_OR_RETURN(const int64_t n, store_->NextLetterNumber(tx, year));
    std::string number = absl::StrFormat("%s-ВИХ-%d-%06d", letter_prefix_, year, n);
    RETURN_IF_ERROR(store_->MarkSent(tx, notice_id, at, number));
    return number;
  });
}

absl::Status Notices::RecordFailure(const std::string& notice_id, int attempts,
                                    absl::Time next_attempt_at, const std::string& error,
                                    bool failed) {
  return pool_->Write([&](db::Tx& tx) {
    return store_->MarkAttemptFailed(tx, notice_id, attempts, next_attempt_at, error, failed);
  });
}

absl::StatusOr<NoticeCounts> Notices::Counts(absl::Time now) {
  const absl::CivilDay today = absl::ToCivilDay(now, KyivTimeZone());
  return pool_->Read([&](db::Tx& tx) { return store_->Counts(tx, today); });
}

absl::StatusOr<std::string> Notices::BodyName(db::Tx& tx, const std::string& executor_id) const {
  ASSIGN_OR_RETURN(std::optional<std::string> announced, store_->BodyNameOf(tx, executor_id));
  if (announced) return *std::move(announced);
  auto it = body_names_.find(executor_id);
  return it == body_names_.end() ? executor_id : it->second;
}

}  // namespace contactcenter::intake
