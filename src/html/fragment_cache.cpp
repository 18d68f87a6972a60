#include "html/fragment_cache.h"

namespace cw::html {

std::shared_ptr<const std::string> FragmentCache::get(const std::string& key, std::int64_t version,
                                                      const std::function<std::string()>& render) {
  {
    std::lock_guard lock(mu_);
    if (auto it = entries_.find(key); it != entries_.end() && it->second.version == version) {
      recent_.splice(recent_.begin(), recent_, it->second.recent);
      ++hits_;
      return it->second.html;
    }
    ++misses_;
  }
  auto html = std::make_shared<const std::string>(render());
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    if (it->second.version > version) return html;  // a newer one arrived meanwhile: keep that
    it->second.version = version;
    it->second.html = html;
    recent_.splice(recent_.begin(), recent_, it->second.recent);
    return html;
  }
  recent_.push_front(key);
  entries_.emplace(key, Entry{version, html, recent_.begin()});
  while (entries_.size() > capacity_) {
    entries_.erase(recent_.back());
    recent_.pop_back();
  }
  return html;
}

std::size_t FragmentCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::int64_t FragmentCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

std::int64_t FragmentCache::misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}

}  // namespace cw::html
