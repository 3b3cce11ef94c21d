// The only place the SQL of the notices' outbox lives (migration 0015):
// notice_channels, notices, notice_letter_numbers, notice_case_terms (and
// 0017's extension reason). No
// pool: every method runs in the caller's transaction and returns a status.
// No personal data is stored here (see the migration).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/intake/v1/intake.pb.h"

namespace contactcenter::intake {

// A notice to write (the outbox row).
struct NewNotice {
  std::string appeal_id;
  v1::NoticeKind kind = v1::NOTICE_KIND_UNSPECIFIED;
  // "registration", "decision", or the causing event's id.
  std::string cause;
  v1::NoticeChannel channel = v1::NOTICE_CHANNEL_UNSPECIFIED;
  std::string body_name;
  std::string reason;
  // An extension's reason code (tracking.v1.ExtensionReason; 0: not given).
  int extension_reason = 0;
  std::optional<absl::CivilDay> new_term;
  std::optional<absl::CivilDay> due_date;
  absl::Time created_at;
};

// A notice as stored, with what its text needs.
struct StoredNotice {
  v1::Notice notice;
  std::string body_name;
  std::string reason;
  int extension_reason = 0;
  std::optional<absl::CivilDay> new_term;
};

struct NoticeCounts {
  int64_t pending_email = 0;
  int64_t pending_sms = 0;
  int64_t pending_post = 0;
  int64_t failed = 0;
  // Not sent by their last day (before `today`).
  int64_t overdue = 0;
};

class NoticeStore {
 public:
  // The channel of the appeal's notices (NOTICE_CHANNEL_UNSPECIFIED: none).
  absl::StatusOr<v1::NoticeChannel> ChannelOf(db::Tx& tx, const std::string& appeal_id);

  // At registration, in one statement: the appeal's channel and, when
  // `n` is given, its notice (n->channel is `channel`).
  absl::Status RecordRegistration(db::Tx& tx, const std::string& appeal_id,
                                  v1::NoticeChannel channel, const NewNotice* n);

  // Writes `n` unless a notice of its kind and cause exists for the appeal
  // (a replayed event): false then.
  absl::StatusOr<bool> Add(db::Tx& tx, const NewNotice& n);

  // Takes up to `limit` pending notices due at `now` on `channels`, oldest
  // first, and moves their next attempt to `lease_until` (SKIP LOCKED: two
  // senders never take the same notice).
  absl::StatusOr<std::vector<StoredNotice>> Claim(db::Tx& tx, absl::Time now,
                                                  absl::Time lease_until,
                                                  const std::vector<v1::NoticeChannel>& channels,
                                                  int limit);
  // Sent (pending ones only: a notice sent twice stays sent once).
  absl::Status MarkSent(db::Tx& tx, const std::string& id, absl::Time at,
                        const std::string& outgoing_number);
  // One more failed attempt: retried at `next_attempt_at`, or failed for
  // good when `failed`.
  absl::Status MarkAttemptFailed(db::Tx& tx, const std::string& id, int attempts,
                                 absl::Time next_attempt_at, const std::string& error, bool failed);

  absl::StatusOr<std::vector<v1::Notice>> Failed(db::Tx& tx, int limit);
  // A failed notice pending again with no attempts; FAILED_PRECONDITION for
  // one not failed, NOT_FOUND for none.
  absl::StatusOr<v1::Notice> Resend(db::Tx& tx, const std::string& id, absl::Time now);
  absl::StatusOr<std::vector<v1::Notice>> ForAppeal(db::Tx& tx, const std::string& appeal_id);
  // The letters put in the batch within [from, to), by outgoing number.
  absl::StatusOr<std::vector<StoredNotice>> Letters(db::Tx& tx, absl::Time from, absl::Time to);
  absl::StatusOr<int64_t> NextLetterNumber(db::Tx& tx, int64_t year);
  absl::StatusOr<NoticeCounts> Counts(db::Tx& tx, absl::CivilDay today);

  // The last statutory term tracking told for the appeal.
  absl::StatusOr<std::optional<absl::CivilDay>> TermOf(db::Tx& tx, const std::string& appeal_id);
  absl::Status SetTerm(db::Tx& tx, const std::string& appeal_id, absl::CivilDay day);

  // The bodies' names of directory `version` (routing's
  // ExecutorDirectoryChanged): each replaces the name a body has from an
  // older version, never one from a newer.
  absl::Status SetBodyNames(db::Tx& tx, int64_t version,
                            const std::vector<std::pair<std::string, std::string>>& id_and_name);
  // The name routing last announced for the body; nullopt when none.
  absl::StatusOr<std::optional<std::string>> BodyNameOf(db::Tx& tx, const std::string& executor_id);
};

}  // namespace contactcenter::intake
