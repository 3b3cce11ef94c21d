// The only place the SQL of appeals lives: appeals, registration numbers,
// idempotency keys, the audit of personal-data reads and the case
// resolutions learnt from tracking. No pool: every method runs in the
// caller's transaction and returns a status, never throws.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/status/page_token.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "registration_decision.h"

namespace contactcenter::intake {

// An applicant's history is looked up by a normalised phone, a normalised
// e-mail, or a name key (PersonNameKey) with an optional address key
// (AddressKey). Exactly one of them is non-empty.
struct ApplicantSearchKey {
  std::string phone;
  std::string email;
  std::string name_key;
  std::string address_key;
};

// ListAppeals' filters, validated; empty or zero means any.
struct AppealFilter {
  std::optional<absl::Time> received_from;
  std::optional<absl::Time> received_to;
  v1::AppealStatus status = v1::APPEAL_STATUS_UNSPECIFIED;
  common::v1::Channel channel = common::v1::CHANNEL_UNSPECIFIED;
  std::string topic_code;
  std::string territory_code;
  std::string registration_number;
};
// A page's position is (received_at, id).
using AppealPage = Page<v1::AppealSummary>;

// What FindById / FindByNumber answer for an appeal that does not exist,
// and every reader that may not see an appeal gets the same (an executor
// asking for an appeal its body never held).
absl::Status NoAppeal(const std::string& key);

class AppealStore {
 public:
  // --- Idempotency keys: a key remembers the SHA-256 of its request
  // (RequestDigest), never the request.
  // Claims (caller, key) for the request with digest `request_sha256` at
  // `now` and then takes the next registration number of `year` (from 1),
  // in one statement. nullopt when the key was claimed at or after
  // `expired_before` (a replay): then no number is taken, so none is
  // skipped. A key claimed earlier has expired and is claimed afresh; an
  // empty key claims nothing and takes a number. A concurrent first claim
  // holds the key row until it commits; this waits for it, then sees its
  // result. Concurrent callers never share or skip a number: the counter
  // row stays locked until commit.
  absl::StatusOr<std::optional<int64_t>> ClaimKeyAndNumber(
      db::Tx& tx, const std::string& caller, const std::string& key,
      const std::string& request_sha256, absl::Time now, absl::Time expired_before,
      int64_t year);
  struct IdempotencyRecord {
    std::string request_sha256;
    std::string appeal_id;
  };
  absl::StatusOr<IdempotencyRecord> ReadIdempotencyKey(db::Tx& tx, const std::string& caller,
                                                       const std::string& key);
  // The key table's size: rows as PostgreSQL's statistics estimate them
  // (no count(*) over a week of keys) and bytes with its indexes.
  struct TableSize {
    int64_t rows_estimate = 0;
    int64_t bytes = 0;
  };
  absl::StatusOr<TableSize> IdempotencyKeysSize(db::Tx& tx);
  // Deletes at most `limit` keys claimed before `expired_before`, oldest
  // first, skipping rows another transaction holds; returns how many.
  absl::StatusOr<int64_t> DeleteExpiredIdempotencyKeys(db::Tx& tx, absl::Time expired_before,
                                                       int limit);

  // --- The facts registration decides on (see registration_decision.h).
  // What registration knows of the applicant, in one statement:
  // `resolved`, their latest appeal registered for consideration on the
  // finest topic (FinestTopic) and territory whose case tracking closed
  // with one of `results`, and the body that closed it (empty ids when
  // there is none); `on_topic`, their appeals on the finest topic, newest
  // first (at most 100).
  struct Resolved {
    std::string appeal_id;
    std::string executor_id;
  };
  struct ApplicantHistory {
    Resolved resolved;
    std::vector<EarlierAppeal> on_topic;
  };
  absl::StatusOr<ApplicantHistory> HistoryOf(
      db::Tx& tx, const ApplicantKeys& applicant, const std::string& finest_topic,
      const std::string& territory_code, const std::vector<tracking::v1::CaseResult>& results);
  // The object or event an appeal belongs to: the first appeal of the
  // chain of operator-confirmed links (its own id when it links to none);
  // NOT_FOUND for an unknown appeal.
  absl::StatusOr<std::string> EventRootOf(db::Tx& tx, const std::string& appeal_id);
  // Distinct applicants other than `applicant` with an appeal on the object
  // or event `event_root` (the root and the appeals linked to it; an
  // applicant is known by the name with the address, else the first of
  // phone, e-mail, ЄДРПОУ code; an anonymous appeal counts alone), and
  // their appeals, newest first (at most kMaxLinkedAppeals).
  struct OtherApplicants {
    int count = 0;
    std::vector<std::string> latest_appeal_ids;
  };
  absl::StatusOr<OtherApplicants> OtherApplicantsOnEvent(db::Tx& tx,
                                                         const ApplicantKeys& applicant,
                                                         const std::string& event_root);

