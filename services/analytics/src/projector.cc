#include "projector.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/log/log.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::analytics {
namespace {

absl::CivilDay KyivDay(absl::Time t) { return absl::ToCivilDay(t, KyivTimeZone()); }

template <typename Event>
AppealRow CommonRow(const Event& e, int status) {
  AppealRow r;
  r.appeal_id = e.appeal_id();
  r.status = status;
  r.received_at = FromTimestamp(e.received_at());
  r.received_day = KyivDay(r.received_at);
  r.kind = e.kind();
  r.channel = e.channel();
  r.form = e.form();
  r.sex = e.sex();
  r.social_status = e.social_status();
  r.signatories = e.signatories();
  r.author_categories.assign(e.author_categories().begin(), e.author_categories().end());
  r.topic_code = e.topic_code();
  r.topic_codes.push_back(e.topic_code());
  for (const std::string& t : e.additional_topic_codes()) r.topic_codes.push_back(t);
  r.territory_code = e.territory_code();
  return r;
}

}  // namespace

void Projector::Applied(db::Tx& tx, const eventlog::EventMeta& m) {
  tx.OnCommit([this, producer = m.producer, position = m.position, at = m.occurred_at] {
    const absl::Time now = clock_->Now();
    std::lock_guard<std::mutex> lock(mu_);
    auto it = rebuilds_.find(producer);
    if (it == rebuilds_.end()) return;
    if (std::optional<std::string> line = it->second->Applied(position, at, now)) {
      CC_LOG(Info) << *line;
    }
  });
}

absl::Status Projector::BeforeReplay(db::Tx& tx, const std::string& producer) {
  ASSIGN_OR_RETURN(int64_t cursor, store_->Cursor(tx, producer));
  RETURN_IF_ERROR(store_->Clear(tx, producer));
  CC_LOG(Info) << "rebuilding the projection of " << producer << "'s log from the start ("
               << cursor << " events applied before)";
  std::lock_guard<std::mutex> lock(mu_);
  rebuilds_[producer] = std::make_unique<RebuildProgress>(producer, cursor, clock_->Now());
  return absl::OkStatus();
}

