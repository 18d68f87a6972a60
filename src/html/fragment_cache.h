// Rendered parts of pages that change only when their data does: a petition's ward map, decile chart
// and tables change only when its tally does, so a surge of readers renders them once per tally rather
// than once per request. Kept by key and data version; bounded, dropping the least recently used;
// thread-safe. The same for both engines: versions come from ordinary columns (petitions.tallied_at).
#pragma once
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cw::html {

class FragmentCache {
 public:
  explicit FragmentCache(std::size_t capacity) : capacity_(capacity) {}

  // The fragment for `key` at `version`: the kept one when its version matches, else `render()`'s,
  // which replaces it. `render` runs without the lock held, so a slow render blocks no other key; two
  // requests missing at once may both render, and the later one is kept.
  std::shared_ptr<const std::string> get(const std::string& key, std::int64_t version,
                                         const std::function<std::string()>& render);

  std::size_t size() const;
  std::int64_t hits() const;
  std::int64_t misses() const;

 private:
  struct Entry {
    std::int64_t version;
    std::shared_ptr<const std::string> html;
    std::list<std::string>::iterator recent;
  };
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recent_;  // most recently used first
  std::int64_t hits_ = 0, misses_ = 0;
};

}  // namespace cw::html
