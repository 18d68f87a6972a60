// A running commonweal: database, views, static files, routes, pipeline and HTTP server wired
// together. `commonweal serve` runs one; the integration tests start one on a free port per test.
#pragma once
#include <memory>
#include <string>

#include "app/jobs.h"
#include "common/clock.h"
#include "html/views.h"
#include "store/db.h"
#include "web/app.h"
#include "web/server.h"
#include "web/static_files.h"

namespace cw::app {

struct RuntimeOptions {
  std::string db_url = "sqlite:var/commonweal.db";
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 4;
  std::string static_dir = "web/static";
  bool behind_tls = false;
  std::string base_url = "http://localhost:8080";  // the public address, for links in mail
  std::string tile_url, tile_attribution;          // a map tile server, to enhance maps with
  web::Site::Controller controller;                // who runs the site, for the privacy notice
  bool log_requests = true;
  // Off in the HTTP tests, which run the jobs on demand (jobs().run_all_once()): a job on its own timer
  // would otherwise deliver (and so empty) a mail a slow test is about to read.
  bool run_jobs = true;
  std::vector<std::string> trusted_proxies;  // whose X-Forwarded-For names the client
  std::string metrics_token;                 // lets /metrics answer from beyond this machine
  web::ServerOptions server;                 // host, port and worker_threads are taken from the fields above
};

class Runtime {
 public:
  // Opens the database, applies pending migrations, builds the site and binds the port.
  // Throws std::exception with a plain message on any failure.
  Runtime(RuntimeOptions options, const Clock& clock);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  std::uint16_t port() const { return server_->port(); }
  // Serves until stopped (or SIGTERM/SIGINT when handle_signals), running the background jobs meanwhile.
  void run(bool handle_signals);
  void stop() { server_->stop(); }
  // The modules' background jobs; tests run them on demand with jobs().run_all_once().
  JobRunner& jobs() { return *jobs_; }
  store::Db& db() { return *db_; }
  const web::StaticFiles& statics() const { return *statics_; }
  const web::Router& router() const { return *router_; }
  // The site's settings. Requests read them unlocked: change them only while no request is running.
  web::Site& site() { return *site_; }
  // The request pipeline without the network, for benchmarks that time a page's own work.
  web::WebApp& app() { return *app_; }

 private:
  std::unique_ptr<store::Db> db_;
  const html::Views* views_ = nullptr;  // html::shared_views()
  std::unique_ptr<web::StaticFiles> statics_;
  std::unique_ptr<web::Router> router_;
  std::unique_ptr<web::Site> site_;
  std::unique_ptr<web::WebApp> app_;
  std::unique_ptr<web::Server> server_;
  std::unique_ptr<JobRunner> jobs_;
  bool run_jobs_ = true;
};

}  // namespace cw::app
