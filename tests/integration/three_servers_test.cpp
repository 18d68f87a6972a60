// Three app servers on one PostgreSQL behind HAProxy (docs/OPERATIONS.md, "Scale out"): they start
// together on an empty database; a person signs in, sends forms and uploads photos whichever server
// answers; the sign-in throttle counts attempts at every server together; each background job runs once
// per period on one server, not once per server, and mail leaves exactly once.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "media/codecs.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/jobs/claims.h"
#include "modules/mail/outbox.h"
#include "server_farm.h"

namespace cw::testing {
namespace {

using namespace std::chrono_literals;

std::string tiny_png() {
  media::detail::Pixels p{.width = 4, .height = 4, .channels = 3, .data = std::vector<std::uint8_t>(48, 200)};
  return media::detail::encode_png(p);
}

std::string multipart(const std::string& boundary, const std::string& token, const std::string& png) {
  auto part = [&](const std::string& disposition, const std::string& body) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\n" + body +
           "\r\n";
  };
  return part("name=\"csrf_token\"", token) + part("name=\"alt_text\"", "The hall from the road") + "--" +
         boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"hall.png\"\r\n" +
         "Content-Type: image/png\r\n\r\n" + png + "\r\n--" + boundary + "--\r\n";
}

std::string signed_in(std::uint16_t port, const std::string& email) {
  auto r = post_form(
      port, "/account/sign-in",
      {{"csrf_token", csrf_from(port, "/account/sign-in")}, {"email", email}, {"password", kPassword}});
  EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
  return set_session(r).value_or("");
}

TEST(ThreeServers, started_together_on_an_empty_database_they_all_come_up_and_answer) {
  ServerFarm farm(3, false);
  for (int i = 0; i < farm.size(); ++i) EXPECT_EQ(http_get(farm.server(i).port(), "/healthz").status, 200);
  EXPECT_EQ(http_get(farm.proxy_port(), "/").status, 200);
  EXPECT_EQ(farm.count("SELECT COUNT(*) FROM schema_migrations WHERE module = 'jobs'"), 1);
}

TEST(ThreeServers, a_session_and_its_forms_work_whichever_server_answers) {
  ServerFarm farm;
  farm.person("ann@example.org", "Ann Smith");
  auto cookie = signed_in(farm.proxy_port(), "ann@example.org");
  ASSERT_FALSE(cookie.empty());
  for (int i = 0; i < farm.size(); ++i) {
    auto page = http_get(farm.server(i).port(), "/account", cookie_header(cookie));
    EXPECT_EQ(page.status, 200) << "server " << i;
    EXPECT_TRUE(contains(page.body, "Ann Smith")) << "server " << i;
  }
  // A form from one server is sent to the next: the CSRF key is the site's, kept in the database.
  auto anonymous = csrf_from(farm.server(0).port(), "/petitions/1");
  auto signed_petition = post_form(farm.server(1).port(), "/petitions/1/sign",
                                   {{"csrf_token", anonymous},
                                    {"name", "Bo Brown"},
                                    {"email", "bo@gmail.com"},
                                    {"postcode", "SM1 1EA"},
                                    {"declaration", "yes"}});
  EXPECT_EQ(signed_petition.status, 303) << signed_petition.body.substr(0, 2000);
  auto out = post_form(farm.server(2).port(), "/account/sign-out",
                       {{"csrf_token", csrf_from(farm.server(1).port(), "/account", cookie)}}, cookie);
  EXPECT_EQ(out.status, 303) << out.body.substr(0, 2000);
  EXPECT_EQ(http_get(farm.server(0).port(), "/account", cookie_header(cookie)).status, 303)
      << "signed out everywhere";
}

TEST(ThreeServers, a_photo_uploaded_through_one_server_is_served_by_every_server) {
  ServerFarm farm;
  auto officer = farm.person("olu@sutton.example", "Olu Officer");
  auto sutton = farm.count("SELECT id FROM localities WHERE code = 'E09000029'");
  store::in_write(farm.db(), [&](store::Tx& tx) {
    accounts::insert_grant(tx, officer, {accounts::role::council_officer, sutton, std::nullopt}, std::nullopt,
                           SystemClock().now());
  });
  auto cookie = signed_in(farm.proxy_port(), "olu@sutton.example");
  // The officer's second factor, as if the code had been entered (its pages are tested elsewhere).
  store::in_write(farm.db(), [&](store::Tx& tx) {
    tx.run("UPDATE sessions SET second_factor_at = $2 WHERE id_hash = $1", accounts::token_hash(cookie),
           SystemClock().now());
  });
  auto asset = farm.count("SELECT MIN(id) FROM assets WHERE status = 'published'");
  auto path = "/assets/" + std::to_string(asset) + "/photos";
  auto token = csrf_from(farm.server(0).port(), path, cookie);
  const std::string boundary = "cwfarmboundary";
  auto sent = http_request(farm.server(1).port(), "POST", path, multipart(boundary, token, tiny_png()),
                           "multipart/form-data; boundary=" + boundary, cookie_header(cookie));
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 2000);
  auto photo = farm.count("SELECT MAX(id) FROM asset_photos WHERE asset_id = $1", asset);
  for (int i = 0; i < farm.size(); ++i) {
    auto served = http_get(farm.server(i).port(), path + "/" + std::to_string(photo) + ".png");
    EXPECT_EQ(served.status, 200) << "server " << i;
    EXPECT_TRUE(served.body.starts_with("\x89PNG")) << "server " << i;
  }
}

