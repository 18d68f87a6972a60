#include "test_server.h"

#include <unistd.h>
#include <atomic>
#include <chrono>
#include <filesystem>

#include "app/demo.h"
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

TestServer::TestServer(EngineUnderTest engine, web::ServerOptions server, bool load_demo, bool behind_tls) {
  app::RuntimeOptions o;
  o.db_url = fresh_database_url(engine);
  o.port = 0;
  o.threads = 2;
  o.log_requests = false;
  o.server = server;
  o.behind_tls = behind_tls;
  runtime_ = std::make_unique<app::Runtime>(o, clock_);
  if (load_demo) app::load_demo_data(runtime_->db(), "data/demo", clock_.now());
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
