// Which app server runs a background job this time, when several share one PostgreSQL. A run holds an
// advisory lock named after its job, so two never overlap, and starts only when the job's last run, by
// any server, started at least its period ago by the database's clock, so the job runs once per period
// and not once per server. The run is recorded in job_runs as it finishes; a server that dies mid-run
// records nothing and its lock goes with its connection, so another server runs the job at its next tick.
// SQLite has one server: its runner needs no claims.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "store/advisory_lock.h"

namespace cw::jobs {

// The lock is held, and the run recorded, until the returned lock is released (recording the run) or
// destroyed (as if it never ran). nullopt when another server is running the job or ran it within
// `every`. REQUIRES: PostgreSQL. `server` names this process in job_runs, for people reading it.
std::optional<store::AdvisoryLock> claim_run(store::Db& db, const std::string& job,
                                             std::chrono::milliseconds every, const std::string& server);

struct JobRun {
  Micros started_at = 0;  // by the database's clock
  std::string server;
  std::int64_t runs = 0;  // since the table was made, on all servers
};
std::optional<JobRun> last_run(store::Tx& tx, const std::string& job);

// "host pid 1234": how job_runs names this process.
std::string this_server();

}  // namespace cw::jobs
