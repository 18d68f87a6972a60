#include "modules/jobs/claims.h"

#include <unistd.h>

#include <fmt/format.h>

namespace cw::jobs {

std::optional<store::AdvisoryLock> claim_run(store::Db& db, const std::string& job,
                                             std::chrono::milliseconds every, const std::string& server) {
  auto lock = store::AdvisoryLock::try_take(db, "commonweal.job." + job);
  if (!lock) return std::nullopt;
  auto& tx = *lock->tx();
  // The database's clock, so that servers whose clocks disagree still agree on the period.
  const auto& row = tx.run(
                          "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT), "
                          "(SELECT started_at FROM job_runs WHERE name = $1)",
                          job)
                        .one();
  Micros now = row.integer(0);
  // A tenth of the period's slack: each server paces its ticks by its own steady clock, and one that
  // comes back a few milliseconds early must not skip a whole period.
  Micros period = std::chrono::duration_cast<std::chrono::microseconds>(every).count();
  if (!row.is_null(1) && now - row.integer(1) < period - period / 10) return std::nullopt;
  tx.run(
      "INSERT INTO job_runs (name, started_at, server, runs) VALUES ($1, $2, $3, 1) ON CONFLICT (name) DO "
      "UPDATE SET started_at = excluded.started_at, server = excluded.server, runs = job_runs.runs + 1",
      job, now, server);
  return lock;
}

std::optional<JobRun> last_run(store::Tx& tx, const std::string& job) {
  auto res = tx.run("SELECT started_at, server, runs FROM job_runs WHERE name = $1", job);
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows.front();
  return JobRun{r.integer(0), r.text(1), r.integer(2)};
}

std::string this_server() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return fmt::format("{} pid {}", host, ::getpid());
}

}  // namespace cw::jobs
