#include "signal_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"

namespace contactcenter::analytics {
namespace {

constexpr char kTopicDayCountsSql[] =
    "SELECT received_day, territory_code, code, n FROM topic_day_counts "
    "WHERE received_day BETWEEN $1::date AND $2::date AND strpos(code, '.') = 0";

constexpr char kColumns[] =
    "signal_id::text, method, topic_code, territory_codes, detected_on, first_day, observed, "
    "expected, statistic, p_value, recurrence_days, status, created_at, "
    "coalesce(decided_by, ''), decided_at, coalesce(decision_reason, '')";

v1::Signal SignalFromRow(const pqxx::row& row) {
  v1::Signal s;
  s.set_signal_id(row[0].as<std::string>());
  s.set_method(static_cast<v1::SignalMethod>(row[1].as<int>()));
  s.set_topic_code(row[2].as<std::string>());
  for (std::string& t : db::TextArrayFromField(row[3])) s.add_territory_codes(std::move(t));
  *s.mutable_detected_on() = ToDate(db::DateFromField(row[4]));
  *s.mutable_first_day() = ToDate(db::DateFromField(row[5]));
  s.set_observed(row[6].as<int64_t>());
  s.set_expected(row[7].as<double>());
  s.set_statistic(row[8].as<double>());
  s.set_p_value(row[9].as<double>());
  s.set_recurrence_days(row[10].as<double>());
  s.set_status(static_cast<v1::SignalStatus>(row[11].as<int>()));
  *s.mutable_created_at() = ToTimestamp(db::TimeFromField(row[12]));
  s.set_decided_by(row[13].as<std::string>());
  if (!row[14].is_null()) *s.mutable_decided_at() = ToTimestamp(db::TimeFromField(row[14]));
  s.set_decision_reason(row[15].as<std::string>());
  return s;
}

}  // namespace

absl::StatusOr<std::vector<TopicDayCount>> SignalStore::TopicDayCounts(db::Tx& tx,
                                                                       absl::CivilDay from,
                                                                       absl::CivilDay to) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<TopicDayCount>> {
    std::vector<TopicDayCount> out;
    for (const auto& row : tx.Exec("analytics_spike_topic_day_counts", kTopicDayCountsSql,
                                   db::ToSqlDate(from), db::ToSqlDate(to))) {
      out.push_back({db::DateFromField(row[0]), row[1].as<std::string>(),
                     row[2].as<std::string>(), row[3].as<int64_t>()});
    }
    return out;
  });
}

absl::StatusOr<bool> SignalStore::RunExists(db::Tx& tx, absl::CivilDay day) {
  return db::Guarded([&]() -> absl::StatusOr<bool> {
    return !tx.Exec("analytics_spike_run_exists",
                    "SELECT 1 FROM spike_detection_runs WHERE day = $1::date",
                    db::ToSqlDate(day))
                .empty();
  });
}

absl::Status SignalStore::RecordRun(db::Tx& tx, absl::CivilDay day, absl::Time at, int signals) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("analytics_spike_record_run",
            "INSERT INTO spike_detection_runs (day, ran_at, signals) VALUES ($1::date, $2, $3)",
            db::ToSqlDate(day), db::ToSqlTime(at), signals);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<v1::Signal>> SignalStore::DetectedSince(db::Tx& tx,
                                                                   absl::CivilDay from) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::Signal>> {
    static const std::string kSql = absl::StrCat(
        "SELECT ", kColumns, " FROM spike_signals WHERE detected_on >= $1::date");
    std::vector<v1::Signal> out;
    for (const auto& row : tx.Exec("analytics_spike_detected_since", kSql, db::ToSqlDate(from))) {
      out.push_back(SignalFromRow(row));
    }
    return out;
  });
}

