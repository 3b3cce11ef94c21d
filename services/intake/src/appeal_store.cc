#include "appeal_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/values.h"
#include "appeal_card.h"
#include "personal_data.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/validation.h"

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

// At most this many earlier appeals are linked on a card.
constexpr size_t kMaxLinked = 20;

constexpr char kClaimKeySql[] =
    "INSERT INTO idempotency_keys (caller, key, request) VALUES ($1, $2, $3) "
    "ON CONFLICT (caller, key) DO NOTHING RETURNING 1";
constexpr char kReadKeySql[] =
    "SELECT request, appeal_id FROM idempotency_keys WHERE caller = $1 AND key = $2";
constexpr char kBindKeySql[] =
    "UPDATE idempotency_keys SET appeal_id = $3 WHERE caller = $1 AND key = $2";
constexpr char kNextNumberSql[] =
    "INSERT INTO registration_counters (year, last) VALUES ($1, 1) "
    "ON CONFLICT (year) DO UPDATE SET last = registration_counters.last + 1 RETURNING last";

constexpr char kInsertAppealSql[] =
    "INSERT INTO appeals (registration_number, status, kind, form, channel, subject, signatories, "
    "  applicant_type, surname, first_name, patronymic, residence_address, residence_territory, "
    "  author_categories, social_status, org_name, org_edrpou, org_contact_person, org_address, "
    "  phone, email, topic_code, territory_code, essence, needs_no_extra_study, emergency, "
    "  received_at, registered_at, registered_by, registration_date) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, ''), NULLIF($10, ''), NULLIF($11, ''), "
    "  NULLIF($12, ''), NULLIF($13, ''), $14::smallint[], $15, NULLIF($16, ''), NULLIF($17, ''), "
    "  NULLIF($18, ''), NULLIF($19, ''), NULLIF($20, ''), NULLIF($21, ''), $22, $23, $24, $25, "
    "  $26, $27, $28, $29, $30::date) "
    "RETURNING id";

constexpr char kSetDetailsSql[] =
    "UPDATE appeals SET sex = $2, contested_executor_id = NULLIF($3, ''), route_manually = $4, "
    "  applicant_declared_incapable = $5, contested_decision_date = NULLIF($6, '')::date, "
    "  learned_of_decision_date = NULLIF($7, '')::date, complaint_term_restored = $8, "
    "  do_not_disclose_name = $9, do_not_disclose_residence = $10, "
    "  do_not_disclose_workplace = $11, keep_consideration_secret = $12, "
    "  additional_topic_codes = $13::text[], "
    "  call_reference = NULLIF($14, ''), external_card_number = NULLIF($15, ''), "
    "  not_considered_reason = $16, screened_by = NULLIF($17, ''), "
    "  return_explanation = $18::text[], linked_appeal_ids = $19::uuid[], "
    "  name_key = NULLIF($20, ''), address_key = NULLIF($21, '') "
    "WHERE id = $1";

// The applicant's latest earlier appeal on the same topic and territory
// (so, by the competence rules, the same body) that tracking closed on its
// merits. The applicant is the same when the phone, the e-mail, the name
// with the address, or the ЄДРПОУ code match.
constexpr char kResolvedEarlierSql[] =
    "SELECT a.id::text FROM appeals a JOIN case_resolutions r ON r.appeal_id = a.id "
    "WHERE a.topic_code = $1 AND a.territory_code = $2 AND a.status = 1 "
    "  AND r.result IN (1, 2, 3) "
    "  AND (a.phone = NULLIF($3, '') OR a.email = NULLIF($4, '') "
    "       OR (a.name_key = NULLIF($5, '') AND a.address_key = NULLIF($6, '')) "
    "       OR a.org_edrpou = NULLIF($7, '')) "
    "ORDER BY r.closed_at DESC, a.id LIMIT 1";

// The applicant's earlier appeals on the topic, newest first, and whether
// tracking closed each.
constexpr char kApplicantPastSql[] =
    "SELECT a.id::text, a.status, "
    "  EXISTS (SELECT 1 FROM case_resolutions r WHERE r.appeal_id = a.id) AS closed "
    "FROM appeals a WHERE a.topic_code = $1 "
    "  AND (a.phone = NULLIF($2, '') OR a.email = NULLIF($3, '') "
    "       OR (a.name_key = NULLIF($4, '') AND a.address_key = NULLIF($5, '')) "
    "       OR a.org_edrpou = NULLIF($6, '')) "
    "ORDER BY a.received_at DESC, a.registration_number DESC LIMIT 100";

