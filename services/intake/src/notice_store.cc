#include "notice_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"

namespace contactcenter::intake {
namespace {

constexpr char kChannelOfSql[] = "SELECT channel FROM notice_channels WHERE appeal_id = $1::uuid";
constexpr char kAddSql[] =
    "INSERT INTO notices (appeal_id, kind, cause, channel, body_name, reason, new_term, "
    "  created_at, due_date, next_attempt_at, extension_reason) "
    "VALUES ($1::uuid, $2, $3, $4, NULLIF($5, ''), NULLIF($6, ''), NULLIF($7, '')::date, $8, "
    "  NULLIF($9, '')::date, $8, NULLIF($10::smallint, 0)) "
    "ON CONFLICT (appeal_id, kind, cause) DO NOTHING RETURNING id";

// One statement, so that registration pays one round trip for its notice.
constexpr char kRegistrationSql[] =
    "WITH channel AS (INSERT INTO notice_channels (appeal_id, channel) VALUES ($1::uuid, $2) "
    "  ON CONFLICT (appeal_id) DO UPDATE SET channel = EXCLUDED.channel RETURNING appeal_id) "
    "INSERT INTO notices (appeal_id, kind, cause, channel, body_name, reason, new_term, "
    "  created_at, due_date, next_attempt_at) "
    "SELECT appeal_id, $3, $4, $2, NULLIF($5, ''), NULLIF($6, ''), NULLIF($7, '')::date, $8, "
    "  NULLIF($9, '')::date, $8 FROM channel WHERE $10 "
    "ON CONFLICT (appeal_id, kind, cause) DO NOTHING";

constexpr char kNoticeColumns[] =
    "n.id, n.appeal_id, a.registration_number, n.kind, n.channel, n.status, n.created_at, "
    "n.sent_at, to_char(n.due_date, 'YYYY-MM-DD'), n.attempts, n.last_error, n.outgoing_number, "
    "n.body_name, n.reason, to_char(n.new_term, 'YYYY-MM-DD'), n.extension_reason";

const std::string& ClaimSql() {
  static const std::string* sql = new std::string(absl::StrCat(
      "WITH due AS (SELECT id FROM notices WHERE status = 1 AND next_attempt_at <= $1 "
      "  AND channel = ANY($3::smallint[]) ORDER BY next_attempt_at, id LIMIT $4 "
      "  FOR UPDATE SKIP LOCKED), "
      "claimed AS (UPDATE notices SET next_attempt_at = $2 FROM due WHERE notices.id = due.id "
      "  RETURNING notices.*) "
      "SELECT ",
      kNoticeColumns, " FROM claimed n JOIN appeals a ON a.id = n.appeal_id "
      "ORDER BY n.created_at, n.id"));
  return *sql;
}
constexpr char kMarkSentSql[] =
    "UPDATE notices SET status = 2, sent_at = $2, attempts = attempts + 1, last_error = NULL, "
    "  outgoing_number = NULLIF($3, '') WHERE id = $1::uuid AND status = 1";
constexpr char kMarkFailedSql[] =
    "UPDATE notices SET attempts = $2, next_attempt_at = $3, last_error = $4, "
    "  status = CASE WHEN $5 THEN 3 ELSE 1 END WHERE id = $1::uuid AND status = 1";
const std::string& FailedSql() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", kNoticeColumns,
                   " FROM notices n JOIN appeals a ON a.id = n.appeal_id WHERE n.status = 3 "
                   "ORDER BY n.created_at, n.id LIMIT $1"));
  return *sql;
}
const std::string& ByIdSql() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", kNoticeColumns,
                   " FROM notices n JOIN appeals a ON a.id = n.appeal_id WHERE n.id = $1::uuid "
                   "FOR UPDATE OF n"));
  return *sql;
}
constexpr char kResendSql[] =
    "UPDATE notices SET status = 1, attempts = 0, next_attempt_at = $2, last_error = NULL "
    "WHERE id = $1::uuid";
const std::string& ForAppealSql() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", kNoticeColumns,
                   " FROM notices n JOIN appeals a ON a.id = n.appeal_id "
                   "WHERE n.appeal_id = $1::uuid ORDER BY n.created_at, n.id"));
  return *sql;
}
const std::string& LettersSql() {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT ", kNoticeColumns,
      " FROM notices n JOIN appeals a ON a.id = n.appeal_id WHERE n.outgoing_number IS NOT NULL "
      "  AND n.sent_at >= $1 AND n.sent_at < $2 ORDER BY n.outgoing_number"));
  return *sql;
}
constexpr char kNextLetterSql[] =
    "INSERT INTO notice_letter_numbers (year, last) VALUES ($1, 1) "
    "ON CONFLICT (year) DO UPDATE SET last = notice_letter_numbers.last + 1 RETURNING last";
constexpr char kCountsSql[] =
    "SELECT count(*) FILTER (WHERE status = 1 AND channel = 1), "
    "  count(*) FILTER (WHERE status = 1 AND channel = 2), "
    "  count(*) FILTER (WHERE status = 1 AND channel = 3), "
    "  count(*) FILTER (WHERE status = 3), "
    "  count(*) FILTER (WHERE status <> 2 AND due_date < $1::date) "
    "FROM notices WHERE status <> 2";