absl::StatusOr<std::string> SignalStore::Insert(db::Tx& tx, const v1::Signal& s) {
  return db::Guarded([&]() -> absl::StatusOr<std::string> {
    std::vector<std::string> territories(s.territory_codes().begin(), s.territory_codes().end());
    pqxx::result r = tx.Exec(
        "analytics_spike_insert",
        "INSERT INTO spike_signals (signal_id, method, topic_code, territory_codes, "
        "  detected_on, first_day, observed, expected, statistic, p_value, recurrence_days, "
        "  status, created_at) "
        "VALUES (gen_random_uuid(), $1, $2, $3::text[], $4::date, $5::date, $6, $7, $8, $9, $10, "
        "  $11, $12) RETURNING signal_id::text",
            static_cast<int>(s.method()), s.topic_code(),
            db::ToSqlTextArray(territories), db::ToSqlDate(FromDate(s.detected_on())),
            db::ToSqlDate(FromDate(s.first_day())), s.observed(), s.expected(), s.statistic(),
            s.p_value(), s.recurrence_days(), static_cast<int>(s.status()),
            db::ToSqlTime(FromTimestamp(s.created_at())));
    return r[0][0].as<std::string>();
  });
}

absl::StatusOr<v1::Signal> SignalStore::GetForUpdate(db::Tx& tx, const std::string& signal_id) {
  return db::Guarded([&]() -> absl::StatusOr<v1::Signal> {
    static const std::string kSql = absl::StrCat(
        "SELECT ", kColumns, " FROM spike_signals WHERE signal_id = $1::uuid FOR UPDATE");
    pqxx::result r = tx.Exec("analytics_spike_get_for_update", kSql, signal_id);
    if (r.empty()) return absl::NotFoundError(absl::StrCat("no signal ", signal_id));
    return SignalFromRow(r[0]);
  });
}

absl::Status SignalStore::Decide(db::Tx& tx, const std::string& signal_id,
                                 v1::SignalStatus status, const std::string& who, absl::Time at,
                                 const std::string& reason) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("analytics_spike_decide",
            "UPDATE spike_signals SET status = $2, decided_by = $3, decided_at = $4, "
            "  decision_reason = $5 WHERE signal_id = $1::uuid",
            signal_id, static_cast<int>(status), who, db::ToSqlTime(at), reason);
    tx.Exec("analytics_spike_audit_decision",
            "INSERT INTO spike_signal_decisions (signal_id, status, decided_by, decided_at, "
            "  reason) VALUES ($1::uuid, $2, $3, $4, $5)",
            signal_id, static_cast<int>(status), who, db::ToSqlTime(at), reason);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<v1::Signal>> SignalStore::List(db::Tx& tx, const SignalQuery& q,
                                                          int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::Signal>> {
    // One statement whatever the filters: an empty parameter means "any".
    static const std::string kSql = absl::StrCat(
        "SELECT ", kColumns, " FROM spike_signals "
        "WHERE ($1 = '' OR detected_on >= NULLIF($1, '')::date) "
        "  AND ($2 = '' OR detected_on < NULLIF($2, '')::date) "
        "  AND (cardinality($3::smallint[]) = 0 OR status = ANY($3::smallint[])) "
        "  AND ($4 = '' OR topic_code = $4) "
        "  AND ($5 = '' OR (created_at, signal_id) < (NULLIF($5, '')::timestamptz, "
        "                                             NULLIF($6, '')::uuid)) "
        "ORDER BY created_at DESC, signal_id DESC LIMIT $7");
    std::vector<v1::Signal> out;
    for (const auto& row :
         tx.Exec("analytics_spike_list", kSql, q.from ? db::ToSqlDate(*q.from) : "",
                 q.to ? db::ToSqlDate(*q.to) : "", db::ToSqlIntArray(q.statuses), q.topic_code,
                 q.after ? db::ToSqlTime(q.after->at) : "", q.after ? q.after->id : "", limit)) {
      out.push_back(SignalFromRow(row));
    }
    return out;
  });
}

}  // namespace contactcenter::analytics
