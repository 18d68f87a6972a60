// Three app servers on one PostgreSQL behind HAProxy, and one killed with SIGKILL in the middle of a
// surge of signatures: no signature or confirmation the client was told of is lost, the jobs the dead
// server was running move to another server, and the petition's tally comes to a recount of its rows.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <regex>
#include <thread>

#include "modules/jobs/claims.h"
#include "server_farm.h"

namespace cw::testing {
namespace {

using namespace std::chrono_literals;

struct Acknowledged {
  std::mutex mu;
  std::vector<std::string> signed_by;     // 303 See Other to "check your email"
  std::vector<std::string> confirmed_by;  // 200 "signature added"
  std::atomic<int> failed{0};             // refused by the proxy or cut off: the client was told nothing
};

// One signer after another through the proxy, each from an address of its own: sign, read the mailed
// link from the outbox, confirm.
void sign_and_confirm_until(ServerFarm& farm, const std::string& csrf, int client, std::atomic<bool>& stop,
                            Acknowledged& ack) {
  std::mt19937 random(static_cast<unsigned>(client));
  std::uniform_int_distribution<int> octet(1, 254);
  static const std::regex link(R"(/petitions/confirm/([A-Za-z0-9_-]+))");
  for (int i = 0; !stop; ++i) {
    auto email = "surge-" + std::to_string(client) + "-" + std::to_string(i) + "@gmail.com";
    auto from = "X-Forwarded-For: 10." + std::to_string(octet(random)) + "." + std::to_string(octet(random)) +
                "." + std::to_string(octet(random)) + "\r\n";
    auto sign = post_form(farm.proxy_port(), "/petitions/1/sign",
                          {{"csrf_token", csrf},
                           {"name", "Surge Signer"},
                           {"email", email},
                           {"postcode", "SM1 1EA"},
                           {"declaration", "yes"}},
                          "", from);
    if (sign.status != 303) {
      ++ack.failed;
      continue;
    }
    {
      std::lock_guard lock(ack.mu);
      ack.signed_by.push_back(email);
    }
    auto mail = store::in_read(farm.db(), [&](store::Tx& tx) {
      return tx.run("SELECT text_body FROM outbox WHERE to_address = $1 AND kind = 'petition.confirm'", email)
          .rows.front()
          .text(0);
    });
    std::smatch m;
    if (!std::regex_search(mail, m, link)) continue;
    auto confirm =
        post_form(farm.proxy_port(), "/petitions/confirm/" + m[1].str(), {{"csrf_token", csrf}}, "", from);
    if (confirm.status != 200) {
      ++ack.failed;
      continue;
    }
    std::lock_guard lock(ack.mu);
    ack.confirmed_by.push_back(email);
  }
}

// The app server whose pid job_runs names for `job`, or -1.
int server_running(ServerFarm& farm, const std::string& job) {
  auto run = store::in_read(farm.db(), [&](store::Tx& tx) { return jobs::last_run(tx, job); });
  for (int i = 0; run && i < farm.size(); ++i)
    if (run->server.ends_with(" pid " + std::to_string(farm.server(i).pid()))) return i;
  return -1;
}

TEST(ThreeServers, a_server_killed_mid_surge_loses_no_acknowledged_signature_and_its_jobs_move_on) {
  ServerFarm farm;
  auto csrf = csrf_from(farm.proxy_port(), "/petitions/1");
  ASSERT_FALSE(csrf.empty());
  std::atomic<bool> stop{false};
  Acknowledged ack;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&, c] { sign_and_confirm_until(farm, csrf, c, stop, ack); });
  std::this_thread::sleep_for(2s);
  // Kill the server holding the tally, so the test also sees the job move.
  int victim = std::max(0, server_running(farm, "petitions.tally"));
  auto runs_before =
      store::in_read(farm.db(), [](store::Tx& tx) { return jobs::last_run(tx, "petitions.tally"); });
  farm.server(victim).process().kill_hard();
  std::this_thread::sleep_for(3s);
  stop = true;
  for (auto& t : clients) t.join();

  ASSERT_GE(ack.confirmed_by.size(), 20u) << "the surge was too small to mean anything";
  for (const auto& email : ack.signed_by)
    EXPECT_EQ(farm.count("SELECT COUNT(*) FROM petition_signatures WHERE email = $1", email), 1) << email;
  for (const auto& email : ack.confirmed_by)
    EXPECT_EQ(farm.count("SELECT COUNT(*) FROM petition_signatures WHERE email = $1 AND state = 'confirmed'",
                         email),
              1)
        << email;

  // The survivors take the tally over and bring it to a recount of the rows.
  const char* recount =
      "SELECT COUNT(*) FROM petition_signatures WHERE petition_id = 1 AND state = 'confirmed' AND suspect = "
      "0";
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (farm.count("SELECT signature_count FROM petitions WHERE id = 1") != farm.count(recount) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(200ms);
  EXPECT_EQ(farm.count("SELECT signature_count FROM petitions WHERE id = 1"), farm.count(recount));
  EXPECT_EQ(farm.count("SELECT COALESCE(SUM(signatures), 0) FROM petition_tallies WHERE petition_id = 1"),
            farm.count(recount));
  std::this_thread::sleep_for(2500ms);  // one more tick
  auto runs_after =
      store::in_read(farm.db(), [](store::Tx& tx) { return jobs::last_run(tx, "petitions.tally"); });
  ASSERT_TRUE(runs_before && runs_after);
  EXPECT_GT(runs_after->runs, runs_before->runs + 1);
  EXPECT_NE(server_running(farm, "petitions.tally"), victim) << runs_after->server;
  EXPECT_NE(server_running(farm, "petitions.tally"), -1) << runs_after->server;
}

}  // namespace
}  // namespace cw::testing