constexpr char kTermOfSql[] =
    "SELECT to_char(control_date, 'YYYY-MM-DD') FROM notice_case_terms WHERE appeal_id = $1::uuid";
constexpr char kSetTermSql[] =
    "INSERT INTO notice_case_terms (appeal_id, control_date) VALUES ($1::uuid, $2::date) "
    "ON CONFLICT (appeal_id) DO UPDATE SET control_date = EXCLUDED.control_date";

// One statement a version: the ids and names as two arrays.
constexpr char kSetBodyNamesSql[] =
    "INSERT INTO notice_body_names (executor_id, name_uk, directory_version) "
    "SELECT id, name, $3::bigint FROM unnest($1::text[], $2::text[]) AS b(id, name) "
    "ON CONFLICT (executor_id) DO UPDATE SET name_uk = EXCLUDED.name_uk, "
    "directory_version = EXCLUDED.directory_version "
    "WHERE notice_body_names.directory_version <= EXCLUDED.directory_version";
constexpr char kBodyNameOfSql[] =
    "SELECT name_uk FROM notice_body_names WHERE executor_id = $1";

std::string Day(const std::optional<absl::CivilDay>& d) {
  return d ? db::ToSqlDate(*d) : std::string();
}

std::optional<absl::CivilDay> DayFrom(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  absl::CivilDay d;
  if (!absl::ParseCivilTime(f.c_str(), &d)) return std::nullopt;
  return d;
}

std::string Channels(const std::vector<v1::NoticeChannel>& channels) {
  std::vector<int> ints(channels.begin(), channels.end());
  return db::ToSqlIntArray(ints);
}

StoredNotice NoticeFrom(const pqxx::row& r) {
  StoredNotice s;
  v1::Notice& n = s.notice;
  n.set_id(r[0].c_str());
  n.set_appeal_id(r[1].c_str());
  n.set_registration_number(r[2].c_str());
  n.set_kind(static_cast<v1::NoticeKind>(r[3].as<int>()));
  n.set_channel(static_cast<v1::NoticeChannel>(r[4].as<int>()));
  n.set_status(static_cast<v1::NoticeStatus>(r[5].as<int>()));
  *n.mutable_created_at() = ToTimestamp(db::TimeFromField(r[6]));
  if (!r[7].is_null()) *n.mutable_sent_at() = ToTimestamp(db::TimeFromField(r[7]));
  if (std::optional<absl::CivilDay> due = DayFrom(r[8])) *n.mutable_due_date() = ToDate(*due);
  n.set_attempts(r[9].as<int>());
  if (!r[10].is_null()) n.set_last_error(r[10].c_str());
  if (!r[11].is_null()) n.set_outgoing_number(r[11].c_str());
  if (!r[12].is_null()) s.body_name = r[12].c_str();
  if (!r[13].is_null()) s.reason = r[13].c_str();
  s.new_term = DayFrom(r[14]);
  if (!r[15].is_null()) s.extension_reason = r[15].as<int>();
  return s;
}

std::vector<v1::Notice> NoticesFrom(const pqxx::result& rows) {
  std::vector<v1::Notice> out;
  for (const pqxx::row& r : rows) out.push_back(NoticeFrom(r).notice);
  return out;
}

}  // namespace

absl::Status NoticeStore::RecordRegistration(db::Tx& tx, const std::string& appeal_id,
                                             v1::NoticeChannel channel, const NewNotice* n) {
  const NewNotice none;
  const NewNotice& x = n != nullptr ? *n : none;
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_notice_registration", kRegistrationSql, appeal_id, static_cast<int>(channel),
            static_cast<int>(x.kind), x.cause, x.body_name, x.reason, Day(x.new_term),
            db::ToSqlTime(n != nullptr ? x.created_at : absl::UnixEpoch()), Day(x.due_date),
            n != nullptr);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::NoticeChannel> NoticeStore::ChannelOf(db::Tx& tx, const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<v1::NoticeChannel> {
    const pqxx::result rows = tx.Exec("intake_notice_channel_of", kChannelOfSql, appeal_id);
    if (rows.empty()) return v1::NOTICE_CHANNEL_UNSPECIFIED;
    return static_cast<v1::NoticeChannel>(rows[0][0].as<int>());
  });
}

absl::StatusOr<bool> NoticeStore::Add(db::Tx& tx, const NewNotice& n) {
  return db::Guarded([&]() -> absl::StatusOr<bool> {
    return !tx.Exec("intake_notice_add", kAddSql, n.appeal_id, static_cast<int>(n.kind), n.cause,
                    static_cast<int>(n.channel), n.body_name, n.reason, Day(n.new_term),
                    db::ToSqlTime(n.created_at), Day(n.due_date), n.extension_reason)
                .empty();
  });
}

