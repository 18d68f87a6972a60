#include "store/group_commit.h"

#include <pthread.h>

#include <exception>
#include <iterator>

namespace cw::store {

namespace {
// PostgreSQL has no single writer: batches commit side by side, each on its own connection.
constexpr int kPostgresWriters = 4;
}  // namespace

struct GroupCommit::Pending {
  Db* db;
  const Command* command;
  bool done = false;
  std::exception_ptr error;
  std::condition_variable wake;  // each caller is woken alone, for its own result
};

GroupCommit::GroupCommit(std::size_t max_batch) : max_batch_(max_batch ? max_batch : 1) {}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  for (auto& t : writers_) t.join();
  {
    std::lock_guard lock(mutex_);
    writers_stopped_ = true;
  }
  unflushed_ready_.notify_all();
  if (flusher_.joinable()) flusher_.join();
}

void GroupCommit::run(Db& db, const std::function<void(Tx&)>& command) {
  run(db, Command{{}, [&command](Tx& tx, std::vector<Result>&) { command(tx); }});
}

void GroupCommit::run(Db& db, const Command& command) {
  Pending mine{&db, &command};
  std::unique_lock lock(mutex_);
  if (writers_.empty()) start_threads(db.engine());
  queue_.push_back(&mine);
  if (queue_.size() == 1) work_.notify_one();
  while (!mine.done) mine.wake.wait(lock);
  if (mine.error) std::rethrow_exception(mine.error);
}

// Holds mutex_.
void GroupCommit::start_threads(Engine engine) {
  int writers = engine == Engine::sqlite ? 1 : kPostgresWriters;
  for (int i = 0; i < writers; ++i)
    writers_.emplace_back([this] {
      pthread_setname_np(pthread_self(), "cw-group-write");  // as ps, top and perf show it
      write_batches();
    });
  if (engine == Engine::sqlite)
    flusher_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "cw-group-flush");
      flush_batches();
    });
}

// The commands queued for the database of the first one. Holds mutex_.
GroupCommit::Batch GroupCommit::take_batch() {
  Batch batch, rest;
  Db* db = queue_.front()->db;
  for (auto* p : queue_) (p->db == db && batch.size() < max_batch_ ? batch : rest).push_back(p);
  queue_.swap(rest);
  return batch;
}

void GroupCommit::write_batches() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to do
    Batch batch = take_batch();
    if (!queue_.empty()) work_.notify_one();  // another writer may take the rest
    lock.unlock();
    auto flush = commit_batch(batch);
    lock.lock();
    if (flush) {
      unflushed_.push_back({std::move(batch), std::move(flush)});
      unflushed_ready_.notify_one();
    } else {
      finish(batch);
    }
  }
}

// Runs the batch in one transaction and commits it, leaving the flush to the caller. A command that
// throws sends the batch back to be rerun one by one; a commit that fails is every command's failure,
// because it may have been written (a log that could not be flushed), so nothing is rerun.
std::function<void()> GroupCommit::commit_batch(Batch& batch) {
  bool ran = false;
  std::function<void()> flush;
  try {
    Tx tx = batch.front()->db->write();
    run_commands(tx, batch);
    ran = true;
    flush = tx.commit_leaving_flush();
  } catch (...) {
    if (ran || batch.size() == 1)
      for (auto* p : batch) p->error = std::current_exception();
  }
  if (!ran && batch.size() > 1) {
    for (auto* p : batch) {
      try {
        Tx one = p->db->write();
        run_commands(one, {p});
        one.commit();
      } catch (...) {
        p->error = std::current_exception();
      }
    }
  }
  std::lock_guard lock(mutex_);
  ++stats_.commits;
  stats_.commands += static_cast<std::int64_t>(batch.size());
  if (!ran && batch.size() > 1) ++stats_.reruns;
  return flush;
}

// Every command's first statements in one go, then each command's `then` with its share of the results.
void GroupCommit::run_commands(Tx& tx, const Batch& batch) {
  std::vector<const Statement*> first;
  for (const auto* p : batch)
    for (const auto& s : p->command->first) first.push_back(&s);
  auto results = tx.exec_all(first);
  auto next = results.begin();
  for (const auto* p : batch) {
    auto end = next + static_cast<std::ptrdiff_t>(p->command->first.size());
    std::vector<Result> mine(std::make_move_iterator(next), std::make_move_iterator(end));
    next = end;
    p->command->then(tx, mine);
  }
}

void GroupCommit::run_in(Tx& tx, const Command& command) {
  Pending alone{nullptr, &command};
  run_commands(tx, {&alone});
}

// One flush covers every batch committed before it began, so after the first of a run of batches the
// rest return at once.
void GroupCommit::flush_batches() {
  std::unique_lock lock(mutex_);
  for (;;) {
    unflushed_ready_.wait(lock, [&] { return !unflushed_.empty() || writers_stopped_; });
    if (unflushed_.empty()) return;
    std::deque<Unflushed> taken;
    taken.swap(unflushed_);
    lock.unlock();
    for (auto& u : taken) try {
        u.flush();
      } catch (...) {
        for (auto* p : u.batch) p->error = std::current_exception();
      }
    lock.lock();
    for (auto& u : taken) finish(u.batch);
  }
}

// Holds mutex_.
void GroupCommit::finish(Batch& batch) {
  for (auto* p : batch) {
    p->done = true;
    p->wake.notify_one();
  }
}

GroupCommit::Stats GroupCommit::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace cw::store
