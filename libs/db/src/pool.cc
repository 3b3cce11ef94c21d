#include "contactcenter/db/pool.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string_view>
#include <thread>

#include "absl/strings/str_cat.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/log/log.h"

namespace contactcenter::db {
namespace {

// Jittered exponential backoff between retries of an aborted transaction.
absl::Duration RetryDelay(int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  const int64_t base_ms = int64_t{5} << std::min(attempt, 6);
  std::uniform_int_distribution<int64_t> jitter(0, base_ms);
  return absl::Milliseconds(base_ms + jitter(rng));
}

// BEGIN with the isolation level and access mode in the same round trip:
// libpqxx sends "BEGIN; SET TRANSACTION ..." as one query (a separate
// SET TRANSACTION was a round trip more per read, issue 14).
std::unique_ptr<pqxx::dbtransaction> Begin(pqxx::connection& conn, const TxOptions& options) {
  using SerializableReadOnly = pqxx::transaction<pqxx::serializable, pqxx::read_only>;
  using Serializable = pqxx::transaction<pqxx::serializable, pqxx::read_write>;
  if (options.serializable) {
    if (options.read_only) return std::make_unique<SerializableReadOnly>(conn);
    return std::make_unique<Serializable>(conn);
  }
  if (options.read_only) return std::make_unique<pqxx::read_transaction>(conn);
  return std::make_unique<pqxx::work>(conn);
}

}  // namespace

void Connection::EnsurePrepared(const std::string& name, const std::string& sql) {
  if (std::find(prepared_.begin(), prepared_.end(), name) != prepared_.end()) return;
  conn_->prepare(name, sql);
  prepared_.push_back(name);
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect(const std::string& dsn) {
  try {
    auto conn = std::make_unique<pqxx::connection>(dsn);
    if (!conn->is_open()) return absl::UnavailableError("database connection not open");
    return conn;
  } catch (const std::exception& e) {
    // libpq's message names the host and the reason; it never contains the
    // password.
    return absl::UnavailableError(absl::StrCat("cannot connect to the database: ", e.what()));
  }
}

absl::Status CheckDsnVerifiesServer(const std::string& dsn) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
  if (options == nullptr) {
    if (error != nullptr) PQfreemem(error);
    return absl::InvalidArgumentError("not a PostgreSQL connection string");
  }
  std::string sslmode;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) == "sslmode" && o->val != nullptr) sslmode = o->val;
  }
  PQconninfoFree(options);
  // PGSSLMODE applies when the string sets none.
  if (sslmode.empty()) {
    const char* env = std::getenv("PGSSLMODE");
    if (env != nullptr) sslmode = env;
  }
  if (sslmode != "verify-full") {
    return absl::InvalidArgumentError(absl::StrCat(
        "the connection string has sslmode=", sslmode.empty() ? "prefer (the default)" : sslmode,
        ": it must be sslmode=verify-full with sslrootcert=<the CA's certificate>, so the "
        "connection is encrypted and the server verified"));
  }
  return absl::OkStatus();
}

Pool::Pool(PoolOptions options) : options_(std::move(options)) {}

Pool::~Pool() = default;

void Pool::ExportMetrics(prometheus::Registry& registry) {
  auto m = std::make_unique<Metrics>();
  m->max = &prometheus::BuildGauge()
                .Name("db_pool_connections_max")
                .Help("The most database connections the pool opens (--db_max_connections).")
                .Register(registry)
                .Add({});
  m->open = &prometheus::BuildGauge()
                 .Name("db_pool_connections_open")
                 .Help("Database connections open now, idle or lent out.")
                 .Register(registry)
                 .Add({});
  m->in_use = &prometheus::BuildGauge()
                   .Name("db_pool_connections_in_use")
                   .Help("Database connections lent to a transaction now.")
                   .Register(registry)
                   .Add({});
  m->acquire_wait =
      &prometheus::BuildHistogram()
           .Name("db_pool_acquire_wait_seconds")
           .Help("How long a transaction waited for its database connection (opening it included).")
           .Register(registry)
           .Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                            0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5});
  m->acquire_timeouts =
      &prometheus::BuildCounter()
           .Name("db_pool_acquire_timeouts_total")
           .Help("Callers turned away because every connection stayed busy for the acquire timeout.")
           .Register(registry)
           .Add({});
  m->max->Set(options_.max_connections);
  std::lock_guard<std::mutex> lock(mu_);
  metrics_ = std::move(m);
  UpdateGaugesLocked();
}

