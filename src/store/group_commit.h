// Group commit: many threads' small write commands share one transaction and so one durable commit
// (one log flush), which is what lets a petition take thousands of signatures a second on one SQLite
// file. A caller hands over its command and returns only once the transaction holding it is durable, so
// an acknowledged command survives a crash exactly as if it had committed alone.
// Writer threads of its own take whatever is queued, run it as one transaction and commit; on SQLite
// (one writer thread) a flusher thread then makes the commit durable while the writer goes on with the
// next batch, and one flush covers every batch committed before it began. PostgreSQL flushes inside its
// COMMIT, so there several writer threads commit side by side.
//
// Commands must be written for sharing: no failing statements (use ON CONFLICT … DO NOTHING and look at
// the result), and anything they throw rolls the shared transaction back; the batch is then rerun one
// command per transaction, so a bad command fails alone and the others still commit. A command may be
// run more than once this way, and only its last run's effects remain. Thread-safe.
//
// A command may name its first statements up front (Command::first). A batch then sends BEGIN and every
// command's first statements together (Tx::exec_all: one round trip on PostgreSQL, where round trips
// cost more than the statements), and then runs each command's `then` with its results, in turn. So
// other commands' first statements may run between a command's first statements and its `then`.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "store/db.h"

namespace cw::store {

class GroupCommit {
 public:
  // At most `max_batch` commands share a transaction. Commands for different databases never share one
  // (a process normally has one Db; tests open several in turn).
  explicit GroupCommit(std::size_t max_batch = 256);
  // Waits for the threads; every run() must have returned.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  struct Command {
    std::vector<Statement> first;
    // Gets one Result per first statement, in order.
    std::function<void(Tx&, std::vector<Result>&)> then;
  };

  // Runs `command` in a write transaction, perhaps shared, and returns after the commit. Rethrows what
  // the command threw in its own transaction (then nothing of it was written), or the commit's DbError.
  void run(Db& db, const Command& command);
  void run(Db& db, const std::function<void(Tx&)>& command);
  // Runs `command` in the caller's transaction, alone.
  static void run_in(Tx& tx, const Command& command);

  struct Stats {
    std::int64_t commits = 0, commands = 0, reruns = 0;  // reruns: batches rerun one by one
  };
  Stats stats() const;

 private:
  struct Pending;
  using Batch = std::vector<Pending*>;
  struct Unflushed {
    Batch batch;
    std::function<void()> flush;
  };
  void start_threads(Engine engine);
  void write_batches();
  void flush_batches();
  Batch take_batch();
  std::function<void()> commit_batch(Batch& batch);
  static void run_commands(Tx& tx, const Batch& batch);
  void finish(Batch& batch);

  std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable work_, unflushed_ready_;
  std::vector<Pending*> queue_;
  std::deque<Unflushed> unflushed_;
  std::vector<std::thread> writers_;
  std::thread flusher_;
  bool stopping_ = false, writers_stopped_ = false;
  Stats stats_;
};

}  // namespace cw::store
