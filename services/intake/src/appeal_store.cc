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
    "linked_appeal_ids, attribute, proposal_reason, proposal_executor_id, proposed_by, "
    "proposed_at, proposal_decision, proposal_decided_by, proposal_decided_at, proposal_comment, "
    "proposal_body_executor_id, "
    "to_char(return_due_date, 'YYYY-MM-DD') AS return_due_date, "
    "to_char(return_letter_date, 'YYYY-MM-DD') AS return_letter_date, return_letter_number, "
    "return_letter_recorded_by, return_letter_recorded_at, duplicate_of_appeal_id, "
    "same_event_appeal_id";

// The key and the number in one statement (one round trip). A key expired
// but not yet deleted is claimed afresh, as if it were new. The number is
// taken only when the key was claimed (or there is none): a replay must not
// skip one. Both rows stay locked until commit, the key first.
constexpr char kClaimAndNumberSql[] =
    "WITH claim AS ("
    "  INSERT INTO idempotency_keys (caller, key, request_sha256, created_at) "
    "  SELECT $1, $2, $3, $4 WHERE $2 <> '' "
    "  ON CONFLICT (caller, key) DO UPDATE SET request_sha256 = EXCLUDED.request_sha256, "
    "    appeal_id = NULL, created_at = EXCLUDED.created_at "
    "    WHERE idempotency_keys.created_at < $5 "
    "  RETURNING 1), "
    "number AS ("
    "  INSERT INTO registration_counters (year, last) "
    "  SELECT $6::integer, 1 WHERE $2 = '' OR EXISTS (SELECT 1 FROM claim) "
    "  ON CONFLICT (year) DO UPDATE SET last = registration_counters.last + 1 RETURNING last) "
    "SELECT (SELECT last FROM number)";
constexpr char kReadKeySql[] =
    "SELECT request_sha256, appeal_id FROM idempotency_keys WHERE caller = $1 AND key = $2";
// The oldest first; rows a registration holds are left for the next batch.
constexpr char kDeleteExpiredKeysSql[] =
    "DELETE FROM idempotency_keys WHERE (caller, key) IN ("
    "  SELECT caller, key FROM idempotency_keys WHERE created_at < $1 "
    "  ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)";
// reltuples is -1 until the table was first analysed.
constexpr char kKeysSizeSql[] =
    "SELECT greatest(reltuples, 0)::bigint, pg_total_relation_size(oid) FROM pg_class "
    "WHERE oid = 'idempotency_keys'::regclass";
// Every column, in one statement; the id is the database's. The same
// statement binds the idempotency key claimed for it ($62, $63; none
// matches an empty key): one round trip less a registration.
constexpr char kInsertAppealSql[] =
    "WITH a AS ("
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
    "  name_key, address_key, attribute, finest_topic, proposal_reason, proposal_executor_id, "
    "  proposed_by, proposed_at, proposal_decision, return_due_date, duplicate_of_appeal_id, "
    "  same_event_appeal_id, event_root_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, ''), NULLIF($10, ''), NULLIF($11, ''), "
    "  NULLIF($12, ''), NULLIF($13, ''), $14::smallint[], $15, NULLIF($16, ''), NULLIF($17, ''), "
    "  NULLIF($18, ''), NULLIF($19, ''), NULLIF($20, ''), NULLIF($21, ''), $22, $23, $24, $25, "
    "  $26, $27, $28, $29, $30::date, "
    "  $31, NULLIF($32, ''), $33, $34, NULLIF($35, '')::date, NULLIF($36, '')::date, $37, "
    "  $38, $39, $40, $41, $42::text[], NULLIF($43, ''), NULLIF($44, ''), "
    "  $45, NULLIF($46, ''), $47::text[], $48::uuid[], "
    "  NULLIF($49, ''), NULLIF($50, ''), $51, $52, $53, NULLIF($54, ''), "
    "  NULLIF($55, ''), NULLIF($56, '')::timestamptz, $57, NULLIF($58, '')::date, "
    "  NULLIF($59, '')::uuid, NULLIF($60, '')::uuid, NULLIF($61, '')::uuid) "
    "RETURNING id), "
    "bound AS (UPDATE idempotency_keys k SET appeal_id = a.id FROM a "
    "  WHERE k.caller = $62 AND k.key = $63) "
    "SELECT id FROM a";

