#include "appeal_registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "appeal_card.h"
#include "appeal_events.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"
#include "personal_data.h"
#include "registration_decision.h"
#include "request_digest.h"

namespace contactcenter::intake {

absl::StatusOr<AppealRegistry::Registered> AppealRegistry::Register(
    const v1::RegisterAppealRequest& req, const auth::Principal& who, absl::Time now) {
  const v1::AppealCard card = NormalizeCard(req.card(), now);
  const absl::Time received = FromTimestamp(card.received_at());
  const Screening screening =
      Screen(card, absl::ToCivilDay(received, KyivTimeZone()), working_hours_->calendar());
  const std::string finest_topic = FinestTopic(card);
  const absl::CivilDay registration_day = working_hours_->RegistrationDay(received, card.form());
  const ApplicantKeys applicant = ApplicantKeysOf(card);
  const std::string& key = req.idempotency_key();
  const std::string request_sha256 = RequestDigest(req);
  const int64_t year = absl::ToCivilYear(now, KyivTimeZone()).year();

  return registrations_.Write([&](db::Tx& tx) -> absl::StatusOr<Registered> {
    // The number with the key: its counter row orders concurrent
    // registrations, so the lookups below see the ones numbered before it.
    ASSIGN_OR_RETURN(const std::optional<int64_t> number,
                     store_->ClaimKeyAndNumber(tx, who.id, key, request_sha256, now,
                                               now - keys_.retention, year));
    if (!number) return Replay(tx, who, key, request_sha256, now);
    const int64_t n = *number;
    RegistrationFacts facts;
    if (applicant.known) {
      ASSIGN_OR_RETURN(AppealStore::ApplicantHistory history,
                       store_->HistoryOf(tx, applicant, finest_topic, card.territory_code(),
                                         ResultsOnTheMerits()));
      facts.resolved_earlier = std::move(history.resolved.appeal_id);
      facts.resolved_earlier_executor = std::move(history.resolved.executor_id);
      facts.applicant_earlier = std::move(history.on_topic);
    }
    if (!card.same_event_appeal_id().empty()) {
      absl::StatusOr<std::string> root = store_->EventRootOf(tx, card.same_event_appeal_id());
      if (absl::IsNotFound(root.status())) {
        FieldViolations v;
        v.Add("card.same_event_appeal_id", "no such appeal");
        return v.ToStatus("invalid appeal");
      }
      if (!root.ok()) return root.status();
      facts.event_root = *std::move(root);
      ASSIGN_OR_RETURN(AppealStore::OtherApplicants others,
                       store_->OtherApplicantsOnEvent(tx, applicant, facts.event_root));
      facts.other_applicants = others.count;
      facts.other_applicants_appeals = std::move(others.latest_appeal_ids);
    }

    const RegistrationDecision decision = DecideRegistration(card, screening, facts, mass_rule_);
    v1::Appeal appeal =
        NewAppeal(card, screening, decision, absl::StrFormat("%s-%d-%06d", prefix_, year, n),
                  registration_day, who.id, now);
    ASSIGN_OR_RETURN(std::string id,
                     store_->Insert(tx, appeal, applicant, facts.event_root, who.id, key));
    appeal.set_id(std::move(id));
    if (notices_ != nullptr) RETURN_IF_ERROR(notices_->OnRegistered(tx, appeal, now));
    switch (appeal.status()) {
      case v1::APPEAL_STATUS_NOT_CONSIDERED:
        RETURN_IF_ERROR(events_->Append(tx, appeal.id(), ToAppealNotConsidered(appeal), now));
        break;
      case v1::APPEAL_STATUS_RETURNED_TO_APPLICANT:
        RETURN_IF_ERROR(events_->Append(tx, appeal.id(), ToAppealReturnedToApplicant(appeal), now));
        break;
      case v1::APPEAL_STATUS_AWAITING_DECISION:
        RETURN_IF_ERROR(events_->Append(tx, appeal.id(), ToAppealExclusionProposed(appeal), now));
        break;
      default:
        RETURN_IF_ERROR(events_->Append(tx, appeal.id(), ToAppealRegistered(appeal), now));
        break;
    }
    return Registered{std::move(appeal), false};
  });
}

absl::StatusOr<std::vector<v1::ExclusionProposalSummary>> AppealRegistry::ListExclusionProposals(
    int limit) {
  return pool_->Read([&](db::Tx& tx) { return store_->PendingProposals(tx, limit); });
}

absl::StatusOr<v1::Appeal> AppealRegistry::DecideExclusion(const std::string& appeal_id,
                                                           v1::ExclusionDecision decision,
                                                           const std::string& comment,
                                                           const auth::Principal& who,
                                                           absl::Time now) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::Appeal> {
    ASSIGN_OR_RETURN(v1::Appeal stored, store_->FindByIdForUpdate(tx, appeal_id));
    ASSIGN_OR_RETURN(v1::Appeal decided,
                     ApplyExclusionDecision(std::move(stored), decision, who.id, comment, now));
    RETURN_IF_ERROR(store_->Decide(tx, decided));
    if (decided.status() == v1::APPEAL_STATUS_NOT_CONSIDERED) {
      RETURN_IF_ERROR(events_->Append(tx, decided.id(), ToAppealNotConsidered(decided), now));
      // Art. 8: the head's decision "повідомляється особі, яка подала звернення".
      if (notices_ != nullptr) RETURN_IF_ERROR(notices_->OnNotConsidered(tx, decided, now));
    } else {
      // Overruled: considered after all, so routed like any registered one.
      RETURN_IF_ERROR(events_->Append(tx, decided.id(), ToAppealRegistered(decided), now));
    }
    RETURN_IF_ERROR(DiscloseTo(tx, decided, who, now));
    return decided;
  });
}