// Distinct other applicants on the same topic and territory since $3; an
// applicant is known by the first of phone, e-mail, name with address,
// ЄДРПОУ code (an anonymous appeal counts alone). Also their latest appeals,
// which a mass appeal's card links to.
constexpr char kOtherApplicantsSql[] =
    "SELECT count(DISTINCT coalesce(a.phone, a.email, a.name_key || '|' || "
    "  coalesce(a.address_key, ''), a.org_edrpou, a.id::text)), "
    "  (array_agg(a.id ORDER BY a.received_at DESC, a.registration_number DESC))[1:20] "
    "FROM appeals a WHERE a.topic_code = $1 AND a.territory_code = $2 AND a.received_at >= $3 "
    "  AND NOT coalesce(a.phone = NULLIF($4, '') OR a.email = NULLIF($5, '') "
    "       OR (a.name_key = NULLIF($6, '') AND a.address_key = NULLIF($7, '')) "
    "       OR a.org_edrpou = NULLIF($8, ''), false)";

constexpr char kSetAttributeSql[] = "UPDATE appeals SET attribute = $2 WHERE id = $1";

constexpr char kHistoryColumns[] =
    "SELECT a.id::text, a.registration_number, a.status, a.received_at, a.topic_code, "
    "  a.territory_code, a.attribute, "
    "  EXISTS (SELECT 1 FROM case_resolutions r WHERE r.appeal_id = a.id) AS closed "
    "FROM appeals a WHERE ";
// Registration numbers break ties: within a year they grow with time.
constexpr char kHistoryOrder[] =
    " ORDER BY a.received_at DESC, a.registration_number DESC LIMIT $2";

constexpr char kAuditReadSql[] =
    "INSERT INTO personal_data_reads (appeal_id, reader, reader_role, read_at, fields) "
    "VALUES ($1::uuid, $2, $3, $4, $5::text[])";

constexpr char kRecordResolutionSql[] =
    "INSERT INTO case_resolutions (case_id, appeal_id, executor_id, result, closed_at) "
    "VALUES ($1, $2::uuid, $3, $4, $5) ON CONFLICT (case_id) DO NOTHING";

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
    *c->mutable_learned_of_decision_date() = ToDate(db::DateFromField(r["learned_of_decision_date"]));
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

absl::StatusOr<v1::Appeal> SelectAppeal(db::Tx& tx, const std::string& statement,
                                        const std::string& where, const std::string& value) {
  pqxx::result rows = tx.Exec(
      statement, absl::StrCat("SELECT ", kAppealColumns, " FROM appeals WHERE ", where), value);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("no appeal ", value));
  return RowToAppeal(rows[0]);
}

}  // namespace

v1::AppealRegistered ToAppealRegistered(const v1::Appeal& appeal) {
  const v1::AppealCard& c = appeal.card();
  v1::AppealRegistered e;
  e.set_appeal_id(appeal.id());
  e.set_registration_number(appeal.registration_number());
  *e.mutable_received_at() = c.received_at();
  *e.mutable_registered_at() = appeal.registered_at();
  e.set_kind(c.kind());
  e.set_form(c.form());
  e.set_channel(c.channel());
  e.set_subject(c.subject());
  e.set_topic_code(c.topic_code());
  e.set_territory_code(c.territory_code());
  e.set_needs_no_extra_study(c.needs_no_extra_study());
  e.set_emergency(c.emergency());
  if (c.applicant().has_person()) {
    *e.mutable_author_categories() = c.applicant().person().author_categories();
  }
  e.set_contested_executor_id(c.contested_executor_id());
  e.set_route_manually(c.route_manually());
  *e.mutable_registration_date() = appeal.registration_date();
  e.set_attribute(appeal.attribute());
  if (!c.keep_consideration_secret()) e.set_masked_essence(MaskEssence(c.essence()));
  return e;
}

v1::AppealNotConsidered ToAppealNotConsidered(const v1::Appeal& appeal) {
  const v1::AppealCard& c = appeal.card();
  v1::AppealNotConsidered e;
  e.set_appeal_id(appeal.id());
  e.set_registration_number(appeal.registration_number());
  *e.mutable_received_at() = c.received_at();
  *e.mutable_registered_at() = appeal.registered_at();
  e.set_reason(appeal.not_considered_reason());
  e.set_decided_by(appeal.screened_by());
  e.set_kind(c.kind());
  e.set_channel(c.channel());
  e.set_subject(c.subject());
  e.set_topic_code(c.topic_code());
  e.set_territory_code(c.territory_code());
  *e.mutable_linked_appeal_ids() = appeal.linked_appeal_ids();
  e.set_attribute(appeal.attribute());
  return e;
}

