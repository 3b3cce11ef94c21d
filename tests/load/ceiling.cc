#include "ceiling.h"

#include <atomic>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "appeal_card.h"
#include "appeal_events.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/testing/test_database.h"
#include "load_appeal.h"
#include "schema.h"

namespace contactcenter::load {
namespace {

// One statement, so one round trip and one commit: the number, the appeal
// (the columns a load appeal fills; the rest take their defaults as in
// intake's insert), the idempotency key bound to it and the outbox row.
constexpr char kCeilingSql[] =
    "WITH n AS ("
    "  INSERT INTO registration_counters (year, last) VALUES ($1, 1) "
    "  ON CONFLICT (year) DO UPDATE SET last = registration_counters.last + 1 RETURNING last), "
    "a AS ("
    "  INSERT INTO appeals (registration_number, status, kind, form, channel, subject, "
    "    applicant_type, surname, first_name, residence_address, phone, topic_code, "
    "    territory_code, essence, needs_no_extra_study, emergency, received_at, registered_at, "
    "    registered_by, registration_date, name_key, address_key, finest_topic, attribute) "
    "  SELECT 'C-' || $1 || '-' || lpad(n.last::text, 6, '0'), 1, $2, $3, $4, $5, 'person', "
    "    $6, $7, $8, $9, $10, $11, $12, $13, false, now(), now(), $14, current_date, $15, $16, "
    "    $10, 1 FROM n RETURNING id), "
    "k AS ("
    "  INSERT INTO idempotency_keys (caller, key, request_sha256, appeal_id, created_at) "
    "  SELECT $14, $17, sha256(convert_to($17, 'UTF8')), a.id, now() FROM a) "
    "INSERT INTO event_log (aggregate_id, type_url, payload, occurred_at) "
    "SELECT a.id::text, $18, $19, now() FROM a";

}  // namespace

absl::StatusOr<CeilingResult> RunCeiling(int transactions, int concurrency) {
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> database = testing::TestDatabase::Create(
      "ceiling", {&db::EventLogMigrations(), &db::IntakeMigrations()});
  if (!database.ok()) return database.status();

  // The payload: intake's own AppealRegistered for a load appeal.
  intake::v1::Appeal appeal;
  *appeal.mutable_card() = LoadAppeal(0).card();
  appeal.set_id("00000000-0000-4000-8000-000000000000");
  appeal.set_registration_number("ЛОКЦ-2026-000001");
  *appeal.mutable_card()->mutable_received_at() = ToTimestamp(absl::Now());
  *appeal.mutable_registered_at() = ToTimestamp(absl::Now());
  std::string payload;
  intake::ToAppealRegistered(appeal).SerializeToString(&payload);
  const std::string type_url =
      absl::StrCat("type.googleapis.com/", intake::v1::AppealRegistered::descriptor()->full_name());

  std::vector<std::unique_ptr<pqxx::connection>> connections;
  for (int c = 0; c < concurrency; ++c) {
    absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = db::Connect((*database)->dsn());
    if (!conn.ok()) return conn.status();
    (*conn)->prepare("ceiling", kCeilingSql);
    connections.push_back(*std::move(conn));
  }

  std::mutex mu;
  CeilingResult result;
  std::string first_error;
  std::atomic<int> next{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int c = 0; c < concurrency; ++c) {
    threads.emplace_back([&, c] {
      std::vector<double> mine;
      for (int i = next++; i < transactions; i = next++) {
        const intake::v1::RegisterAppealRequest req = LoadAppeal(i);
        const intake::v1::AppealCard& card = req.card();
        const intake::v1::Person& p = card.applicant().person();
        const absl::Time t0 = absl::Now();
        try {
          pqxx::nontransaction tx(*connections[c]);
          tx.exec_prepared("ceiling", 2026, static_cast<int>(card.kind()),
                           static_cast<int>(card.form()), static_cast<int>(card.channel()),
                           static_cast<int>(card.subject()), p.surname(), p.name(),
                           p.residence_address(), p.phone(), card.topic_code(),
                           card.territory_code(), card.essence(), card.needs_no_extra_study(),
                           "e2e-operator", intake::PersonNameKey(p),
                           intake::AddressKey(p.residence_address()), req.idempotency_key(),
                           type_url, pqxx::binarystring(payload));
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(mu);
          if (first_error.empty()) first_error = e.what();
          continue;
        }
        mine.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
      }
      std::lock_guard<std::mutex> lock(mu);
      result.latencies_ms.insert(result.latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  result.elapsed = absl::Now() - start;
  result.transactions = static_cast<int>(result.latencies_ms.size());
  if (!first_error.empty()) return absl::InternalError(absl::StrCat("ceiling: ", first_error));
  return result;
}

}  // namespace contactcenter::load
