// A fresh PostgreSQL database for a test binary, with its own role (so a
// test proves the schema needs no superuser), migrations applied, dropped at
// the end. The cluster comes from CC_TEST_ADMIN_DSN, which tests/run sets;
// without it the binary fails: a database test that cannot run is a failure,
// never a skip.
//
//   static TestDatabase* db;  // in SetUpTestSuite:
//   db = TestDatabase::CreateOrDie("intake", {&db::IntakeMigrations()}).release();
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/db/migrations.h"
#include "contactcenter/db/pool.h"

namespace contactcenter::testing {

class TestDatabase {
 public:
  // Names the database and role "t_<hint>_<pid>_<n>".
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(
      const std::string& hint, const std::vector<const std::vector<db::Migration>*>& migrations);
  // Prints why and exits with status 1 when the database cannot be made.
  static std::unique_ptr<TestDatabase> CreateOrDie(
      const std::string& hint, const std::vector<const std::vector<db::Migration>*>& migrations);
  ~TestDatabase();

  const std::string& name() const { return name_; }
  // Connects as the database's own role.
  const std::string& dsn() const { return dsn_; }
  // A ready pool (migrations done) on this database.
  std::unique_ptr<db::Pool> MakePool(int max_connections = 8) const;
  // Runs SQL as the database's own role, e.g. to TRUNCATE between tests.
  void Exec(const std::string& sql) const;

 private:
  TestDatabase(std::string admin_dsn, std::string name, std::string dsn)
      : admin_dsn_(std::move(admin_dsn)), name_(std::move(name)), dsn_(std::move(dsn)) {}
  std::string admin_dsn_;
  std::string name_;
  std::string dsn_;
};

// The admin DSN from CC_TEST_ADMIN_DSN, or an error saying how to get one.
absl::StatusOr<std::string> AdminDsn();

// Creates role `name` (password `password`) and database `name` owned by it,
// reachable by that role alone; the role can connect to no other database
// (RevokePublicConnect). Used by tests that start real services.
absl::Status CreateRoleAndDatabase(const std::string& admin_dsn, const std::string& name,
                                   const std::string& password);
// Takes CONNECT on `postgres` and `template1` from PUBLIC, as
// deploy/local/lib.sh does: only the superuser needs them. Safe to repeat,
// also from processes running at once.
absl::Status RevokePublicConnect(pqxx::connection& admin);
absl::Status DropRoleAndDatabase(const std::string& admin_dsn, const std::string& name);
// `admin_dsn` with user, password and dbname replaced.
std::string DsnFor(const std::string& admin_dsn, const std::string& user,
                   const std::string& password, const std::string& dbname);

}  // namespace contactcenter::testing
