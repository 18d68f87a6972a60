#include "server_farm.h"

#include <unistd.h>

#include <filesystem>
#include <mutex>

#include "app/demo.h"
#include "app/modules.h"
#include "store/migrate.h"
#include "store/tests/pg_harness.h"

namespace cw::testing {

namespace {

// The demo site migrated and loaded once per test process at today's date; each farm gets a copy.
std::string demo_template_url() {
  static std::mutex mu;
  static std::string url;
  std::lock_guard lock(mu);
  if (url.empty()) {
    auto fresh = fresh_database_url(EngineUnderTest::postgresql);
    auto db = store::Db::open(fresh, 2);
    store::migrate(*db, app::all_migrations(db->engine()));
    app::load_demo_data(*db, "data/demo", SystemClock().now());
    db->close();
    url = fresh;
  }
  return url;
}

}  // namespace

ServerFarm::ServerFarm(int servers, bool demo) {
  static int counter = 0;
  dir_ = (std::filesystem::temp_directory_path() /
          ("cw-farm-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
             .string();
  std::filesystem::create_directories(dir_);
  url_ = demo ? store::testing::TempPostgres::shared().copy_database_url(demo_template_url())
              : fresh_database_url(EngineUnderTest::postgresql);
  // All spawned before any is waited for, so on an empty database they migrate at the same moment.
  for (int i = 0; i < servers; ++i)
    servers_.push_back(
        std::make_unique<ServeProcess>(ServeSettings{.db_url = url_,
                                                     .work_dir = dir_,
                                                     .extra_args = {"--trusted-proxy", "127.0.0.1"},
                                                     .env = {{"COMMONWEAL_MAIL_DIR", mail_dir(i)}}}));
  std::vector<std::uint16_t> ports;
  for (auto& s : servers_) ports.push_back(s->wait_until_serving());
  proxy_ = std::make_unique<Haproxy>(dir_, ports);
  db_ = store::Db::open(url_, 4);
}

ServerFarm::~ServerFarm() {
  proxy_.reset();
  servers_.clear();
  if (db_) db_->close();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::int64_t ServerFarm::person(const std::string& email, const std::string& name) {
  auto hash = accounts::hash_password(kPassword, {1, 8192});
  auto now = SystemClock().now();
  return store::in_write(*db_, [&](store::Tx& tx) {
    auto id = accounts::insert_user(tx, email, hash, name, "", now);
    accounts::set_email_confirmed(tx, id, now);
    return id;
  });
}

std::int64_t ServerFarm::count(const std::string& sql, const store::Value& param) {
  return store::in_read(*db_, [&](store::Tx& tx) {
    return tx
        .exec(sql, std::holds_alternative<std::nullptr_t>(param) ? std::vector<store::Value>{}
                                                                 : std::vector<store::Value>{param})
        .one()
        .integer(0);
  });
}

HttpReply post_form(std::uint16_t port, const std::string& path, Fields fields, const std::string& cookie,
                    const std::string& extra) {
  return http_request(port, "POST", path, form_body(fields), "application/x-www-form-urlencoded",
                      cookie_header(cookie) + extra + "Sec-Fetch-Site: same-origin\r\n");
}

std::string csrf_from(std::uint16_t port, const std::string& path, const std::string& cookie) {
  return csrf_in(http_get(port, path, cookie_header(cookie)).body);
}

}  // namespace cw::testing