TEST(ThreeServers, the_sign_in_throttle_counts_wrong_passwords_sent_to_every_server_together) {
  ServerFarm farm;
  farm.person("slow@example.org", "Sam Slow");
  auto attempt = [&](const std::string& password) {
    return post_form(farm.proxy_port(), "/account/sign-in",
                     {{"csrf_token", csrf_from(farm.proxy_port(), "/account/sign-in")},
                      {"email", "slow@example.org"},
                      {"password", password}});
  };
  // Round-robin spreads the five over all three servers; per server none would have reached five.
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(attempt("not the password " + std::to_string(i)).status, 422) << i;
  auto sixth = attempt(kPassword);
  EXPECT_EQ(sixth.status, 429) << sixth.body.substr(0, 2000);
  EXPECT_TRUE(contains(sixth.body, "There have been too many attempts to sign in. Wait "));
  EXPECT_FALSE(set_session(sixth));
}

TEST(ThreeServers, each_job_runs_once_per_period_on_one_server_and_mail_leaves_exactly_once) {
  auto started = std::chrono::steady_clock::now();
  ServerFarm farm;
  std::vector<std::int64_t> ids;
  store::in_write(farm.db(), [&](store::Tx& tx) {
    for (int i = 0; i < 120; ++i)
      ids.push_back(mail::enqueue_mail(tx,
                                       {.to = "reader" + std::to_string(i) + "@example.org",
                                        .subject = "News",
                                        .text = "Hello",
                                        .kind = "test"},
                                       SystemClock().now()));
  });
  // 50 a tick every 2 s: three ticks for 120, whichever servers take them.
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (farm.count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent' AND kind = 'test'") > 0 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(200ms);
  std::map<std::string, int> delivered;  // file name → how many servers wrote it
  for (int i = 0; i < farm.size(); ++i)
    if (std::filesystem::exists(farm.mail_dir(i)))
      for (const auto& f : std::filesystem::directory_iterator(farm.mail_dir(i)))
        if (f.path().extension() == ".eml") ++delivered[f.path().filename().string()];
  for (auto id : ids) EXPECT_EQ(delivered[std::to_string(id) + ".eml"], 1) << "outbox " << id;

  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto runs = [&](const std::string& job) {
    return store::in_read(farm.db(), [&](store::Tx& tx) { return jobs::last_run(tx, job); });
  };
  // Jobs every minute or longer ran once between them all since the servers started.
  for (const char* job : {"petitions.close", "alerts.digest", "accounts.purge", "petitions.erase_signers",
                          "consultations.reindex_closed", "assets.search_entries"}) {
    auto run = runs(job);
    ASSERT_TRUE(run) << job;
    EXPECT_EQ(run->runs, 1) << job << " ran on " << run->server;
  }
  // Jobs every 2 s ran at most once per 1.8 s (the claim's slack), not three times as often.
  for (const char* job : {"petitions.tally", "mail.deliver"}) {
    auto run = runs(job);
    ASSERT_TRUE(run) << job;
    EXPECT_LE(run->runs, static_cast<std::int64_t>(elapsed / 1.8) + 1) << job << " after " << elapsed << " s";
    EXPECT_GE(run->runs, 2) << job;
  }
}

}  // namespace
}  // namespace cw::testing