absl::StatusOr<std::vector<StoredNotice>> NoticeStore::Claim(
    db::Tx& tx, absl::Time now, absl::Time lease_until,
    const std::vector<v1::NoticeChannel>& channels, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<StoredNotice>> {
    std::vector<StoredNotice> out;
    for (const pqxx::row& r : tx.Exec("intake_notice_claim", ClaimSql(), db::ToSqlTime(now),
                                      db::ToSqlTime(lease_until), Channels(channels), limit)) {
      out.push_back(NoticeFrom(r));
    }
    return out;
  });
}

absl::Status NoticeStore::MarkSent(db::Tx& tx, const std::string& id, absl::Time at,
                                   const std::string& outgoing_number) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_notice_sent", kMarkSentSql, id, db::ToSqlTime(at), outgoing_number);
    return absl::OkStatus();
  });
}

absl::Status NoticeStore::MarkAttemptFailed(db::Tx& tx, const std::string& id, int attempts,
                                            absl::Time next_attempt_at, const std::string& error,
                                            bool failed) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_notice_attempt_failed", kMarkFailedSql, id, attempts,
            db::ToSqlTime(next_attempt_at), error, failed);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<v1::Notice>> NoticeStore::Failed(db::Tx& tx, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::Notice>> {
    return NoticesFrom(tx.Exec("intake_notices_failed", FailedSql(), limit));
  });
}

absl::StatusOr<v1::Notice> NoticeStore::Resend(db::Tx& tx, const std::string& id, absl::Time now) {
  return db::Guarded([&]() -> absl::StatusOr<v1::Notice> {
    const pqxx::result rows = tx.Exec("intake_notice_by_id", ByIdSql(), id);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no notice ", id));
    v1::Notice n = NoticeFrom(rows[0]).notice;
    if (n.status() != v1::NOTICE_STATUS_FAILED) {
      return absl::FailedPreconditionError(absl::StrCat(
          "notice ", id, " has not failed (", v1::NoticeStatus_Name(n.status()), ")"));
    }
    tx.Exec("intake_notice_resend", kResendSql, id, db::ToSqlTime(now));
    n.set_status(v1::NOTICE_STATUS_PENDING);
    n.set_attempts(0);
    n.clear_last_error();
    return n;
  });
}

absl::StatusOr<std::vector<v1::Notice>> NoticeStore::ForAppeal(db::Tx& tx,
                                                               const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::Notice>> {
    return NoticesFrom(tx.Exec("intake_notices_for_appeal", ForAppealSql(), appeal_id));
  });
}

absl::StatusOr<std::vector<StoredNotice>> NoticeStore::Letters(db::Tx& tx, absl::Time from,
                                                               absl::Time to) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<StoredNotice>> {
    std::vector<StoredNotice> out;
    for (const pqxx::row& r :
         tx.Exec("intake_notice_letters", LettersSql(), db::ToSqlTime(from), db::ToSqlTime(to))) {
      out.push_back(NoticeFrom(r));
    }
    return out;
  });
}

absl::StatusOr<int64_t> NoticeStore::NextLetterNumber(db::Tx& tx, int64_t year) {
  return db::Guarded([&]() -> absl::StatusOr<int64_t> {
    return tx.Exec("intake_notice_next_letter", kNextLetterSql, year)[0][0].as<int64_t>();
  });
}

absl::StatusOr<NoticeCounts> NoticeStore::Counts(db::Tx& tx, absl::CivilDay today) {
  return db::Guarded([&]() -> absl::StatusOr<NoticeCounts> {
    const pqxx::row r = tx.Exec("intake_notice_counts", kCountsSql, db::ToSqlDate(today))[0];
    return NoticeCounts{r[0].as<int64_t>(), r[1].as<int64_t>(), r[2].as<int64_t>(),
                        r[3].as<int64_t>(), r[4].as<int64_t>()};
  });
}

absl::StatusOr<std::optional<absl::CivilDay>> NoticeStore::TermOf(db::Tx& tx,
                                                                  const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<absl::CivilDay>> {
    const pqxx::result rows = tx.Exec("intake_notice_term_of", kTermOfSql, appeal_id);
    if (rows.empty()) return std::optional<absl::CivilDay>();
    return DayFrom(rows[0][0]);
  });
}

absl::Status NoticeStore::SetTerm(db::Tx& tx, const std::string& appeal_id, absl::CivilDay day) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_notice_set_term", kSetTermSql, appeal_id, db::ToSqlDate(day));
    return absl::OkStatus();
  });
}

absl::Status NoticeStore::SetBodyNames(
    db::Tx& tx, int64_t version,
    const std::vector<std::pair<std::string, std::string>>& id_and_name) {
  std::vector<std::string> ids, names;
  for (const auto& [id, name] : id_and_name) {
    ids.push_back(id);
    names.push_back(name);
  }
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_notice_set_body_names", kSetBodyNamesSql, db::ToSqlTextArray(ids),
            db::ToSqlTextArray(names), version);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<std::string>> NoticeStore::BodyNameOf(
    db::Tx& tx, const std::string& executor_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<std::string>> {
    const pqxx::result rows = tx.Exec("intake_notice_body_name_of", kBodyNameOfSql, executor_id);
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows[0][0].c_str());
  });
}

}  // namespace contactcenter::intake
