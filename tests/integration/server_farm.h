// Several real app servers on one PostgreSQL behind HAProxy, as docs/OPERATIONS.md describes running
// them: `commonweal serve` processes of this build (serve_process.h) on a copy of the demo site loaded at
// today's date (they run on the system clock), each sending mail into a folder of its own, as servers
// on separate machines would. The test reaches the database directly through db().
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "haproxy.h"
#include "http_client.h"
#include "serve_process.h"
#include "site_fixture.h"
#include "store/db.h"

namespace cw::testing {

class ServerFarm {
 public:
  // With `demo` false the database is empty and the servers migrate it themselves, all at once.
  explicit ServerFarm(int servers = 3, bool demo = true);
  ~ServerFarm();
  ServerFarm(const ServerFarm&) = delete;
  ServerFarm& operator=(const ServerFarm&) = delete;

  std::uint16_t proxy_port() const { return proxy_->port(); }
  int size() const { return static_cast<int>(servers_.size()); }
  ServeProcess& server(int i) { return *servers_.at(static_cast<std::size_t>(i)); }
  std::string mail_dir(int i) const { return dir_ + "/mail-" + std::to_string(i); }
  store::Db& db() { return *db_; }
  const std::string& db_url() const { return url_; }

  // A confirmed person written through the store, who signs in with kPassword.
  std::int64_t person(const std::string& email, const std::string& name);
  std::int64_t count(const std::string& sql, const store::Value& param = nullptr);

 private:
  std::string dir_, url_;
  std::vector<std::unique_ptr<ServeProcess>> servers_;
  std::unique_ptr<Haproxy> proxy_;
  std::unique_ptr<store::Db> db_;
};

// A form POST as a browser sends it from one of the site's pages.
HttpReply post_form(std::uint16_t port, const std::string& path, Fields fields,
                    const std::string& cookie = {}, const std::string& extra = {});
// The CSRF token of the first form on `path` (empty when the page has none).
std::string csrf_from(std::uint16_t port, const std::string& path, const std::string& cookie = {});

}  // namespace cw::testing