void Pool::UpdateGaugesLocked() {
  if (metrics_ == nullptr) return;
  metrics_->open->Set(open_);
  metrics_->in_use->Set(open_ - static_cast<double>(idle_.size()));
}

void Pool::MarkReady() {
  std::lock_guard<std::mutex> lock(mu_);
  ready_ = true;
}

bool Pool::ready() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ready_;
}

absl::StatusOr<std::unique_ptr<Connection>> Pool::Acquire(absl::Duration max_wait) {
  std::unique_lock<std::mutex> lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + absl::ToChronoMilliseconds(max_wait);
  while (true) {
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      UpdateGaugesLocked();
      return conn;
    }
    if (open_ < options_.max_connections) {
      ++open_;
      UpdateGaugesLocked();
      lock.unlock();
      absl::StatusOr<std::unique_ptr<pqxx::connection>> raw = Connect(options_.dsn);
      if (raw.ok()) {
        try {
          pqxx::nontransaction setup(**raw);
          setup.exec(absl::StrCat(
              "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET statement_timeout = ",
              absl::ToInt64Milliseconds(options_.statement_timeout), "; SET application_name = ",
              setup.quote(options_.application_name)));
          setup.commit();
          return std::make_unique<Connection>(std::move(*raw));
        } catch (const std::exception& e) {
          raw = StatusFromException(e);
        }
      }
      lock.lock();
      --open_;
      UpdateGaugesLocked();
      available_.notify_one();
      return raw.status();
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.max_connections) {
      if (metrics_ != nullptr) metrics_->acquire_timeouts->Increment();
      return absl::UnavailableError(absl::StrCat(
          "all ", options_.max_connections, " database connections busy for ",
          absl::FormatDuration(max_wait)));
    }
  }
}

void Pool::Release(std::unique_ptr<Connection> conn, bool healthy) {
  std::lock_guard<std::mutex> lock(mu_);
  if (healthy && conn->raw().is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  UpdateGaugesLocked();
  available_.notify_one();
}

absl::Status Pool::RunOnce(const std::function<absl::Status(Tx&)>& fn, const TxOptions& options) {
  const absl::Time asked = absl::Now();
  absl::StatusOr<std::unique_ptr<Connection>> conn = Acquire(options_.acquire_timeout);
  if (metrics_ != nullptr) metrics_->acquire_wait->Observe(absl::ToDoubleSeconds(absl::Now() - asked));
  if (!conn.ok()) return conn.status();
  absl::Status status;
  bool healthy = true;
  std::vector<std::function<void()>> on_commit;
  try {
    const std::unique_ptr<pqxx::dbtransaction> work = Begin((*conn)->raw(), options);
    Tx tx(**conn, *work);
    status = fn(tx);
    if (status.ok()) {
      work->commit();
      on_commit = std::move(tx.on_commit_);
    } else {
      work->abort();
    }
  } catch (...) {
    status = StatusFromCurrentException();
    healthy = status.code() != absl::StatusCode::kUnavailable;
  }
  Release(std::move(*conn), healthy);
  for (auto& hook : on_commit) hook();
  return status;
}

absl::Status Pool::RunInTransaction(const std::function<absl::Status(Tx&)>& fn,
                                    const TxOptions& options) {
  if (!ready()) {
    return absl::UnavailableError("database not ready: the service is still starting up");
  }
  absl::Status status;
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    status = RunOnce(fn, options);
    if (status.code() != absl::StatusCode::kAborted) return status;
    if (attempt < options.max_attempts) {
      std::this_thread::sleep_for(absl::ToChronoMilliseconds(RetryDelay(attempt)));
    }
  }
  CC_LOG(Warning) << "transaction aborted " << options.max_attempts << " times: " << status;
  return status;
}

absl::Status Pool::Ping(absl::Duration max_wait) {
  absl::StatusOr<std::unique_ptr<Connection>> conn = Acquire(max_wait);
  if (!conn.ok()) return conn.status();
  absl::Status status;
  bool healthy = true;
  try {
    pqxx::nontransaction n((*conn)->raw());
    n.exec("SELECT 1");
  } catch (...) {
    status = StatusFromCurrentException();
    healthy = false;
  }
  Release(std::move(*conn), healthy);
  return status;
}

}  // namespace contactcenter::db
