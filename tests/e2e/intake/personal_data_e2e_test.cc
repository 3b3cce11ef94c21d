// Personal data is kept once: appeals with personal data found nowhere else
// go through the real pipeline (intake -> routing -> tracking, cases
// opened), then every table of every service's database is read, row by
// row as text with bytea (event payloads, stored messages) searched as
// bytes, and each value must be in intake's `appeals` table and nowhere
// else.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "e2e_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

namespace intake = ::contactcenter::intake::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Where personal data may be kept, and why. Tables are named
// "<service>.<schema>.<table>".
const std::map<std::string, std::string>& Keepers() {
  static const auto* const kKeepers = new std::map<std::string, std::string>{
      {"intake.public.appeals",
       "the appeal as registered, with its applicant (and the applicant's search keys): the one "
       "place the law requires it"},
  };
  return *kKeepers;
}

// One service's table, every row as text.
struct Table {
  std::string name;
  std::string text;
};

absl::StatusOr<std::vector<Table>> ReadEveryTable(const std::string& service,
                                                  const std::string& dsn) {
  absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = db::Connect(dsn);
  if (!conn.ok()) return conn.status();
  std::vector<Table> out;
  pqxx::read_transaction tx(**conn);
  // Ordinary, partitioned and materialised tables in every schema but the
  // catalogue's.
  const pqxx::result tables = tx.exec(
      "SELECT n.nspname, c.relname, format('%I.%I', n.nspname, c.relname) "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p', 'm') "
      "  AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
      "  AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2");
  for (const pqxx::row& t : tables) {
    Table table{absl::StrCat(service, ".", t[0].c_str(), ".", t[1].c_str()), ""};
    for (const pqxx::row& r : tx.exec(absl::StrCat("SELECT t::text FROM ", t[2].c_str(), " t"))) {
      absl::StrAppend(&table.text, r[0].c_str(), "\n");
    }
    out.push_back(std::move(table));
  }
  return out;
}

// The tables holding `value`, as text or (bytea shows as hex) as bytes.
std::set<std::string> TablesHolding(const std::vector<Table>& tables, const std::string& value) {
  const std::string hex = absl::BytesToHexString(value);
  std::set<std::string> out;
  for (const Table& t : tables) {
    if (t.text.find(value) != std::string::npos || t.text.find(hex) != std::string::npos) {
      out.insert(t.name);
    }
  }
  return out;
}

std::set<std::string> Names(const std::map<std::string, std::string>& m) {
  std::set<std::string> out;
  for (const auto& [name, why] : m) out.insert(name);
  return out;
}

class PersonalDataE2eTest : public E2eTest {};