// The same person (ApplicantKeys): the name with the address, the phone or
// the e-mail — never a shared phone or e-mail alone — or the ЄДРПОУ code.
// "The same issue" is the finest topic (FinestTopic). A closure "answered,
// not confirmed" is not resolved on its merits (Art. 8: "якщо перше
// вирішено по суті"): nobody confirmed it.
// Both in one statement (one round trip): row kind 1 is the resolved one
// (at most one), kind 2 the applicant's appeals on the topic, in order.
constexpr char kApplicantHistorySql[] =
    "WITH resolved AS ("
    "  SELECT a.id::text AS id, r.executor_id FROM appeals a "
    "  JOIN case_resolutions r ON r.appeal_id = a.id "
    "  WHERE a.finest_topic = $1 AND a.territory_code = $2 AND a.status = $8 "
    "    AND r.result = ANY ($9::smallint[]) AND NOT r.not_confirmed "
    "    AND ((a.name_key = NULLIF($5, '') AND (a.address_key = NULLIF($6, '') "
    "          OR a.phone = NULLIF($3, '') OR a.email = NULLIF($4, ''))) "
    "         OR a.org_edrpou = NULLIF($7, '')) "
    "  ORDER BY r.closed_at DESC, a.id LIMIT 1), "
    "past AS ("
    "  SELECT a.id::text AS id, a.status, "
    "    EXISTS (SELECT 1 FROM case_resolutions r WHERE r.appeal_id = a.id) AS closed, "
    "    EXISTS (SELECT 1 FROM case_overdue o WHERE o.appeal_id = a.id) AS overdue, "
    "    row_number() OVER (ORDER BY a.received_at DESC, a.registration_number DESC) AS n "
    "  FROM appeals a WHERE a.finest_topic = $1 "
    "    AND ((a.name_key = NULLIF($5, '') AND (a.address_key = NULLIF($6, '') "
    "          OR a.phone = NULLIF($3, '') OR a.email = NULLIF($4, ''))) "
    "         OR a.org_edrpou = NULLIF($7, '')) "
    "  ORDER BY a.received_at DESC, a.registration_number DESC LIMIT 100) "
    "SELECT 1 AS kind, id, executor_id, 0 AS status, false AS closed, false AS overdue, 0 AS n "
    "FROM resolved "
    "UNION ALL SELECT 2, id, NULL, status, closed, overdue, n FROM past "
    "ORDER BY kind, n";

constexpr char kPendingProposalsSql[] =
    "SELECT a.id::text, a.registration_number, a.status, a.received_at, a.topic_code, "
    "  a.territory_code, a.attribute, "
    "  EXISTS (SELECT 1 FROM case_resolutions r WHERE r.appeal_id = a.id) AS closed, "
    "  a.proposal_reason, a.proposal_executor_id, a.proposed_by, a.proposed_at, "
    "  a.linked_appeal_ids, a.proposal_body_executor_id "
    "FROM appeals a WHERE a.proposal_decision = $1 "
    "ORDER BY a.proposed_at, a.id LIMIT $2";
constexpr char kDecideSql[] =
    "UPDATE appeals SET status = $2, not_considered_reason = $3, screened_by = NULLIF($4, ''), "
    "  proposal_decision = $5, proposal_decided_by = $6, proposal_decided_at = $7, "
    "  proposal_comment = NULLIF($8, '') "
    "WHERE id = $1::uuid AND proposal_decision = $9";
constexpr char kRecordLetterSql[] =
    "UPDATE appeals SET return_letter_date = $2::date, return_letter_number = $3, "
    "  return_letter_recorded_by = $4, return_letter_recorded_at = $5 "
    "WHERE id = $1::uuid AND return_letter_date IS NULL";
constexpr char kOverdueReturnsSql[] =
    "SELECT a.id::text, a.registration_number, a.status, a.received_at, a.topic_code, "
    "  a.territory_code, a.attribute, false AS closed, "
    "  to_char(a.return_due_date, 'YYYY-MM-DD') "
    "FROM appeals a WHERE a.return_due_date IS NOT NULL AND a.return_letter_date IS NULL "
    "  AND a.return_due_date < $1::date "
    "ORDER BY a.return_due_date, a.id LIMIT $2";
