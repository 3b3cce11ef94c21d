// What the load programs measure besides their own clocks: CPU time per
// process (from /proc/<pid>/stat, as pidstat reads it) and the statements
// each database ran (pg_stat_statements, where the cluster preloads it).
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace contactcenter::load {

// The q-quantile (0..1) of `v`, which it sorts.
double Percentile(std::vector<double>& v, double q);

// User plus system CPU seconds `pid` has used; -1 when it is gone.
double CpuSeconds(pid_t pid);

// The processes of a PostgreSQL cluster: its postmaster's children (the
// backends, WAL writer, checkpointer...) and the postmaster, found from a
// backend of `admin_dsn`.
absl::StatusOr<std::vector<pid_t>> PostgresProcesses(const std::string& admin_dsn);

// CPU seconds of named groups of processes, sampled twice.
class CpuSampler {
 public:
  void Add(const std::string& name, std::vector<pid_t> pids);
  void Start();
  // "name: 1.23 s CPU, 45 % of a core, 0.41 ms per appeal" for each group,
  // over the time since Start().
  std::string Report(int appeals) const;

 private:
  struct Group {
    std::vector<pid_t> pids;
    double start = 0;
  };
  std::map<std::string, Group> groups_;
  double started_at_ = 0;
};

// pg_stat_statements on the cluster `admin_dsn` names: Reset() empties it
// (creating the extension in the admin database if needed); Report() prints,
// for the database `dbname`, each statement's calls per appeal and mean time,
// and their sum: the round trips one appeal costs that database. An error
// when the cluster does not preload the library.
absl::Status ResetStatements(const std::string& admin_dsn);
absl::StatusOr<std::string> StatementReport(const std::string& admin_dsn,
                                            const std::string& dbname, int appeals);

// What a service's /metrics (on 127.0.0.1:`metrics_port`) says of its own
// time: RegisterAppeal's mean handling time on the server, and the
// registrations' group commit (db/group_commit.h): units per batch and a
// unit's mean time in it. Empty when the page cannot be read.
std::string ServerSideReport(int metrics_port);

}  // namespace contactcenter::load
