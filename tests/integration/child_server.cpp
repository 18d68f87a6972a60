#include "child_server.h"

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

namespace cw::testing {

namespace fs = std::filesystem;

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
  retire();
  server_.emplace(
      ServeSettings{.db_url = db_url_, .work_dir = dir_, .threads = 4, .port = port_, .extra_args = extra_});
  try {
    port_ = server_->wait_until_serving();  // kept for restarts
  } catch (...) {
    kill9();
    throw;
  }
}

void ChildServer::retire() {
  if (!server_) return;
  earlier_output_ += server_->log();
  server_.reset();
}

void ChildServer::kill9() {
  if (!server_) return;
  server_->process().kill_hard();
  retire();
}

int ChildServer::terminate() {
  if (!running()) return -1;
  int status = server_->process().stop();
  retire();
  return status;
}

std::string ChildServer::output() const {
  return earlier_output_ + (server_ ? server_->log() : "");
}

}  // namespace cw::testing