// Each overdue return once: marked in the same statement that reads it.
constexpr char kTakeNewlyOverdueReturnsSql[] =
    "UPDATE appeals a SET return_overdue_reported_at = $3 FROM ("
    "  SELECT id FROM appeals WHERE return_due_date IS NOT NULL AND return_letter_date IS NULL "
    "    AND return_overdue_reported_at IS NULL AND return_due_date < $1::date "
    "  ORDER BY return_due_date, id LIMIT $2 FOR UPDATE SKIP LOCKED) due "
    "WHERE a.id = due.id "
    "RETURNING a.id::text, a.registration_number, a.received_at, "
    "  to_char(a.return_due_date, 'YYYY-MM-DD')";

// The appeals of one object or event: the root and those linked to it.
// An applicant counts once (known by the name with the address, else the
// first of phone, e-mail, ЄДРПОУ code; an anonymous appeal alone).
constexpr char kEventApplicantsSql[] =
    "SELECT count(DISTINCT coalesce(a.name_key || '|' || coalesce(a.address_key, ''), a.phone, "
    "  a.email, a.org_edrpou, a.id::text)), "
    "  (array_agg(a.id ORDER BY a.received_at DESC, a.registration_number DESC))[1:$7] "
    "FROM appeals a WHERE (a.event_root_id = $1::uuid OR a.id = $1::uuid) "
    "  AND NOT coalesce((a.name_key = NULLIF($4, '') AND (a.address_key = NULLIF($5, '') "
    "        OR a.phone = NULLIF($2, '') OR a.email = NULLIF($3, ''))) "
    "       OR a.org_edrpou = NULLIF($6, ''), false)";
constexpr char kEventRootSql[] =
    "SELECT coalesce(event_root_id, id)::text FROM appeals WHERE id = $1::uuid";
constexpr char kRecordOverdueSql[] =
    "INSERT INTO case_overdue (case_id, appeal_id, due_at) VALUES ($1, $2::uuid, $3) "
    "ON CONFLICT (case_id) DO NOTHING";

constexpr char kHistoryColumns[] =
    "SELECT a.id::text, a.registration_number, a.status, a.received_at, a.topic_code, "
    "  a.territory_code, a.attribute, "
    "  EXISTS (SELECT 1 FROM case_resolutions r WHERE r.appeal_id = a.id) AS closed "
    "FROM appeals a WHERE ";
constexpr char kHistoryOrder[] =
    " ORDER BY a.received_at DESC, a.registration_number DESC LIMIT $2";
constexpr char kAuditReadSql[] =
    "INSERT INTO personal_data_reads "
    "  (appeal_id, reader, reader_role, executor_id, read_at, fields, refused, purpose) "
    "VALUES ($1::uuid, $2, $3, NULLIF($4, ''), $5, $6::text[], $7, NULLIF($8, ''))";
constexpr char kEssencesSql[] = "SELECT id::text, essence FROM appeals WHERE id = ANY($1::uuid[])";
constexpr char kRegistrationNumbersSql[] =
    "SELECT id::text, registration_number FROM appeals WHERE id = ANY($1::uuid[])";
constexpr char kRecordResolutionSql[] =
    "INSERT INTO case_resolutions (case_id, appeal_id, executor_id, result, closed_at, "
    "  not_confirmed) "
    "VALUES ($1, $2::uuid, $3, $4, $5, $6) ON CONFLICT (case_id, appeal_id) DO NOTHING";
// The duplicates that joined the case close with it.
constexpr char kRecordJoinedResolutionsSql[] =
    "INSERT INTO case_resolutions (case_id, appeal_id, executor_id, result, closed_at, "
    "  not_confirmed) "
    "SELECT $1, j.appeal_id, $2, $3, $4, $5 FROM case_joins j WHERE j.case_id = $1 "
    "ON CONFLICT (case_id, appeal_id) DO NOTHING";
