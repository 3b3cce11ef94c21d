#include "contactcenter/testing/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "contactcenter/db/errors.h"

namespace contactcenter::testing {

absl::StatusOr<std::string> AdminDsn() {
  const char* dsn = std::getenv("CC_TEST_ADMIN_DSN");
  if (dsn == nullptr || *dsn == '\0') {
    return absl::FailedPreconditionError(
        "CC_TEST_ADMIN_DSN is not set: database tests need a PostgreSQL cluster. "
        "Run them through tests/run, which starts one.");
  }
  return std::string(dsn);
}

std::string DsnFor(const std::string& admin_dsn, const std::string& user,
                   const std::string& password, const std::string& dbname) {
  // In a libpq key=value string the last value of a key wins.
  return absl::StrCat(admin_dsn, " user=", user, " password=", password, " dbname=", dbname);
}

absl::Status CreateRoleAndDatabase(const std::string& admin_dsn, const std::string& name,
                                   const std::string& password) {
  absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = db::Connect(admin_dsn);
  if (!conn.ok()) return conn.status();
  try {
    pqxx::nontransaction n(**conn);
    const std::string role = n.quote_name(name);
    n.exec(absl::StrCat("CREATE ROLE ", role, " LOGIN PASSWORD ", n.quote(password)));
    n.exec(absl::StrCat("CREATE DATABASE ", role, " OWNER ", role));
    n.exec(absl::StrCat("REVOKE ALL ON DATABASE ", role, " FROM PUBLIC"));
  } catch (...) {
    return db::StatusFromCurrentException();
  }
  return RevokePublicConnect(**conn);
}

absl::Status RevokePublicConnect(pqxx::connection& admin) {
  try {
    // Test binaries run in parallel, and two concurrent REVOKEs on one
    // database fail with "tuple concurrently updated": one at a time.
    pqxx::work w(admin);
    w.exec("SELECT pg_advisory_xact_lock(hashtext('contactcenter.revoke_public_connect'))");
    w.exec("REVOKE ALL ON DATABASE postgres, template1 FROM PUBLIC");
    w.commit();
    return absl::OkStatus();
  } catch (...) {
    return db::StatusFromCurrentException();
  }
}

absl::Status DropRoleAndDatabase(const std::string& admin_dsn, const std::string& name) {
  absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = db::Connect(admin_dsn);
  if (!conn.ok()) return conn.status();
  try {
    pqxx::nontransaction n(**conn);
    const std::string role = n.quote_name(name);
    n.exec(absl::StrCat("DROP DATABASE IF EXISTS ", role, " WITH (FORCE)"));
    n.exec(absl::StrCat("DROP ROLE IF EXISTS ", role));
    return absl::OkStatus();
  } catch (...) {
    return db::StatusFromCurrentException();
  }
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(
    const std::string& hint, const std::vector<const std::vector<db::Migration>*>& migrations) {
  absl::StatusOr<std::string> admin = AdminDsn();
  if (!admin.ok()) return admin.status();
  static std::atomic<int> counter{0};
  const std::string name = absl::StrCat("t_", hint, "_", getpid(), "_", counter.fetch_add(1));
  const std::string password = absl::StrCat("pw", getpid());
  // A leftover from a crashed run with the same pid would block us.
  (void)DropRoleAndDatabase(*admin, name);
  if (absl::Status s = CreateRoleAndDatabase(*admin, name, password); !s.ok()) return s;
  std::unique_ptr<TestDatabase> database(
      new TestDatabase(*admin, name, DsnFor(*admin, name, password, name)));
  if (absl::Status s = db::Migrate(database->dsn(), migrations); !s.ok()) return s;
  return database;
}

std::unique_ptr<TestDatabase> TestDatabase::CreateOrDie(
    const std::string& hint, const std::vector<const std::vector<db::Migration>*>& migrations) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> database = Create(hint, migrations);
  if (!database.ok()) {
    std::fprintf(stderr, "FATAL: cannot create the test database: %s\n",
                 database.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*database);
}

TestDatabase::~TestDatabase() {
  if (absl::Status s = DropRoleAndDatabase(admin_dsn_, name_); !s.ok()) {
    std::fprintf(stderr, "warning: could not drop test database %s: %s\n", name_.c_str(),
                 s.ToString().c_str());
  }
}

std::unique_ptr<db::Pool> TestDatabase::MakePool(int max_connections) const {
  db::PoolOptions options;
  options.dsn = dsn_;
  options.max_connections = max_connections;
  options.application_name = name_;
  auto pool = std::make_unique<db::Pool>(options);
  pool->MarkReady();
  return pool;
}

void TestDatabase::Exec(const std::string& sql) const {
  auto conn = db::Connect(dsn_);
  if (!conn.ok()) {
    std::fprintf(stderr, "FATAL: %s\n", conn.status().ToString().c_str());
    std::exit(1);
  }
  pqxx::nontransaction n(**conn);
  n.exec(sql);
}

}  // namespace contactcenter::testing
