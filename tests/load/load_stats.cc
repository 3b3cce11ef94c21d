#include "load_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "contactcenter/db/errors.h"
#include "contactcenter/db/pool.h"
#include "httplib.h"

namespace contactcenter::load {
namespace {

// Fields of /proc/<pid>/stat after the command (which may hold spaces).
std::vector<std::string> StatFields(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!std::getline(in, line)) return {};
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return {};
  return absl::StrSplit(line.substr(close + 2), ' ');
}

double Now() { return absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()); }

// The sum of the samples of `name` whose labels contain `label` (Prometheus
// text format: name{labels} value).
double SampleSum(const std::string& page, const std::string& name, const std::string& label) {
  double sum = 0;
  for (absl::string_view line : absl::StrSplit(page, '\n')) {
    if (!absl::StartsWith(line, name) || line.size() <= name.size()) continue;
    const char next = line[name.size()];
    if (next != '{' && next != ' ') continue;
    if (!label.empty() && !absl::StrContains(line, label)) continue;
    double v = 0;
    if (absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &v)) sum += v;
  }
  return sum;
}

}  // namespace

double Percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

double CpuSeconds(pid_t pid) {
  const std::vector<std::string> f = StatFields(pid);
  // After the command: state(0) ppid(1) ... utime(11) stime(12).
  int64_t utime = 0, stime = 0;
  if (f.size() < 13 || !absl::SimpleAtoi(f[11], &utime) || !absl::SimpleAtoi(f[12], &stime)) {
    return -1;
  }
  return static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
}

absl::StatusOr<std::vector<pid_t>> PostgresProcesses(const std::string& admin_dsn) {
  pid_t backend = 0;
  try {
    pqxx::connection conn(admin_dsn);
    pqxx::nontransaction tx(conn);
    backend = tx.exec1("SELECT pg_backend_pid()")[0].as<int>();
  } catch (const std::exception& e) {
    return db::StatusFromException(e);
  }
  const std::vector<std::string> f = StatFields(backend);
  pid_t postmaster = 0;
  if (f.size() < 2 || !absl::SimpleAtoi(f[1], &postmaster)) {
    return absl::NotFoundError("the database's processes are not on this machine");
  }
  std::vector<pid_t> pids = {postmaster};
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return absl::InternalError("cannot read /proc");
  while (dirent* d = readdir(proc)) {
    pid_t pid = 0;
    if (!absl::SimpleAtoi(d->d_name, &pid)) continue;
    const std::vector<std::string> pf = StatFields(pid);
    pid_t ppid = 0;
    if (pf.size() > 1 && absl::SimpleAtoi(pf[1], &ppid) && ppid == postmaster) pids.push_back(pid);
  }
  closedir(proc);
  return pids;
}

void CpuSampler::Add(const std::string& name, std::vector<pid_t> pids) {
  groups_[name].pids = std::move(pids);
}

void CpuSampler::Start() {
  started_at_ = Now();
  for (auto& [name, g] : groups_) {
    g.start = 0;
    for (pid_t pid : g.pids) g.start += std::max(0.0, CpuSeconds(pid));
  }
}

std::string CpuSampler::Report(int appeals) const {
  const double wall = Now() - started_at_;
  std::string out;
  for (const auto& [name, g] : groups_) {
    double now = 0;
    for (pid_t pid : g.pids) now += std::max(0.0, CpuSeconds(pid));
    const double used = std::max(0.0, now - g.start);
    absl::StrAppendFormat(&out, "  %-12s %7.2f s CPU  %5.0f %% of a core  %.3f ms per appeal\n",
                          name, used, 100 * used / std::max(wall, 1e-9),
                          1000 * used / std::max(appeals, 1));
  }
  return out;
}

absl::Status ResetStatements(const std::string& admin_dsn) {
  try {
    pqxx::connection conn(admin_dsn);
    pqxx::nontransaction tx(conn);
    tx.exec("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    tx.exec("SELECT pg_stat_statements_reset()");
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(absl::StrCat(
        "pg_stat_statements is not loaded (shared_preload_libraries): ", e.what()));
  }
}

absl::StatusOr<std::string> StatementReport(const std::string& admin_dsn,
                                            const std::string& dbname, int appeals) {
  try {
    pqxx::connection conn(admin_dsn);
    pqxx::nontransaction tx(conn);
    const pqxx::result rows = tx.exec_params(
        "SELECT s.calls, s.total_exec_time / s.calls, s.rows, "
        "  regexp_replace(s.query, '\\s+', ' ', 'g') "
        "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
        "WHERE d.datname = $1 ORDER BY s.calls DESC, s.total_exec_time DESC",
        dbname);
    std::string out;
    double per_appeal = 0, ms_per_appeal = 0;
    for (const auto& r : rows) {
      const double calls = r[0].as<double>();
      const double each = calls / std::max(appeals, 1);
      if (each < 0.01) continue;  // the background: migrations, health, the sequencer's idle passes
      per_appeal += each;
      ms_per_appeal += each * r[1].as<double>();
      std::string query = r[3].c_str();
      if (query.size() > 110) query = query.substr(0, 107) + "...";
      absl::StrAppendFormat(&out, "  %6.2f x %7.3f ms  %s\n", each, r[1].as<double>(), query);
    }
    absl::StrAppendFormat(&out,
                          "  %6.2f statements per appeal in %s, %.3f ms of execution in all\n",
                          per_appeal, dbname, ms_per_appeal);
    return out;
  } catch (const std::exception& e) {
    return db::StatusFromException(e);
  }
}

std::string ServerSideReport(int metrics_port) {
  httplib::Client http("127.0.0.1", metrics_port);
  http.set_read_timeout(30, 0);
  auto res = http.Get("/metrics");
  if (!res || res->status != 200) return "";
  const std::string& page = res->body;
  const std::string method = "grpc_method=\"RegisterAppeal\"";
  const double calls = SampleSum(page, "grpc_server_handling_seconds_count", method);
  const double seconds = SampleSum(page, "grpc_server_handling_seconds_sum", method);
  const double batches = SampleSum(page, "db_group_commit_units_count", "");
  const double units = SampleSum(page, "db_group_commit_units_sum", "");
  const double unit_seconds = SampleSum(page, "db_group_commit_seconds_sum", "");
  const double unit_count = SampleSum(page, "db_group_commit_seconds_count", "");
  return absl::StrFormat(
      "  RegisterAppeal on the server: %.0f calls, mean %.1f ms\n"
      "  group commit: %.0f batches, %.2f units a batch, a unit's mean time in it %.1f ms\n",
      calls, 1000 * seconds / std::max(calls, 1.0), batches, units / std::max(batches, 1.0),
      1000 * unit_seconds / std::max(unit_count, 1.0));
}

}  // namespace contactcenter::load