absl::StatusOr<v1::Appeal> AppealRegistry::RecordReturnLetter(const std::string& appeal_id,
                                                              const v1::ReturnLetter& letter,
                                                              const auth::Principal& who,
                                                              absl::Time now) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::Appeal> {
    ASSIGN_OR_RETURN(v1::Appeal appeal, store_->FindByIdForUpdate(tx, appeal_id));
    if (appeal.status() != v1::APPEAL_STATUS_RETURNED_TO_APPLICANT) {
      return absl::FailedPreconditionError(absl::StrCat(
          "appeal ", appeal.registration_number(), " was not returned to its applicant"));
    }
    if (FromDate(letter.letter_date()) <
        absl::ToCivilDay(FromTimestamp(appeal.card().received_at()), KyivTimeZone())) {
      FieldViolations v;
      v.Add("letter_date", "is before the appeal was received");
      return v.ToStatus("invalid return letter");
    }
    if (appeal.has_return_letter()) {
      const v1::ReturnLetter& l = appeal.return_letter();
      // The same letter again (a retry) is answered as recorded.
      if (FromDate(l.letter_date()) == FromDate(letter.letter_date()) &&
          l.letter_number() == letter.letter_number()) {
        RETURN_IF_ERROR(DiscloseTo(tx, appeal, who, now));
        return appeal;
      }
      return absl::FailedPreconditionError(
          absl::StrCat("appeal ", appeal.registration_number(),
                       " has its return letter recorded already: No ", l.letter_number()));
    }
    v1::ReturnLetter* l = appeal.mutable_return_letter();
    *l->mutable_letter_date() = letter.letter_date();
    l->set_letter_number(letter.letter_number());
    l->set_recorded_by(who.id);
    *l->mutable_recorded_at() = ToTimestamp(absl::FromUnixMicros(absl::ToUnixMicros(now)));
    RETURN_IF_ERROR(store_->RecordReturnLetter(tx, appeal.id(), *l));
    RETURN_IF_ERROR(events_->Append(tx, appeal.id(), ToAppealReturnLetterRecorded(appeal), now));
    RETURN_IF_ERROR(DiscloseTo(tx, appeal, who, now));
    return appeal;
  });
}

absl::StatusOr<std::vector<v1::OverdueReturn>> AppealRegistry::ListOverdueReturns(absl::Time now,
                                                                                 int limit) {
  const absl::CivilDay today = absl::ToCivilDay(now, KyivTimeZone());
  return pool_->Read([&](db::Tx& tx) { return store_->OverdueReturns(tx, today, limit); });
}

absl::StatusOr<int> AppealRegistry::ReportOverdueReturns(absl::Time now) {
  const absl::CivilDay today = absl::ToCivilDay(now, KyivTimeZone());
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<int> {
    ASSIGN_OR_RETURN(std::vector<v1::AppealReturnOverdue> due,
                     store_->TakeNewlyOverdueReturns(tx, today, now, 1000));
    for (const v1::AppealReturnOverdue& e : due) {
      RETURN_IF_ERROR(events_->Append(tx, e.appeal_id(), e, now));
    }
    return static_cast<int>(due.size());
  });
}

