#include "projection_store.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::analytics {
namespace {

constexpr char kUpsertAppealSql[] = R"sql(
INSERT INTO appeal_facts (appeal_id, status, not_considered_reason, received_at, received_day,
                          kind, form, channel, subject, signatories, attribute, sex,
                          social_status, author_categories, topic_code, topic_codes,
                          territory_code)
VALUES ($1::uuid, $2, $3, $4::timestamptz, $5::date, $6, $7, $8, $9, $10, $11, $12, $13,
        $14::smallint[], $15, $16::text[], $17)
ON CONFLICT (appeal_id) DO UPDATE SET
  status = EXCLUDED.status, not_considered_reason = EXCLUDED.not_considered_reason,
  received_at = EXCLUDED.received_at, received_day = EXCLUDED.received_day,
  kind = EXCLUDED.kind, form = EXCLUDED.form, channel = EXCLUDED.channel,
  subject = EXCLUDED.subject, signatories = EXCLUDED.signatories,
  attribute = EXCLUDED.attribute, sex = EXCLUDED.sex, social_status = EXCLUDED.social_status,
  author_categories = EXCLUDED.author_categories, topic_code = EXCLUDED.topic_code,
  topic_codes = EXCLUDED.topic_codes, territory_code = EXCLUDED.territory_code)sql";

constexpr char kOldAppealSql[] = R"sql(
SELECT status, not_considered_reason, received_day, kind, form, channel, subject, signatories,
       attribute, sex, social_status, author_categories, topic_codes, territory_code,
       return_state
FROM appeal_facts WHERE appeal_id = $1::uuid FOR UPDATE)sql";

constexpr char kSetReturnStateSql[] = R"sql(
UPDATE appeal_facts SET return_state = $2 WHERE appeal_id = $1::uuid)sql";

constexpr char kAddDayCountsSql[] = R"sql(
INSERT INTO appeal_day_counts (received_day, territory_code, dimension, value, n, signatories)
SELECT $1::date, $2, d, v, $6::bigint, s
FROM unnest($3::text[], $4::int[], $5::bigint[]) AS x(d, v, s)
ON CONFLICT (received_day, territory_code, dimension, value) DO UPDATE SET
  n = appeal_day_counts.n + EXCLUDED.n,
  signatories = appeal_day_counts.signatories + EXCLUDED.signatories)sql";

constexpr char kAddTopicCountsSql[] = R"sql(
INSERT INTO topic_day_counts (received_day, territory_code, code, n)
SELECT $1::date, $2, c, $4::bigint FROM unnest($3::text[]) AS c
ON CONFLICT (received_day, territory_code, code) DO UPDATE SET
  n = topic_day_counts.n + EXCLUDED.n)sql";

constexpr char kRoutedSql[] = R"sql(
INSERT INTO routing_facts (appeal_id, received_day, territory_code, first_executor_id,
                           executor_id, routed_at, reroutes)
VALUES ($1::uuid, $2::date, $3, $4, $4, $5::timestamptz, 0)
ON CONFLICT (appeal_id) DO UPDATE SET
  executor_id = EXCLUDED.executor_id,
  reroutes = routing_facts.reroutes + CASE WHEN $6 THEN 1 ELSE 0 END)sql";

constexpr char kOpenCaseSql[] = R"sql(
INSERT INTO case_facts (appeal_id, case_id, received_at, received_day, territory_code,
                        topic_code, executor_id, status, statutory_control_date)
VALUES ($1::uuid, $2::uuid, $3::timestamptz, $4::date, $5, $6, $7, $8, $9::date)
ON CONFLICT (appeal_id) DO UPDATE SET
  case_id = EXCLUDED.case_id, executor_id = EXCLUDED.executor_id, status = EXCLUDED.status,
  statutory_control_date = EXCLUDED.statutory_control_date, is_open = true)sql";

