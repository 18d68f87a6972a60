// Voting codes and paper ballots over real HTTP on SQLite and PostgreSQL: an officer makes codes, shown
// once and kept only as fingerprints; a code holder votes online without an account; two officers type in
// each paper ballot and only agreeing entries count; a code that voted one way cannot vote the other;
// and entries that never agreed are dropped, uncounted, at the close.
#include <gtest/gtest.h>

#include <regex>

#include "budget_fixture.h"
#include "modules/budgeting/service.h"
#include "modules/budgeting/store.h"

namespace cw::testing {
namespace {

class BudgetCodesTest : public BudgetingTest {
 protected:
  std::vector<std::string> make_codes(const std::string& officer, const std::string& how_many) {
    auto r = send(path(budget_, "/codes"), {{"how_many", how_many}}, officer);
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 3000);
    EXPECT_TRUE(contains(r.header("cache-control"), "no-store"));
    std::vector<std::string> codes;
    std::regex code(R"re(<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code>)re");
    for (std::sregex_iterator it(r.body.begin(), r.body.end(), code), end; it != end; ++it)
      codes.push_back((*it)[1].str());
    return codes;
  }
  HttpReply paper(const std::string& officer, const std::string& code,
                  const std::vector<std::string>& ticked) {
    std::vector<std::pair<std::string, std::string>> fields{{"code", code}};
    for (const auto& t : ticked) fields.emplace_back("projects", t);
    return send(path(budget_, "/paper"), fields, officer);
  }
  // Anonymous, as a code holder without an account.
  HttpReply with_code(const std::string& code, const std::vector<std::string>& ticked,
                      const std::string& action = "vote") {
    std::vector<std::pair<std::string, std::string>> fields{{"code", code}, {"action", action}};
    for (const auto& t : ticked) fields.emplace_back("projects", t);
    return send(path(budget_, "/vote/code"), fields, "");  // no session: the fixture's form cookie
  }
  // Signed in as `session`, with the token from the form on `to`.
  HttpReply send(const std::string& to, std::vector<std::pair<std::string, std::string>> fields,
                 const std::string& session) {
    fields.emplace_back("csrf_token", csrf_in(get(to, session).body));
    return send_form(to, fields, session);
  }
  std::int64_t ballots_in_box() {
    return count("SELECT COUNT(*) FROM ballots WHERE box = $1", budgeting::box_of(budget_));
  }
  std::int64_t entries() {
    return count(
        "SELECT COUNT(*) FROM budget_paper_entries e JOIN budget_codes c ON c.id = e.code_id WHERE "
        "c.process_id = $1",
        budget_);
  }
  std::int64_t budget_ = 0;
};

TEST_P(BudgetCodesTest, officers_make_codes_shown_once_and_kept_only_as_fingerprints) {
  budget_ = open_budget();
  auto officer = officer_session();
  EXPECT_EQ(get(path(budget_, "/codes"), resident(1)).status, 403);
  auto refused = send(path(budget_, "/codes"), {{"how_many", "0"}}, officer);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "Enter how many codes to print, as a whole number from 1 to 2000"));
  auto codes = make_codes(officer, "3");
  ASSERT_EQ(codes.size(), 3u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_codes WHERE process_id = $1", budget_), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_codes WHERE code_hash = $1", codes[0]), 0) << "never in clear";
  auto page = get(path(budget_, "/codes"), officer);
  EXPECT_TRUE(contains(page.body, "Codes made")) << page.body.substr(0, 3000);
  EXPECT_FALSE(contains(page.body, codes[0])) << "not shown again";
}

