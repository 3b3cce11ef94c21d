#include "appeal_store.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/values.h"

namespace contactcenter::intake {
namespace {

constexpr char kAppealColumns[] =
    "id, registration_number, status, kind, form, channel, subject, signatories, "
    "applicant_type, surname, first_name, patronymic, residence_address, residence_territory, "
    "author_categories, social_status, org_name, org_edrpou, org_contact_person, org_address, "
    "phone, email, topic_code, territory_code, essence, needs_no_extra_study, emergency, "
    "received_at, registered_at, registered_by, sex, contested_executor_id, route_manually, "
    "applicant_declared_incapable, "
    "to_char(contested_decision_date, 'YYYY-MM-DD') AS contested_decision_date, "
    "to_char(learned_of_decision_date, 'YYYY-MM-DD') AS learned_of_decision_date, "
    "complaint_term_restored, do_not_disclose_name, do_not_disclose_residence, "
    "do_not_disclose_workplace, keep_consideration_secret, "
    "additional_topic_codes, "
    "call_reference, external_card_number, not_considered_reason, screened_by, "
    "return_explanation, "
    "to_char(registration_date, 'YYYY-MM-DD') AS registration_date, "
    "linked_appeal_ids, attribute";

// A key expired but not yet deleted is claimed afresh, as if it were new.
constexpr char kClaimKeySql[] =
    "INSERT INTO idempotency_keys (caller, key, request_sha256, created_at) "
    "VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (caller, key) DO UPDATE SET request_sha256 = EXCLUDED.request_sha256, "
    "  appeal_id = NULL, created_at = EXCLUDED.created_at "
    "  WHERE idempotency_keys.created_at < $5 "
    "RETURNING 1";
constexpr char kReadKeySql[] =
    "SELECT request_sha256, appeal_id FROM idempotency_keys WHERE caller = $1 AND key = $2";
constexpr char kBindKeySql[] =
    "UPDATE idempotency_keys SET appeal_id = $3 WHERE caller = $1 AND key = $2";
// The oldest first; rows a registration holds are left for the next batch.
constexpr char kDeleteExpiredKeysSql[] =
    "DELETE FROM idempotency_keys WHERE (caller, key) IN ("
    "  SELECT caller, key FROM idempotency_keys WHERE created_at < $1 "
    "  ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)";
constexpr char kNextNumberSql[] =
    "INSERT INTO registration_counters (year, last) VALUES ($1, 1) "
    "ON CONFLICT (year) DO UPDATE SET last = registration_counters.last + 1 RETURNING last";

// Every column, in one statement; the id is the database's.
constexpr char kInsertAppealSql[] =
    "INSERT INTO appeals (registration_number, status, kind, form, channel, subject, signatories, "
    "  applicant_type, surname, first_name, patronymic, residence_address, residence_territory, "
    "  author_categories, social_status, org_name, org_edrpou, org_contact_person, org_address, "
    "  phone, email, topic_code, territory_code, essence, needs_no_extra_study, emergency, "
    "  received_at, registered_at, registered_by, registration_date, "
    "  sex, contested_executor_id, route_manually, applicant_declared_incapable, "
    "  contested_decision_date, learned_of_decision_date, complaint_term_restored, "
    "  do_not_disclose_name, do_not_disclose_residence, do_not_disclose_workplace, "
    "  keep_consideration_secret, additional_topic_codes, call_reference, external_card_number, "
    "  not_considered_reason, screened_by, return_explanation, linked_appeal_ids, "
    "  name_key, address_key, attribute) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, ''), NULLIF($10, ''), NULLIF($11, ''), "
    "  NULLIF($12, ''), NULLIF($13, ''), $14::smallint[], $15, NULLIF($16, ''), NULLIF($17, ''), "
    "  NULLIF($18, ''), NULLIF($19, ''), NULLIF($20, ''), NULLIF($21, ''), $22, $23, $24, $25, "
    "  $26, $27, $28, $29, $30::date, "
    "  $31, NULLIF($32, ''), $33, $34, NULLIF($35, '')::date, NULLIF($36, '')::date, $37, "
    "  $38, $39, $40, $41, $42::text[], NULLIF($43, ''), NULLIF($44, ''), "
    "  $45, NULLIF($46, ''), $47::text[], $48::uuid[], "
    "  NULLIF($49, ''), NULLIF($50, ''), $51) "
    "RETURNING id";

// The applicant is the same when the phone, the e-mail, the name with the
// address, or the ЄДРПОУ code match.
constexpr char kResolvedEarlierSql[] =
    "SELECT a.id::text FROM appeals a JOIN case_resolutions r ON r.appeal_id = a.id "
    "WHERE a.topic_code = $1 AND a.territory_code = $2 AND a.status = $8 "
    "  AND r.result = ANY ($9::smallint[]) "
    "  AND (a.phone = NULLIF($3, '') OR a.email = NULLIF($4, '') "
    "       OR (a.name_key = NULLIF($5, '') AND a.address_key = NULLIF($6, '')) "
    "       OR a.org_edrpou = NULLIF($7, '')) "
    "ORDER BY r.closed_at DESC, a.id LIMIT 1";

constexpr char kApplicantPastSql[] =
    "SELECT a.id::text, a.status, "
    "  EXISTS (SELECT 1 FROM case_resolutions r WHERE r.appeal_id = a.id) AS closed "
    "FROM appeals a WHERE a.topic_code = $1 "
    "  AND (a.phone = NULLIF($2, '') OR a.email = NULLIF($3, '') "
    "       OR (a.name_key = NULLIF($4, '') AND a.address_key = NULLIF($5, '')) "
    "       OR a.org_edrpou = NULLIF($6, '')) "
    "ORDER BY a.received_at DESC, a.registration_number DESC LIMIT 100";

constexpr char kOtherApplicantsSql[] =
    "SELECT count(DISTINCT coalesce(a.phone, a.email, a.name_key || '|' || "
    "  coalesce(a.address_key, ''), a.org_edrpou, a.id::text)), "
    "  (array_agg(a.id ORDER BY a.received_at DESC, a.registration_number DESC))[1:$9] "
    "FROM appeals a WHERE a.topic_code = $1 AND a.territory_code = $2 AND a.received_at >= $3 "
    "  AND NOT coalesce(a.phone = NULLIF($4, '') OR a.email = NULLIF($5, '') "
    "       OR (a.name_key = NULLIF($6, '') AND a.address_key = NULLIF($7, '')) "
    "       OR a.org_edrpou = NULLIF($8, ''), false)";

constexpr char kHistoryColumns[] =
    "SELECT a.id::text, a.registration_number, a.status, a.received_at, a.topic_code, "
    "  a.territory_code, a.attribute, "
    "  EXISTS (SELECT 1 FROM case_resolutions r WHERE r.appeal_id = a.id) AS closed "
    "FROM appeals a WHERE ";
constexpr char kHistoryOrder[] =
    " ORDER BY a.received_at DESC, a.registration_number DESC LIMIT $2";
constexpr char kAuditReadSql[] =
    "INSERT INTO personal_data_reads "
    "  (appeal_id, reader, reader_role, executor_id, read_at, fields, refused) "
    "VALUES ($1::uuid, $2, $3, NULLIF($4, ''), $5, $6::text[], $7)";
constexpr char kRegistrationNumbersSql[] =
    "SELECT id::text, registration_number FROM appeals WHERE id = ANY($1::uuid[])";
constexpr char kRecordResolutionSql[] =
    "INSERT INTO case_resolutions (case_id, appeal_id, executor_id, result, closed_at) "
    "VALUES ($1, $2::uuid, $3, $4, $5) ON CONFLICT (case_id) DO NOTHING";

// The address matches only together with the name.
std::string MatchAddress(const ApplicantKeys& k) {
  return k.name_key.empty() ? std::string() : k.address_key;
}

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }

v1::Appeal RowToAppeal(const pqxx::row& r) {
  v1::Appeal a;
  a.set_id(r["id"].c_str());
  a.set_registration_number(r["registration_number"].c_str());
  a.set_status(static_cast<v1::AppealStatus>(r["status"].as<int>()));
  a.set_registered_by(r["registered_by"].c_str());
  *a.mutable_registered_at() = ToTimestamp(db::TimeFromField(r["registered_at"]));
  v1::AppealCard* c = a.mutable_card();
  c->set_kind(static_cast<common::v1::AppealKind>(r["kind"].as<int>()));
  c->set_form(static_cast<common::v1::AppealForm>(r["form"].as<int>()));
  c->set_channel(static_cast<common::v1::Channel>(r["channel"].as<int>()));
  c->set_subject(static_cast<common::v1::AppealSubject>(r["subject"].as<int>()));
  c->set_signatories(r["signatories"].as<int>());
  const std::string applicant_type = r["applicant_type"].c_str();
  if (applicant_type == "person") {
    v1::Person* p = c->mutable_applicant()->mutable_person();
    p->set_surname(Text(r["surname"]));
    p->set_name(Text(r["first_name"]));
    p->set_patronymic(Text(r["patronymic"]));
    p->set_residence_address(Text(r["residence_address"]));
    p->set_residence_territory_code(Text(r["residence_territory"]));
    p->set_phone(Text(r["phone"]));
    p->set_email(Text(r["email"]));
    for (int64_t category : db::IntArrayFromField(r["author_categories"])) {
      p->add_author_categories(static_cast<common::v1::AuthorCategory>(category));
    }
    p->set_social_status(static_cast<common::v1::SocialStatus>(r["social_status"].as<int>()));
    p->set_sex(static_cast<v1::Sex>(r["sex"].as<int>()));
  } else if (applicant_type == "organisation") {
    v1::Organisation* o = c->mutable_applicant()->mutable_organisation();
    o->set_name(Text(r["org_name"]));
    o->set_edrpou(Text(r["org_edrpou"]));
    o->set_contact_person(Text(r["org_contact_person"]));
    o->set_address(Text(r["org_address"]));
    o->set_phone(Text(r["phone"]));
    o->set_email(Text(r["email"]));
  }
  c->set_topic_code(r["topic_code"].c_str());
  c->set_territory_code(r["territory_code"].c_str());
  c->set_essence(r["essence"].c_str());
  c->set_needs_no_extra_study(r["needs_no_extra_study"].as<bool>());
  c->set_emergency(r["emergency"].as<bool>());
  *c->mutable_received_at() = ToTimestamp(db::TimeFromField(r["received_at"]));
  c->set_contested_executor_id(Text(r["contested_executor_id"]));
  c->set_route_manually(r["route_manually"].as<bool>());
  c->set_applicant_declared_incapable(r["applicant_declared_incapable"].as<bool>());
  if (!r["contested_decision_date"].is_null()) {
    *c->mutable_contested_decision_date() = ToDate(db::DateFromField(r["contested_decision_date"]));
  }
  if (!r["learned_of_decision_date"].is_null()) {
    *c->mutable_learned_of_decision_date() =
        ToDate(db::DateFromField(r["learned_of_decision_date"]));
  }
  c->set_complaint_term_restored(r["complaint_term_restored"].as<bool>());
  c->set_do_not_disclose_name(r["do_not_disclose_name"].as<bool>());
  c->set_do_not_disclose_residence(r["do_not_disclose_residence"].as<bool>());
  c->set_do_not_disclose_workplace(r["do_not_disclose_workplace"].as<bool>());
  c->set_keep_consideration_secret(r["keep_consideration_secret"].as<bool>());
  for (std::string& t : db::TextArrayFromField(r["additional_topic_codes"])) {
    c->add_additional_topic_codes(std::move(t));
  }
  c->set_call_reference(Text(r["call_reference"]));
  c->set_external_card_number(Text(r["external_card_number"]));
  a.set_not_considered_reason(
      static_cast<v1::NotConsideredReason>(r["not_considered_reason"].as<int>()));
  a.set_screened_by(Text(r["screened_by"]));
  for (std::string& e : db::TextArrayFromField(r["return_explanation"])) {
    a.add_return_explanation(std::move(e));
  }
  *a.mutable_registration_date() = ToDate(db::DateFromField(r["registration_date"]));
  for (std::string& id : db::TextArrayFromField(r["linked_appeal_ids"])) {
    a.add_linked_appeal_ids(std::move(id));
  }
  a.set_attribute(static_cast<common::v1::AppealAttribute>(r["attribute"].as<int>()));
  return a;
}

// A row of kHistoryColumns.
v1::AppealSummary RowToSummary(const pqxx::row& r) {
  v1::AppealSummary s;
  s.set_appeal_id(r[0].c_str());
  s.set_registration_number(r[1].c_str());
  s.set_status(static_cast<v1::AppealStatus>(r[2].as<int>()));
  *s.mutable_received_at() = ToTimestamp(db::TimeFromField(r[3]));
  s.set_topic_code(r[4].c_str());
  s.set_territory_code(r[5].c_str());
  s.set_attribute(static_cast<common::v1::AppealAttribute>(r[6].as<int>()));
  s.set_closed(r[7].as<bool>());
  return s;
}

}  // namespace