void Projector::FollowIntake(eventlog::Dispatcher& d) {
  d.On<intake::v1::AppealRegistered>([this](db::Tx& tx, const intake::v1::AppealRegistered& e,
                                            const eventlog::EventMeta& m) -> absl::Status {
    AppealRow r = CommonRow(e, intake::v1::APPEAL_STATUS_REGISTERED);
    r.subject = e.subject();
    r.attribute = e.attribute();
    RETURN_IF_ERROR(store_->UpsertAppeal(tx, r));
    Applied(tx, m);
    return absl::OkStatus();
  });
  d.On<intake::v1::AppealNotConsidered>([this](db::Tx& tx,
                                               const intake::v1::AppealNotConsidered& e,
                                               const eventlog::EventMeta& m) -> absl::Status {
    AppealRow r = CommonRow(e, intake::v1::APPEAL_STATUS_NOT_CONSIDERED);
    r.not_considered_reason = e.reason();
    r.subject = e.subject();
    r.attribute = e.attribute();
    RETURN_IF_ERROR(store_->UpsertAppeal(tx, r));
    Applied(tx, m);
    return absl::OkStatus();
  });
  // A proposal not to consider it (Art. 8, Art. 17) is not a decision: the
  // appeal counts as received, awaiting the supervisor, never as not
  // considered; the decision follows as AppealNotConsidered (confirmed) or
  // AppealRegistered (overruled), and replaces the row.
  d.On<intake::v1::AppealExclusionProposed>(
      [this](db::Tx& tx, const intake::v1::AppealExclusionProposed& e,
             const eventlog::EventMeta& m) -> absl::Status {
        AppealRow r = CommonRow(e, intake::v1::APPEAL_STATUS_AWAITING_DECISION);
        r.subject = e.subject();
        r.attribute = e.attribute();
        RETURN_IF_ERROR(store_->UpsertAppeal(tx, r));
        Applied(tx, m);
        return absl::OkStatus();
      });
  // The letter returning an appeal (Art. 5: "не пізніше як через десять
  // днів від дня його надходження"): sent within the term, late, or not
  // at all when the term ran out.
  d.On<intake::v1::AppealReturnLetterRecorded>(
      [this](db::Tx& tx, const intake::v1::AppealReturnLetterRecorded& e,
             const eventlog::EventMeta& m) -> absl::Status {
        RETURN_IF_ERROR(store_->ReturnLetter(tx, e.appeal_id(), /*letter=*/true, e.within_term()));
        Applied(tx, m);
        return absl::OkStatus();
      });
  d.On<intake::v1::AppealReturnOverdue>([this](db::Tx& tx,
                                               const intake::v1::AppealReturnOverdue& e,
                                               const eventlog::EventMeta& m) -> absl::Status {
    RETURN_IF_ERROR(store_->ReturnLetter(tx, e.appeal_id(), /*letter=*/false, false));
    Applied(tx, m);
    return absl::OkStatus();
  });
  d.On<intake::v1::AppealReturnedToApplicant>(
      [this](db::Tx& tx, const intake::v1::AppealReturnedToApplicant& e,
             const eventlog::EventMeta& m) -> absl::Status {
        AppealRow r = CommonRow(e, intake::v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
        r.subject = e.subject();
        r.attribute = e.attribute();
        RETURN_IF_ERROR(store_->UpsertAppeal(tx, r));
        Applied(tx, m);
        return absl::OkStatus();
      });
}

void Projector::FollowRouting(eventlog::Dispatcher& d) {
  d.On<routing::v1::AppealRouted>([this](db::Tx& tx, const routing::v1::AppealRouted& e,
                                         const eventlog::EventMeta& m) -> absl::Status {
    RETURN_IF_ERROR(store_->Routed(tx, e.appeal_id(), KyivDay(FromTimestamp(e.received_at())),
                                   e.territory_code(), e.executor_id(),
                                   FromTimestamp(e.decided_at()), /*reroute=*/false));
    Applied(tx, m);
    return absl::OkStatus();
  });
  d.On<routing::v1::AppealRerouted>([this](db::Tx& tx, const routing::v1::AppealRerouted& e,
                                           const eventlog::EventMeta& m) -> absl::Status {
    RETURN_IF_ERROR(store_->Routed(tx, e.appeal_id(), KyivDay(FromTimestamp(e.received_at())),
                                   e.territory_code(), e.to_executor_id(),
                                   FromTimestamp(e.decided_at()), /*reroute=*/true));
    Applied(tx, m);
    return absl::OkStatus();
  });
  // The directory's bodies, names and parents (the timeliness report's
  // parent rows), as each version comes into force.
  d.On<routing::v1::ExecutorDirectoryChanged>(
      [this](db::Tx& tx, const routing::v1::ExecutorDirectoryChanged& e,
             const eventlog::EventMeta& m) -> absl::Status {
        std::vector<ExecutorRow> rows;
        rows.reserve(e.bodies_size());
        for (const routing::v1::DirectoryBody& b : e.bodies()) {
          rows.push_back({b.id(), b.parent_id(), b.name_uk(), b.kind(), b.active()});
        }
        RETURN_IF_ERROR(store_->ApplyDirectory(tx, e.version(), rows));
        Applied(tx, m);
        return absl::OkStatus();
      });
}

void Projector::FollowTracking(eventlog::Dispatcher& d) {
  d.On<tracking::v1::CaseOpened>([this](db::Tx& tx, const tracking::v1::CaseOpened& e,
                                        const eventlog::EventMeta& m) -> absl::Status {
    CaseRow r;
    r.appeal_id = e.appeal_id();
    r.case_id = e.case_id();
    r.received_at = FromTimestamp(e.received_at());
    r.received_day = KyivDay(r.received_at);
    r.territory_code = e.territory_code();
    r.topic_code = e.topic_code();
    r.executor_id = e.executor_id();
    r.status = tracking::v1::CASE_STATUS_FORWARDED;
    r.control_date = FromDate(e.control_date());
    RETURN_IF_ERROR(store_->OpenCase(tx, r));
    Applied(tx, m);
    return absl::OkStatus();
  });
  d.On<tracking::v1::CaseStatusChanged>([this](db::Tx& tx,
                                               const tracking::v1::CaseStatusChanged& e,
                                               const eventlog::EventMeta& m) -> absl::Status {
    CaseChange c;
    c.case_id = e.case_id();
    c.executor_id = e.executor_id();
    c.to_status = e.to_status();
    c.control_date = FromDate(e.control_date());
    // The statutory term (Law 393/96-VR Art. 20: 15 days or a month, a
    // lawful extension to 45 days) is moved only by a change that keeps the
    // status before any rework: a rework after an unconfirmed call-back
    // sets a term of its own, by which timeliness is never measured.
    c.term_change = e.from_status() == e.to_status();
    // Since issue 10 the event carries the control term (rework, emergency)
    // apart, and control_date is the statutory term whatever happened.
    c.statutory_apart = e.has_control_term_date();
    c.rework_count = e.rework_count();
    c.answered = e.to_status() == tracking::v1::CASE_STATUS_ANSWERED;
    c.final = e.to_status() == tracking::v1::CASE_STATUS_CLOSED ||
              e.to_status() == tracking::v1::CASE_STATUS_NOT_CONSIDERED;
    c.changed_at = FromTimestamp(e.changed_at());
    c.changed_day = KyivDay(c.changed_at);
    RETURN_IF_ERROR(store_->ChangeCase(tx, c));
    Applied(tx, m);
    return absl::OkStatus();
  });
  d.On<tracking::v1::CaseClosed>([this](db::Tx& tx, const tracking::v1::CaseClosed& e,
                                        const eventlog::EventMeta& m) -> absl::Status {
    CaseClose c;
    c.case_id = e.case_id();
    c.result = e.result();
    c.not_confirmed = e.not_confirmed();
    if (e.has_statutory_control_date()) {
      c.statutory_control_date = FromDate(e.statutory_control_date());
    }
    RETURN_IF_ERROR(store_->CloseCase(tx, c));
    Applied(tx, m);
    return absl::OkStatus();
  });
  // A duplicate (дублетне, CMU 858 classifier item 2.3) joined an earlier
  // appeal's case: one consideration, under that case's statutory term
  // (Law 393/96-ВР Art. 20), so it follows the case and never counts as an
  // open or overdue case of its own.
  d.On<tracking::v1::CaseAppealJoined>([this](db::Tx& tx, const tracking::v1::CaseAppealJoined& e,
                                              const eventlog::EventMeta& m) -> absl::Status {
    RETURN_IF_ERROR(store_->JoinCase(tx, e.appeal_id(), e.case_id(), e.case_appeal_id(),
                                     FromTimestamp(e.joined_at())));
    Applied(tx, m);
    return absl::OkStatus();
  });
  d.On<tracking::v1::CaseReturnedToRouting>(
      [this](db::Tx& tx, const tracking::v1::CaseReturnedToRouting& e,
             const eventlog::EventMeta& m) -> absl::Status {
        RETURN_IF_ERROR(store_->Declined(tx, m.position, e.case_id(), e.executor_id()));
        Applied(tx, m);
        return absl::OkStatus();
      });
}

}  // namespace contactcenter::analytics