v1::AppealReturnedToApplicant ToAppealReturnedToApplicant(const v1::Appeal& appeal) {
  const v1::AppealCard& c = appeal.card();
  v1::AppealReturnedToApplicant e;
  e.set_appeal_id(appeal.id());
  e.set_registration_number(appeal.registration_number());
  *e.mutable_received_at() = c.received_at();
  *e.mutable_registered_at() = appeal.registered_at();
  e.set_decided_by(appeal.screened_by());
  *e.mutable_explanation() = appeal.return_explanation();
  e.set_kind(c.kind());
  e.set_channel(c.channel());
  e.set_topic_code(c.topic_code());
  e.set_territory_code(c.territory_code());
  return e;
}

absl::Status AppealStore::OnCaseClosed(db::Tx& tx, const tracking::v1::CaseClosed& closed,
                                       const eventlog::EventMeta& event) {
  // Every closing counts for the attribute (repeated, multiple); only done,
  // explained and refused count as resolved on the merits (Art. 8).
  const tracking::v1::CaseResult r = closed.result();
  if (!IsUuid(closed.appeal_id())) {
    return absl::DataLossError(absl::StrCat("CaseClosed at position ", event.position,
                                            " has no appeal id"));
  }
  tx.Exec("intake_record_resolution", kRecordResolutionSql, closed.case_id(), closed.appeal_id(),
          closed.executor_id(), static_cast<int>(r),
          db::ToSqlTime(FromTimestamp(closed.closed_at())));
  return absl::OkStatus();
}

void AppealStore::FollowTracking(eventlog::Dispatcher& d) {
  d.On<tracking::v1::CaseClosed>(
      [this](db::Tx& tx, const tracking::v1::CaseClosed& e, const eventlog::EventMeta& m) {
        return OnCaseClosed(tx, e, m);
      });
}