absl::Status NoAppeal(const std::string& key) {
  return absl::NotFoundError(absl::StrCat("no appeal ", key));
}

namespace {

absl::StatusOr<v1::Appeal> SelectAppeal(db::Tx& tx, const std::string& statement,
                                        const std::string& where, const std::string& value) {
  return db::Guarded([&]() -> absl::StatusOr<v1::Appeal> {
    pqxx::result rows = tx.Exec(
        statement, absl::StrCat("SELECT ", kAppealColumns, " FROM appeals WHERE ", where), value);
    if (rows.empty()) return NoAppeal(value);
    return RowToAppeal(rows[0]);
  });
}

// "%", "_" and "\\" are literal in a name searched by prefix.
std::string LikeEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

absl::StatusOr<bool> AppealStore::ClaimIdempotencyKey(db::Tx& tx, const std::string& caller,
                                                      const std::string& key,
                                                      const std::string& request_sha256,
                                                      absl::Time now, absl::Time expired_before) {
  return db::Guarded([&]() -> absl::StatusOr<bool> {
    return !tx.Exec("intake_claim_key", kClaimKeySql, caller, key,
                    pqxx::binarystring(request_sha256), db::ToSqlTime(now),
                    db::ToSqlTime(expired_before))
                .empty();
  });
}

absl::StatusOr<AppealStore::IdempotencyRecord> AppealStore::ReadIdempotencyKey(
    db::Tx& tx, const std::string& caller, const std::string& key) {
  return db::Guarded([&]() -> absl::StatusOr<IdempotencyRecord> {
    pqxx::result rows = tx.Exec("intake_read_key", kReadKeySql, caller, key);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no idempotency key ", key));
    return IdempotencyRecord{db::BytesFromField(rows[0][0]), Text(rows[0][1])};
  });
}

absl::StatusOr<int64_t> AppealStore::DeleteExpiredIdempotencyKeys(db::Tx& tx,
                                                                  absl::Time expired_before,
                                                                  int limit) {
  return db::Guarded([&]() -> absl::StatusOr<int64_t> {
    return static_cast<int64_t>(tx.Exec("intake_delete_expired_keys", kDeleteExpiredKeysSql,
                                        db::ToSqlTime(expired_before), limit)
                                    .affected_rows());
  });
}

absl::Status AppealStore::BindIdempotencyKey(db::Tx& tx, const std::string& caller,
                                             const std::string& key, const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_bind_key", kBindKeySql, caller, key, appeal_id);
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> AppealStore::NextRegistrationNumber(db::Tx& tx, int64_t year) {
  return db::Guarded([&]() -> absl::StatusOr<int64_t> {
    return tx.Exec("intake_next_number", kNextNumberSql, year)[0][0].as<int64_t>();
  });
}

absl::StatusOr<std::string> AppealStore::LatestResolvedEarlier(
    db::Tx& tx, const ApplicantKeys& k, const std::string& topic_code,
    const std::string& territory_code, const std::vector<tracking::v1::CaseResult>& results) {
  return db::Guarded([&]() -> absl::StatusOr<std::string> {
    pqxx::result rows =
        tx.Exec("intake_resolved_earlier", kResolvedEarlierSql, topic_code, territory_code, k.phone,
                k.email, k.name_key, MatchAddress(k), k.edrpou,
                static_cast<int>(v1::APPEAL_STATUS_REGISTERED), db::ToSqlIntArray(results));
    return rows.empty() ? std::string() : std::string(rows[0][0].c_str());
  });
}

absl::StatusOr<std::vector<EarlierAppeal>> AppealStore::ApplicantAppealsOnTopic(
    db::Tx& tx, const ApplicantKeys& k, const std::string& topic_code) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<EarlierAppeal>> {
    std::vector<EarlierAppeal> out;
    for (const pqxx::row& row : tx.Exec("intake_applicant_past", kApplicantPastSql, topic_code,
                                        k.phone, k.email, k.name_key, MatchAddress(k), k.edrpou)) {
      out.push_back(EarlierAppeal{row[0].c_str(), static_cast<v1::AppealStatus>(row[1].as<int>()),
                                  row[2].as<bool>()});
    }
    return out;
  });
}

