// Registering and reading appeals: the use cases of intake's appeals. Each
// public method is one transaction (the tracking-event handler runs in the
// consumer's); inside it the registry reads facts through AppealStore,
// decides with pure functions (screening, registration_decision,
// personal_data) and appends the event in the same transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "appeal_store.h"
#include "attributes.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/db/group_commit.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "holder_store.h"
#include "notices.h"
#include "screening.h"

namespace contactcenter::intake {

// How long an idempotency key is kept, and how many expired keys one
// transaction of the cleanup deletes.
struct KeyRetention {
  absl::Duration retention = absl::Hours(7 * 24);
  int batch_size = 1000;
};

class AppealRegistry {
 public:
  // `registration_prefix` starts every registration number, e.g. "ЛОКЦ".
  // `holders` says which executive bodies held an appeal (routing's events,
  // AppealHolders): who among executors may read it.
  AppealRegistry(db::Pool* pool, AppealStore* store, HolderStore* holders,
                 eventlog::Producer* events, const WorkingHours* working_hours,
                 std::string registration_prefix, MassRule mass_rule = {},
                 KeyRetention keys = {})
      : pool_(pool),
        store_(store),
        holders_(holders),
        events_(events),
        working_hours_(working_hours),
        prefix_(std::move(registration_prefix)),
        mass_rule_(mass_rule),
        keys_(keys),
        registrations_(pool) {}

  // Notices to applicants (issue 17), written in the transaction of their
  // cause: registration, the supervisor's decision; GetAppeal shows them.
  // Unset: none (tests of other rules).
  void set_notices(Notices* notices) { notices_ = notices; }

  // Serves the registrations' group commit metrics (db/group_commit.h,
  // group="registration"); once, before the first registration.
  void ExportMetrics(prometheus::Registry& registry) {
    registrations_.ExportMetrics(registry, "registration");
  }

  struct Registered {
    v1::Appeal appeal;
    // The answer to an earlier request with the same idempotency key.
    bool replayed = false;
  };

  // Registers a validated request (ValidateRegisterRequest) by `who`, at
  // `now`: normalises the card, screens it (Art. 5, 8, 17), reads the
  // applicant's earlier appeals and the other applicants, decides
  // the repeat, attribute and links (DecideRegistration), inserts the
  // appeal and writes AppealRegistered, AppealNotConsidered or
  // AppealReturnedToApplicant in the same transaction. With an idempotency
  // key, the same key and the same request (compared by RequestDigest) from
  // the same caller within the key's retention return the first appeal; a
  // different request with that key is INVALID_ARGUMENT on idempotency_key;
  // once the key has expired it registers a new appeal. Concurrent
  // registrations share one transaction (GroupCommit), each as if alone.
  absl::StatusOr<Registered> Register(const v1::RegisterAppealRequest& request,
                                      const auth::Principal& who, absl::Time now);

  // One appeal, by id or (`by_number`) registration number, as `who` may
  // see it, with its linked appeals' numbers and the applicant's requests:
  // - the principal who registered it: in full;
  // - an executor: only an appeal its body holds or held (HolderStore), in
  //   full (Art. 10 lets it go to those who resolve the case; Art. 18's
  //   secrecy binds third parties, not that body); any other appeal is
  //   NOT_FOUND exactly as one that does not exist (NoAppeal), and the
  //   refusal of an existing one is audited with no fields;
  // - anyone else: with the applicant's Art. 10 requests applied.
  // Every read but the registrar's writes the personal fields disclosed to
  // personal_data_reads in the same transaction (an executor's always, with
  // its body).
  absl::StatusOr<v1::GetAppealResponse> Read(const std::string& key, bool by_number,
                                             const auth::Principal& who, absl::Time now);

  // The essences of the appeals among `ids` that exist, by id, for
  // analytics' content analysis; each one given is written to
  // personal_data_reads (fields ["essence"], `purpose`) in the same
  // transaction.
  absl::StatusOr<std::map<std::string, std::string>> ReadEssences(
      const std::vector<std::string>& ids, const std::string& purpose,
      const auth::Principal& who, absl::Time now);

  // Pending exclusion proposals, oldest first, at most `limit`.
  absl::StatusOr<std::vector<v1::ExclusionProposalSummary>> ListExclusionProposals(int limit);

  // A supervisor's decision on a pending proposal (ApplyExclusionDecision):
  // confirmed writes AppealNotConsidered, overruled AppealRegistered (the
  // appeal is routed), in the same transaction. Returns the appeal as `who`
  // may see it.
  absl::StatusOr<v1::Appeal> DecideExclusion(const std::string& appeal_id,
                                             v1::ExclusionDecision decision,
                                             const std::string& comment,
                                             const auth::Principal& who, absl::Time now);

