// The reports' SQL over the projection: the only place it is written.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/db/pool.h"
#include "report_request.h"

namespace contactcenter::analytics {

// What the classifier report counts, before it is laid out in rows.
struct ClassifierCounts {
  // Appeals received in the period, of any status.
  int64_t total = 0;
  // (dimension, enum value) -> appeals: channel, attribute, kind, form, sex,
  // subject, social_status, status, reason (why not considered), return
  // (the return letter's ReturnState, when not none), and author_category
  // (an appeal counts once in each of its categories).
  std::map<std::pair<std::string, int>, int64_t> by_value;
  // Signatories of the collective appeals.
  int64_t collective_signatories = 0;
  // Topic code -> appeals with that topic or one under it ("106" counts
  // "106.012"), main and additional topics alike, each appeal once per code.
  std::map<std::string, int64_t> topics;
  // Cases (appeals forwarded and opened at a body), by result at closing.
  std::map<int, int64_t> results;
  // Appeals forwarded to a body (once, however often re-routed), and of
  // those re-routed at least once.
  int64_t forwarded = 0;
  int64_t rerouted = 0;
  // Against the statutory term.
  int64_t answered_on_time = 0;
  int64_t answered_late = 0;
  int64_t extended = 0;
  int64_t open = 0;
  int64_t overdue_now = 0;
  // Cases left without consideration by the body (Art. 8, after routing),
  // and closed "answered, not confirmed" (no call-back reached the
  // applicant).
  int64_t left_by_body = 0;
  int64_t closed_not_confirmed = 0;
};

// One cell of CountAppeals, values as stored.
struct CountCell {
  std::string first;
  std::string second;
  int64_t count = 0;
};

class ReportStore {
 public:
  ReportStore();

  absl::StatusOr<ClassifierCounts> Classifier(db::Tx& tx, const ReportQuery& q,
                                              absl::CivilDay today);
  // Rows by body, then by parent; each ordered by id.
  absl::StatusOr<std::vector<v1::TimelinessRow>> Timeliness(db::Tx& tx, const ReportQuery& q,
                                                           absl::CivilDay today);
  absl::StatusOr<std::vector<CountCell>> Count(db::Tx& tx, const CountQuery& q,
                                               absl::CivilDay today);
  // Executor id -> name.
  absl::StatusOr<std::map<std::string, std::string>> ExecutorNames(db::Tx& tx);

 private:
  std::string count_sql_;
};

}  // namespace contactcenter::analytics
