// Real `commonweal serve` processes (the built binary) as children of a test: several app servers on one
// database, or one to kill -9 mid-request. Each runs in its own process group with its stderr in a file,
// is stopped when its ServeProcess goes (SIGTERM, then SIGKILL after 15 s), and is killed by the kernel
// if the thread that started it dies first (PR_SET_PDEATHSIG), so a killed test run leaves none behind.
// Thread-safety: one thread owns a ServeProcess and must outlive it; kill_hard() and pid() may be called
// from another.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cw::testing {

// The commonweal binary of this build (CW_COMMONWEAL_BINARY).
std::string commonweal_binary();
// A loopback TCP port nobody listens on now, for programs that cannot report the one they took.
std::uint16_t free_loopback_port();

// A child process with its stdout and stderr appended to `log_path`. Stopped by its destructor.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::vector<std::pair<std::string, std::string>> env,
               std::string log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // SIGKILL, as a crash or the OOM killer would, and reaps it.
  void kill_hard();
  // SIGTERM; waits up to `grace_ms`, then SIGKILL. Returns the exit status (128 + signal when killed);
  // the status of the first stop when called again.
  int stop(int grace_ms = 15000);
  // Everything the process wrote so far.
  std::string log() const;

 private:
  int reap(bool wait);
  pid_t pid_ = -1;
  std::string log_path_;
  int status_ = -1;
};

struct ServeSettings {
  std::string db_url;
  std::string work_dir;  // the log and, unless env says otherwise, the mail folder go here
  int threads = 2;
  std::uint16_t port = 0;  // 0: any free port (see wait_until_serving); else this one, e.g. to restart
  std::vector<std::string> extra_args;                   // e.g. {"--trusted-proxy", "127.0.0.1"}
  std::vector<std::pair<std::string, std::string>> env;  // added to this process's environment
};

// `commonweal serve --listen 127.0.0.1:PORT --quiet` on `db_url`, run from the source tree (web/static).
class ServeProcess {
 public:
  explicit ServeProcess(const ServeSettings& s);  // starts it, without waiting
  // Waits until it says which port it took, and returns that (throws with its log after 60 s, or if it
  // exits first).
  std::uint16_t wait_until_serving();
  std::uint16_t port() const { return port_; }  // REQUIRES: wait_until_serving() returned
  pid_t pid() const { return child_.pid(); }
  ChildProcess& process() { return child_; }
  std::string log() const { return child_.log(); }

 private:
  static std::string log_path(const ServeSettings& s);
  ChildProcess child_;
  std::uint16_t port_ = 0;
};

}  // namespace cw::testing
