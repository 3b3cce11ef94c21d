#include "pipeline_counts.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "contactcenter/db/errors.h"
#include "pqxx/pqxx"

namespace contactcenter::e2e {
namespace {

// appeal id -> count, for the rows `sql` returns as (id text, count).
std::map<std::string, int> CountBy(pqxx::connection& conn, const std::string& sql,
                                   const std::string& ids) {
  pqxx::nontransaction tx(conn);
  std::map<std::string, int> out;
  for (const auto& r : tx.exec_params(sql, ids)) out[r[0].c_str()] = r[1].as<int>();
  return out;
}

// Whether `consumer`'s cursor on `producer` is at the producer's head.
bool CaughtUp(pqxx::connection& producer_db, pqxx::connection& consumer_db,
              const std::string& producer) {
  pqxx::nontransaction p(producer_db);
  const int64_t head = p.exec1("SELECT coalesce(max(position), 0) FROM event_log")[0].as<int64_t>();
  const int64_t unnumbered =
      p.exec1("SELECT count(*) FROM event_log WHERE position IS NULL")[0].as<int64_t>();
  pqxx::nontransaction c(consumer_db);
  const pqxx::result r =
      c.exec_params("SELECT position FROM event_cursors WHERE producer = $1", producer);
  const int64_t at = r.empty() ? 0 : r[0][0].as<int64_t>();
  return unnumbered == 0 && at == head;
}

}  // namespace

std::string PipelineCounts::ToString() const {
  return absl::StrCat("appeals ", appeals, ": registered once ", registered_once,
                      ", decided once ", decided_once, ", routed ", routed, ", cased once ",
                      cased_once, caught_up ? "" : " (consumers not caught up)",
                      problems.empty() ? "" : "; ", absl::StrJoin(problems, "; "));
}

absl::StatusOr<PipelineCounts> CountPipeline(Cluster& cluster,
                                             const std::set<std::string>& appeal_ids) {
  PipelineCounts out;
  out.appeals = static_cast<int>(appeal_ids.size());
  const std::string ids = absl::StrCat("{", absl::StrJoin(appeal_ids, ","), "}");
  try {
    const std::map<std::string, std::string> dsns = cluster.AdminDsns();
    pqxx::connection intake(dsns.at("intake"));
    pqxx::connection routing(dsns.at("routing"));
    pqxx::connection tracking(dsns.at("tracking"));
    const auto registered = CountBy(
        intake,
        "SELECT aggregate_id, count(*) FROM event_log WHERE aggregate_id = ANY($1::text[]) "
        "  AND type_url ~ '\\.(AppealRegistered|AppealNotConsidered|AppealReturnedToApplicant|"
        "AppealExclusionProposed)$' GROUP BY 1",
        ids);
    const auto decisions = CountBy(
        routing,
        "SELECT appeal_id::text, count(*) FROM routing_decisions "
        "WHERE appeal_id = ANY($1::uuid[]) GROUP BY 1",
        ids);
    const auto decision_events = CountBy(
        routing,
        "SELECT aggregate_id, count(*) FROM event_log WHERE aggregate_id = ANY($1::text[]) "
        "  AND type_url ~ '\\.(AppealRouted|AppealNeedsManualRouting)$' GROUP BY 1",
        ids);
    const auto routed = CountBy(
        routing,
        "SELECT appeal_id::text, 1 FROM routing_decisions "
        "WHERE appeal_id = ANY($1::uuid[]) AND executor_id IS NOT NULL",
        ids);
    const auto cases = CountBy(
        tracking,
        "SELECT appeal_id::text, count(*) FROM cases WHERE appeal_id = ANY($1::uuid[]) GROUP BY 1",
        ids);
    const auto opened = CountBy(
        tracking,
        "SELECT c.appeal_id::text, count(*) FROM event_log e JOIN cases c ON e.aggregate_id = "
        "c.id::text WHERE c.appeal_id = ANY($1::uuid[]) AND e.type_url ~ '\\.CaseOpened$' "
        "GROUP BY 1",
        ids);
    auto count = [](const std::map<std::string, int>& m, const std::string& id) {
      auto it = m.find(id);
      return it == m.end() ? 0 : it->second;
    };
    auto problem = [&](const std::string& id, int n, const char* what) {
      if (out.problems.size() < 20) out.problems.push_back(absl::StrCat("appeal ", id, ": ", n, " ", what));
    };
    for (const std::string& id : appeal_ids) {
      const int r = count(registered, id);
      if (r == 1) ++out.registered_once; else problem(id, r, "first events in intake's log");
      const int d = count(decisions, id), de = count(decision_events, id);
      if (d == 1 && de == 1) {
        ++out.decided_once;
      } else {
        problem(id, d, absl::StrCat("decisions, ", de, " decision events").c_str());
      }
      if (!routed.contains(id)) continue;
      ++out.routed;
      const int c = count(cases, id), o = count(opened, id);
      if (c == 1 && o == 1) {
        ++out.cased_once;
      } else {
        problem(id, c, absl::StrCat("cases, ", o, " CaseOpened").c_str());
      }
    }
    out.caught_up = CaughtUp(intake, routing, "intake") && CaughtUp(routing, tracking, "routing");
  } catch (const std::exception& e) {
    return db::StatusFromException(e);
  }
  return out;
}

absl::StatusOr<PipelineCounts> WaitForPipeline(Cluster& cluster,
                                               const std::set<std::string>& appeal_ids,
                                               absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (true) {
    absl::StatusOr<PipelineCounts> counts = CountPipeline(cluster, appeal_ids);
    // A database restarting under a soak refuses for a moment.
    if (counts.ok() && counts->caught_up && counts->decided_once == counts->appeals &&
        counts->cased_once == counts->routed) {
      return counts;
    }
    if (absl::Now() > give_up) return counts;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

}  // namespace contactcenter::e2e
