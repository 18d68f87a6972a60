// A crash under load loses nothing that was acknowledged: `commonweal serve`, a child process, is killed
// with SIGKILL again and again while client threads sign and confirm through the group commit, and after
// each restart every signature and confirmation a client saw succeed is in the database, on SQLite and
// on PostgreSQL. It would fail if the server answered before its commit (an acknowledgement the
// database never got) or if a restart found the database unusable.
#include <gtest/gtest.h>

#include <random>

#include "child_server.h"
#include "durability_load.h"

namespace cw::testing {
namespace {

class DurabilityCrash : public ::testing::TestWithParam<EngineUnderTest> {};

void expect_all_stored(const Acknowledged& acks, const std::map<std::string, std::string>& stored,
                       int round) {
  int missing = 0, unconfirmed = 0;
  for (const auto& email : acks.signed_emails)
    if (!stored.contains(email) && ++missing <= 5) ADD_FAILURE() << "round " << round << ": lost " << email;
  for (const auto& email : acks.confirmed_emails) {
    auto it = stored.find(email);
    if ((it == stored.end() || it->second != "confirmed") && ++unconfirmed <= 5)
      ADD_FAILURE() << "round " << round << ": confirmation of " << email << " lost";
  }
  EXPECT_EQ(missing, 0) << "acknowledged signatures missing after the crash";
  EXPECT_EQ(unconfirmed, 0) << "acknowledged confirmations missing after the crash";
}

TEST_P(DurabilityCrash, every_acknowledged_signature_survives_repeated_kill_9_under_load) {
  auto url = real_time_demo_site(GetParam());
  auto petition = open_petition(url);
  ChildServer server(url, {"--trusted-proxy", "127.0.0.1"});
  std::mt19937 random(20261207);
  Acknowledged all;
  std::map<int, int> statuses;
  for (int round = 0; round < 4; ++round) {
    SigningLoad load(server.port(), url, petition, 4, "r" + std::to_string(round));
    // Kill at a different moment each round, once writes are flowing: some requests are mid-commit.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (load.signed_count() < 20 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution(0, 300)(random)));
    server.kill9();
    load.stop();
    auto acks = load.acknowledged();
    ASSERT_GE(acks.signed_emails.size(), 20u) << "the load never got going:\n" << server.output();
    all.signed_emails.insert(acks.signed_emails.begin(), acks.signed_emails.end());
    all.confirmed_emails.insert(acks.confirmed_emails.begin(), acks.confirmed_emails.end());
    for (auto [status, n] : load.statuses()) statuses[status] += n;
    server.start();
    expect_all_stored(all, stored_signatures(url, petition), round);
  }
  EXPECT_FALSE(all.confirmed_emails.empty()) << "no confirmation went through the group commit";
  EXPECT_EQ(statuses[500], 0) << "a request failed with 500";
  EXPECT_EQ(server.terminate(), 0) << server.output();
}

INSTANTIATE_TEST_SUITE_P(Engines, DurabilityCrash,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
