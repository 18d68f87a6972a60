// Runs initdb and pg_ctl (as the postgres user when we are root, since PostgreSQL refuses to run as root)
// in a fresh temporary directory, and takes the server down on every exit path we can reach.
#include "store/tests/pg_harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <atomic>
#include <boost/url.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;
// Present only in sanitizer builds: lets us stop the server when ASan/UBSan end the process.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace cw::store::testing {

namespace {

namespace fs = std::filesystem;
const std::string kBin = "/usr/lib/postgresql/15/bin/";

// The postmaster's pid, for the signal and sanitizer paths, which can only kill() it.
std::atomic<pid_t> g_postmaster{0};

void kill_postmaster() {
  pid_t pid = g_postmaster.exchange(0);
  if (pid > 0) ::kill(pid, SIGQUIT);  // immediate shutdown; the data directory is throwaway
}

// Set once the server runs; read by the sanitizer death path, which may also allocate.
std::string g_dir;  // NOLINT: process-wide by design

void sanitizer_death() {
  pid_t pid = g_postmaster.load();
  kill_postmaster();
  // Give the postmaster a moment to exit before its directory goes.
  for (int i = 0; i < 50 && pid > 0 && ::kill(pid, 0) == 0; ++i) ::usleep(20000);
  std::error_code ignored;
  if (!g_dir.empty()) std::filesystem::remove_all(g_dir, ignored);
}

void on_fatal_signal(int sig) {
  kill_postmaster();
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void install_exit_paths() {
  static bool done = false;
  if (done) return;
  done = true;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGABRT, SIGSEGV}) {
    struct sigaction old {};
    sigaction(sig, nullptr, &old);
    if (old.sa_handler == SIG_DFL) ::signal(sig, on_fatal_signal);
  }
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(sanitizer_death);
}

std::string read_tail(const std::string& path, std::size_t max = 3000) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > max ? "…" + s.substr(s.size() - max) : s;
}

// Runs argv with output appended to `log`, in "/" (postgres must be able to read its working directory),
// as the postgres user when we are root. Returns the exit status.
int run(std::vector<std::string> args, const std::string& log) {
  if (::geteuid() == 0) args.insert(args.begin(), {"runuser", "-u", "postgres", "--"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addchdir_np(&fa, "/");
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  if (port == 0) throw std::runtime_error("TempPostgres: no free loopback port");
  return port;
}

void exec_sql(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(c) != CONNECTION_OK) {
    error = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  if (!error.empty()) throw std::runtime_error(fmt::format("TempPostgres: {} failed: {}", sql, error));
}

}  // namespace

TempPostgres& TempPostgres::shared() {
  static TempPostgres instance;  // constructed once even when tests race; destroyed (and stopped) at exit
  return instance;
}

TempPostgres::TempPostgres() {
  if (const char* env = std::getenv("COMMONWEAL_TEST_PG"); env && *env) {
    external_ = env;
    url_ = external_;
    running_ = true;
    return;
  }
  if (!fs::exists(kBin + "initdb"))
    throw std::runtime_error(
        "TempPostgres: " + kBin +
        "initdb not found; install postgresql-15 or set COMMONWEAL_TEST_PG=postgresql://…");
  install_exit_paths();
  start_server();
}

TempPostgres::~TempPostgres() {
  stop();
}

void TempPostgres::start_server() {
  std::string tmpl = (fs::temp_directory_path() / "cw-pg-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("TempPostgres: mkdtemp failed");
  dir_ = tmpl;
  if (::geteuid() == 0) {
    passwd* pw = ::getpwnam("postgres");
    if (!pw || ::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0)
      throw std::runtime_error(
          "TempPostgres: running as root but there is no postgres user to run the server");
  }
  std::string data = dir_ + "/data", setup_log = dir_ + "/setup.log", server_log = dir_ + "/server.log";
  if (run({kBin + "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--locale=C.UTF-8", "-E", "UTF8",
           "--no-sync"},
          setup_log) != 0) {
    std::string log = read_tail(setup_log);
    fs::remove_all(dir_);
    throw std::runtime_error("TempPostgres: initdb failed:\n" + log);
  }
  start_watchdog();
  // The port may be taken between choosing and binding it, so a few attempts.
  for (int attempt = 0; attempt < 3 && !running_; ++attempt) {
    port_ = free_port();
    running_ = start_postmaster();
  }
  if (!running_) {
    std::string log = read_tail(setup_log) + read_tail(server_log);
    run({kBin + "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"}, setup_log);
    fs::remove_all(dir_);
    throw std::runtime_error("TempPostgres: PostgreSQL did not start:\n" + log);
  }
  g_dir = dir_;
  url_ = url_for("commonweal_test");
  exec_sql(url_for("postgres"), "CREATE DATABASE commonweal_test");
}

// pg_ctl start on port_; true when the server answers. Records the postmaster's pid for the exit paths.
bool TempPostgres::start_postmaster() {
  std::string data = dir_ + "/data";
  // Tests trade durability for speed; benchmarks that measure durable commits set
  // COMMONWEAL_TEST_PG_DURABLE=1 and get PostgreSQL's defaults (fsync, synchronous commit).
  // COMMONWEAL_TEST_PG_OPTIONS adds server settings ("-c wal_sync_method=open_datasync"), to measure
  // how a deployment's settings would change a benchmark.
  const char* durable = std::getenv("COMMONWEAL_TEST_PG_DURABLE");
  bool durable_on = durable && std::string(durable) == "1";
  const char* extra = std::getenv("COMMONWEAL_TEST_PG_OPTIONS");
  std::string opts =
      fmt::format("-p {} -k {} -c listen_addresses=127.0.0.1 {}-c max_connections=200 {}", port_, dir_,
                  durable_on ? "" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off ",
                  extra ? extra : "");
  if (run({kBin + "pg_ctl", "-D", data, "-l", dir_ + "/server.log", "-w", "-t", "60", "-o", opts, "start"},
          dir_ + "/setup.log") != 0)
    return false;
  std::ifstream pidfile(data + "/postmaster.pid");
  pid_t pid = 0;
  pidfile >> pid;
  g_postmaster = pid;
  return true;
}

// pg_ctl starts the postmaster as a daemon, so it would outlive a test run killed with SIGKILL (which no
// handler sees). A watchdog in a session of its own holds the read end of a pipe whose only write end is
// ours (close-on-exec, so no other child holds it): the kernel closes it however we exit, the watchdog
// reads end of file, stops the postmaster and removes the directory.
void TempPostgres::start_watchdog() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("TempPostgres: pipe failed");
  std::string script =
      "cat >/dev/null; pid=$(head -n 1 \"$1/data/postmaster.pid\" 2>/dev/null); "
      "if [ -n \"$pid\" ]; then kill -QUIT \"$pid\" 2>/dev/null; i=0; "
      "while kill -0 \"$pid\" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; fi; "
      "rm -rf \"$1\"";
  std::vector<std::string> args{"/bin/sh", "-c", script, "cw-pg-watchdog", dir_};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&fa, "/");
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);  // a Ctrl-C to the test run does not reach it
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(fds[0]);
  if (rc != 0) {
    ::close(fds[1]);
    throw std::runtime_error("TempPostgres: cannot start the watchdog");
  }
  watchdog_pid_ = pid;
  watchdog_pipe_ = fds[1];
}