// The statutory term moves only with a term change (an extension or a
// shortening before any rework); a rework term never replaces it. The
// first answer is kept: a later one after rework is not the answer the
// term is measured by.
constexpr char kChangeCaseSql[] = R"sql(
UPDATE case_facts SET
  is_open = NOT ($7 OR first_answered_at IS NOT NULL OR $10),
  executor_id = $2,
  status = $3,
  extended = extended OR (($11 OR ($5 AND $6 = 0)) AND $4::date > statutory_control_date),
  statutory_control_date = CASE WHEN $11 OR ($5 AND $6 = 0) THEN $4::date
                                ELSE statutory_control_date END,
  reworks = GREATEST(reworks, $6),
  first_answered_at = CASE WHEN $7 AND first_answered_at IS NULL THEN $8::timestamptz
                           ELSE first_answered_at END,
  first_answer_day = CASE WHEN $7 AND first_answered_at IS NULL THEN $9::date
                          ELSE first_answer_day END,
  days_to_answer = CASE WHEN $7 AND first_answered_at IS NULL
                        THEN extract(epoch FROM $8::timestamptz - received_at) / 86400.0
                        ELSE days_to_answer END
WHERE case_id = $1::uuid)sql";

// The closing event's statutory term (when it carries one) is the one the
// answer was measured by in tracking: it wins over what the changes left.
constexpr char kCloseCaseSql[] = R"sql(
UPDATE case_facts SET status = $2, result = $3, is_open = false, closed_not_confirmed = $4,
  statutory_control_date = coalesce($5::date, statutory_control_date)
WHERE case_id = $1::uuid)sql";

constexpr char kDeclinedSql[] = R"sql(
INSERT INTO case_declines (position, appeal_id, executor_id, received_day, territory_code)
SELECT $1, appeal_id, $3, received_day, territory_code FROM case_facts WHERE case_id = $2::uuid
ON CONFLICT (position) DO NOTHING)sql";

constexpr char kJoinCaseSql[] = R"sql(
INSERT INTO case_joined_appeals (appeal_id, case_id, case_appeal_id, joined_at)
VALUES ($1::uuid, $2::uuid, $3::uuid, $4::timestamptz)
ON CONFLICT (appeal_id) DO NOTHING)sql";

constexpr char kCursorSql[] = R"sql(
SELECT position FROM event_cursors WHERE producer = $1)sql";

constexpr char kApplyDirectorySql[] = R"sql(
INSERT INTO executors (executor_id, parent_id, name, kind, active, directory_version)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::boolean[]),
       (VALUES ($6::bigint)) AS v
ON CONFLICT (executor_id) DO UPDATE SET
  parent_id = EXCLUDED.parent_id, name = EXCLUDED.name, kind = EXCLUDED.kind,
  active = EXCLUDED.active, directory_version = EXCLUDED.directory_version
WHERE executors.directory_version IS NULL
   OR executors.directory_version <= EXCLUDED.directory_version)sql";

void AddCounts(db::Tx& tx, const AppealRow& r, int sign) {
  AppealContribution c = ContributionOf(r);
  for (int64_t& s : c.signatories) s *= sign;
  tx.Exec("analytics_add_day_counts", kAddDayCountsSql, db::ToSqlDate(r.received_day),
          r.territory_code, db::ToSqlTextArray(c.dimensions), db::ToSqlIntArray(c.values),
          db::ToSqlIntArray(c.signatories), sign);
  tx.Exec("analytics_add_topic_counts", kAddTopicCountsSql, db::ToSqlDate(r.received_day),
          r.territory_code, db::ToSqlTextArray(c.topic_codes), sign);
}

std::vector<int> Ints(const std::vector<int64_t>& v) { return std::vector<int>(v.begin(), v.end()); }

AppealRow OldAppealRow(const pqxx::row& f) {
  AppealRow o;
  o.status = f[0].as<int>();
  o.not_considered_reason = f[1].as<int>();
  o.received_day = db::DateFromField(f[2]);
  o.kind = f[3].as<int>();
  o.form = f[4].as<int>();
  o.channel = f[5].as<int>();
  o.subject = f[6].as<int>();
  o.signatories = f[7].as<int>();
  o.attribute = f[8].as<int>();
  o.sex = f[9].as<int>();
  o.social_status = f[10].as<int>();
  o.author_categories = Ints(db::IntArrayFromField(f[11]));
  o.topic_codes = db::TextArrayFromField(f[12]);
  o.territory_code = f[13].as<std::string>();
  o.return_state = f[14].as<int>();
  return o;
}

}  // namespace