absl::StatusOr<AppealStore::OtherApplicants> AppealStore::OtherApplicantsOnIssue(
    db::Tx& tx, const ApplicantKeys& k, const std::string& topic_code,
    const std::string& territory_code, absl::Time since) {
  return db::Guarded([&]() -> absl::StatusOr<OtherApplicants> {
    const pqxx::row row =
        tx.Exec("intake_other_applicants", kOtherApplicantsSql, topic_code, territory_code,
                db::ToSqlTime(since), k.phone, k.email, k.name_key, MatchAddress(k), k.edrpou,
                static_cast<int>(kMaxLinkedAppeals))[0];
    OtherApplicants out;
    out.count = row[0].as<int>();
    out.latest_appeal_ids = db::TextArrayFromField(row[1]);
    return out;
  });
}

absl::StatusOr<std::string> AppealStore::Insert(db::Tx& tx, const v1::Appeal& a,
                                                const ApplicantKeys& k) {
  return db::Guarded([&]() -> absl::StatusOr<std::string> {
    const v1::AppealCard& c = a.card();
    const bool person = c.applicant().has_person();
    const v1::Person& p = c.applicant().person();
    const v1::Organisation& o = c.applicant().organisation();
    const std::string applicant_type =
        person ? "person" : (c.applicant().has_organisation() ? "organisation" : "none");
    auto date = [](bool has, const common::v1::Date& d) {
      return has ? db::ToSqlDate(FromDate(d)) : std::string();
    };
    return std::string(
        tx.Exec(
              "intake_insert_appeal", kInsertAppealSql, a.registration_number(),
              static_cast<int>(a.status()), static_cast<int>(c.kind()), static_cast<int>(c.form()),
              static_cast<int>(c.channel()), static_cast<int>(c.subject()), c.signatories(),
              applicant_type, p.surname(), p.name(), p.patronymic(), p.residence_address(),
              p.residence_territory_code(), db::ToSqlIntArray(p.author_categories()),
              static_cast<int>(p.social_status()), o.name(), o.edrpou(), o.contact_person(),
              o.address(), person ? p.phone() : o.phone(), person ? p.email() : o.email(),
              c.topic_code(), c.territory_code(), c.essence(), c.needs_no_extra_study(),
              c.emergency(), db::ToSqlTime(FromTimestamp(c.received_at())),
              db::ToSqlTime(FromTimestamp(a.registered_at())), a.registered_by(),
              db::ToSqlDate(FromDate(a.registration_date())), static_cast<int>(p.sex()),
              c.contested_executor_id(), c.route_manually(), c.applicant_declared_incapable(),
              date(c.has_contested_decision_date(), c.contested_decision_date()),
              date(c.has_learned_of_decision_date(), c.learned_of_decision_date()),
              c.complaint_term_restored(), c.do_not_disclose_name(), c.do_not_disclose_residence(),
              c.do_not_disclose_workplace(), c.keep_consideration_secret(),
              db::ToSqlTextArray(c.additional_topic_codes()), c.call_reference(),
              c.external_card_number(), static_cast<int>(a.not_considered_reason()),
              a.screened_by(), db::ToSqlTextArray(a.return_explanation()),
              db::ToSqlTextArray(a.linked_appeal_ids()), k.name_key, k.address_key,
              static_cast<int>(a.attribute()))[0][0]
            .c_str());
  });
}