absl::StatusOr<AppealStore::Registered> AppealStore::Register(const v1::AppealCard& card,
                                                              const Screening& screening,
                                                              absl::CivilDay registration_day,
                                                              const std::string& caller,
                                                              const std::string& idempotency_key,
                                                              const std::string& request,
                                                              absl::Time now) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<Registered> {
    if (!idempotency_key.empty()) {
      // A concurrent first request holds the key's row until it commits;
      // this insert waits for it, then sees its result.
      if (tx.Exec("intake_claim_key", kClaimKeySql, caller, idempotency_key,
                  pqxx::binarystring(request))
              .empty()) {
        pqxx::row first = tx.Exec("intake_read_key", kReadKeySql, caller, idempotency_key)[0];
        absl::StatusOr<v1::Appeal> earlier =
            SelectAppeal(tx, "intake_get_appeal_by_id", "id = $1", first[1].c_str());
        if (!earlier.ok()) return earlier.status();
        if (db::BytesFromField(first[0]) != request) {
          FieldViolations v;
          v.Add("idempotency_key",
                absl::StrCat("already used for a different request (appeal ",
                             earlier->registration_number(), "); use a new key for a new appeal"));
          return v.ToStatus("idempotency key reused");
        }
        return Registered{*std::move(earlier), true};
      }
    }
    const int64_t year = absl::ToCivilYear(now, KyivTimeZone()).year();
    const int64_t n = tx.Exec("intake_next_number", kNextNumberSql, year)[0][0].as<int64_t>();
    const std::string number = absl::StrFormat("%s-%d-%06d", prefix_, year, n);

    const bool person = card.applicant().has_person();
    const v1::Person& p = card.applicant().person();
    const v1::Organisation& o = card.applicant().organisation();
    const std::string phone = person ? p.phone() : o.phone();
    const std::string email = person ? p.email() : o.email();
    const std::string name_key = person ? PersonNameKey(p) : std::string();
    const std::string address_key = person ? AddressKey(p.residence_address()) : std::string();
    const bool known_applicant = card.applicant().who_case() != v1::Applicant::WHO_NOT_SET;
    const std::string match_address = name_key.empty() ? std::string() : address_key;
    const std::string edrpou = person ? std::string() : o.edrpou();

    v1::AppealStatus status = screening.status;
    v1::NotConsideredReason reason = screening.reason;
    std::vector<std::string> linked;
    // Art. 8: repeated on an issue already resolved on its merits. A
    // complaint contests the answer and goes up the chain: not a repeat.
    if (status == v1::APPEAL_STATUS_REGISTERED &&
        card.kind() != common::v1::APPEAL_KIND_COMPLAINT && known_applicant) {
      pqxx::result earlier =
          tx.Exec("intake_resolved_earlier", kResolvedEarlierSql, card.topic_code(),
                  card.territory_code(), phone, email, name_key, match_address, edrpou);
      if (!earlier.empty()) {
        status = v1::APPEAL_STATUS_NOT_CONSIDERED;
        reason = v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED;
        linked.push_back(earlier[0][0].c_str());
      }
    }
    // Classifier item 2 and the links to the applicant's earlier appeals.
    EarlierAppeals earlier_appeals;
    if (known_applicant) {
      for (const pqxx::row& row : tx.Exec("intake_applicant_past", kApplicantPastSql,
                                          card.topic_code(), phone, email, name_key,
                                          match_address, edrpou)) {
        const std::string earlier_id = row[0].c_str();
        if (row[2].as<bool>()) {
          ++earlier_appeals.closed;
        } else if (row[1].as<int>() == v1::APPEAL_STATUS_REGISTERED) {
          ++earlier_appeals.open;
        }
        if (linked.size() < kMaxLinked &&
            std::find(linked.begin(), linked.end(), earlier_id) == linked.end()) {
          linked.push_back(earlier_id);
        }
      }
    }
    const pqxx::row others =
        tx.Exec("intake_other_applicants", kOtherApplicantsSql, card.topic_code(),
                card.territory_code(),
                db::ToSqlTime(FromTimestamp(card.received_at()) - mass_rule_.window), phone,
                email, name_key, match_address, edrpou)[0];
    earlier_appeals.other_applicants = others[0].as<int>();
    const common::v1::AppealAttribute attribute = DetectAttribute(earlier_appeals, mass_rule_);
    if (attribute == common::v1::APPEAL_ATTRIBUTE_MASS) {
      // A mass appeal links the other applicants' appeals on the issue.
      for (std::string& other : db::TextArrayFromField(others[1])) {
        if (linked.size() >= kMaxLinked) break;
        if (std::find(linked.begin(), linked.end(), other) == linked.end()) {
          linked.push_back(std::move(other));
        }
      }
    }

    const std::string applicant_type =
        person ? "person" : (card.applicant().has_organisation() ? "organisation" : "none");
    const std::string id =
        tx.Exec("intake_insert_appeal", kInsertAppealSql, number, static_cast<int>(status),
                static_cast<int>(card.kind()),
                static_cast<int>(card.form()), static_cast<int>(card.channel()),
                static_cast<int>(card.subject()), card.signatories(),
                applicant_type, p.surname(), p.name(), p.patronymic(),
                p.residence_address(), p.residence_territory_code(),
                db::ToSqlIntArray(p.author_categories()), static_cast<int>(p.social_status()),
                o.name(),
                o.edrpou(), o.contact_person(), o.address(), phone, email,
                card.topic_code(), card.territory_code(), card.essence(),
                card.needs_no_extra_study(), card.emergency(),
                db::ToSqlTime(FromTimestamp(card.received_at())), db::ToSqlTime(now), caller,
                db::ToSqlDate(registration_day))[0][0]
            .c_str();
    const bool screened = status != v1::APPEAL_STATUS_REGISTERED;
    tx.Exec("intake_set_details", kSetDetailsSql, id, static_cast<int>(p.sex()),
            card.contested_executor_id(), card.route_manually(),
            card.applicant_declared_incapable(),
            card.has_contested_decision_date() ? db::ToSqlDate(FromDate(card.contested_decision_date())) : std::string(),
            card.has_learned_of_decision_date() ? db::ToSqlDate(FromDate(card.learned_of_decision_date())) : std::string(),
            card.complaint_term_restored(), card.do_not_disclose_name(),
            card.do_not_disclose_residence(), card.do_not_disclose_workplace(),
            card.keep_consideration_secret(), db::ToSqlTextArray(card.additional_topic_codes()),
            card.call_reference(), card.external_card_number(), static_cast<int>(reason),
            screened ? caller : std::string(), db::ToSqlTextArray(screening.explanation),
            db::ToSqlTextArray(linked),
            name_key, address_key);
    tx.Exec("intake_set_attribute", kSetAttributeSql, id, static_cast<int>(attribute));
    if (!idempotency_key.empty()) {
      tx.Exec("intake_bind_key", kBindKeySql, caller, idempotency_key, id);
    }
    absl::StatusOr<v1::Appeal> appeal = SelectAppeal(tx, "intake_get_appeal_by_id", "id = $1", id);
    if (!appeal.ok()) return appeal.status();
    switch (status) {
      case v1::APPEAL_STATUS_NOT_CONSIDERED:
        events_->Append(tx, id, ToAppealNotConsidered(*appeal), now);
        break;
      case v1::APPEAL_STATUS_RETURNED_TO_APPLICANT:
        events_->Append(tx, id, ToAppealReturnedToApplicant(*appeal), now);
        break;
      default:
        events_->Append(tx, id, ToAppealRegistered(*appeal), now);
        break;
    }
    return Registered{*std::move(appeal), false};
  });
}