absl::StatusOr<std::map<std::string, std::string>> AppealRegistry::ReadEssences(
    const std::vector<std::string>& ids, const std::string& purpose, const auth::Principal& who,
    absl::Time now) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<std::map<std::string, std::string>> {
    ASSIGN_OR_RETURN(auto essences, store_->Essences(tx, ids));
    for (const auto& [id, essence] : essences) {
      RETURN_IF_ERROR(store_->RecordPersonalDataRead(
          tx, {.appeal_id = id,
               .reader = who.id,
               .reader_role = std::string(auth::RoleName(who.role)),
               .executor_id = "",
               .at = now,
               .fields = {"essence"},
               .refused = false,
               .purpose = purpose}));
    }
    return essences;
  });
}

absl::StatusOr<AppealRegistry::Registered> AppealRegistry::Replay(db::Tx& tx,
                                                                  const auth::Principal& who,
                                                                  const std::string& key,
                                                                  const std::string& request_sha256,
                                                                  absl::Time now) {
  ASSIGN_OR_RETURN(AppealStore::IdempotencyRecord first,
                   store_->ReadIdempotencyKey(tx, who.id, key));
  ASSIGN_OR_RETURN(v1::Appeal earlier, store_->FindById(tx, first.appeal_id));
  if (first.request_sha256 != request_sha256) {
    FieldViolations v;
    v.Add("idempotency_key",
          absl::StrCat("already used for a different request (appeal ",
                       earlier.registration_number(), "); use a new key for a new appeal"));
    return v.ToStatus("idempotency key reused");
  }
  // Keys are per caller, so this is the registrar's own appeal; the rule
  // for every other reader holds here too all the same.
  RETURN_IF_ERROR(DiscloseTo(tx, earlier, who, now));
  return Registered{std::move(earlier), true};
}

absl::StatusOr<v1::GetAppealResponse> AppealRegistry::Read(const std::string& key, bool by_number,
                                                           const auth::Principal& who,
                                                           absl::Time now) {
  bool refused = false;
  ASSIGN_OR_RETURN(
      v1::GetAppealResponse read,
      pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::GetAppealResponse> {
        refused = false;
        v1::GetAppealResponse out;
        ASSIGN_OR_RETURN(v1::Appeal appeal,
                         by_number ? store_->FindByNumber(tx, key) : store_->FindById(tx, key));
        if (who.role == auth::Role::kExecutor) {
          ASSIGN_OR_RETURN(const std::vector<Holding> holdings,
                           holders_->HoldersOf(tx, appeal.id()));
          if (!HoldsOrHeld(holdings, who.executor_id)) {
            // Audited, then answered as if the appeal did not exist: the
            // transaction commits the refusal.
            refused = true;
            RETURN_IF_ERROR(store_->RecordPersonalDataRead(
                tx, {appeal.id(), who.id, std::string(auth::RoleName(who.role)), who.executor_id,
                     now, {}, true, ""}));
            return out;
          }
        }
        RETURN_IF_ERROR(DiscloseTo(tx, appeal, who, now));
        const std::vector<std::string> linked(appeal.linked_appeal_ids().begin(),
                                              appeal.linked_appeal_ids().end());
        ASSIGN_OR_RETURN(const auto numbers, store_->RegistrationNumbers(tx, linked));
        for (const std::string& id : linked) {
          v1::LinkedAppeal* l = out.add_linked_appeals();
          l->set_appeal_id(id);
          if (auto it = numbers.find(id); it != numbers.end()) l->set_registration_number(it->second);
        }
        *out.mutable_applicant_requests() = ApplicantRequestsOf(appeal.card());
        if (notices_ != nullptr) {
          ASSIGN_OR_RETURN(std::vector<v1::Notice> notices, notices_->ForAppeal(tx, appeal.id()));
          for (v1::Notice& n : notices) *out.add_notices() = std::move(n);
        }
        *out.mutable_appeal() = std::move(appeal);
        return out;
      }));
  if (refused) return NoAppeal(key);
  return read;
}

absl::Status AppealRegistry::DiscloseTo(db::Tx& tx, v1::Appeal& appeal, const auth::Principal& who,
                                        absl::Time now) {
  if (appeal.registered_by() == who.id) return absl::OkStatus();
  const bool executor = who.role == auth::Role::kExecutor;
  // The body considering the appeal gets it whole, the requests attached
  // (Art. 10: not a disclosure to those who resolve the case).
  if (!executor) RedactForOtherReaders(appeal);
  const std::vector<std::string> fields = DisclosedPersonalFields(appeal);
  if (fields.empty() && !executor) return absl::OkStatus();
  return store_->RecordPersonalDataRead(
      tx, {appeal.id(), who.id, std::string(auth::RoleName(who.role)),
           executor ? who.executor_id : std::string(), now, fields, false, ""});
}

