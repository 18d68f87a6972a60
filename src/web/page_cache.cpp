#include "web/page_cache.h"

#include <mutex>

namespace cw::web {

namespace {

constexpr Micros kFreshFor = 2'000'000;
// Bounds memory whatever query strings arrive: when full, everything goes and the cache refills with
// what people are reading now.
constexpr std::size_t kMaxEntries = 512;
constexpr std::size_t kMaxBody = 512 * 1024;

}  // namespace

std::optional<std::string> PageCache::key_for(const Request& req, bool has_session_cookie) {
  if (req.method != Method::get || has_session_cookie) return std::nullopt;
  // The same address is a different answer for each encoding, and for a client asking for JSON.
  std::string key = req.target;
  key += '\n';
  key += req.header("accept-encoding").value_or("");
  key += req.wants_json() ? "\njson" : "\nhtml";
  return key;
}

std::optional<PageCache::Hit> PageCache::find(const std::string& key, std::uint64_t commits,
                                              Micros now) const {
  std::shared_ptr<const Entry> e;
  {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    e = it->second;
  }
  if (e->commits != commits || now < e->stored_at || now - e->stored_at >= kFreshFor) return std::nullopt;
  return Hit{e->response, e->route};
}

void PageCache::keep(const std::string& key, const Response& res, const std::string& route,
                     std::uint64_t commits, Micros now) {
  if (res.status != 200 || res.body.size() > kMaxBody) return;
  auto type = res.headers.find("Content-Type");
  if (type == res.headers.end() || !type->second.starts_with("text/html")) return;
  if (res.headers.find("Set-Cookie") != res.headers.end()) return;
  auto entry = std::make_shared<const Entry>(Entry{res, route, commits, now});
  std::unique_lock lock(mutex_);
  if (entries_.size() >= kMaxEntries && !entries_.count(key)) entries_.clear();
  entries_[key] = std::move(entry);
}

std::size_t PageCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace cw::web