absl::StatusOr<v1::Appeal> AppealStore::FindById(db::Tx& tx, const std::string& id) {
  return SelectAppeal(tx, "intake_get_appeal_by_id", "id = $1", id);
}

absl::StatusOr<v1::Appeal> AppealStore::FindByNumber(db::Tx& tx, const std::string& number) {
  return SelectAppeal(tx, "intake_get_appeal_by_number", "registration_number = $1", number);
}

absl::Status AppealStore::RecordPersonalDataRead(db::Tx& tx, const PersonalDataRead& read) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_audit_read", kAuditReadSql, read.appeal_id, read.reader, read.reader_role,
            read.executor_id, db::ToSqlTime(read.at), db::ToSqlTextArray(read.fields),
            read.refused);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::map<std::string, std::string>> AppealStore::RegistrationNumbers(
    db::Tx& tx, const std::vector<std::string>& ids) {
  return db::Guarded([&]() -> absl::StatusOr<std::map<std::string, std::string>> {
    std::map<std::string, std::string> out;
    if (ids.empty()) return out;
    for (const pqxx::row& r :
         tx.Exec("intake_registration_numbers", kRegistrationNumbersSql, db::ToSqlTextArray(ids))) {
      out[r[0].c_str()] = r[1].c_str();
    }
    return out;
  });
}

