// Notices to applicants (issue 17): the use case that writes each notice in
// the transaction of its cause and serves the sender, ops and the mail room.
//
// Causes (notice_rules.h quotes the articles):
// - the registration itself (AppealRegistry::Register): the acknowledgement
//   of an electronic appeal, or the return (Art. 5, 7);
// - a supervisor confirming an exclusion (Art. 8): not considered;
// - routing's AppealRouted and AppealRerouted (Art. 7): forwarded to the
//   body, the first within 5 days of receipt;
// - tracking's CaseStatusChanged moving the statutory term later (Art. 20):
//   extended, with the new last day.
// Only an appeal whose channel was recorded at registration gets notices:
// an anonymous one has nobody to tell, and appeals registered before the
// notices existed are not written to out of the blue.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "appeal_store.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/dispatcher.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/refdata/work_calendar.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "notice_store.h"
#include "notice_templates.h"

namespace contactcenter::intake {

// A notice the sender took, with its appeal (for the contact and the text).
struct NoticeToSend {
  StoredNotice stored;
  v1::Appeal appeal;
};

class Notices {
 public:
  // `body_names`: executive body id → its name for the letters
  // (deploy/reference/executors.csv), for a body routing has not announced
  // (ExecutorDirectoryChanged names it otherwise); an unknown body is named
  // by its id.
  // `letter_prefix` starts the letters' outgoing numbers ("ЛОКЦ" gives
  // "ЛОКЦ-ВИХ-2026-000001"). `tell_gcc_applicants`: the Government Contact
  // Center's cards get notices too (NoticeChannelOf, --notice_gcc_applicants).
  Notices(db::Pool* pool, NoticeStore* store, AppealStore* appeals,
          const refdata::WorkCalendar* calendar, const NoticeTemplates* templates,
          std::map<std::string, std::string> body_names, std::string letter_prefix,
          bool tell_gcc_applicants = true)
      : pool_(pool),
        store_(store),
        appeals_(appeals),
        calendar_(calendar),
        templates_(templates),
        body_names_(std::move(body_names)),
        letter_prefix_(std::move(letter_prefix)),
        tell_gcc_applicants_(tell_gcc_applicants) {}

  // In the registration's transaction, one statement: the appeal's channel
  // and the notice the registration causes (RegistrationNotice), if any.
  absl::Status OnRegistered(db::Tx& tx, const v1::Appeal& appeal, absl::Time now);
  // In the supervisor's decision's transaction: not considered (Art. 8).
  absl::Status OnNotConsidered(db::Tx& tx, const v1::Appeal& appeal, absl::Time now);

  // Routing's and tracking's events, in the consumer's transaction;
  // idempotent (the event id is the notice's cause).
  absl::Status OnAppealRouted(db::Tx& tx, const routing::v1::AppealRouted& e,
                              const eventlog::EventMeta& meta);
  absl::Status OnAppealRerouted(db::Tx& tx, const routing::v1::AppealRerouted& e,
                                const eventlog::EventMeta& meta);
  // A directory version came into force in routing: its bodies' names.
  absl::Status OnExecutorDirectoryChanged(db::Tx& tx,
                                          const routing::v1::ExecutorDirectoryChanged& e,
                                          const eventlog::EventMeta& meta);
  absl::Status OnCaseOpened(db::Tx& tx, const tracking::v1::CaseOpened& e,
                            const eventlog::EventMeta& meta);
  absl::Status OnCaseStatusChanged(db::Tx& tx, const tracking::v1::CaseStatusChanged& e,
                                   const eventlog::EventMeta& meta);
  void FollowRouting(eventlog::Dispatcher& d);
  void FollowTracking(eventlog::Dispatcher& d);

  // The appeal's notices, oldest first, in the caller's transaction (GetAppeal).
  absl::StatusOr<std::vector<v1::Notice>> ForAppeal(db::Tx& tx, const std::string& appeal_id);

  absl::StatusOr<std::vector<v1::Notice>> ListFailed(int limit);
  absl::StatusOr<v1::Notice> Resend(const std::string& notice_id, absl::Time now);
  // The letters that entered the batch on the Kyiv day `day`, rendered.
  absl::StatusOr<std::vector<v1::Letter>> LetterBatch(absl::CivilDay day);

  // The sender's side (NoticeSender).
  // Takes the oldest due notice on `channels`, its next attempt moved to
  // `lease_until`; nullopt when none is due.
  absl::StatusOr<std::optional<NoticeToSend>> ClaimOne(
      absl::Time now, absl::Time lease_until, const std::vector<v1::NoticeChannel>& channels);
  // The text of a notice (INVALID_ARGUMENT when a value is missing).
  absl::StatusOr<RenderedNotice> Render(const StoredNotice& n, const v1::Appeal& appeal) const;
  absl::Status RecordSent(const std::string& notice_id, absl::Time at);
  // A letter: its outgoing number, and sent (put in the day's batch).
  absl::StatusOr<std::string> RecordLetter(const std::string& notice_id, absl::Time at);
  absl::Status RecordFailure(const std::string& notice_id, int attempts, absl::Time next_attempt_at,
                             const std::string& error, bool failed);
  absl::StatusOr<NoticeCounts> Counts(absl::Time now);

 private:
  // The name routing announced, else the reference data's, else the id.
  absl::StatusOr<std::string> BodyName(db::Tx& tx, const std::string& executor_id) const;

  db::Pool* pool_;
  NoticeStore* store_;
  AppealStore* appeals_;
  const refdata::WorkCalendar* calendar_;
  const NoticeTemplates* templates_;
  const std::map<std::string, std::string> body_names_;
  const std::string letter_prefix_;
  const bool tell_gcc_applicants_;
};

}  // namespace contactcenter::intake
