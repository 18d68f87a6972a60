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
  return Hit{e->response, e->form, e->route};
}

bool PageCache::worth_keeping(const Response& res) {
  if (res.status != 200 || res.body.size() > kMaxBody) return false;
  auto type = res.headers.find("Content-Type");
  if (type == res.headers.end() || !type->second.starts_with("text/html")) return false;
  return res.headers.find("Set-Cookie") == res.headers.end();
}

void PageCache::keep(const std::string& key, const Response& res, const std::string& route,
                     std::uint64_t commits, Micros now) {
  if (worth_keeping(res)) put(key, std::make_shared<const Entry>(Entry{res, nullptr, route, commits, now}));
}

void PageCache::keep(const std::string& key, std::shared_ptr<const FormPage> form, const std::string& route,
                     std::uint64_t commits, Micros now) {
  if (form && worth_keeping(form->head()) && form->size() <= kMaxBody)
    put(key, std::make_shared<const Entry>(Entry{{}, std::move(form), route, commits, now}));
}

void PageCache::put(const std::string& key, std::shared_ptr<const Entry> entry) {
  std::unique_lock lock(mutex_);
  if (entries_.size() >= kMaxEntries && !entries_.count(key)) entries_.clear();
  entries_[key] = std::move(entry);
}

std::size_t PageCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace cw::web