TEST_P(BudgetCodesTest, a_code_votes_once_online_and_then_cannot_vote_on_paper) {
  budget_ = open_budget();
  auto officer = officer_session();
  auto codes = make_codes(officer, "2");
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(get(path(budget_, "/vote/code")).status, 200);
  auto wrong = with_code("AAAA-BBBB-CCCC", {}, "start");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(contains(wrong.body, "That code is not one of this budget&#39;s voting codes"))
      << wrong.body.substr(0, 3000);
  auto start = with_code(codes[0], {}, "start");
  EXPECT_EQ(start.status, 200);
  EXPECT_TRUE(contains(start.body, "name=\"code\" value=\"" + codes[0] + "\"")) << start.body.substr(0, 3000);
  auto bad = with_code(codes[0], {ids_[0], ids_[1], ids_[2]});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "Choose no more than 2 projects"));
  auto cast = with_code(codes[0], {ids_[0]});
  ASSERT_EQ(cast.status, 200) << cast.body.substr(0, 3000);
  EXPECT_FALSE(receipt_in(cast.body).empty());
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM ballot_voters WHERE box = $1 AND voter_id < 0", budgeting::box_of(budget_)),
      1);
  auto again = with_code(codes[0], {}, "start");
  EXPECT_TRUE(contains(again.body, "Change your vote"))
      << "the code has voted: only a change, with the receipt";
  auto on_paper = paper(officer, codes[0], {ids_[1]});
  EXPECT_EQ(on_paper.status, 409);
  EXPECT_TRUE(contains(on_paper.body, "This code has already been used to vote"));
  EXPECT_EQ(ballots_in_box(), 1);
  EXPECT_EQ(entries(), 0);
}

TEST_P(BudgetCodesTest, a_paper_ballot_counts_when_two_officers_entries_agree_and_blocks_the_code_online) {
  budget_ = open_budget();
  auto olu = officer_session();
  auto pat = staff_session(accounts::role::council_officer, "pat@sutton.example", "Pat Officer");
  auto codes = make_codes(olu, "3");
  ASSERT_EQ(codes.size(), 3u);
  EXPECT_EQ(get(path(budget_, "/paper"), resident(1)).status, 403);
  auto first = paper(olu, codes[1], {ids_[0]});
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(contains(first.body, "a second officer must now enter this ballot"))
      << first.body.substr(0, 3000);
  auto corrected = paper(olu, codes[1], {ids_[1]});  // Olu's own entry again: it replaces his first
  EXPECT_TRUE(contains(corrected.body, "a second officer must now enter this ballot"));
  EXPECT_EQ(entries(), 1);
  EXPECT_EQ(ballots_in_box(), 0) << "one entry counts for nothing";
  auto differs = paper(pat, codes[1], {ids_[0]});
  EXPECT_TRUE(contains(differs.body, "your entry disagrees with another officer"))
      << differs.body.substr(0, 3000);
  EXPECT_EQ(ballots_in_box(), 0);
  auto agrees = paper(pat, codes[1], {ids_[1]});
  EXPECT_TRUE(contains(agrees.body, "Counted: your entry agrees")) << agrees.body.substr(0, 3000);
  EXPECT_EQ(ballots_in_box(), 1);
  EXPECT_EQ(entries(), 0) << "what the code voted is kept nowhere but the ballot";
  auto online = with_code(codes[1], {ids_[0]});
  EXPECT_EQ(online.status, 422) << "only a change, which needs a receipt, which paper voters do not have";
  EXPECT_TRUE(contains(online.body, "A ballot cast on paper with this code cannot be changed"));
  EXPECT_EQ(ballots_in_box(), 1);
  auto unknown = paper(pat, "ZZZZ-ZZZZ-ZZZZ", {ids_[0]});
  EXPECT_EQ(unknown.status, 422);
  auto invalid = paper(pat, codes[2], {ids_[0], ids_[1], ids_[2]});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_TRUE(contains(invalid.body, "Choose no more than 2 projects"));

  // An entry that never found its pair is not counted, and goes at the close.
  EXPECT_EQ(paper(olu, codes[2], {ids_[2]}).status, 200);
  EXPECT_EQ(entries(), 1);
  close_voting();
  auto results = get(path(budget_, "/results"));
  EXPECT_EQ(results.status, 200);
  EXPECT_TRUE(contains(results.body, "1 person voted.")) << results.body.substr(0, 3000);
  EXPECT_EQ(entries(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, BudgetCodesTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