constexpr char kRecordJoinSql[] =
    "INSERT INTO case_joins (appeal_id, case_id) VALUES ($1::uuid, $2) "
    "ON CONFLICT (appeal_id) DO NOTHING";

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
  c->set_same_event_appeal_id(Text(r["same_event_appeal_id"]));
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
  const int decision = r["proposal_decision"].as<int>();
  if (decision != v1::EXCLUSION_DECISION_UNSPECIFIED) {
    v1::ExclusionProposal* p = a.mutable_exclusion_proposal();
    p->set_reason(static_cast<v1::NotConsideredReason>(r["proposal_reason"].as<int>()));
    p->set_earlier_executor_id(Text(r["proposal_executor_id"]));
    p->set_proposed_by(Text(r["proposed_by"]));
    if (!r["proposed_at"].is_null()) {
      *p->mutable_proposed_at() = ToTimestamp(db::TimeFromField(r["proposed_at"]));
    }
    p->set_decision(static_cast<v1::ExclusionDecision>(decision));
    p->set_decided_by(Text(r["proposal_decided_by"]));
    if (!r["proposal_decided_at"].is_null()) {
      *p->mutable_decided_at() = ToTimestamp(db::TimeFromField(r["proposal_decided_at"]));
    }
    p->set_comment(Text(r["proposal_comment"]));
    p->set_body_executor_id(Text(r["proposal_body_executor_id"]));
  }
  a.set_duplicate_of_appeal_id(Text(r["duplicate_of_appeal_id"]));
  if (!r["return_due_date"].is_null()) {
    *a.mutable_return_due_date() = ToDate(db::DateFromField(r["return_due_date"]));
  }
  if (!r["return_letter_date"].is_null()) {
    v1::ReturnLetter* l = a.mutable_return_letter();
    *l->mutable_letter_date() = ToDate(db::DateFromField(r["return_letter_date"]));
    l->set_letter_number(Text(r["return_letter_number"]));
    l->set_recorded_by(Text(r["return_letter_recorded_by"]));
    *l->mutable_recorded_at() = ToTimestamp(db::TimeFromField(r["return_letter_recorded_at"]));
  }
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

absl::StatusOr<std::optional<int64_t>> AppealStore::ClaimKeyAndNumber(
    db::Tx& tx, const std::string& caller, const std::string& key,
    const std::string& request_sha256, absl::Time now, absl::Time expired_before, int64_t year) {
  return db::Guarded([&]() -> absl::StatusOr<std::optional<int64_t>> {
    const pqxx::field number =
        tx.Exec("intake_claim_and_number", kClaimAndNumberSql, caller, key,
                pqxx::binarystring(request_sha256), db::ToSqlTime(now),
                db::ToSqlTime(expired_before), year)[0][0];
    if (number.is_null()) return std::nullopt;
    return number.as<int64_t>();
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

absl::StatusOr<AppealStore::TableSize> AppealStore::IdempotencyKeysSize(db::Tx& tx) {
  return db::Guarded([&]() -> absl::StatusOr<TableSize> {
    const pqxx::row r = tx.Exec("intake_keys_size", kKeysSizeSql)[0];
    return TableSize{r[0].as<int64_t>(), r[1].as<int64_t>()};
  });
}

absl::StatusOr<AppealStore::ApplicantHistory> AppealStore::HistoryOf(
    db::Tx& tx, const ApplicantKeys& k, const std::string& finest_topic,
    const std::string& territory_code, const std::vector<tracking::v1::CaseResult>& results) {
  return db::Guarded([&]() -> absl::StatusOr<ApplicantHistory> {
    ApplicantHistory out;
    for (const pqxx::row& row :
         tx.Exec("intake_applicant_history", kApplicantHistorySql, finest_topic, territory_code,
                 k.phone, k.email, k.name_key, MatchAddress(k), k.edrpou,
                 static_cast<int>(v1::APPEAL_STATUS_REGISTERED), db::ToSqlIntArray(results))) {
      if (row[0].as<int>() == 1) {
        out.resolved = Resolved{row[1].c_str(), row[2].c_str()};
        continue;
      }
      out.on_topic.push_back(EarlierAppeal{row[1].c_str(),
                                           static_cast<v1::AppealStatus>(row[3].as<int>()),
                                           row[4].as<bool>(), row[5].as<bool>()});
    }
    return out;
  });
}

absl::StatusOr<std::string> AppealStore::EventRootOf(db::Tx& tx, const std::string& appeal_id) {
  return db::Guarded([&]() -> absl::StatusOr<std::string> {
    pqxx::result rows = tx.Exec("intake_event_root", kEventRootSql, appeal_id);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no appeal ", appeal_id));
    return std::string(rows[0][0].c_str());
  });
}

absl::StatusOr<AppealStore::OtherApplicants> AppealStore::OtherApplicantsOnEvent(
    db::Tx& tx, const ApplicantKeys& k, const std::string& event_root) {
  return db::Guarded([&]() -> absl::StatusOr<OtherApplicants> {
    const pqxx::row row =
        tx.Exec("intake_event_applicants", kEventApplicantsSql, event_root, k.phone, k.email,
                k.name_key, MatchAddress(k), k.edrpou, static_cast<int>(kMaxLinkedAppeals))[0];
    OtherApplicants out;
    out.count = row[0].as<int>();
    out.latest_appeal_ids = db::TextArrayFromField(row[1]);
    return out;
  });
}

absl::StatusOr<std::string> AppealStore::Insert(db::Tx& tx, const v1::Appeal& a,
                                                const ApplicantKeys& k,
                                                const std::string& event_root,
                                                const std::string& key_caller,
                                                const std::string& key) {
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
              static_cast<int>(a.attribute()), FinestTopic(c),
              static_cast<int>(a.exclusion_proposal().reason()),
              a.exclusion_proposal().earlier_executor_id(), a.exclusion_proposal().proposed_by(),
              a.exclusion_proposal().has_proposed_at()
                  ? db::ToSqlTime(FromTimestamp(a.exclusion_proposal().proposed_at()))
                  : std::string(),
              static_cast<int>(a.exclusion_proposal().decision()),
              date(a.has_return_due_date(), a.return_due_date()), a.duplicate_of_appeal_id(),
              c.same_event_appeal_id(), event_root, key_caller, key)[0][0]
            .c_str());
  });
}