absl::StatusOr<v1::Appeal> AppealStore::GetById(const std::string& id) {
  return pool_->Read([&](db::Tx& tx) {
    return SelectAppeal(tx, "intake_get_appeal_by_id", "id = $1", id);
  });
}

absl::StatusOr<v1::Appeal> AppealStore::GetByRegistrationNumber(const std::string& number) {
  return pool_->Read([&](db::Tx& tx) {
    return SelectAppeal(tx, "intake_get_appeal_by_number", "registration_number = $1", number);
  });
}

}  // namespace contactcenter::intake

namespace contactcenter::intake {
namespace {

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

absl::StatusOr<std::vector<v1::AppealSummary>> AppealStore::FindApplicantHistory(
    const ApplicantKey& key, int limit) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<std::vector<v1::AppealSummary>> {
    pqxx::result rows;
    if (!key.phone.empty()) {
      rows = tx.Exec("intake_history_by_phone",
                     absl::StrCat(kHistoryColumns, "a.phone = $1", kHistoryOrder), key.phone,
                     limit);
    } else if (!key.email.empty()) {
      rows = tx.Exec("intake_history_by_email",
                     absl::StrCat(kHistoryColumns, "a.email = $1", kHistoryOrder), key.email,
                     limit);
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

}  // namespace contactcenter::intake

namespace contactcenter::intake {

absl::StatusOr<AppealStore::AppealPage> AppealStore::List(
    const AppealFilter& f, const std::optional<KeysetPosition>& after, int page_size) {
  return pool_->Read([&](db::Tx& tx) -> absl::StatusOr<AppealPage> {
    pqxx::result rows = tx.Exec(
        "intake_list_appeals",
        absl::StrCat(kHistoryColumns,
                     "($1 = '' OR a.received_at >= $1::timestamptz) "
                     "AND ($2 = '' OR a.received_at < $2::timestamptz) "
                     "AND ($3 = 0 OR a.status = $3) AND ($4 = 0 OR a.channel = $4) "
                     "AND ($5 = '' OR a.topic_code = $5 OR a.topic_code LIKE $5 || '.%') "
                     "AND ($6 = '' OR a.territory_code = $6) "
                     "AND ($7 = '' OR a.registration_number = $7) "
                     "AND ($8 = '' OR (a.received_at, a.id) < ($9::timestamptz, "
                     "                 NULLIF($8, '')::uuid)) "
                     "ORDER BY a.received_at DESC, a.id DESC LIMIT $10"),
        f.received_from ? db::ToSqlTime(*f.received_from) : std::string(),
        f.received_to ? db::ToSqlTime(*f.received_to) : std::string(), f.status, f.channel,
        f.topic_code, f.territory_code, f.registration_number, after ? after->id : std::string(),
        db::ToSqlTime(after ? after->at : absl::UnixEpoch()), FetchLimit(page_size));
    return CutPage(rows, page_size, RowToSummary, [](const v1::AppealSummary& last) {
      return KeysetPosition{FromTimestamp(last.received_at()), last.appeal_id()};
    });
  });
}

}  // namespace contactcenter::intake

namespace contactcenter::intake {

absl::StatusOr<v1::Appeal> AppealStore::ReadAppeal(const std::string& key, bool by_number,
                                                   const std::string& reader,
                                                   const std::string& reader_role,
                                                   absl::Time now) {
  return pool_->Write([&](db::Tx& tx) -> absl::StatusOr<v1::Appeal> {
    absl::StatusOr<v1::Appeal> appeal =
        by_number ? SelectAppeal(tx, "intake_get_appeal_by_number", "registration_number = $1", key)
                  : SelectAppeal(tx, "intake_get_appeal_by_id", "id = $1", key);
    if (!appeal.ok() || appeal->registered_by() == reader) return appeal;
    RedactForOtherReaders(*appeal);
    const std::vector<std::string> fields = DisclosedPersonalFields(*appeal);
    if (!fields.empty()) {
      tx.Exec("intake_audit_read", kAuditReadSql, appeal->id(), reader, reader_role,
              db::ToSqlTime(now), db::ToSqlTextArray(fields));
    }
    return appeal;
  });
}

}  // namespace contactcenter::intake