absl::StatusOr<std::vector<v1::AppealSummary>> AppealStore::FindApplicantHistory(
    db::Tx& tx, const ApplicantSearchKey& key, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::AppealSummary>> {
    pqxx::result rows;
    if (!key.phone.empty()) {
      rows =
          tx.Exec("intake_history_by_phone",
                  absl::StrCat(kHistoryColumns, "a.phone = $1", kHistoryOrder), key.phone, limit);
    } else if (!key.email.empty()) {
      rows =
          tx.Exec("intake_history_by_email",
                  absl::StrCat(kHistoryColumns, "a.email = $1", kHistoryOrder), key.email, limit);
    } else {
      // The key without a patronymic matches keys with one: prefix match on a
      // word boundary.
      rows = tx.Exec("intake_history_by_name",
                     absl::StrCat(kHistoryColumns,
                                  "(a.name_key = $1 OR a.name_key LIKE $3 || ' %') "
                                  "AND ($4 = '' OR a.address_key = $4)",
                                  kHistoryOrder),
                     key.name_key, limit, LikeEscape(key.name_key), key.address_key);
    }
    std::vector<v1::AppealSummary> out;
    for (const pqxx::row& r : rows) out.push_back(RowToSummary(r));
    return out;
  });
}

absl::StatusOr<AppealPage> AppealStore::List(db::Tx& tx, const AppealFilter& f,
                                             const std::optional<KeysetPosition>& after,
                                             int page_size) {
  return db::Guarded([&]() -> absl::StatusOr<AppealPage> {
    // An unspecified status or channel filters nothing.
    pqxx::result rows = tx.Exec(
        "intake_list_appeals",
        absl::StrCat(kHistoryColumns,
                     "($1 = '' OR a.received_at >= $1::timestamptz) "
                     "AND ($2 = '' OR a.received_at < $2::timestamptz) "
                     "AND ($3::int = $11::int OR a.status = $3::int) "
                     "AND ($4::int = $12::int OR a.channel = $4::int) "
                     "AND ($5 = '' OR a.topic_code = $5 OR a.topic_code LIKE $5 || '.%') "
                     "AND ($6 = '' OR a.territory_code = $6) "
                     "AND ($7 = '' OR a.registration_number = $7) "
                     "AND ($8 = '' OR (a.received_at, a.id) < ($9::timestamptz, "
                     "                 NULLIF($8, '')::uuid)) "
                     "ORDER BY a.received_at DESC, a.id DESC LIMIT $10"),
        f.received_from ? db::ToSqlTime(*f.received_from) : std::string(),
        f.received_to ? db::ToSqlTime(*f.received_to) : std::string(), static_cast<int>(f.status),
        static_cast<int>(f.channel), f.topic_code, f.territory_code, f.registration_number,
        after ? after->id : std::string(), db::ToSqlTime(after ? after->at : absl::UnixEpoch()),
        FetchLimit(page_size), static_cast<int>(v1::APPEAL_STATUS_UNSPECIFIED),
        static_cast<int>(common::v1::CHANNEL_UNSPECIFIED));
    return CutPage(rows, page_size, RowToSummary, [](const v1::AppealSummary& last) {
      return KeysetPosition{FromTimestamp(last.received_at()), last.appeal_id()};
    });
  });
}

absl::Status AppealStore::RecordCaseClosed(db::Tx& tx, const tracking::v1::CaseClosed& closed) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_record_resolution", kRecordResolutionSql, closed.case_id(), closed.appeal_id(),
            closed.executor_id(), static_cast<int>(closed.result()),
            db::ToSqlTime(FromTimestamp(closed.closed_at())));
    return absl::OkStatus();
  });
}

}  // namespace contactcenter::intake
