// The projection's tables (migrations/0001_projection.sql): the only place
// their SQL is written. Every method takes the consumer's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"

namespace contactcenter::analytics {

// One appeal as intake registered it: classifier items only.
struct AppealRow {
  std::string appeal_id;
  int status = 0;
  int not_considered_reason = 0;
  absl::Time received_at;
  absl::CivilDay received_day;
  int kind = 0;
  int form = 0;
  int channel = 0;
  int subject = 0;
  int signatories = 0;
  int attribute = 0;
  int sex = 0;
  int social_status = 0;
  std::vector<int> author_categories;
  std::string topic_code;
  std::vector<std::string> topic_codes;  // main first
  std::string territory_code;
  // For an appeal returned to its applicant (Art. 5), its letter: a
  // ReturnState, counted as the dimension "return" when not kNone.
  int return_state = 0;
};

// Where the letter returning an appeal stands (Law 393/96-VR Art. 5: it is
// returned "не пізніше як через десять днів від дня його надходження").
enum ReturnState : int {
  kReturnNone = 0,           // not returned, or its term still runs
  kReturnLetterInTerm = 1,   // the letter went within the 10 days
  kReturnLetterLate = 2,     // the letter went after them
  kReturnOverdue = 3,        // the term passed and no letter yet
};
// The state after intake's AppealReturnLetterRecorded (`letter`, with
// `within_term`) or AppealReturnOverdue (not `letter`). Pure.
int NextReturnState(int old, bool letter, bool within_term);

// What one appeal adds to appeal_day_counts and topic_day_counts: one
// (dimension, value) per classifier item (and one per distinct author
// category, and "total"), the signatories on "subject"; every distinct code
// and heading of its topics. Pure.
struct AppealContribution {
  std::vector<std::string> dimensions;
  std::vector<int> values;
  std::vector<int64_t> signatories;
  std::vector<std::string> topic_codes;
};
AppealContribution ContributionOf(const AppealRow& row);

struct CaseRow {
  std::string appeal_id;
  std::string case_id;
  absl::Time received_at;
  absl::CivilDay received_day;
  std::string territory_code;
  std::string topic_code;
  std::string executor_id;
  int status = 0;
  absl::CivilDay control_date;
};

// A CaseStatusChanged, as the projection needs it.
struct CaseChange {
  std::string case_id;
  std::string executor_id;
  int to_status = 0;
  // The control date the event carries: the statutory term's when
  // `term_change` (the status stayed, no rework so far: an extension or a
  // shortening), else possibly a rework term, which is never taken.
  absl::CivilDay control_date;
  bool term_change = false;
  int rework_count = 0;
  // Set when the change is the answer (to ANSWERED).
  bool answered = false;
  // The case is done with (closed, or left without consideration): no
  // longer open even without an answer.
  bool final = false;
  absl::Time changed_at;
  absl::CivilDay changed_day;
  // The event carries the control term apart (control_term_date, since
  // issue 10): its control_date is then the statutory term's in any case,
  // taken as it is (an extension or a shortening, even after a rework).
  bool statutory_apart = false;
};

// A CaseClosed, as the projection needs it.
struct CaseClose {
  std::string case_id;
  int result = 0;
  // "Answered, not confirmed": the applicant could not be reached for the
  // call-back.
  bool not_confirmed = false;
  // The statutory term the answer is measured against, when the event
  // carries it (since issue 10).
  std::optional<absl::CivilDay> statutory_control_date;
};

// A body of routing's directory (ExecutorDirectoryChanged).
struct ExecutorRow {
  std::string id;
  std::string parent_id;  // "" at the top
  std::string name;       // official name in Ukrainian
  int kind = 0;           // routing.v1.ExecutorKind
  bool active = true;
};

class ProjectionStore {
 public:
  // Writes the appeal and keeps the day counts: its old contribution (if
  // the appeal was there) out, the new one in.
  absl::Status UpsertAppeal(db::Tx& tx, const AppealRow& row);
  // The first routing inserts; a re-routing moves the executor and counts.
  absl::Status Routed(db::Tx& tx, const std::string& appeal_id, absl::CivilDay received_day,
                      const std::string& territory_code, const std::string& executor_id,
                      absl::Time routed_at, bool reroute);
  absl::Status OpenCase(db::Tx& tx, const CaseRow& row);
  absl::Status ChangeCase(db::Tx& tx, const CaseChange& change);
  absl::Status CloseCase(db::Tx& tx, const CaseClose& close);
  // intake's AppealReturnLetterRecorded / AppealReturnOverdue: moves the
  // appeal's ReturnState and its day counts; an appeal not projected is
  // left alone.
  absl::Status ReturnLetter(db::Tx& tx, const std::string& appeal_id, bool letter,
                            bool within_term);
  // tracking's CaseAppealJoined: `appeal_id` joined the case `case_id`
  // (whose own appeal is `case_appeal_id`); once however often delivered.
  absl::Status JoinCase(db::Tx& tx, const std::string& appeal_id, const std::string& case_id,
                        const std::string& case_appeal_id, absl::Time joined_at);
  absl::Status Declined(db::Tx& tx, int64_t position, const std::string& case_id,
                        const std::string& executor_id);
  // routing's ExecutorDirectoryChanged: the bodies of directory `version`
  // replace theirs (name, parent, kind, active); a body the version no
  // longer lists keeps what it last had, for the rows it held. An older
  // version than a body's last is ignored for it.
  absl::Status ApplyDirectory(db::Tx& tx, int64_t version, const std::vector<ExecutorRow>& rows);
  // Empties the tables `producer` fills ("intake", "routing", "tracking").
  absl::Status Clear(db::Tx& tx, const std::string& producer);
  // The stored cursor of `producer`'s log (0 when none).
  absl::StatusOr<int64_t> Cursor(db::Tx& tx, const std::string& producer);
};

}  // namespace contactcenter::analytics
