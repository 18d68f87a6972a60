// Group commit: many threads' small write commands share one transaction and so one durable commit
// (one fsync), which is what lets a petition take thousands of signatures a second on one SQLite file
// with synchronous=FULL. A caller hands over its command and returns only once the transaction holding
// it has committed, so an acknowledged command survives a crash exactly as if it had committed alone.
// The first waiting caller leads: it takes everything queued, runs it and commits, then wakes the rest.
//
// Commands must be written for sharing: no failing statements (use ON CONFLICT … DO NOTHING and look at
// the result), and anything they throw rolls the shared transaction back; the batch is then rerun one
// command per transaction, so a bad command fails alone and the others still commit. A command may be
// run more than once this way, and only its last run's effects remain. Thread-safe.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "store/db.h"

namespace cw::store {

class GroupCommit {
 public:
  // At most `max_batch` commands share a transaction. Commands for different databases never share one
  // (a process normally has one Db; tests open several in turn).
  explicit GroupCommit(std::size_t max_batch = 256);
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `command` in a write transaction, perhaps shared, and returns after the commit. Rethrows what
  // the command threw in its own transaction (then nothing of it was written), or the commit's DbError.
  void run(Db& db, const std::function<void(Tx&)>& command);

  struct Stats {
    std::int64_t commits = 0, commands = 0, reruns = 0;  // reruns: batches rerun one by one
  };
  Stats stats() const;

 private:
  struct Pending;
  void lead(std::vector<Pending*> batch);

  std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable done_;
  std::vector<Pending*> queue_;
  bool leading_ = false;
  Stats stats_;
};

}  // namespace cw::store
