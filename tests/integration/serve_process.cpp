#include "serve_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace cw::testing {

std::string commonweal_binary() {
  return CW_COMMONWEAL_BINARY;
}

std::uint16_t free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  if (port == 0) throw std::runtime_error("no free loopback port");
  return port;
}

ChildProcess::ChildProcess(std::vector<std::string> argv,
                           std::vector<std::pair<std::string, std::string>> env, std::string log_path)
    : log_path_(std::move(log_path)) {
  std::vector<std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string var(*e);
    bool replaced = false;
    for (const auto& [name, value] : env) replaced = replaced || var.starts_with(name + "=");
    if (!replaced) vars.push_back(std::move(var));
  }
  for (const auto& [name, value] : env) vars.push_back(name + "=" + value);
  std::vector<char*> args, envp;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  for (auto& v : vars) envp.push_back(v.data());
  envp.push_back(nullptr);
  // fork and exec rather than posix_spawn, for PR_SET_PDEATHSIG: a test run that is killed outright
  // (SIGKILL, a timeout) takes its servers and HAProxy with it instead of leaving them serving.
  pid_t parent = ::getpid();
  int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (log < 0 || null < 0) throw std::runtime_error("cannot open " + log_path_ + ": " + std::strerror(errno));
  pid_ = ::fork();
  if (pid_ == 0) {
    // Only async-signal-safe calls between fork and exec: the parent has other threads.
    // Its own process group, so a terminal's Ctrl-C reaches the test, which then stops its children.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the test died before the line above
    ::dup2(null, 0);
    ::dup2(log, 1);
    ::dup2(log, 2);
    ::execvpe(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  int fork_errno = errno;
  ::close(log);
  ::close(null);
  if (pid_ < 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(fork_errno));
}

ChildProcess::~ChildProcess() {
  stop();
}

int ChildProcess::reap(bool wait) {
  if (status_ >= 0 || pid_ <= 0) return status_;
  int status = 0;
  pid_t r;
  while ((r = ::waitpid(pid_, &status, wait ? 0 : WNOHANG)) < 0 && errno == EINTR) {
  }
  if (r == pid_) status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return status_;
}

bool ChildProcess::running() {
  return reap(false) < 0;
}

void ChildProcess::kill_hard() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  reap(true);
}

int ChildProcess::stop(int grace_ms) {
  if (!running()) return status_;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  while (running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill_hard();
  return status_;
}

std::string ChildProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ServeProcess::log_path(const ServeSettings& s) {
  static std::atomic<int> counter{0};
  return s.work_dir + "/serve-" + std::to_string(counter.fetch_add(1)) + ".log";
}

ServeProcess::ServeProcess(const ServeSettings& s)
    : child_(
          [&] {
            std::vector<std::string> argv{commonweal_binary(),
                                          "serve",
                                          "--db",
                                          s.db_url,
                                          "--listen",
                                          "127.0.0.1:" + std::to_string(s.port),
                                          "--threads",
                                          std::to_string(s.threads),
                                          "--quiet"};
            argv.insert(argv.end(), s.extra_args.begin(), s.extra_args.end());
            return argv;
          }(),
          [&] {
            auto env = s.env;
            bool has_mail_dir = false;
            for (const auto& [name, value] : env)
              has_mail_dir = has_mail_dir || name == "COMMONWEAL_MAIL_DIR";
            if (!has_mail_dir) env.emplace_back("COMMONWEAL_MAIL_DIR", s.work_dir + "/mail");
            return env;
          }(),
          log_path(s)) {}

std::uint16_t ServeProcess::wait_until_serving() {
  if (port_ != 0) return port_;
  static const std::regex serving(R"(serving http://127\.0\.0\.1:(\d+)/)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    auto text = child_.log();
    if (std::regex_search(text, m, serving)) {
      port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
      return port_;
    }
    if (!child_.running()) throw std::runtime_error("commonweal serve exited at start:\n" + text);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("commonweal serve did not start in 60 s:\n" + child_.log());
}

}  // namespace cw::testing