  // Records the letter that returned an appeal (Art. 5) with
  // AppealReturnLetterRecorded; the same letter again answers the appeal as
  // it is. FAILED_PRECONDITION when the appeal was not returned or has
  // another letter; INVALID_ARGUMENT (letter_date) for a letter dated before
  // the receipt.
  absl::StatusOr<v1::Appeal> RecordReturnLetter(const std::string& appeal_id,
                                                const v1::ReturnLetter& letter,
                                                const auth::Principal& who, absl::Time now);

  // Returned appeals without a letter past their last day (Kyiv, at
  // `now`), oldest term first, at most `limit`.
  absl::StatusOr<std::vector<v1::OverdueReturn>> ListOverdueReturns(absl::Time now, int limit);

  // The periodic job "return_overdue_check": reports each newly overdue
  // return once (AppealReturnOverdue); returns how many.
  absl::StatusOr<int> ReportOverdueReturns(absl::Time now);

  // The applicant's appeals, newest first, at most `limit`; no personal data.
  absl::StatusOr<std::vector<v1::AppealSummary>> FindApplicantHistory(const ApplicantSearchKey& key,
                                                                      int limit);

  // A page of appeal summaries (see AppealStore::List).
  absl::StatusOr<AppealPage> List(const AppealFilter& filter,
                                  const std::optional<KeysetPosition>& after, int page_size);

  // Deletes the idempotency keys claimed more than the retention before
  // `now`, at most `batch_size` per transaction, until none is left (the
  // periodic job "idempotency_key_cleanup").
  struct KeyCleanup {
    int64_t deleted = 0;
    int batches = 0;
    // The table after the cleanup (AppealStore::IdempotencyKeysSize).
    int64_t rows_estimate = 0;
    int64_t bytes = 0;
  };
  absl::StatusOr<KeyCleanup> DeleteExpiredKeys(absl::Time now);

  // Routing's ExclusionProposalRouted, inside the consumer's transaction:
  // the body a proposed repeat would go to (ApplyProposalBody). Another body
  // than the one that resolved the earlier appeal withdraws the proposal and
  // writes AppealRegistered (the appeal is routed); the same body is noted
  // on the proposal. Idempotent.
  absl::Status OnExclusionProposalRouted(db::Tx& tx,
                                         const routing::v1::ExclusionProposalRouted& routed,
                                         const eventlog::EventMeta& event);
  // Registers OnExclusionProposalRouted for routing's log (AppealHolders
  // follows the same log for the holders).
  void FollowRouting(eventlog::Dispatcher& d);

  // Tracking's CaseClosed, inside the consumer's transaction: records the
  // closing and its result (every closing counts for the attribute; done,
  // explained and refused also for the Art. 8 repeat). Idempotent.
  absl::Status OnCaseClosed(db::Tx& tx, const tracking::v1::CaseClosed& closed,
                            const eventlog::EventMeta& event);
  // Tracking's CaseOverdue, inside the consumer's transaction: records that
  // the appeal went past its term (an appeal saying so is repeated, not a
  // duplicate). Idempotent.
  absl::Status OnCaseOverdue(db::Tx& tx, const tracking::v1::CaseOverdue& overdue,
                             const eventlog::EventMeta& event);
  // Tracking's CaseAppealJoined: a duplicate joined a case and closes with
  // it (RecordCaseClosed). Idempotent.
  absl::Status OnCaseAppealJoined(db::Tx& tx, const tracking::v1::CaseAppealJoined& joined,
                                  const eventlog::EventMeta& event);
  // Registers the handlers above for tracking's log.
  void FollowTracking(eventlog::Dispatcher& d);

 private:
  // The answer to a retry: the first appeal, or INVALID_ARGUMENT when the
  // key came with another request.
  absl::StatusOr<Registered> Replay(db::Tx& tx, const auth::Principal& who, const std::string& key,
                                    const std::string& request_sha256, absl::Time now);
  // Applies the Art. 10 redaction and the audit unless `who` registered it.
  absl::Status DiscloseTo(db::Tx& tx, v1::Appeal& appeal, const auth::Principal& who,
                          absl::Time now);

  db::Pool* pool_;
  AppealStore* store_;
  HolderStore* holders_;
  eventlog::Producer* events_;
  const WorkingHours* working_hours_;
  const std::string prefix_;
  const MassRule mass_rule_;
  const KeyRetention keys_;
  Notices* notices_ = nullptr;
  // Registrations serialize on the year's number counter, so concurrent
  // ones share a transaction and its commit (db/group_commit.h).
  db::GroupCommit registrations_;
};

}  // namespace contactcenter::intake
