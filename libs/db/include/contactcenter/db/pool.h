// PostgreSQL access for every service: a pool of connections (each lent to
// one thread at a time), transactions that commit when the unit of work
// returns OK and are retried on serialization failures and deadlocks, and
// pqxx exceptions mapped to absl::Status in one place (errors.h).
//
//   absl::StatusOr<Appeal> appeal = pool.Write([&](db::Tx& tx) -> absl::StatusOr<Appeal> {
//     pqxx::result r = tx.Exec("intake_insert_appeal", kInsertSql, id, essence);
//     ...
//   });
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace contactcenter::db {

struct PoolOptions {
  // libpq connection string or URI, e.g.
  // "postgresql://intake:secret@127.0.0.1:55432/intake".
  std::string dsn;
  // Connections are opened on demand, up to this many.
  int max_connections = 8;
  // How long a caller waits for a free connection before UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(5);
  // Every statement is cancelled after this long.
  absl::Duration statement_timeout = absl::Seconds(30);
  // Shown in pg_stat_activity.
  std::string application_name = "contactcenter";
};

struct TxOptions {
  bool serializable = false;
  bool read_only = false;
  // Attempts in all when the transaction is aborted by a serialization
  // failure or a deadlock.
  int max_attempts = 5;
};

// A connection with the statements prepared on it so far.
class Connection {
 public:
  explicit Connection(std::unique_ptr<pqxx::connection> conn) : conn_(std::move(conn)) {}
  pqxx::connection& raw() { return *conn_; }
  // Prepares `name` once per connection.
  void EnsurePrepared(const std::string& name, const std::string& sql);

 private:
  std::unique_ptr<pqxx::connection> conn_;
  std::vector<std::string> prepared_;  // few names; linear search is fine
};

// The transaction a unit of work runs in.
class Tx {
 public:
  Tx(Connection& conn, pqxx::dbtransaction& work) : conn_(conn), work_(work) {}

  // Runs `sql` as the named prepared statement (prepared on first use on
  // each connection). Names must be unique per service, e.g.
  // "intake_get_appeal".
  template <typename... Args>
  pqxx::result Exec(const std::string& name, const std::string& sql, Args&&... args) {
    conn_.EnsurePrepared(name, sql);
    return work_.exec_prepared(name, std::forward<Args>(args)...);
  }

  // Runs ad-hoc SQL with no parameters (DDL, one-off statements).
  pqxx::result ExecRaw(const std::string& sql) { return work_.exec(sql); }

  // Runs after the transaction commits, never if it rolls back; used to wake
  // threads that wait for what this transaction wrote.
  void OnCommit(std::function<void()> fn) { on_commit_.push_back(std::move(fn)); }

  pqxx::dbtransaction& raw() { return work_; }

 private:
  friend class Pool;
  Connection& conn_;
  pqxx::dbtransaction& work_;
  std::vector<std::function<void()>> on_commit_;
};

class Pool {
 public:
  explicit Pool(PoolOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Until MarkReady() (called once migrations ran), every transaction fails
  // with UNAVAILABLE "database not ready", so no handler runs on a schema
  // that is not there yet.
  void MarkReady();
  bool ready() const;

  // Runs `fn` in a read-write transaction. `fn` returns absl::Status or
  // absl::StatusOr<T>; the transaction commits only when it is OK. `fn` may
  // run more than once (on serialization failures), so it must not have
  // effects outside the transaction (use Tx::OnCommit for those).
  template <typename Fn>
  auto Write(Fn&& fn, TxOptions options = {}) {
    return Run(std::forward<Fn>(fn), options);
  }

  // Same, read-only.
  template <typename Fn>
  auto Read(Fn&& fn, TxOptions options = {}) {
    options.read_only = true;
    return Run(std::forward<Fn>(fn), options);
  }

  // SELECT 1 on a pooled connection; OK when the database answers.
  // UNAVAILABLE when no connection frees up within `max_wait` (every one
  // busy: the pool is exhausted, the service cannot serve now).
  absl::Status Ping(absl::Duration max_wait);
  absl::Status Ping() { return Ping(options_.acquire_timeout); }

  const PoolOptions& options() const { return options_; }

  // Serves the pool's metrics from `registry`: db_pool_connections_max,
  // _open and _in_use (gauges), db_pool_acquire_wait_seconds (how long each
  // transaction waited for its connection, opening it included) and
  // db_pool_acquire_timeouts_total (callers turned away: every connection
  // busy for the whole acquire timeout). Call once, before the pool is used.
  void ExportMetrics(prometheus::Registry& registry);

 private:
  struct Metrics {
    prometheus::Gauge* max = nullptr;
    prometheus::Gauge* open = nullptr;
    prometheus::Gauge* in_use = nullptr;
    prometheus::Histogram* acquire_wait = nullptr;
    prometheus::Counter* acquire_timeouts = nullptr;
  };

  template <typename Fn>
  auto Run(Fn&& fn, const TxOptions& options) {
    using Result = std::invoke_result_t<Fn&, Tx&>;
    if constexpr (std::is_same_v<Result, absl::Status>) {
      return RunInTransaction(fn, options);
    } else {
      std::optional<Result> out;
      absl::Status status = RunInTransaction(
          [&](Tx& tx) {
            out.emplace(fn(tx));
            return out->status();
          },
          options);
      if (!status.ok()) return Result(status);
      return std::move(*out);
    }
  }

  absl::Status RunInTransaction(const std::function<absl::Status(Tx&)>& fn,
                                const TxOptions& options);
  absl::Status RunOnce(const std::function<absl::Status(Tx&)>& fn, const TxOptions& options);
  absl::StatusOr<std::unique_ptr<Connection>> Acquire(absl::Duration max_wait);
  void Release(std::unique_ptr<Connection> conn, bool healthy);
  // Sets the open and in-use gauges; mu_ held.
  void UpdateGaugesLocked();

  const PoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + lent out
  bool ready_ = false;
  std::unique_ptr<Metrics> metrics_;  // set once by ExportMetrics, before use
};

// Opens one connection outside any pool (migrations, admin tasks).
absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect(const std::string& dsn);

// OK when `dsn` (a URI or key=value string) makes libpq encrypt the
// connection and verify the server: sslmode=verify-full (the certificate
// signed by sslrootcert's CA and naming the host). Otherwise
// INVALID_ARGUMENT saying what is missing; the DSN itself is never quoted
// (it may hold a password).
absl::Status CheckDsnVerifiesServer(const std::string& dsn);

}  // namespace contactcenter::db
