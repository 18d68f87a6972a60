// A short-lived cache of the pages anonymous readers get, so that a surge of readers on one petition
// or ward costs one render per change rather than one per reader. A page is kept for at most two
// seconds and only until the next database commit in this process: a reader never sees a page older
// than the last change made here (other servers' changes show within two seconds). Thread-safe.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "web/form_page.h"
#include "web/http.h"

namespace cw::web {

class PageCache {
 public:
  struct Hit {
    Response response;                     // as served, unless the page has forms:
    std::shared_ptr<const FormPage> form;  // then each visitor's copy is made from this
    std::string route;
  };
  // What may be cached for this request: the key, or nullopt (not a GET, or the reader has a session).
  static std::optional<std::string> key_for(const Request& req, bool has_session_cookie);
  // The page stored under `key`, if it is still fresh: no commit since, and stored within 2 s of `now`.
  std::optional<Hit> find(const std::string& key, std::uint64_t commits, Micros now) const;
  // Keeps a finished response when it is a complete HTML page meant for anyone: 200, no cookie set.
  // `commits` is the count read before the page was made, so a change during its making voids it.
  void keep(const std::string& key, const Response& res, const std::string& route, std::uint64_t commits,
            Micros now);
  // The same for a page with anonymous forms, kept without its tokens.
  void keep(const std::string& key, std::shared_ptr<const FormPage> form, const std::string& route,
            std::uint64_t commits, Micros now);
  std::size_t size() const;

 private:
  struct Entry {
    Response response;
    std::shared_ptr<const FormPage> form;
    std::string route;
    std::uint64_t commits = 0;
    Micros stored_at = 0;
  };
  static bool worth_keeping(const Response& res);
  void put(const std::string& key, std::shared_ptr<const Entry> entry);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

}  // namespace cw::web
