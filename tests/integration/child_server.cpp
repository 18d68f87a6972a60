// fork + exec rather than posix_spawn, for PR_SET_PDEATHSIG: a test run that is itself killed must not
// leave a server holding its port and database. Only async-signal-safe calls run between fork and exec.
#include "child_server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace cw::testing {

namespace {

namespace fs = std::filesystem;

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

ChildServer::ChildServer(std::string db_url, std::vector<std::string> extra)
    : db_url_(std::move(db_url)), extra_(std::move(extra)) {
  std::string tmpl = (fs::temp_directory_path() / "cw-child-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("ChildServer: mkdtemp failed");
  dir_ = tmpl;
  start();
}

ChildServer::~ChildServer() {
  kill9();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void ChildServer::start() {
  if (running()) throw std::runtime_error("ChildServer: already running");
  spawn();
  wait_until_serving();
}

void ChildServer::spawn() {
  std::vector<std::string> args{CW_COMMONWEAL_BINARY,
                                "serve",
                                "--db",
                                db_url_,
                                "--listen",
                                "127.0.0.1:" + std::to_string(port_),
                                "--quiet",
                                "--threads",
                                "4"};
  args.insert(args.end(), extra_.begin(), extra_.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text{"COMMONWEAL_MAIL_DIR=" + dir_ + "/mail"};
  for (char** e = environ; *e; ++e)
    if (!std::string_view(*e).starts_with("COMMONWEAL_MAIL_DIR=")) env_text.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string log = dir_ + "/output.log";
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("ChildServer: fork failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || in < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  pid_ = pid;
}

void ChildServer::wait_until_serving() {
  // "commonweal: serving http://127.0.0.1:PORT/" once it listens; the port is kept for restarts.
  static const std::regex serving(R"(serving http://[0-9.]+:([0-9]+)/)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::size_t seen = output().size();
  while (std::chrono::steady_clock::now() < deadline) {
    auto text = output().substr(seen);
    std::smatch m;
    if (std::regex_search(text, m, serving)) {
      port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("ChildServer: commonweal serve exited at start:\n" + output());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill9();
  throw std::runtime_error("ChildServer: commonweal serve did not start within 60 s:\n" + output());
}

void ChildServer::kill9() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  wait_for(pid_);
  pid_ = -1;
}

int ChildServer::terminate() {
  if (!running()) return -1;
  ::kill(pid_, SIGTERM);
  int status = wait_for(pid_);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ChildServer::output() const {
  std::ifstream in(dir_ + "/output.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace cw::testing
