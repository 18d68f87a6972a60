// "Your activity", "Download my data" and account deletion go through every module's personal-data
// part: a person who did something in every module sees it all, downloads it all (ISO 8601 times), and
// after deleting their account no module still holds anything that names them.
#include <gtest/gtest.h>

#include <functional>
#include <regex>

#include "modules/audit/audit.h"
#include "modules/personal_data.h"
#include "site_fixture.h"

namespace cw::testing {
namespace {

constexpr const char* kEmail = "ann@example.org";

class PersonalDataTest : public SiteTest {
 protected:
  // Ann, signed in, with something in every module that holds personal data.
  std::int64_t ann_everywhere() {
    auto ann = person(kEmail);
    auto sutton = demo_locality();
    store::in_write(db(), [&](store::Tx& tx) {
      auto petition =
          tx.run(
                "INSERT INTO petitions (locality_id, action, background, state, creator_name, "
                "creator_email, creator_user_id, sponsor_token, created_at, updated_at, closes_at) "
                "VALUES ($1, 'Mend the swings in Manor Park', 'They are broken', 'open', 'Ann Smith', "
                "$2, $3, 'tok-ann', $4, $4, $5) RETURNING id",
                sutton, kEmail, ann, kServerNow, kServerNow + 86'400'000'000LL * 30)
              .one()
              .integer(0);
      auto other =
          tx.run(
                "INSERT INTO petitions (locality_id, action, background, state, creator_name, "
                "creator_email, sponsor_token, created_at, updated_at) VALUES ($1, 'Open the library on "
                "Sundays', 'Please', 'open', 'Bo', 'bo@example.org', 'tok-bo', $2, $2) RETURNING id",
                sutton, kServerNow)
              .one()
              .integer(0);
      tx.run(
          "INSERT INTO petition_signatures (petition_id, role, name, name_key, email, email_key, postcode, "
          "ward_code, state, token_hash, created_at) VALUES ($1, 'signer', 'Ann Smith', 'ann smith', "
          "'Ann@Example.org', 'ann@example.org', 'SM1 1EA', 'E05000555', 'confirmed', 'sig-ann', $2)",
          other, kServerNow);
      auto consultation = tx.run(
                                "INSERT INTO consultations (locality_id, title, starts_at, ends_at, status, "
                                "created_at, updated_at) VALUES ($1, 'Parking in Cheam village', $2, $3, "
                                "'published', $2, $2) RETURNING id",
                                sutton, kServerNow - 1000, kServerNow + 86'400'000'000LL)
                              .one()
                              .integer(0);
      tx.run(
          "INSERT INTO consultation_responses (consultation_id, user_id, status, answers, postcode, email, "
          "created_at, updated_at, submitted_at) VALUES ($1, $2, 'submitted', '{\"q1\":[\"yes\"]}', 'SM1 "
          "1EA', "
          "$3, $4, $4, $4)",
          consultation, ann, kEmail, kServerNow);
      tx.run(
          "INSERT INTO alert_subscriptions (email, locality_id, frequency, status, created_at) VALUES ($1, "
          "$2, "
          "'weekly', 'confirmed', $3)",
          kEmail, sutton, kServerNow);
      auto nomination =
          tx.run(
                "INSERT INTO community_value_cases (locality_id, asset_name, address, description, "
                "boundaries, owners, reasons, body_name, body_type, eligibility, nominated_by, "
                "received_on, created_at, updated_at) VALUES ($1, 'The Red Lion', '1 High St', "
                "'A pub', 'The building', 'Brewery', 'Meeting place', 'Friends of the Red Lion', "
                "'parish_council', 'Parish', $2, '2026-11-20', $3, $3) RETURNING id",
                sutton, ann, kServerNow)
              .one()
              .integer(0);
      tx.run("INSERT INTO community_value_followers (case_id, user_id, created_at) VALUES ($1, $2, $3)",
             nomination, ann, kServerNow);
      tx.run(
          "INSERT INTO asset_transfers (locality_id, asset_name, organisation_name, organisation_type, "
          "applicant_id, proposal, interest_on, created_at, updated_at) VALUES ($1, 'Old Fire Station', "
          "'Cheam Community Trust', 'charity', $2, 'A youth club', '2026-11-01', $3, $3)",
          sutton, ann, kServerNow);
      tx.run(
          "INSERT INTO asset_suggestions (locality_id, fields, note, user_id, created_at) VALUES ($1, "
          "'{\"name\":\"Tool library\"}', 'We lend tools', $2, $3)",
          sutton, ann, kServerNow);
      tx.run(
          "INSERT INTO moderation_flags (content_kind, content_id, locality_id, reason, note, "
          "reporter_user_id, "
          "created_at) VALUES ('petition', $1, $2, 'offensive', 'Rude words', $3, $4)",
          std::to_string(petition), sutton, ann, kServerNow);
      tx.run(
          "INSERT INTO outbox (created_at, to_address, subject, text_body, kind, next_attempt_at) VALUES "
          "($1, "
          "$2, 'Confirm your signature', 'Hello', 'petitions.confirm', $1)",
          kServerNow, kEmail);
      // A budget she voted in: the register's row names her; the ballot, which does not, stays counted.
      auto budget =
          tx.run(
                "INSERT INTO budget_processes (locality_id, title, pot, rule, ballot_type, ideas_from, "
                "costing_from, shortlist_from, voting_from, results_from, delivery_from, created_at, "
                "updated_at) VALUES ($1, 'Greener Sutton', 100000, 'greedy', 'approval', $2, $2, $2, $2, "
                "$3, $3, $2, $2) RETURNING id",
                sutton, kServerNow - 1000, kServerNow + 86'400'000'000LL)
              .one()
              .integer(0);
      auto box = "budgeting/" + std::to_string(budget);
      tx.run("INSERT INTO ballot_voters (box, voter_id, voted_at) VALUES ($1, $2, $3)", box, ann, kServerNow);
      tx.run("INSERT INTO ballots (box, id, content, receipt_hash) VALUES ($1, 'b1', '1', 'h1')", box);
      // An idea she put forward for it, supports and comments on.
      auto idea = tx.run(
                        "INSERT INTO budget_ideas (process_id, author_id, title, description, created_at, "
                        "updated_at) VALUES ($1, $2, 'Trees on Cheam Road', 'Shade', $3, $3) RETURNING id",
                        budget, ann, kServerNow)
                      .one()
                      .integer(0);
      tx.run("INSERT INTO budget_idea_supports (idea_id, user_id, created_at) VALUES ($1, $2, $3)", idea, ann,
             kServerNow);
      tx.run(
          "INSERT INTO budget_idea_comments (idea_id, author_id, body, created_at) VALUES ($1, $2, "
          "'Yes please', $3)",
          idea, ann, kServerNow);
      audit::record_audit(tx,
                          {.actor_user_id = ann,
                           .actor_label = kEmail,
                           .action = "asset.update",
                           .object_type = "asset",
                           .object_id = "1",
                           .after = "updated"},
                          kServerNow);
    });
    return ann;
  }
};

// Calls `f` with every value under `j` and the key it is under.
void walk(const nlohmann::json& j, const std::function<void(const std::string&, const nlohmann::json&)>& f,
          const std::string& key = "") {
  f(key, j);
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it) walk(it.value(), f, it.key());
  if (j.is_array())
    for (const auto& v : j) walk(v, f, key);
}

bool holds_something(const nlohmann::json& part) {
  bool found = false;
  walk(part, [&](const std::string&, const nlohmann::json& v) { found |= v.is_array() && !v.empty(); });
  return found;
}

TEST_P(PersonalDataTest, your_activity_lists_every_module_that_holds_something) {
  auto ann = ann_everywhere();
  auto page = get("/account/activity", session_for(ann));
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 400);
  for (const char* text :
       {"Mend the swings in Manor Park", "Open the library on Sundays", "Parking in Cheam village",
        "New petitions and consultations in all of Sutton", "The Red Lion", "Old Fire Station",
        "Suggested a new asset", "Reported", "Started on", "Signed on", "Responded on",
        "Open until the end of", "Awaiting decision", "Greener Sutton", "Voted on"})
    EXPECT_TRUE(contains(page.body, text)) << text;
  EXPECT_TRUE(contains(page.body, "href=\"/account/data\""));
  EXPECT_EQ(get("/account/activity").status, 303) << "strangers sign in first";
}

TEST_P(PersonalDataTest, the_download_has_every_modules_part_with_iso_times) {
  auto ann = ann_everywhere();
  auto reply = get("/account/data", session_for(ann));
  ASSERT_EQ(reply.status, 200);
  auto data = nlohmann::json::parse(reply.body);
  auto keys = modules::personal_data_keys();
  EXPECT_GE(keys.size(), 10u) << "every module that holds personal data registers its part";
  for (const auto& key : keys) {
    ASSERT_TRUE(data.contains(key)) << key;
    EXPECT_TRUE(key == "account" ? data[key].contains("email") : holds_something(data[key])) << key;
  }
  EXPECT_EQ(data["consultations"]["responses"][0]["answers"]["q1"][0], "yes");
  EXPECT_EQ(data["petitions"]["signatures"][0]["petition"], "Open the library on Sundays");
  std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  int times = 0;
  walk(data, [&](const std::string& key, const nlohmann::json& v) {
    if (key.size() < 3 || !key.ends_with("_at") || v.is_null() || v.is_object() || v.is_array()) return;
    ++times;
    EXPECT_TRUE(v.is_string() && std::regex_match(v.get<std::string>(), iso)) << key << ": " << v.dump();
  });
  EXPECT_GT(times, 15);
}

TEST_P(PersonalDataTest, deleting_the_account_leaves_nothing_that_names_the_person) {
  auto ann = ann_everywhere();
  auto cookie = session_for(ann);
  auto reply = post("/account/delete",
                    {{"csrf_token", token_from("/account/delete", cookie)}, {"password", kPassword}}, cookie);
  ASSERT_EQ(reply.status, 200) << reply.body.substr(0, 400);
  auto left = store::in_read(db(), [&](store::Tx& tx) {
    return modules::export_personal_data(tx, {.user_id = ann, .email = kEmail}, kServerNow);
  });
  for (const auto& key : modules::personal_data_keys()) {
    if (key == "audit" || key == "account" || key == "mail") continue;  // checked below
    EXPECT_FALSE(holds_something(left[key])) << key << ": " << left[key].dump();
  }
  EXPECT_EQ(left["mail"]["emails"].size(), 1u) << "only the last mail, saying the account is gone";
  EXPECT_EQ(left["audit"]["actions"].size(), 2u) << "the log keeps what they did, and the deletion";
  EXPECT_EQ(count("SELECT COUNT(*) FROM petition_signatures WHERE name = 'Name removed' AND state = $1",
                  "confirmed"),
            1)
      << "the signature still counts";
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots WHERE receipt_hash = $1", "h1"), 1)
      << "the secret ballot still counts";
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM consultation_responses WHERE status = 'submitted' AND user_id IS NULL "
            "AND postcode = '' AND answers = $1",
            R"({"q1":["yes"]})"),
      1)
      << "the answers still count";
  EXPECT_EQ(count("SELECT COUNT(*) FROM petitions WHERE creator_name = $1", "Name removed"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM petition_signatures WHERE email = $1", "Ann@Example.org"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, PersonalDataTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
