// Throwaway databases for tests: a real PostgreSQL 15 started from Debian's binaries in a temporary
// directory (once per test process, stopped at exit), and fresh SQLite files in a temporary directory.
// Thread-safety: TempPostgres::shared() and fresh_database_url() may be called from any thread.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>

namespace cw::store::testing {

class TempPostgres {
 public:
  // The process-wide server, started on first use and stopped by stop() or at exit. With
  // COMMONWEAL_TEST_PG=postgresql://… set, that server is used instead. Throws std::runtime_error with the
  // server log when PostgreSQL cannot start: tests that need it fail rather than skip.
  static TempPostgres& shared();

  // URL of the database "commonweal_test".
  const std::string& url() const { return url_; }
  // Creates a new empty database and returns its URL, so a test starts from nothing.
  std::string fresh_database_url();
  // A new database copied from the one at `template_url` (CREATE DATABASE … TEMPLATE), which must have no
  // open connections: much faster than migrating and loading again for every test.
  std::string copy_database_url(const std::string& template_url);
  // Stops the server and removes its directory (idempotent; a no-op for COMMONWEAL_TEST_PG).
  void stop();

  // For fault tests: stops the server as a crash would (pg_ctl stop -m immediate), keeping its data,
  // and starts it again on the same port (it recovers from its log). REQUIRES: not COMMONWEAL_TEST_PG.
  void stop_immediately();
  void start_again();
  // The running postmaster's pid (0 when stopped) and the server's directory, for tests of the harness.
  int postmaster_pid() const;
  const std::string& directory() const { return dir_; }

  ~TempPostgres();
  TempPostgres(const TempPostgres&) = delete;
  TempPostgres& operator=(const TempPostgres&) = delete;

 private:
  TempPostgres();
  void start_server();
  bool start_postmaster();
  void start_watchdog();
  std::string url_for(const std::string& dbname) const;

  std::mutex mu_;
  std::string dir_;       // empty when using COMMONWEAL_TEST_PG
  std::string external_;  // COMMONWEAL_TEST_PG
  int port_ = 0;
  std::string url_;
  int counter_ = 0;
  bool running_ = false;
  int watchdog_pid_ = -1;
  int watchdog_pipe_ = -1;  // its write end: the watchdog acts when this closes, as it does at any exit
};

// Starts the shared server before the first test (so its start-up time is not charged to a test) and
// stops it after the last. Register with ::testing::AddGlobalTestEnvironment(new PostgresEnvironment).
class PostgresEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { TempPostgres::shared(); }
  void TearDown() override { TempPostgres::shared().stop(); }
};

// A temporary directory holding one SQLite database file, removed on destruction.
class TempSqlite {
 public:
  TempSqlite();
  ~TempSqlite();
  TempSqlite(const TempSqlite&) = delete;
  TempSqlite& operator=(const TempSqlite&) = delete;
  const std::string& path() const { return path_; }
  std::string url() const { return "sqlite:" + path_; }

 private:
  std::string dir_;
  std::string path_;
};

}  // namespace cw::store::testing