absl::StatusOr<std::vector<v1::AppealSummary>> AppealRegistry::FindApplicantHistory(
    const ApplicantSearchKey& key, int limit) {
  return pool_->Read([&](db::Tx& tx) { return store_->FindApplicantHistory(tx, key, limit); });
}

absl::StatusOr<AppealPage> AppealRegistry::List(const AppealFilter& filter,
                                                const std::optional<KeysetPosition>& after,
                                                int page_size) {
  return pool_->Read([&](db::Tx& tx) { return store_->List(tx, filter, after, page_size); });
}

absl::StatusOr<AppealRegistry::KeyCleanup> AppealRegistry::DeleteExpiredKeys(absl::Time now) {
  KeyCleanup done;
  // One short transaction per batch: registrations never wait long behind
  // a cleanup, however many keys expired at once.
  while (true) {
    ASSIGN_OR_RETURN(const int64_t deleted, pool_->Write([&](db::Tx& tx) {
      return store_->DeleteExpiredIdempotencyKeys(tx, now - keys_.retention, keys_.batch_size);
    }));
    done.deleted += deleted;
    ++done.batches;
    if (deleted == 0 || deleted < keys_.batch_size) break;
  }
  ASSIGN_OR_RETURN(const AppealStore::TableSize size,
                   pool_->Read([&](db::Tx& tx) { return store_->IdempotencyKeysSize(tx); }));
  done.rows_estimate = size.rows_estimate;
  done.bytes = size.bytes;
  return done;
}

absl::Status AppealRegistry::OnCaseClosed(db::Tx& tx, const tracking::v1::CaseClosed& closed,
                                          const eventlog::EventMeta& event) {
  if (!IsUuid(closed.appeal_id())) {
    return absl::DataLossError(
        absl::StrCat("CaseClosed at position ", event.position, " has no appeal id"));
  }
  return store_->RecordCaseClosed(tx, closed);
}

absl::Status AppealRegistry::OnCaseOverdue(db::Tx& tx, const tracking::v1::CaseOverdue& overdue,
                                           const eventlog::EventMeta& event) {
  if (!IsUuid(overdue.appeal_id())) {
    return absl::DataLossError(
        absl::StrCat("CaseOverdue at position ", event.position, " has no appeal id"));
  }
  return store_->RecordCaseOverdue(tx, overdue);
}

absl::Status AppealRegistry::OnExclusionProposalRouted(
    db::Tx& tx, const routing::v1::ExclusionProposalRouted& routed,
    const eventlog::EventMeta& event) {
  if (!IsUuid(routed.appeal_id())) {
    return absl::DataLossError(absl::StrCat("ExclusionProposalRouted at position ",
                                            event.position, " has no appeal id"));
  }
  ASSIGN_OR_RETURN(v1::Appeal stored, store_->FindByIdForUpdate(tx, routed.appeal_id()));
  std::optional<v1::Appeal> changed =
      ApplyProposalBody(std::move(stored), routed.executor_id(), event.occurred_at);
  if (!changed) return absl::OkStatus();
  RETURN_IF_ERROR(store_->SetProposalBody(tx, changed->id(), routed.executor_id()));
  if (changed->exclusion_proposal().decision() != v1::EXCLUSION_DECISION_WITHDRAWN) {
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(store_->Decide(tx, *changed));
  // Considered after all: routed like any registered appeal.
  return events_->Append(tx, changed->id(), ToAppealRegistered(*changed), event.occurred_at);
}

void AppealRegistry::FollowRouting(eventlog::Dispatcher& d) {
  d.On(this, &AppealRegistry::OnExclusionProposalRouted);
}

absl::Status AppealRegistry::OnCaseAppealJoined(db::Tx& tx,
                                                const tracking::v1::CaseAppealJoined& joined,
                                                const eventlog::EventMeta& event) {
  if (!IsUuid(joined.appeal_id()) || joined.case_id().empty()) {
    return absl::DataLossError(
        absl::StrCat("CaseAppealJoined at position ", event.position, " has no appeal or case"));
  }
  return store_->RecordCaseJoined(tx, joined);
}

void AppealRegistry::FollowTracking(eventlog::Dispatcher& d) {
  d.On(this, &AppealRegistry::OnCaseAppealJoined);
  d.On(this, &AppealRegistry::OnCaseClosed);
  d.On(this, &AppealRegistry::OnCaseOverdue);
}

}  // namespace contactcenter::intake