std::string TempPostgres::url_for(const std::string& dbname) const {
  // Through the Unix socket, as a server on the same machine would be reached (no TCP stack both ways).
  if (external_.empty()) return fmt::format("postgresql://postgres@/{}?host={}&port={}", dbname, dir_, port_);
  // The path of postgresql://auth@host:port/path?query is the database.
  boost::urls::url url = boost::urls::parse_uri(external_).value();
  url.set_path("/" + dbname);
  return std::string(url.buffer());
}

std::string TempPostgres::fresh_database_url() {
  std::string name;
  {
    std::lock_guard lock(mu_);
    if (!running_) throw std::runtime_error("TempPostgres: the server has been stopped");
    name = fmt::format("cw_test_{}_{}", ::getpid(), ++counter_);
  }
  exec_sql(url_for("postgres"), "CREATE DATABASE " + name);
  return url_for(name);
}

std::string TempPostgres::copy_database_url(const std::string& template_url) {
  auto source = std::string(boost::urls::parse_uri(template_url).value().path()).substr(1);
  std::string name;
  {
    std::lock_guard lock(mu_);
    if (!running_) throw std::runtime_error("TempPostgres: the server has been stopped");
    name = fmt::format("cw_test_{}_{}", ::getpid(), ++counter_);
  }
  // The template's last connections may still be closing on the server side: a few short retries.
  for (int attempt = 0;; ++attempt) {
    try {
      exec_sql(url_for("postgres"), "CREATE DATABASE " + name + " TEMPLATE " + source);
      return url_for(name);
    } catch (const std::exception&) {
      if (attempt >= 40) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

void TempPostgres::stop() {
  std::lock_guard lock(mu_);
  if (!running_ || !external_.empty()) return;
  running_ = false;
  run({kBin + "pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"}, dir_ + "/setup.log");
  g_postmaster = 0;
  g_dir.clear();
  if (watchdog_pipe_ >= 0) {
    ::close(std::exchange(watchdog_pipe_, -1));  // the watchdog finds no server, removes the directory
    int status = 0;
    while (::waitpid(watchdog_pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void TempPostgres::stop_immediately() {
  std::lock_guard lock(mu_);
  if (!external_.empty()) throw std::runtime_error("TempPostgres: cannot stop COMMONWEAL_TEST_PG");
  run({kBin + "pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"}, dir_ + "/setup.log");
  g_postmaster = 0;
}

void TempPostgres::start_again() {
  std::lock_guard lock(mu_);
  if (!external_.empty()) throw std::runtime_error("TempPostgres: cannot start COMMONWEAL_TEST_PG");
  if (!start_postmaster())
    throw std::runtime_error("TempPostgres: PostgreSQL did not start again:\n" +
                             read_tail(dir_ + "/server.log"));
}

int TempPostgres::postmaster_pid() const {
  return g_postmaster.load();
}

TempSqlite::TempSqlite() {
  std::string tmpl = (fs::temp_directory_path() / "cw-sqlite-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("TempSqlite: mkdtemp failed");
  dir_ = tmpl;
  path_ = dir_ + "/test.sqlite";
}

TempSqlite::~TempSqlite() {
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

}  // namespace cw::store::testing
