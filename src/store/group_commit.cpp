#include "store/group_commit.h"

#include <exception>

namespace cw::store {

struct GroupCommit::Pending {
  Db* db;
  const std::function<void(Tx&)>* command;
  bool done = false;
  std::exception_ptr error;
};

GroupCommit::GroupCommit(std::size_t max_batch) : max_batch_(max_batch ? max_batch : 1) {}

void GroupCommit::run(Db& db, const std::function<void(Tx&)>& command) {
  Pending mine{&db, &command};
  std::unique_lock lock(mutex_);
  queue_.push_back(&mine);
  while (!mine.done) {
    if (leading_) {
      done_.wait(lock);
      continue;
    }
    leading_ = true;
    std::vector<Pending*> batch, rest;
    Db* db_of_batch = queue_.front()->db;
    for (auto* p : queue_) (p->db == db_of_batch && batch.size() < max_batch_ ? batch : rest).push_back(p);
    queue_.swap(rest);
    lock.unlock();
    lead(batch);
    lock.lock();
    leading_ = false;
    for (auto* p : batch) p->done = true;
    done_.notify_all();
  }
  if (mine.error) std::rethrow_exception(mine.error);
}

void GroupCommit::lead(std::vector<Pending*> batch) {
  bool shared_ok = false;
  try {
    Tx tx = batch.front()->db->write();
    for (auto* p : batch) (*p->command)(tx);
    tx.commit();
    shared_ok = true;
  } catch (...) {
    if (batch.size() == 1) batch.front()->error = std::current_exception();
  }
  if (!shared_ok && batch.size() > 1) {
    for (auto* p : batch) {
      try {
        Tx tx = p->db->write();
        (*p->command)(tx);
        tx.commit();
      } catch (...) {
        p->error = std::current_exception();
      }
    }
  }
  std::lock_guard lock(mutex_);
  ++stats_.commits;
  stats_.commands += static_cast<std::int64_t>(batch.size());
  if (!shared_ok && batch.size() > 1) ++stats_.reruns;
}

GroupCommit::Stats GroupCommit::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace cw::store
