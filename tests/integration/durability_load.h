// What the durability tests share: a demo site on a real clock (so its petitions are open to a child
// `commonweal serve`), and a signing load of several client threads that counts, on the client's side,
// every signature and confirmation the server acknowledged, for checking against the database later.
// Thread-safety: SigningLoad's accessors may be called while its threads run.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_server.h"

namespace cw::testing {

// A new database with the demo locality loaded at the real time; "sqlite:<path>" when `sqlite_path`
// is given, else a fresh database of the engine.
std::string real_time_demo_site(EngineUnderTest engine, const std::string& sqlite_path = {});
// The first open petition on the site.
std::int64_t open_petition(const std::string& db_url);

// What the database holds of a petition's signatures: email → state ("pending", "confirmed" …).
std::map<std::string, std::string> stored_signatures(const std::string& db_url, std::int64_t petition);

struct Acknowledged {
  std::set<std::string> signed_emails;     // 303 after POST …/sign
  std::set<std::string> confirmed_emails;  // 200 after POST /petitions/confirm/…
};

// One sign (and sometimes a confirmation) after another on each thread, with a new email and a new
// X-Forwarded-For address each time (the server must trust 127.0.0.1), so the fraud controls, which
// would refuse one address signing hundreds of times, record every signature.
class SigningLoad {
 public:
  SigningLoad(std::uint16_t port, std::string db_url, std::int64_t petition, int threads, std::string tag);
  ~SigningLoad();
  SigningLoad(const SigningLoad&) = delete;
  SigningLoad& operator=(const SigningLoad&) = delete;

  void stop();
  Acknowledged acknowledged() const;
  std::size_t signed_count() const;
  // How many replies had each status (0: no reply, the connection failed or the server died).
  std::map<int, int> statuses() const;
  std::chrono::milliseconds slowest_reply() const;
  // The last body seen with this status, to show what a wrong reply said.
  std::string body_for(int status) const;

 private:
  void run(int thread);
  int sign(const std::string& email, std::string& token, int thread);
  int confirm(const std::string& email);
  int record(int status, const std::string& body, std::chrono::steady_clock::duration took);

  std::uint16_t port_;
  std::string db_url_;
  std::int64_t petition_;
  std::string tag_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  Acknowledged acks_;
  std::map<int, int> statuses_;
  std::map<int, std::string> bodies_;
  std::chrono::steady_clock::duration slowest_{};
  std::vector<std::thread> threads_;
};

}  // namespace cw::testing
