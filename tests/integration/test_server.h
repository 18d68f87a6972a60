// Starts a real commonweal server on a free loopback port, in this process, against a real database
// (a fresh SQLite file or the harness's PostgreSQL), with the demo locality loaded.
#pragma once
#include <memory>
#include <string>
#include <thread>

#include "app/runtime.h"

namespace cw::testing {

enum class EngineUnderTest { sqlite, postgresql };
std::string engine_name(EngineUnderTest e);

// A database URL for the engine: a new SQLite file in a temp dir, or a new database on the shared
// temporary PostgreSQL server. Each call gives an empty database.
std::string fresh_database_url(EngineUnderTest e);

class TestServer {
 public:
  explicit TestServer(EngineUnderTest engine, web::ServerOptions server = {}, bool load_demo = true,
                      bool behind_tls = false);
  ~TestServer();
  std::uint16_t port() const { return runtime_->port(); }
  app::Runtime& runtime() { return *runtime_; }
  // The server's clock, for tests that must let time pass (pages kept for anonymous readers expire).
  FixedClock& clock() { return clock_; }
  // Stops the server and waits for run() to return; returns how long that took.
  std::chrono::milliseconds stop();

 private:
  FixedClock clock_{1'700'000'000'000'000};
  std::unique_ptr<app::Runtime> runtime_;
  std::thread thread_;
};

}  // namespace cw::testing
