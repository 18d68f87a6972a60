// Serves the files under web/static. Each file is also reachable under a name carrying a hash of its
// content ("app.css" → "/static/app.1a2b3c4d5e6f.css") cached for a year; pages link to those, so a
// new release can never be mixed with stale cached files. Loaded once at start-up; read-only after.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "web/http.h"

namespace cw::web {

class StaticFiles {
 public:
  // Reads every file under `dir` (recursively). A missing dir gives an empty set.
  explicit StaticFiles(const std::string& dir);
  // "/static/app.css" → "/static/app.<hash>.css". Throws std::out_of_range for an unknown file, so a
  // typo in a layout fails at start-up rather than as a broken link.
  std::string url(const std::string& relative_path) const;
  // The response for a request path under /static/, or nullopt when there is no such file.
  std::optional<Response> serve(const Request& req) const;
  std::size_t size() const { return files_.size(); }

 private:
  // The Brotli and gzip forms of a file, made at their best setting on the first request that asks
  // (not at start-up, which every test server pays for) and kept; shared by a file's two names.
  struct Encoded {
    std::once_flag once;
    std::string brotli, gzip;  // empty when compressing does not pay
  };
  struct File {
    std::string content, content_type, etag;
    bool hashed_name;
    std::shared_ptr<Encoded> encoded;
  };
  static const Encoded& encoded_forms(const File& f);
  std::map<std::string, File> files_;          // by URL path
  std::map<std::string, std::string> hashed_;  // relative path → hashed URL
};

}  // namespace cw::web