  // Writes every column of `appeal` (NewAppeal) with the applicant's search
  // keys and its object or event (`event_root`, "" for none) in one insert,
  // and binds `key_caller`'s idempotency key `key` (claimed before with
  // ClaimKeyAndNumber; "" for none) to it in the same statement; returns
  // the id the database gave it.
  absl::StatusOr<std::string> Insert(db::Tx& tx, const v1::Appeal& appeal,
                                     const ApplicantKeys& applicant,
                                     const std::string& event_root = "",
                                     const std::string& key_caller = "",
                                     const std::string& key = "");

  // One appeal as stored, by id or registration number; NOT_FOUND when
  // there is none. Only AppealRegistry calls these, and it applies the
  // Art. 10 redaction and the audit to every reader but the registrar.
  absl::StatusOr<v1::Appeal> FindById(db::Tx& tx, const std::string& id);
  absl::StatusOr<v1::Appeal> FindByNumber(db::Tx& tx, const std::string& number);

  // The registration numbers of the appeals among `ids` that exist, by id.
  absl::StatusOr<std::map<std::string, std::string>> RegistrationNumbers(
      db::Tx& tx, const std::vector<std::string>& ids);

  // A row of personal_data_reads: who read which personal fields of the
  // appeal, when; for an executor, the body it acts for; `refused` when the
  // read was refused (nothing disclosed).
  struct PersonalDataRead {
    std::string appeal_id;
    std::string reader;
    std::string reader_role;
    std::string executor_id;  // "" unless the reader is an executor
    absl::Time at;
    std::vector<std::string> fields;
    bool refused = false;
    std::string purpose;  // why, when the reader says so ("" for none)
  };
  absl::Status RecordPersonalDataRead(db::Tx& tx, const PersonalDataRead& read);

  // The essences of the appeals among `ids` that exist, by id. Only
  // AppealRegistry::ReadEssences calls it, and it audits each one.
  absl::StatusOr<std::map<std::string, std::string>> Essences(db::Tx& tx,
                                                              const std::vector<std::string>& ids);

  // The applicant's appeals, newest first, at most `limit`.
  absl::StatusOr<std::vector<v1::AppealSummary>> FindApplicantHistory(db::Tx& tx,
                                                                      const ApplicantSearchKey& key,
                                                                      int limit);

  // Newest receipt first, ties by id; keyset paging, so a page is stable
  // while appeals are being registered.
  absl::StatusOr<AppealPage> List(db::Tx& tx, const AppealFilter& filter,
                                  const std::optional<KeysetPosition>& after, int page_size);

  // --- Exclusion proposals (Art. 8, Art. 17).
  // Pending proposals, oldest first, at most `limit`.
  absl::StatusOr<std::vector<v1::ExclusionProposalSummary>> PendingProposals(db::Tx& tx,
                                                                             int limit);
  // The appeal, locked until the transaction ends (a decision reads it so).
  absl::StatusOr<v1::Appeal> FindByIdForUpdate(db::Tx& tx, const std::string& id);
  // Writes a decided proposal: status, reason, screened_by and the
  // proposal's decision fields of `appeal`; FAILED_PRECONDITION when it was
  // no longer pending.
  absl::Status Decide(db::Tx& tx, const v1::Appeal& appeal);
  // The body routing would send a proposed repeat to ("" for none).
  absl::Status SetProposalBody(db::Tx& tx, const std::string& id, const std::string& executor_id);

  // --- Return letters (Art. 5).
  // FAILED_PRECONDITION when a letter is recorded already.
  absl::Status RecordReturnLetter(db::Tx& tx, const std::string& appeal_id,
                                  const v1::ReturnLetter& letter);
  // Returned appeals without a letter whose last day is before `today`,
  // oldest term first, at most `limit`.
  absl::StatusOr<std::vector<v1::OverdueReturn>> OverdueReturns(db::Tx& tx, absl::CivilDay today,
                                                                int limit);
  // The same, not yet reported: marks them reported at `now` and returns
  // their events (each appeal once, ever).
  absl::StatusOr<std::vector<v1::AppealReturnOverdue>> TakeNewlyOverdueReturns(
      db::Tx& tx, absl::CivilDay today, absl::Time now, int limit);

  // Remembers a case tracking reported overdue; once per case.
  absl::Status RecordCaseOverdue(db::Tx& tx, const tracking::v1::CaseOverdue& overdue);

  // Remembers a case tracking closed, for its appeal and the duplicates that
  // joined it; the same case twice is recorded once.
  absl::Status RecordCaseClosed(db::Tx& tx, const tracking::v1::CaseClosed& closed);
  // Remembers that a duplicate joined a case; once per appeal.
  absl::Status RecordCaseJoined(db::Tx& tx, const tracking::v1::CaseAppealJoined& joined);
};

}  // namespace contactcenter::intake
