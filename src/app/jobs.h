// Runs the modules' background jobs (module.h `Job`) on one thread while the server runs: each job
// every `every`, one at a time, so jobs never race each other. On PostgreSQL, where several app servers
// may share the database, each run is first claimed (modules/jobs/claims.h), so a job runs on one
// server at a time and once per period in all. Tests call run_all_once() instead.
#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "modules/module.h"
#include "store/db.h"

namespace cw::app {

class JobRunner {
 public:
  JobRunner(std::vector<modules::Job> jobs, modules::JobContext context);
  ~JobRunner();  // stops and joins the thread
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void start();  // REQUIRES: not started
  void stop();   // waits for a running job to finish; idempotent
  // Runs every job once on the calling thread, now, without claiming it. Returns how many threw (each
  // is logged).
  int run_all_once();

 private:
  bool run_one(const modules::Job& job);
  void run_claimed(const modules::Job& job);
  void loop();

  std::vector<modules::Job> jobs_;
  modules::JobContext context_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::mutex running_;  // held while any job runs
  bool stopping_ = false;
  std::thread thread_;
  std::string server_;  // this process, as job_runs names it
};

}  // namespace cw::app
