// `commonweal serve`, `migrate` and `demo`: the commands that run the web application.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "app/cli.h"
#include "app/demo.h"
#include "app/modules.h"
#include "app/runtime.h"
#include "modules/mail/module.h"
#include "store/migrate.h"

namespace cw::app {
namespace {

struct ServeOptions {
  std::string db = "sqlite:var/commonweal.db";
  std::string listen = "127.0.0.1:8080";
  int threads = 4;
  std::string static_dir = "web/static";
  bool behind_tls = false;
  std::string base_url = kDefaultBaseUrl;
  std::string tile_url, tile_attribution;
  std::vector<std::string> trusted_proxies;
  std::string metrics_token;
  web::Site::Controller controller;
  std::vector<std::string> lawful_bases;  // "purpose=basis"
  bool quiet = false;
};

[[noreturn]] void fail(const std::string& message, int code = 1) {
  std::cerr << "commonweal: " << message << "\n";
  throw CLI::RuntimeError(code);
}

web::Site::Controller controller_of(const ServeOptions& o) {
  auto c = o.controller;
  for (const auto& pair : o.lawful_bases) {
    auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
      fail("--lawful-basis wants PURPOSE=BASIS, like petitions=\"public task\", not " + pair, 2);
    c.lawful_bases[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return c;
}

void add_controller_options(CLI::App* s, ServeOptions& o) {
  s->add_option("--controller-name", o.controller.name,
                "Who runs the site, the data controller named in the privacy notice")
      ->envname("COMMONWEAL_CONTROLLER_NAME");
  s->add_option("--controller-email", o.controller.email, "Where people write about the site and their data")
      ->envname("COMMONWEAL_CONTROLLER_EMAIL");
  s->add_option("--controller-address", o.controller.address, "The controller's postal address")
      ->envname("COMMONWEAL_CONTROLLER_ADDRESS");
  s->add_option("--dpo-email", o.controller.dpo_email, "The data protection officer's address")
      ->envname("COMMONWEAL_DPO_EMAIL");
  s->add_option("--lawful-basis", o.lawful_bases,
                "PURPOSE=BASIS (repeat): the lawful basis the privacy notice gives for accounts, petitions, "
                "consultations, alerts, assets or security, replacing its default")
      ->envname("COMMONWEAL_LAWFUL_BASES")
      ->delimiter(';');
}

std::unique_ptr<store::Db> open_db(const std::string& url, int pool) {
  try {
    return store::Db::open(url, pool);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void run_migrations(store::Db& db, bool verbose) {
  try {
    auto report = store::migrate(db, all_migrations(db.engine()));
    if (verbose) {
      for (const auto& name : report.recognised)
        std::cout << "recorded " << name << " (an earlier file did its work)\n";
      for (const auto& name : report.applied) std::cout << "applied " << name << "\n";
      std::cout << fmt::format("{} applied, {} recorded from earlier files, {} already up to date\n",
                               report.applied.size(), report.recognised.size(), report.already);
    }
  } catch (const std::exception& e) {
    fail(std::string("migration failed: ") + e.what());
  }
}

std::pair<std::string, std::uint16_t> split_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) fail("--listen must be HOST:PORT, e.g. 127.0.0.1:8080", 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    fail("--listen port must be a number: " + listen, 2);
  }
  if (port < 0 || port > 65535) fail("--listen port must be 0–65535: " + listen, 2);
  return {listen.substr(0, colon), static_cast<std::uint16_t>(port)};
}

void serve(const ServeOptions& o) {
  auto [host, port] = split_listen(o.listen);
  // Behind a proxy every request comes from the proxy: without trusting it, every per-address limit
  // (sign-in, petitions, reports) would count all visitors as one, and one person could lock out all.
  try {
    mail::make_transport(mail::settings_from_environment());  // a bad mail setting stops serve, not migrate
  } catch (const std::invalid_argument& e) {
    fail(e.what());
  }
  if (o.behind_tls && o.trusted_proxies.empty())
    fail(
        "--behind-tls means a reverse proxy sends every request: name it with --trusted-proxy (for example "
        "--trusted-proxy 127.0.0.1 when it runs on this machine) so that limits see each visitor's address",
        2);
  SystemClock clock;
  std::unique_ptr<Runtime> runtime;
  try {
    runtime = std::make_unique<Runtime>(RuntimeOptions{.db_url = o.db,
                                                       .host = host,
                                                       .port = port,
                                                       .threads = o.threads,
                                                       .static_dir = o.static_dir,
                                                       .behind_tls = o.behind_tls,
                                                       .base_url = o.base_url,
                                                       .tile_url = o.tile_url,
                                                       .tile_attribution = o.tile_attribution,
                                                       .controller = controller_of(o),
                                                       .log_requests = !o.quiet,
                                                       .trusted_proxies = o.trusted_proxies,
                                                       .metrics_token = o.metrics_token},
                                        clock);
  } catch (const std::exception& e) {
    fail(e.what());
  }
  std::cerr << fmt::format("commonweal: serving http://{}:{}/ ({} static files)\n", host, runtime->port(),
                           runtime->statics().size());
  runtime->run(true);
  runtime.reset();
  std::cerr << "commonweal: stopped\n";
}

}  // namespace

void add_server_commands(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  auto* s = app.add_subcommand("serve", "Serve the web application");
  s->add_option("--db", o->db, "Database URL: sqlite:<path> or postgresql://…")
      ->envname("COMMONWEAL_DB")
      ->capture_default_str();
  s->add_option("--listen", o->listen, "Address to listen on, HOST:PORT")
      ->envname("COMMONWEAL_LISTEN")
      ->capture_default_str();
  s->add_option("--threads", o->threads, "Worker threads for handlers and database work")
      ->envname("COMMONWEAL_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  s->add_option("--static", o->static_dir, "Folder of static files")
      ->envname("COMMONWEAL_STATIC_DIR")
      ->capture_default_str();
  s->add_flag("--behind-tls", o->behind_tls, "Running behind an HTTPS proxy: send HSTS")
      ->envname("COMMONWEAL_BEHIND_TLS");
  s->add_option("--tile-url", o->tile_url,
                "A map tile server, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png: maps get Leaflet")
      ->envname("COMMONWEAL_TILE_URL")
      ->check([](const std::string& url) {
        return web::url_origin(url).empty()
                   ? std::string("must start with https:// or http:// and a host name")
                   : std::string();
      });
  s->add_option("--tile-attribution", o->tile_attribution, "Who the tiles are from, as their licence asks")
      ->envname("COMMONWEAL_TILE_ATTRIBUTION");
  add_base_url_option(s, o->base_url, "for links in mail");
  add_controller_options(s, *o);
  s->add_option("--trusted-proxy", o->trusted_proxies,
                "A reverse proxy's address (repeat for several): its X-Forwarded-For names the client, for "
                "rate limits")
      ->envname("COMMONWEAL_TRUSTED_PROXY")
      ->delimiter(',');
  s->add_option(
       "--metrics-token", o->metrics_token,
       "Lets GET /metrics answer 'Authorization: Bearer TOKEN' from anywhere (else this machine only)")
      ->envname("COMMONWEAL_METRICS_TOKEN");
  s->add_flag("--quiet", o->quiet, "Do not log one line per request");
  s->callback([o] { serve(*o); });

  auto db_url = std::make_shared<std::string>("sqlite:var/commonweal.db");
  auto* m = app.add_subcommand("migrate", "Apply database migrations that have not run yet");
  m->add_option("--db", *db_url, "Database URL")->envname("COMMONWEAL_DB")->capture_default_str();
  m->callback([db_url] { run_migrations(*open_db(*db_url, 2), true); });

  auto demo_dir = std::make_shared<std::string>("data/demo");
  auto* d = app.add_subcommand("demo", "Load the demo locality (migrates first; safe to run again)");
  d->add_option("--db", *db_url, "Database URL")->envname("COMMONWEAL_DB")->capture_default_str();
  d->add_option("--data", *demo_dir, "Folder with the demo data")
      ->envname("COMMONWEAL_DEMO_DIR")
      ->capture_default_str();
  d->callback([db_url, demo_dir] {
    auto db = open_db(*db_url, 2);
    run_migrations(*db, false);
    try {
      std::cout << load_demo_data(*db, *demo_dir, SystemClock().now()) << "\n";
    } catch (const std::exception& e) {
      fail(std::string("could not load the demo: ") + e.what());
    }
  });
}

void add_base_url_option(CLI::App* command, std::string& base_url, const std::string& what) {
  command->add_option("--base-url", base_url, "The site's public address, " + what)
      ->envname("COMMONWEAL_BASE_URL")
      ->capture_default_str();
}

std::string trimmed_base_url(std::string url) {
  while (url.ends_with('/')) url.pop_back();
  return url;
}

}  // namespace cw::app
