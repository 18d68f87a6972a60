#include "test_server.h"

#include <unistd.h>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>

#include "app/demo.h"
#include "app/modules.h"
#include "store/migrate.h"
#include "store/tests/pg_harness.h"

namespace cw::testing {

std::string engine_name(EngineUnderTest e) {
  return e == EngineUnderTest::sqlite ? "sqlite" : "postgresql";
}

std::string fresh_database_url(EngineUnderTest e) {
  static std::atomic<int> counter{0};
  int n = counter.fetch_add(1);
  if (e == EngineUnderTest::postgresql) return store::testing::TempPostgres::shared().fresh_database_url();
  auto dir = std::filesystem::temp_directory_path() / ("cw-it-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return "sqlite:" + (dir / ("db" + std::to_string(n) + ".sqlite")).string();
}

namespace {

// The demo locality, migrated and loaded once per engine; each server with the demo gets a copy (a file
// copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL), because loading it for every test was most
// of the HTTP tests' time. Every server's clock starts at the same instant, so the copies are the same
// as a fresh load would be.
std::string demo_copy_url(EngineUnderTest engine, Micros now) {
  static std::map<EngineUnderTest, std::string> templates;
  auto& source = templates[engine];
  if (source.empty()) {
    auto url = fresh_database_url(engine);
    {
      auto db = store::Db::open(url, 2);
      store::migrate(*db, app::all_migrations(db->engine()));
      app::load_demo_data(*db, "data/demo", now);
      db->close();
    }
    source = url;
  }
  if (engine == EngineUnderTest::postgresql)
    return store::testing::TempPostgres::shared().copy_database_url(source);
  auto copy = fresh_database_url(engine);
  auto from = source.substr(7), to = copy.substr(7);  // past "sqlite:"
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
  if (std::filesystem::exists(from + "-wal"))
    std::filesystem::copy_file(from + "-wal", to + "-wal", std::filesystem::copy_options::overwrite_existing);
  return copy;
}

}  // namespace

TestServer::TestServer(EngineUnderTest engine, web::ServerOptions server, bool load_demo, bool behind_tls) {
  app::RuntimeOptions o;
  o.db_url = load_demo ? demo_copy_url(engine, clock_.now()) : fresh_database_url(engine);
  o.port = 0;
  o.threads = 2;
  o.log_requests = false;
  o.run_jobs = false;
  o.server = server;
  o.behind_tls = behind_tls;
  runtime_ = std::make_unique<app::Runtime>(o, clock_);
  thread_ = std::thread([this] { runtime_->run(false); });
}

std::chrono::milliseconds TestServer::stop() {
  auto start = std::chrono::steady_clock::now();
  if (thread_.joinable()) {
    runtime_->stop();
    thread_.join();
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

TestServer::~TestServer() {
  stop();
}

}  // namespace cw::testing