int NextReturnState(int old, bool letter, bool within_term) {
  if (letter) return within_term ? kReturnLetterInTerm : kReturnLetterLate;
  // The term ran out: only an appeal with no letter yet is overdue.
  return old == kReturnNone ? kReturnOverdue : old;
}

AppealContribution ContributionOf(const AppealRow& r) {
  AppealContribution c;
  auto add = [&](const char* dimension, int value, int64_t signatories = 0) {
    c.dimensions.push_back(dimension);
    c.values.push_back(value);
    c.signatories.push_back(signatories);
  };
  add("total", 0);
  add("channel", r.channel);
  add("attribute", r.attribute);
  add("kind", r.kind);
  add("form", r.form);
  add("sex", r.sex);
  add("subject", r.subject, r.signatories);
  add("social_status", r.social_status);
  add("status", r.status);
  add("reason", r.not_considered_reason);
  if (r.return_state != kReturnNone) add("return", r.return_state);
  for (int category : std::set<int>(r.author_categories.begin(), r.author_categories.end())) {
    add("author_category", category);
  }
  std::set<std::string> codes;
  for (const std::string& t : r.topic_codes) {
    codes.insert(t.substr(0, t.find('.')));
    codes.insert(t);
  }
  c.topic_codes.assign(codes.begin(), codes.end());
  return c;
}

absl::Status ProjectionStore::UpsertAppeal(db::Tx& tx, const AppealRow& r) {
  return db::Guarded([&]() -> absl::Status {
    pqxx::result old = tx.Exec("analytics_old_appeal", kOldAppealSql, r.appeal_id);
    // The return letter's state is intake's later events' (ReturnLetter),
    // never the card's: it stays.
    AppealRow row = r;
    if (!old.empty()) {
      const AppealRow o = OldAppealRow(old[0]);
      row.return_state = o.return_state;
      AddCounts(tx, o, -1);
    }
    AddCounts(tx, row, +1);
    tx.Exec("analytics_upsert_appeal", kUpsertAppealSql, r.appeal_id, r.status,
            r.not_considered_reason, db::ToSqlTime(r.received_at), db::ToSqlDate(r.received_day),
            r.kind, r.form, r.channel, r.subject, r.signatories, r.attribute, r.sex,
            r.social_status, db::ToSqlIntArray(r.author_categories), r.topic_code,
            db::ToSqlTextArray(r.topic_codes), r.territory_code);
    return absl::OkStatus();
  });
}

absl::Status ProjectionStore::Routed(db::Tx& tx, const std::string& appeal_id,
                                     absl::CivilDay received_day, const std::string& territory_code,
                                     const std::string& executor_id, absl::Time routed_at,
                                     bool reroute) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("analytics_routed", kRoutedSql, appeal_id, db::ToSqlDate(received_day),
            territory_code, executor_id, db::ToSqlTime(routed_at), reroute);
    return absl::OkStatus();
  });
}

absl::Status ProjectionStore::OpenCase(db::Tx& tx, const CaseRow& r) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("analytics_open_case", kOpenCaseSql, r.appeal_id, r.case_id,
            db::ToSqlTime(r.received_at), db::ToSqlDate(r.received_day), r.territory_code,
            r.topic_code, r.executor_id, r.status, db::ToSqlDate(r.control_date));
    return absl::OkStatus();
  });
}

absl::Status ProjectionStore::ChangeCase(db::Tx& tx, const CaseChange& c) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("analytics_change_case", kChangeCaseSql, c.case_id, c.executor_id, c.to_status,
            db::ToSqlDate(c.control_date), c.term_change, c.rework_count, c.answered,
            db::ToSqlTime(c.changed_at), db::ToSqlDate(c.changed_day), c.final,
            c.statutory_apart);
    return absl::OkStatus();
  });
}