absl::StatusOr<std::vector<v1::ExclusionProposalSummary>> AppealStore::PendingProposals(
    db::Tx& tx, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::ExclusionProposalSummary>> {
    std::vector<v1::ExclusionProposalSummary> out;
    for (const pqxx::row& r :
         tx.Exec("intake_pending_proposals", kPendingProposalsSql,
                 static_cast<int>(v1::EXCLUSION_DECISION_PENDING), limit)) {
      v1::ExclusionProposalSummary s;
      *s.mutable_appeal() = RowToSummary(r);
      v1::ExclusionProposal* p = s.mutable_proposal();
      p->set_reason(static_cast<v1::NotConsideredReason>(r[8].as<int>()));
      p->set_earlier_executor_id(Text(r[9]));
      p->set_proposed_by(Text(r[10]));
      *p->mutable_proposed_at() = ToTimestamp(db::TimeFromField(r[11]));
      p->set_decision(v1::EXCLUSION_DECISION_PENDING);
      for (std::string& id : db::TextArrayFromField(r[12])) s.add_linked_appeal_ids(std::move(id));
      p->set_body_executor_id(Text(r[13]));
      out.push_back(std::move(s));
    }
    return out;
  });
}

absl::StatusOr<v1::Appeal> AppealStore::FindByIdForUpdate(db::Tx& tx, const std::string& id) {
  return SelectAppeal(tx, "intake_get_appeal_for_update", "id = $1 FOR UPDATE", id);
}

absl::Status AppealStore::Decide(db::Tx& tx, const v1::Appeal& a) {
  return db::Guarded([&]() -> absl::Status {
    const v1::ExclusionProposal& p = a.exclusion_proposal();
    const pqxx::result r = tx.Exec(
        "intake_decide_proposal", kDecideSql, a.id(), static_cast<int>(a.status()),
        static_cast<int>(a.not_considered_reason()), a.screened_by(),
        static_cast<int>(p.decision()), p.decided_by(),
        db::ToSqlTime(FromTimestamp(p.decided_at())), p.comment(),
        static_cast<int>(v1::EXCLUSION_DECISION_PENDING));
    if (r.affected_rows() != 1) {
      return absl::FailedPreconditionError(absl::StrCat("appeal ", a.id(), " awaits no decision"));
    }
    return absl::OkStatus();
  });
}

absl::Status AppealStore::SetProposalBody(db::Tx& tx, const std::string& id,
                                          const std::string& executor_id) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_proposal_body",
            "UPDATE appeals SET proposal_body_executor_id = NULLIF($2, '') WHERE id = $1::uuid",
            id, executor_id);
    return absl::OkStatus();
  });
}