TEST_F(PersonalDataE2eTest, PersonalDataIsKeptInIntakesAppealsAndNowhereElse) {
  // An applicant whose every personal value appears nowhere else, in the
  // fields of the card; the essence names nobody.
  intake::RegisterAppealRequest card_only = ::contactcenter::intake::SampleAppeal();
  card_only.set_idempotency_key("pd-e2e-call-1");
  intake::Person* p = card_only.mutable_card()->mutable_applicant()->mutable_person();
  p->set_surname("Вербозалісна");
  p->set_name("Ярогнівка");
  p->set_patronymic("Світобранівна");
  p->set_residence_address("с. Тихоплеси, вул. Кришталевих Джерел, 419");
  p->set_phone("+380639184726");
  p->set_email("yarohnivka.v419@example.org");
  // Another, who writes name, address and contacts into the essence too,
  // as people do.
  intake::RegisterAppealRequest in_essence = ::contactcenter::intake::SampleAppeal();
  intake::Person* q = in_essence.mutable_card()->mutable_applicant()->mutable_person();
  q->set_surname("Гайдамахівський");
  q->set_name("Остромир");
  q->set_residence_address("с. Ясноворіччя, вул. Липова, 12");
  q->set_phone("067 135 79 24");
  q->set_email("ostromyr.h@example.net");
  in_essence.mutable_card()->set_essence(
      "Я, Гайдамахівський Остромир, с. Ясноворіччя; тел. 067 135 79 24, "
      "ostromyr.h@example.net. Немає опалення з 20 листопада.");

  // Values that must be in intake's appeals alone (the forms they are
  // entered, stored and case-folded in).
  const std::vector<std::string> strict = {
      "Вербозалісна", "вербозалісна", "Ярогнівка", "ярогнівка", "Світобранівна", "світобранівна",
      "Тихоплеси", "тихоплеси", "Кришталевих Джерел", "кришталевих джерел", "639184726",
      "yarohnivka.v419@example.org",
      // The second applicant's contacts, also in the essence.
      "671357924", "067 135 79 24", "ostromyr.h@example.net",
      // The second applicant's name and address, also in the essence: since
      // issue 10 no event carries the essence, so neither intake's event log
      // nor routing's decisions hold them.
      "Гайдамахівський", "Остромир", "Ясноворіччя",
      // Words of the essence that name nobody: free text stays in intake.
      "Немає опалення з 20 листопада"};

  intake::RegisterAppealResponse first, replay, second;
  ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), card_only, &first));
  ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), card_only, &replay));
  EXPECT_TRUE(replay.replayed());
  ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), in_essence, &second));
  ASSERT_EQ(first.appeal().status(), intake::APPEAL_STATUS_REGISTERED);
  ASSERT_EQ(second.appeal().status(), intake::APPEAL_STATUS_REGISTERED);
  // Routed, and the cases opened at the executor.
  ASSERT_OK(WaitForCase(first.appeal().id()).status());
  ASSERT_OK(WaitForCase(second.appeal().id()).status());
  // Read by someone other than the registrar: audited.
  intake::GetAppealRequest get;
  get.set_appeal_id(first.appeal().id());
  intake::GetAppealResponse got;
  ASSERT_OK(intake_->GetAppeal(Ctx(cluster_->supervisor_token()).get(), get, &got));
  // And by the body considering the other one, in full: audited too.
  intake::GetAppealRequest as_body;
  as_body.set_appeal_id(second.appeal().id());
  ASSERT_TRUE(Eventually([&] {
    return intake_->GetAppeal(Ctx(cluster_->executor_token()).get(), as_body, &got).ok();
  }));
  ASSERT_EQ(got.appeal().card().essence(), in_essence.card().essence());

  std::vector<Table> tables;
  const std::map<std::string, std::string> dsns = cluster_->AdminDsns();
  // Every service with a database is searched, analytics', the exchange's
  // and the gateway's (its sessions) too.
  ASSERT_THAT(Names(dsns),
              ElementsAre("analytics", "exchange", "gateway", "intake", "routing", "tracking"));
  for (const auto& [service, dsn] : dsns) {
    absl::StatusOr<std::vector<Table>> read = ReadEveryTable(service, dsn);
    ASSERT_OK(read.status());
    tables.insert(tables.end(), read->begin(), read->end());
  }
  std::map<std::string, const Table*> by_name;
  for (const Table& t : tables) by_name[t.name] = &t;
  // What the test must have exercised for the search to mean something.
  for (const char* name :
       {"intake.public.appeals", "intake.public.idempotency_keys",
        "intake.public.personal_data_reads", "intake.public.event_log",
        "intake.public.appeal_holders",
        "routing.public.routing_decisions", "tracking.public.cases", "tracking.public.event_log"}) {
    ASSERT_TRUE(by_name.count(name)) << name << " not found";
    EXPECT_NE(by_name[name]->text, "") << name << " is empty";
  }
  // The audit names the fields read, not their values (checked below with
  // every other table).
  EXPECT_THAT(by_name["intake.public.personal_data_reads"]->text,
              HasSubstr("applicant.person.phone"));

  for (const std::string& value : strict) {
    const std::set<std::string> found = TablesHolding(tables, value);
    EXPECT_TRUE(found.count("intake.public.appeals")) << "'" << value << "' not found in appeals";
    for (const std::string& table : found) {
      EXPECT_TRUE(Keepers().count(table)) << "personal data '" << value << "' is kept in " << table;
    }
  }
}

}  // namespace
}  // namespace contactcenter::e2e
