#include "app/runtime.h"

#include "app/cli.h"
#include "app/modules.h"
#include "app/site.h"
#include "store/migrate.h"

namespace cw::app {

Runtime::Runtime(RuntimeOptions o, const Clock& clock) {
  // Every worker may hold a connection, plus one for /healthz and metrics under load, and two for the
  // job thread (on PostgreSQL a job's claim holds one while the job works in another).
  run_jobs_ = o.run_jobs;
  db_ = store::Db::open(o.db_url, o.threads + 3);
  store::migrate(*db_, all_migrations(db_->engine()));
  views_ = &html::shared_views();
  statics_ = std::make_unique<web::StaticFiles>(o.static_dir);
  router_ = std::make_unique<web::Router>();
  site_ = std::make_unique<web::Site>(build_site(*statics_, *router_));
  site_->behind_tls = o.behind_tls;
  site_->base_url = trimmed_base_url(o.base_url);
  site_->tile_url = o.tile_url;
  site_->tile_attribution = o.tile_attribution;
  site_->controller = o.controller;
  app_ = std::make_unique<web::WebApp>(*db_, *views_, clock, *site_, *router_,
                                       web::AppOptions{.log_requests = o.log_requests,
                                                       .behind_tls = o.behind_tls,
                                                       .trusted_proxies = o.trusted_proxies,
                                                       .metrics_token = o.metrics_token});
  for (auto& m : all_modules())
    if (m.authenticator) app_->set_authenticator(m.authenticator);
  auto server_options = o.server;
  server_options.host = o.host;
  server_options.port = o.port;
  server_options.worker_threads = o.threads;
  // Behind a reverse proxy every visitor arrives from its address.
  server_options.unlimited_addresses = o.trusted_proxies;
  auto* app = app_.get();
  server_ = std::make_unique<web::Server>(
      server_options, [app](web::Request& r) { return app->handle(r); },
      [app](web::Method m, const std::string& t, const std::string& c) { return app->body_limit(m, t, c); },
      [app](int s, const std::string& c, const std::string& msg, bool json) {
        return app->protocol_error(s, c, msg, json);
      });
  server_->listen();
  std::vector<modules::Job> jobs;
  for (auto& m : all_modules()) jobs.insert(jobs.end(), m.jobs.begin(), m.jobs.end());
  jobs_ = std::make_unique<JobRunner>(std::move(jobs), modules::JobContext{*db_, clock, *views_, *site_});
  auto* server = server_.get();
  app_->metrics().add_gauge("commonweal_http_connections", "Open HTTP connections.",
                            [server] { return server->stats().open_connections; });
  app_->metrics().add_gauge("commonweal_workers_busy", "Worker threads handling a request.",
                            [server] { return server->stats().busy_workers; });
  app_->metrics().add_gauge("commonweal_workers", "Worker threads.",
                            [server] { return server->stats().worker_threads; });
}

void Runtime::run(bool handle_signals) {
  if (run_jobs_) jobs_->start();
  server_->run(handle_signals);
  jobs_->stop();
}

Runtime::~Runtime() {
  if (jobs_) jobs_->stop();
  server_.reset();
  if (db_) db_->close();
}

}  // namespace cw::app