absl::Status AppealStore::RecordReturnLetter(db::Tx& tx, const std::string& id,
                                             const v1::ReturnLetter& l) {
  return db::Guarded([&]() -> absl::Status {
    const pqxx::result r =
        tx.Exec("intake_record_return_letter", kRecordLetterSql, id,
                db::ToSqlDate(FromDate(l.letter_date())), l.letter_number(), l.recorded_by(),
                db::ToSqlTime(FromTimestamp(l.recorded_at())));
    if (r.affected_rows() != 1) {
      return absl::FailedPreconditionError(
          absl::StrCat("appeal ", id, " has its return letter recorded already"));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<v1::OverdueReturn>> AppealStore::OverdueReturns(db::Tx& tx,
                                                                          absl::CivilDay today,
                                                                          int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::OverdueReturn>> {
    std::vector<v1::OverdueReturn> out;
    for (const pqxx::row& r : tx.Exec("intake_overdue_returns", kOverdueReturnsSql,
                                      db::ToSqlDate(today), limit)) {
      v1::OverdueReturn o;
      *o.mutable_appeal() = RowToSummary(r);
      *o.mutable_return_due_date() = ToDate(db::DateFromField(r[8]));
      out.push_back(std::move(o));
    }
    return out;
  });
}

absl::StatusOr<std::vector<v1::AppealReturnOverdue>> AppealStore::TakeNewlyOverdueReturns(
    db::Tx& tx, absl::CivilDay today, absl::Time now, int limit) {
  return db::Guarded([&]() -> absl::StatusOr<std::vector<v1::AppealReturnOverdue>> {
    std::vector<v1::AppealReturnOverdue> out;
    for (const pqxx::row& r :
         tx.Exec("intake_take_overdue_returns", kTakeNewlyOverdueReturnsSql, db::ToSqlDate(today),
                 limit, db::ToSqlTime(now))) {
      v1::AppealReturnOverdue e;
      e.set_appeal_id(r[0].c_str());
      e.set_registration_number(r[1].c_str());
      *e.mutable_received_at() = ToTimestamp(db::TimeFromField(r[2]));
      *e.mutable_return_due_date() = ToDate(db::DateFromField(r[3]));
      out.push_back(std::move(e));
    }
    return out;
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
            read.refused, read.purpose);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::map<std::string, std::string>> AppealStore::Essences(
    db::Tx& tx, const std::vector<std::string>& ids) {
  return db::Guarded([&]() -> absl::StatusOr<std::map<std::string, std::string>> {
    std::map<std::string, std::string> out;
    if (ids.empty()) return out;
    for (const pqxx::row& r : tx.Exec("intake_essences", kEssencesSql, db::ToSqlTextArray(ids))) {
      out[r[0].c_str()] = r[1].c_str();
    }
    return out;
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

absl::Status AppealStore::RecordCaseOverdue(db::Tx& tx,
                                            const tracking::v1::CaseOverdue& overdue) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_record_overdue", kRecordOverdueSql, overdue.case_id(), overdue.appeal_id(),
            db::ToSqlTime(FromTimestamp(overdue.due_at())));
    return absl::OkStatus();
  });
}

absl::Status AppealStore::RecordCaseClosed(db::Tx& tx, const tracking::v1::CaseClosed& closed) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_record_resolution", kRecordResolutionSql, closed.case_id(), closed.appeal_id(),
            closed.executor_id(), static_cast<int>(closed.result()),
            db::ToSqlTime(FromTimestamp(closed.closed_at())), closed.not_confirmed());
    tx.Exec("intake_record_joined_resolutions", kRecordJoinedResolutionsSql, closed.case_id(),
            closed.executor_id(), static_cast<int>(closed.result()),
            db::ToSqlTime(FromTimestamp(closed.closed_at())), closed.not_confirmed());
    return absl::OkStatus();
  });
}

absl::Status AppealStore::RecordCaseJoined(db::Tx& tx, const tracking::v1::CaseAppealJoined& joined) {
  return db::Guarded([&]() -> absl::Status {
    tx.Exec("intake_record_join", kRecordJoinSql, joined.appeal_id(), joined.case_id());
    return absl::OkStatus();
  });
}

}  // namespace contactcenter::intake
