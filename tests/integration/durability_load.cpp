#include "durability_load.h"

#include <fmt/format.h>

#include <regex>

#include "app/demo.h"
#include "app/modules.h"
#include "common/clock.h"
#include "http_client.h"
#include "site_fixture.h"
#include "store/migrate.h"

namespace cw::testing {

std::string real_time_demo_site(EngineUnderTest engine, const std::string& sqlite_path) {
  auto url = sqlite_path.empty() ? fresh_database_url(engine) : "sqlite:" + sqlite_path;
  auto db = store::Db::open(url, 2);
  store::migrate(*db, app::all_migrations(db->engine()));
  app::load_demo_data(*db, "data/demo", SystemClock().now());
  db->close();
  return url;
}

std::int64_t open_petition(const std::string& db_url) {
  auto db = store::Db::open(db_url, 1);
  auto id = store::in_read(*db, [](store::Tx& tx) {
    return tx.run("SELECT MIN(id) FROM petitions WHERE state = 'open'").one().integer(0);
  });
  db->close();
  return id;
}

std::map<std::string, std::string> stored_signatures(const std::string& db_url, std::int64_t petition) {
  auto db = store::Db::open(db_url, 1);
  std::map<std::string, std::string> out;
  store::in_read(*db, [&](store::Tx& tx) {
    for (const auto& r :
         tx.run("SELECT email, state FROM petition_signatures WHERE petition_id = $1", petition).rows)
      out[r.text(0)] = r.text(1);
  });
  db->close();
  return out;
}

SigningLoad::SigningLoad(std::uint16_t port, std::string db_url, std::int64_t petition, int threads,
                         std::string tag)
    : port_(port), db_url_(std::move(db_url)), petition_(petition), tag_(std::move(tag)) {
  for (int t = 0; t < threads; ++t) threads_.emplace_back([this, t] { run(t); });
}

SigningLoad::~SigningLoad() {
  stop();
}

void SigningLoad::stop() {
  stopping_ = true;
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void SigningLoad::run(int thread) {
  std::string token;
  for (int n = 0; !stopping_; ++n) {
    auto email = fmt::format("{}-{}-{}@example.org", tag_, thread, n);
    if (sign(email, token, thread) != 303) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // not a tight loop while it is down
      continue;
    }
    if (n % 3 == 0) confirm(email);
  }
}

int SigningLoad::record(int status, const std::string& body, std::chrono::steady_clock::duration took) {
  std::lock_guard lock(mu_);
  ++statuses_[status];
  bodies_[status] = body;
  slowest_ = std::max(slowest_, took);
  return status;
}

int SigningLoad::sign(const std::string& email, std::string& token, int thread) {
  static std::atomic<std::uint32_t> next_address{1};
  auto path = "/petitions/" + std::to_string(petition_);
  auto start = std::chrono::steady_clock::now();
  HttpReply reply;
  try {
    if (token.empty()) {
      auto page = http_get(port_, path, cookie_header(""));
      token = csrf_in(page.body);
      if (token.empty()) return record(page.status, page.body, std::chrono::steady_clock::now() - start);
    }
    auto a = next_address++;
    auto forwarded = fmt::format("X-Forwarded-For: 10.{}.{}.{}\r\nSec-Fetch-Site: same-origin\r\n{}",
                                 (a >> 16) & 255, (a >> 8) & 255, a & 255, cookie_header(""));
    reply = http_request(port_, "POST", path + "/sign",
                         form_body({{"csrf_token", token},
                                    {"name", "Signer " + std::to_string(thread)},
                                    {"email", email},
                                    {"postcode", "SM1 1EA"},
                                    {"declaration", "yes"}}),
                         "application/x-www-form-urlencoded", forwarded);
  } catch (const std::exception&) {  // refused: the server is down or restarting
  }
  if (reply.status == 403) token.clear();
  if (reply.status == 303) {
    std::lock_guard lock(mu_);
    acks_.signed_emails.insert(email);
  }
  return record(reply.status, reply.body, std::chrono::steady_clock::now() - start);
}

// The link from the mail the sign left in the outbox, opened and its button pressed.
int SigningLoad::confirm(const std::string& email) {
  std::string link;
  try {
    auto db = store::Db::open(db_url_, 1);
    auto body = store::in_read(*db, [&](store::Tx& tx) {
      auto r = tx.run("SELECT text_body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1", email);
      return r.empty() ? std::string() : r.rows[0].text(0);
    });
    db->close();
    std::smatch m;
    if (!std::regex_search(body, m, std::regex("/petitions/confirm/[A-Za-z0-9_-]+"))) return 0;
    link = m[0].str();
  } catch (const std::exception&) {  // the database is down: the test is about the server, not us
    return 0;
  }
  auto start = std::chrono::steady_clock::now();
  HttpReply reply;
  try {
    auto token = csrf_in(http_get(port_, link, cookie_header("")).body);
    reply = http_request(port_, "POST", link, form_body({{"csrf_token", token}}),
                         "application/x-www-form-urlencoded",
                         "Sec-Fetch-Site: same-origin\r\n" + cookie_header(""));
  } catch (const std::exception&) {
  }
  if (reply.status == 200) {
    std::lock_guard lock(mu_);
    acks_.confirmed_emails.insert(email);
  }
  return record(reply.status, reply.body, std::chrono::steady_clock::now() - start);
}

Acknowledged SigningLoad::acknowledged() const {
  std::lock_guard lock(mu_);
  return acks_;
}

std::size_t SigningLoad::signed_count() const {
  std::lock_guard lock(mu_);
  return acks_.signed_emails.size();
}

std::map<int, int> SigningLoad::statuses() const {
  std::lock_guard lock(mu_);
  return statuses_;
}

std::chrono::milliseconds SigningLoad::slowest_reply() const {
  std::lock_guard lock(mu_);
  return std::chrono::duration_cast<std::chrono::milliseconds>(slowest_);
}

std::string SigningLoad::body_for(int status) const {
  std::lock_guard lock(mu_);
  auto it = bodies_.find(status);
  return it == bodies_.end() ? std::string() : it->second.substr(0, 2000);
}

}  // namespace cw::testing
