#include "app/jobs.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "modules/jobs/claims.h"
#include "web/http.h"

namespace cw::app {

JobRunner::JobRunner(std::vector<modules::Job> jobs, modules::JobContext context)
    : jobs_(std::move(jobs)), context_(context), server_(jobs::this_server()) {}

JobRunner::~JobRunner() {
  stop();
}

void JobRunner::start() {
  if (jobs_.empty()) return;
  thread_ = std::thread([this] { loop(); });
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool JobRunner::run_one(const modules::Job& job) {
  // The loop's thread and run_all_once (tests, the command line) take turns: a job never races itself.
  std::lock_guard running(running_);
  try {
    job.run(context_);
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "{\"level\":\"error\",\"job\":\"%s\",\"error\":\"%s\"}\n",
                 web::json_escape(job.name).c_str(), web::json_escape(e.what()).c_str());
    return false;
  }
}

void JobRunner::run_claimed(const modules::Job& job) {
  if (context_.db.engine() == store::Engine::sqlite) {
    run_one(job);
    return;
  }
  try {
    auto claim = jobs::claim_run(context_.db, job.name, job.every, server_);
    if (!claim) return;
    run_one(job);
    claim->release();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "{\"level\":\"error\",\"job\":\"%s\",\"claim\":\"%s\"}\n",
                 web::json_escape(job.name).c_str(), web::json_escape(e.what()).c_str());
  }
}

int JobRunner::run_all_once() {
  int failed = 0;
  for (const auto& job : jobs_)
    if (!run_one(job)) ++failed;
  return failed;
}

void JobRunner::loop() {
  // Steady time, not the injected clock: this is about pacing the thread, not about the data.
  using steady = std::chrono::steady_clock;
  std::vector<steady::time_point> due(jobs_.size(), steady::now());
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      if (steady::now() < due[i]) continue;
      lock.unlock();
      run_claimed(jobs_[i]);
      lock.lock();
      if (stopping_) return;
      due[i] = steady::now() + jobs_[i].every;
    }
    wake_.wait_until(lock, *std::min_element(due.begin(), due.end()), [this] { return stopping_; });
  }
}

}  // namespace cw::app