absl::Status ProjectionStore::CloseCase(db::Tx& tx, const CaseClose& c) {
  return db::Guarded([&]() -> absl::Status {
    std::optional<std::string> statutory;
    if (c.statutory_control_date.has_value()) statutory = db::ToSqlDate(*c.statutory_control_date);
    tx.Exec("analytics_close_case", kCloseCaseSql, c.case_id,
            static_cast<int>(tracking::v1::CASE_STATUS_CLOSED), c.result, c.not_confirmed,
            statutory);
    return absl::OkStatus();
  });
}

absl::Status ProjectionStore::ReturnLetter(db::Tx& tx, const std::string& appeal_id, bool letter,
                                           bool within_term) {
  return db::Guarded([&]() -> absl::Status {
    pqxx::result old = tx.Exec("analytics_old_appeal", kOldAppealSql, appeal_id);
    if (old.empty()) return absl::OkStatus();
    const AppealRow o = OldAppealRow(old[0]);
    AppealRow now = o;
    now.return_state = NextReturnState(o.return_state, letter, within_term);
    if (now.return_state == o.return_state) return absl::OkStatus();
    AddCounts(tx, o, -1);
    AddCounts(tx, now, +1);
    tx.Exec("analytics_set_return_state", kSetReturnStateSql, appeal_id, now.return_state);
    return absl::OkStatus();
  });
}

absl::Status ProjectionStore::JoinCase(db::Tx& tx, const std::string& appeal_id,
                                       const std::string& case_id,
                                       const std::string& case_appeal_id, absl::Time joined_at) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("analytics_join_case", kJoinCaseSql, appeal_id, case_id, case_appeal_id,
            db::ToSqlTime(joined_at));
    return absl::OkStatus();
  });
}

absl::Status ProjectionStore::Declined(db::Tx& tx, int64_t position, const std::string& case_id,
                                       const std::string& executor_id) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("analytics_declined", kDeclinedSql, position, case_id, executor_id);
    return absl::OkStatus();
  });
}

absl::Status ProjectionStore::Clear(db::Tx& tx, const std::string& producer) {
  return db::Guarded([&]() -> absl::Status {
    if (producer == "intake") {
      tx.ExecRaw("TRUNCATE appeal_facts, appeal_day_counts, topic_day_counts");
    } else if (producer == "routing") {
      tx.ExecRaw("TRUNCATE routing_facts, routing_day_counts, executors");
    } else if (producer == "tracking") {
      tx.ExecRaw("TRUNCATE case_facts, case_declines, case_day_counts, case_answer_days, "
                 "case_joined_appeals");
    } else {
      return absl::InvalidArgumentError(absl::StrCat("no projection of ", producer));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> ProjectionStore::Cursor(db::Tx& tx, const std::string& producer) {
  return db::Guarded([&]() -> absl::StatusOr<int64_t> {
    pqxx::result r = tx.Exec("analytics_cursor", kCursorSql, producer);
    if (r.empty()) return int64_t{0};
    return r[0][0].as<int64_t>();
  });
}

absl::Status ProjectionStore::ApplyDirectory(db::Tx& tx, int64_t version,
                                             const std::vector<ExecutorRow>& rows) {
  return db::Guarded([&]() -> absl::Status {
    std::vector<std::string> ids, parents, names, active;
    std::vector<int> kinds;
    for (const ExecutorRow& e : rows) {
      ids.push_back(e.id);
      parents.push_back(e.parent_id);
      names.push_back(e.name);
      kinds.push_back(e.kind);
      active.push_back(e.active ? "true" : "false");
    }
    tx.Exec("analytics_apply_directory", kApplyDirectorySql, db::ToSqlTextArray(ids),
            db::ToSqlTextArray(parents), db::ToSqlTextArray(names), db::ToSqlIntArray(kinds),
            db::ToSqlTextArray(active), version);
    return absl::OkStatus();
  });
}

}  // namespace contactcenter::analytics
