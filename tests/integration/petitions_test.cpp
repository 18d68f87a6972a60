// Petitions over real HTTP on SQLite and PostgreSQL with the demo locality: a resident starts one through
// the form (after an error that keeps what they typed), confirms from the mailed link, five supporters
// sign through the creator's link, a moderator publishes it, residents sign and confirm, the count and
// ward table follow the tally job, and the JSON, CSV and Atom agree; bad signatures say what to fix.
#include <gtest/gtest.h>

#include <regex>

#include <nlohmann/json.hpp>

#include "modules/accounts/permissions.h"
#include "modules/accounts/store.h"
#include "site_fixture.h"

namespace cw::testing {
namespace {

class PetitionsTest : public SiteTest {
 protected:
  std::string mailed_link(const std::string& to, const std::string& pattern) {
    auto body = store::in_read(db(), [&](store::Tx& tx) {
      auto r = tx.run("SELECT text_body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1", to);
      return r.empty() ? std::string() : r.rows[0].text(0);
    });
    std::smatch m;
    EXPECT_TRUE(std::regex_search(body, m, std::regex(pattern))) << to << ": " << body;
    return m.size() ? m[0].str() : std::string();
  }
  // Opens the mailed confirmation link and presses its button, as a person would.
  HttpReply confirm_from_mail(const std::string& to) {
    auto link = mailed_link(to, "/petitions/confirm/[A-Za-z0-9_-]+");
    auto token = token_from(link);
    return post(link, {{"csrf_token", token}});
  }
  HttpReply sign(const std::string& path, const std::string& form_path, const std::string& name,
                 const std::string& email, const std::string& postcode = "SM1 1EA") {
    return post(path, {{"csrf_token", token_from(form_path)},
                       {"name", name},
                       {"email", email},
                       {"postcode", postcode},
                       {"declaration", "yes"},
                       {"notify", "yes"}});
  }
  std::string staff_session(const char* role) {
    return SiteTest::staff_session(role, std::string(role) + "@sutton.example", "Staff");
  }
  std::int64_t newest_petition() {
    return store::in_read(
        db(), [](store::Tx& tx) { return tx.run("SELECT MAX(id) FROM petitions").one().integer(0); });
  }
};

TEST_P(PetitionsTest, a_petition_goes_from_the_form_to_signatures_counted_by_ward) {
  auto start = token_from("/petitions/new");
  auto bad = post("/petitions/new", {{"csrf_token", start},
                                     {"action", "Light the path through Manor Park"},
                                     {"background", ""},
                                     {"name", "Cara Creator"},
                                     {"email", "cara@example.org"},
                                     {"postcode", "SW1A 1AA"},
                                     {"declaration", "yes"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "Enter why you want the council to do it"));
  EXPECT_TRUE(contains(bad.body, "value=\"Light the path through Manor Park\""));
  auto made = post("/petitions/new", {{"csrf_token", start},
                                      {"action", "Light the path through Manor Park"},
                                      {"background", "It is dark after 4pm in winter"},
                                      {"ward", "E05013765"},
                                      {"topic", "safety"},
                                      {"name", "Cara Creator"},
                                      {"email", "cara@example.org"},
                                      {"postcode", "SM1 1EA"},
                                      {"declaration", "yes"}});
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 2000);
  auto id = std::to_string(newest_petition());
  EXPECT_EQ(get("/petitions/" + id).status, 404);  // not published yet
  EXPECT_EQ(confirm_from_mail("cara@example.org").status, 200);
  auto support = mailed_link("cara@example.org", "/petitions/" + id + "/support/[A-Za-z0-9_-]+");
  EXPECT_EQ(get("/petitions/" + id + "/support/wrong").status, 404);
  for (int i = 0; i < 5; ++i) {
    auto email = "supporter" + std::to_string(i) + "@example.org";
    auto r = sign(support, support, "Supporter " + std::to_string(i), email, i % 2 ? "SM2 5AD" : "SM1 1EA");
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
    confirm_from_mail(email);
  }
  auto moderator = staff_session(accounts::role::moderator);
  auto queue = get("/petitions/moderate", moderator);
  EXPECT_TRUE(contains(queue.body, "Light the path through Manor Park"));
  EXPECT_EQ(get("/petitions/moderate").status, 303);  // signed out: to the sign-in page
  auto decide =
      post("/petitions/moderate/" + id,
           {{"csrf_token", token_from("/petitions/moderate/" + id, moderator)}, {"decision", "publish"}},
           moderator);
  ASSERT_EQ(decide.status, 303) << decide.body.substr(0, 2000);
  // Residents sign; one signs twice and gets the same page (and a mail saying so), not an error.
  for (auto [name, email, postcode] :
       {std::tuple{"Dee", "dee@example.org", "SM2 5AD"}, std::tuple{"Eve", "eve@example.org", "SM1 1EA"}}) {
    auto r = sign("/petitions/" + id + "/sign", "/petitions/" + id, name, email, postcode);
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
    EXPECT_EQ(r.headers.find("location")->second, "/petitions/" + id + "/signed");
    confirm_from_mail(email);
  }
  EXPECT_EQ(sign("/petitions/" + id + "/sign", "/petitions/" + id, "Dee", "dee@example.org").status, 303);
  server_->runtime().jobs().run_all_once();
  auto page = get("/petitions/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "8 signatures")) << page.body.substr(0, 3000);
  EXPECT_TRUE(contains(page.body, "<title>Sutton Central")) << "the ward map names each ward";
  auto data = nlohmann::json::parse(get("/petitions/" + id + ".json").body);
  auto attrs = data["data"]["attributes"];
  EXPECT_EQ(attrs["signature_count"], 8);
  std::int64_t sum = 0;
  for (const auto& w : attrs["signatures_by_ward"]) sum += w["signature_count"].get<std::int64_t>();
  EXPECT_EQ(sum, 8);
  EXPECT_TRUE(contains(get("/petitions?state=open").body, "Light the path through Manor Park"));
  EXPECT_TRUE(
      contains(get("/petitions.atom?state=open").body, "<title>Light the path through Manor Park</title>"));
  EXPECT_TRUE(contains(get("/places/E09000029/wards/E05013765").body, "Light the path through Manor Park"));
  auto officer = staff_session(accounts::role::council_officer);
  auto csv = get("/petitions/" + id + "/signatures.csv", officer);
  EXPECT_EQ(csv.status, 200);
  EXPECT_TRUE(contains(csv.body, ",Eve,SM1 1EA,E05013765,"));
  EXPECT_EQ(get("/petitions/" + id + "/signatures.csv", session_for(person("nosy@example.org"))).status, 403);
}

TEST_P(PetitionsTest, a_bad_signature_says_what_to_fix_and_keeps_what_was_typed) {
  auto made = post("/petitions/new", {{"csrf_token", token_from("/petitions/new")},
                                      {"action", "More benches"},
                                      {"background", "For resting"},
                                      {"name", "Cara"},
                                      {"email", "cara@example.org"},
                                      {"postcode", "SM1 1EA"},
                                      {"declaration", "yes"}});
  ASSERT_EQ(made.status, 303);
  auto id = std::to_string(newest_petition());
  store::in_write(db(), [&](store::Tx& tx) {
    tx.run("UPDATE petitions SET state = 'open', closes_at = $1 WHERE id = $2",
           kServerNow + 86'400'000'000LL * 30, std::stoll(id));
  });
  auto r = post("/petitions/" + id + "/sign", {{"csrf_token", token_from("/petitions/" + id)},
                                               {"name", "=cmd()"},
                                               {"email", "dee@example.org"},
                                               {"postcode", "SW1A 1AA"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(contains(r.body, "Your name must not start with =, +, - or @"));
  EXPECT_TRUE(contains(r.body, "Select whether you live in the area, or work or study in it"));
  EXPECT_TRUE(contains(r.body, "value=\"dee@example.org\""));
  auto outside = sign("/petitions/" + id + "/sign", "/petitions/" + id, "Dee", "dee@example.org", "SW1A 1AA");
  EXPECT_EQ(outside.status, 422);
  EXPECT_TRUE(contains(outside.body, "SW1A 1AA is not in Sutton"));
  auto wrong =
      post("/petitions/confirm/not-a-real-token", {{"csrf_token", token_from("/petitions/confirm/x")}});
  EXPECT_EQ(wrong.status, 404);
  EXPECT_TRUE(contains(wrong.body, "This link is not valid"));
  EXPECT_EQ(get("/petitions/999999").status, 404);
  EXPECT_EQ(get("/petitions/abc").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, PetitionsTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
