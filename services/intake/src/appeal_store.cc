#include "appeal_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/values.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::intake {
namespace {

constexpr char kAppealColumns[] =
    "id, registration_number, status, kind, form, channel, subject, signatories, "
    "applicant_type, surname, first_name, patronymic, residence_address, residence_territory, "
    "author_categories, social_status, org_name, org_edrpou, org_contact_person, org_address, "
    "phone, email, topic_code, territory_code, essence, needs_no_extra_study, emergency, "
    "received_at, registered_at, registered_by";

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
    "  received_at, registered_at, registered_by) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, ''), NULLIF($10, ''), NULLIF($11, ''), "
    "  NULLIF($12, ''), NULLIF($13, ''), $14::smallint[], $15, NULLIF($16, ''), NULLIF($17, ''), "
    "  NULLIF($18, ''), NULLIF($19, ''), NULLIF($20, ''), NULLIF($21, ''), $22, $23, $24, $25, "
    "  $26, $27, $28, $29) "
    "RETURNING id";

std::string SqlArray(const google::protobuf::RepeatedField<int>& values) {
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
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
  if (std::string(r["applicant_type"].c_str()) == "person") {
    v1::Person* p = c->mutable_applicant()->mutable_person();
    p->set_surname(Text(r["surname"]));
    p->set_name(Text(r["first_name"]));
    p->set_patronymic(Text(r["patronymic"]));
    p->set_residence_address(Text(r["residence_address"]));
    p->set_residence_territory_code(Text(r["residence_territory"]));
    p->set_phone(Text(r["phone"]));
    p->set_email(Text(r["email"]));
    std::string categories = r["author_categories"].c_str();  // "{1,7}"
    for (absl::string_view part :
         absl::StrSplit(absl::string_view(categories).substr(1, categories.size() - 2), ',',
                        absl::SkipEmpty())) {
      int value = 0;
      if (absl::SimpleAtoi(part, &value)) {
        p->add_author_categories(static_cast<common::v1::AuthorCategory>(value));
      }
    }
    p->set_social_status(static_cast<common::v1::SocialStatus>(r["social_status"].as<int>()));
  } else {
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
  return a;
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
  return e;
}

absl::StatusOr<AppealStore::Registered> AppealStore::Register(const v1::AppealCard& card,
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
    const std::string id =
        tx.Exec("intake_insert_appeal", kInsertAppealSql, number,
                static_cast<int>(v1::APPEAL_STATUS_REGISTERED), static_cast<int>(card.kind()),
                static_cast<int>(card.form()), static_cast<int>(card.channel()),
                static_cast<int>(card.subject()), card.signatories(),
                person ? "person" : "organisation", p.surname(), p.name(), p.patronymic(),
                p.residence_address(), p.residence_territory_code(),
                SqlArray(p.author_categories()), static_cast<int>(p.social_status()), o.name(),
                o.edrpou(), o.contact_person(), o.address(), person ? p.phone() : o.phone(),
                person ? p.email() : o.email(), card.topic_code(), card.territory_code(),
                card.essence(), card.needs_no_extra_study(), card.emergency(),
                db::ToSqlTime(FromTimestamp(card.received_at())), db::ToSqlTime(now), caller)[0][0]
            .c_str();
    if (!idempotency_key.empty()) {
      tx.Exec("intake_bind_key", kBindKeySql, caller, idempotency_key, id);
    }
    absl::StatusOr<v1::Appeal> appeal = SelectAppeal(tx, "intake_get_appeal_by_id", "id = $1", id);
    if (!appeal.ok()) return appeal.status();
    events_->Append(tx, id, ToAppealRegistered(*appeal), now);
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
