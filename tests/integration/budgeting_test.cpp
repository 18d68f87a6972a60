// Participatory budgets over real HTTP on SQLite and PostgreSQL: an officer sets one up and draws up the
// shortlist through the forms; residents vote in secret without JavaScript (errors in the summary with
// their ticks kept, the money left on a knapsack ballot), change their vote with the receipt code, and
// cannot vote twice even from several connections at once; nothing is counted or shown before the close;
// afterwards the results page, the API and the Pabulib file agree, and recounting that file with
// src/count and with `commonweal pb count` funds exactly the published projects.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "budget_fixture.h"
#include "count/pabulib.h"
#include "count/pb_count.h"
#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/fairness_report.h"
#include "modules/budgeting/service.h"
#include "modules/budgeting/store.h"

namespace cw::testing {
namespace {

TEST_P(BudgetingTest, an_officer_sets_up_a_budget_and_its_shortlist_through_the_forms) {
  auto officer = officer_session();
  EXPECT_EQ(get("/budgets/new", session_for(person("res@example.org"))).status, 403);
  auto token = token_from("/budgets/new", officer);
  std::vector<std::pair<std::string, std::string>> fields{
      {"csrf_token", token},        {"title", "Greener Sutton"}, {"pot", "£100,000"},
      {"rule", "equalshares/add1"}, {"ballot_type", "approval"}, {"min_projects", "1"},
      {"max_projects", "3"}};
  const char* phases[] = {"ideas", "costing", "shortlist", "voting", "results", "delivery"};
  const char* days[] = {"1", "5", "10", "20", "27", "30"};
  for (int i = 0; i < 6; ++i) {
    fields.emplace_back(std::string(phases[i]) + "-day", days[i]);
    fields.emplace_back(std::string(phases[i]) + "-month", "11");
    fields.emplace_back(std::string(phases[i]) + "-year", "2023");
  }
  auto send = [&](const std::string& to, const std::vector<std::pair<std::string, std::string>>& f) {
    return send_form(to, f, officer);
  };
  auto bad = fields;
  bad[1].second = "";
  bad.back().second = "20x";
  auto refused = send("/budgets/new", bad);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "<a href=\"#title\">Enter a title</a>")) << refused.body.substr(0, 3000);
  EXPECT_TRUE(contains(refused.body, "href=\"#delivery\""));
  EXPECT_TRUE(contains(refused.body, "value=\"£100,000\"")) << "what was typed is kept";
  auto created = send("/budgets/new", fields);
  ASSERT_EQ(created.status, 303) << created.body.substr(0, 3000);
  auto page_path = created.header("location").substr(0, created.header("location").find('?'));
  auto page = get(page_path);
  EXPECT_TRUE(contains(page.body, "Shortlist")) << page.body.substr(0, 3000);
  EXPECT_TRUE(contains(page.body, "Voting opens on 20 November 2023"));
  auto over =
      send(page_path + "/projects/new", {{"csrf_token", token}, {"title", "A tower"}, {"cost", "£200,000"}});
  EXPECT_EQ(over.status, 422);
  EXPECT_TRUE(contains(over.body, "The cost must be no more than the pot of £100,000"));
  auto added = send(
      page_path + "/projects/new",
      {{"csrf_token", token}, {"title", "Trees on Cheam Road"}, {"ward", "E05013765"}, {"cost", "£12,500"}});
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 3000);
  page = get(page_path);
  EXPECT_TRUE(contains(page.body, "Trees on Cheam Road"));
  EXPECT_TRUE(contains(page.body, "£12,500"));
  EXPECT_TRUE(contains(get("/budgets").body, "Greener Sutton"));
}

TEST_P(BudgetingTest, residents_vote_in_secret_and_change_their_vote_with_the_receipt_code) {
  auto id = open_budget();
  EXPECT_EQ(get(path(id, "/vote")).status, 303) << "sign in first";
  auto ann = resident(1);
  auto form = get(path(id, "/vote"), ann);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "Choose between 1 and 2 projects."));
  auto too_many = vote(id, ann, ids_);
  EXPECT_EQ(too_many.status, 422);
  EXPECT_TRUE(
      contains(too_many.body, "<a href=\"#projects\">Choose no more than 2 projects: you chose 3</a>"));
  EXPECT_TRUE(contains(too_many.body, "value=\"" + ids_[2] + "\" checked")) << "ticks kept";
  EXPECT_EQ(vote(id, ann, {"999999"}).status, 422);
  auto cast = vote(id, ann, {ids_[0], ids_[1]});
  ASSERT_EQ(cast.status, 200) << cast.body.substr(0, 3000);
  EXPECT_EQ(cast.header("cache-control"), "no-store");
  auto receipt = receipt_in(cast.body);
  ASSERT_EQ(receipt.size(), 19u) << cast.body.substr(0, 3000);

  auto again = get(path(id, "/vote"), ann);
  EXPECT_TRUE(contains(again.body, "Change your vote"));
  EXPECT_TRUE(contains(again.body, "name=\"receipt\""));
  auto no_code = vote(id, ann, {ids_[2]});
  EXPECT_EQ(no_code.status, 422);
  EXPECT_TRUE(contains(no_code.body, "Enter the receipt code you were given when you voted"));
  auto wrong = vote(id, ann, {ids_[2]}, "AAAA-BBBB-CCCC-DDDD");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(contains(wrong.body, "That receipt code does not match a ballot"));
  auto changed = vote(id, ann, {ids_[2]}, receipt);
  ASSERT_EQ(changed.status, 200) << changed.body.substr(0, 3000);
  EXPECT_TRUE(contains(changed.body, "Your vote has been changed"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots WHERE content = $1", ids_[2]), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballot_voters WHERE box = $1", "budgeting/" + std::to_string(id)), 1);
  auto activity = get("/account/activity", ann);
  EXPECT_TRUE(contains(activity.body, "Voted on")) << activity.body.substr(0, 3000);
  EXPECT_FALSE(contains(activity.body, "Bins for the High Street")) << "never how";
}

TEST_P(BudgetingTest, a_knapsack_ballot_shows_the_money_left_without_javascript_and_refuses_overspending) {
  auto id = open_budget(budgeting::BallotType::knapsack);
  auto bo = resident(2);
  EXPECT_TRUE(contains(get(path(id, "/vote"), bo).body, "Choose projects costing up to £1,000 in total."));
  auto checked = vote(id, bo, {ids_[0], ids_[1]}, "", "check");
  EXPECT_EQ(checked.status, 200);
  EXPECT_TRUE(contains(checked.body, "You have chosen projects costing £900 of £1,000: £100 left."))
      << checked.body.substr(0, 4000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots WHERE box = $1", budgeting::box_of(id)), 0)
      << "checking is not voting";
  auto over = vote(id, bo, ids_);
  EXPECT_EQ(over.status, 422);
  EXPECT_TRUE(contains(over.body, "Your choices cost £1,400, which is £400 more than the £1,000 to spend"));
  EXPECT_TRUE(contains(over.body, "£400 too much."));
  EXPECT_EQ(vote(id, bo, {ids_[0], ids_[1]}).status, 200);
}

TEST_P(BudgetingTest, the_same_voters_ballot_from_several_connections_at_once_counts_once) {
  auto id = open_budget();
  auto cy = resident(3);
  auto token = csrf_in(get(path(id, "/vote"), cy).body);
  // Each request either casts the ballot, or is refused: 409 when it lost the race to cast, 422 when it
  // came after the winner committed and so asked for the receipt code of a change.
  std::atomic<int> receipts{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      auto body = "csrf_token=" + web::percent_encode(token) + "&action=vote&projects=" + ids_[t % 3];
      auto r = http_request(port(), "POST", path(id, "/vote"), body, "application/x-www-form-urlencoded",
                            cookie_header(cy) + "Sec-Fetch-Site: same-origin\r\n");
      (r.status == 200 && !receipt_in(r.body).empty() ? receipts
       : r.status == 409 || r.status == 422           ? refused
                                                      : other)++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(receipts.load(), 1);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballot_voters WHERE voter_id > $1", 0), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots WHERE box = $1", budgeting::box_of(id)), 1);
}

TEST_P(BudgetingTest, nothing_is_counted_or_shown_while_voting_is_open_and_the_rules_are_frozen) {
  auto id = open_budget();
  auto officer = officer_session();
  ASSERT_EQ(vote(id, resident(4), {ids_[0]}).status, 200);
  for (const char* rest : {"/results"}) EXPECT_EQ(get(path(id, rest)).status, 409);
  for (const char* api : {"/results", "/pabulib", "/receipts"})
    EXPECT_EQ(get("/api/v1/budgets/" + std::to_string(id) + api).status, 409) << api;
  nlohmann::json item;
  auto list = nlohmann::json::parse(get("/api/v1/budgets").body);
  for (const auto& i : list["items"])
    if (i["id"] == id) item = i;
  EXPECT_EQ(item["phase"], "voting");
  EXPECT_TRUE(item["results_url"].is_null());
  EXPECT_TRUE(item["pabulib_url"].is_null());
  EXPECT_TRUE(contains(get(path(id), officer).body, "1 person has voted so far."));
  EXPECT_FALSE(contains(get(path(id)).body, "voted so far")) << "turnout is for organisers";
  EXPECT_FALSE(contains(get(path(id), officer).body, "Votes")) << "no tally anywhere";

  auto token = token_from(path(id, "/edit"), officer);
  auto edit = [&](const std::string& rule, const std::string& title) {
    std::string body = "csrf_token=" + web::percent_encode(token) + "&title=" + web::percent_encode(title) +
                       "&pot=1000&rule=" + web::percent_encode(rule) +
                       "&ballot_type=approval&min_projects=1&max_projects=2";
    const char* phases[] = {"ideas", "costing", "shortlist", "voting", "results", "delivery"};
    const char* days[] = {"5", "8", "11", "14", "16", "14"};
    for (int i = 0; i < 6; ++i)
      body += std::string("&") + phases[i] + "-day=" + days[i] + "&" + phases[i] +
              "-month=" + (i == 5 ? "12" : "11") + "&" + phases[i] + "-year=2023";
    return http_request(port(), "POST", path(id, "/edit"), body, "application/x-www-form-urlencoded",
                        cookie_header(officer) + "Sec-Fetch-Site: same-origin\r\n");
  };
  auto frozen = edit("equalshares/add1", "Greener Sutton");
  EXPECT_EQ(frozen.status, 409);
  EXPECT_TRUE(contains(frozen.body,
                       "The voting rules are fixed once people have voted (1 ballot cast), so the "
                       "counting rule cannot change"))
      << frozen.body.substr(0, 4000);
  EXPECT_EQ(edit("greedy", "A Greener Sutton").status, 303) << "other details may still change";
  EXPECT_TRUE(contains(frozen.body, "name=\"amendment\"")) << "the amendment's reason is asked for";
  auto amended =
      send_form(path(id, "/edit"),
                {{"csrf_token", token},
                 {"title", "A Greener Sutton"},
                 {"pot", "1000"},
                 {"rule", "equalshares/add1"},
                 {"ballot_type", "approval"},
                 {"min_projects", "1"},
                 {"max_projects", "2"},
                 {"amendment", "The panel chose Equal Shares before voting opened; we forgot to set it."},
                 {"ideas-day", "5"},
                 {"ideas-month", "11"},
                 {"ideas-year", "2023"},
                 {"costing-day", "8"},
                 {"costing-month", "11"},
                 {"costing-year", "2023"},
                 {"shortlist-day", "11"},
                 {"shortlist-month", "11"},
                 {"shortlist-year", "2023"},
                 {"voting-day", "14"},
                 {"voting-month", "11"},
                 {"voting-year", "2023"},
                 {"results-day", "16"},
                 {"results-month", "11"},
                 {"results-year", "2023"},
                 {"delivery-day", "14"},
                 {"delivery-month", "12"},
                 {"delivery-year", "2023"}},
                officer);
  EXPECT_EQ(amended.status, 303) << amended.body.substr(0, 3000);
  auto page = get(path(id));
  EXPECT_TRUE(contains(page.body, "Amendments to the rules")) << "published for everyone";
  EXPECT_TRUE(contains(page.body, "the counting rule (greedy to equalshares/add1)"));
  EXPECT_TRUE(contains(page.body, "we forgot to set it"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = $1", "budget.amend"), 1);
}

TEST_P(BudgetingTest, after_the_close_the_results_the_api_and_the_recounted_pabulib_file_agree) {
  for (auto rule : {budgeting::Rule::greedy, budgeting::Rule::equal_shares}) {
    auto id = open_budget(budgeting::BallotType::approval, rule, {60'000, 40'000, 40'000});
    std::vector<std::string> receipts;
    // Four want the trees and the benches, two only the bins. Greedy spends the pot on the four's two
    // projects; Equal Shares pays for the trees from the four's shares and the bins from the two's.
    for (int v = 0; v < 6; ++v) {
      auto who = resident(100 * static_cast<int>(rule) + 10 + v);
      auto r = vote(id, who, v < 4 ? std::vector{ids_[0], ids_[1]} : std::vector{ids_[2]});
      ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
      receipts.push_back(receipt_in(r.body));
    }
    close_voting();
    auto page = get(path(id, "/results"));
    ASSERT_EQ(page.status, 200) << page.body.substr(0, 3000);
    EXPECT_TRUE(contains(page.body, "6 people voted."));
    auto api = "/api/v1/budgets/" + std::to_string(id);
    auto results = nlohmann::json::parse(get(api + "/results").body);
    std::set<std::string> published;
    for (const auto& s : results["selected"]) published.insert(s.get<std::string>());
    if (rule == budgeting::Rule::greedy) {
      EXPECT_EQ(published, (std::set<std::string>{ids_[0], ids_[1]}));
      EXPECT_TRUE(contains(page.body, "The projects with the most votes are funded first."));
      EXPECT_TRUE(contains(page.body, "Money left: <strong>£0</strong> of £1,000."));
    } else {
      EXPECT_EQ(published, (std::set<std::string>{ids_[0], ids_[2]})) << results.dump();
      EXPECT_TRUE(contains(page.body, "Method of Equal Shares"));
      EXPECT_TRUE(contains(page.body, "Money left: <strong>£0</strong> of £1,000."));
    }
    auto pb = get(api + "/pabulib");
    ASSERT_EQ(pb.status, 200);
    auto election = count::read_pabulib_string(pb.body, "budget.pb");
    EXPECT_EQ(election.votes.size(), 6u);
    auto profile = count::make_profile(election);
    auto outcome = count::count_pb(profile, *count::parse_pb_rule(*election.meta_value("rule")));
    std::set<std::string> recounted;
    for (auto p : outcome.selected) recounted.insert(profile.ids[p]);
    EXPECT_EQ(recounted, published) << pb.body;
    EXPECT_EQ(recount_with_cli(pb.body), published);
    EXPECT_EQ(results["cost"].get<std::int64_t>(), mpq_class(outcome.cost * 100).get_num().get_si());
    auto hashes = get(api + "/receipts").body;
    for (const auto& r : receipts) EXPECT_TRUE(contains(hashes, ballots::receipt_hash(r))) << r;
    auto token = csrf_in(page.body);
    auto mine = post(path(id, "/results"), {{"csrf_token", token}, {"receipt", receipts[4]}});
    EXPECT_EQ(mine.status, 200);
    EXPECT_TRUE(contains(mine.body, "A ballot with your receipt code is among the 6 counted."))
        << mine.body.substr(0, 3000);
    auto typo = post(path(id, "/results"), {{"csrf_token", token}, {"receipt", "AAAA-BBBB-CCCC-DDDD"}});
    EXPECT_EQ(typo.status, 422);
    EXPECT_TRUE(contains(typo.body, "That receipt code is not among the ballots counted"));
    EXPECT_TRUE(contains(typo.body, "value=\"AAAA-BBBB-CCCC-DDDD\""));
    auto list = nlohmann::json::parse(get("/api/v1/budgets").body);
    nlohmann::json item;
    for (const auto& i : list["items"])
      if (i["id"] == id) item = i;
    ASSERT_EQ(item["id"], id) << list.dump();
    EXPECT_EQ(item["phase"], "results");
    EXPECT_EQ(item["rule"], budgeting::rule_slug(rule));
    EXPECT_EQ(item["pabulib_url"], server_->runtime().site().base_url + api + "/pabulib");
    EXPECT_EQ(vote(id, resident(999 + static_cast<int>(rule)), {ids_[0]}).status, 409) << "closed";
    server_->clock().set(kServerNow);
  }
}

TEST_P(BudgetingTest, the_close_is_counted_once_and_explained_page_by_page) {
  auto id =
      open_budget(budgeting::BallotType::approval, budgeting::Rule::equal_shares, {60'000, 40'000, 40'000});
  std::vector<std::string> receipts;
  for (int v = 0; v < 6; ++v) {
    auto who = resident(300 + v);
    // The four live in Sutton Central (SM1 1AA); the other two gave no postcode.
    if (v < 4)
      store::in_write(db(), [&](store::Tx& tx) {
        tx.run("UPDATE users SET postcode = 'sm1 1aa' WHERE email = $1",
               "voter" + std::to_string(300 + v) + "@example.org");
      });
    EXPECT_EQ(get(path(id, "/vote"), who).status, 200);
    auto r = vote(id, who, v < 4 ? std::vector{ids_[0], ids_[1]} : std::vector{ids_[2]});
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
    receipts.push_back(receipt_in(r.body));
  }
  EXPECT_EQ(get(path(id, "/fairness")).status, 409) << "no report while voting is open";
  EXPECT_EQ(budgeting::close_due(db(), kServerNow), 0u) << "voting is open: nothing to count";
  EXPECT_EQ(get(path(id, "/results/rounds")).status, 409);
  EXPECT_EQ(get("/api/v1/budgets/" + std::to_string(id) + "/results.csv").status, 409);
  close_voting();
  auto closed_at = kVotingOpens + 2 * kDay + 3600'000'000LL;
  EXPECT_EQ(budgeting::close_due(db(), closed_at), 1u) << "the close job seals and counts it";
  EXPECT_EQ(budgeting::close_due(db(), closed_at), 0u) << "once";
  EXPECT_TRUE(store::in_read(db(), [&](store::Tx& tx) { return budgeting::has_results(tx, id); }));

  auto page = get(path(id, "/results"));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "id=\"votes-chart-title\">Votes for each project</title>"));
  EXPECT_TRUE(contains(page.body, "4 votes, funded")) << "the chart says in words what its colour shows";
  EXPECT_TRUE(contains(page.body, "Funded by greedy (most votes first)"));
  EXPECT_TRUE(
      contains(page.body, "2 people have more of the projects they voted for funded under Equal Shares"))
      << page.body.substr(0, 4000);

  auto rounds = get(path(id, "/results/rounds"));
  ASSERT_EQ(rounds.status, 200);
  EXPECT_TRUE(contains(rounds.body, "Effective votes"));
  EXPECT_TRUE(contains(rounds.body, "Trees on Cheam Road"));

  auto benches = get(path(id, "/results/projects/" + ids_[1]));
  ASSERT_EQ(benches.status, 200);
  EXPECT_TRUE(contains(benches.body, "It was not funded. It had 4 votes")) << benches.body.substr(0, 4000);
  EXPECT_TRUE(contains(benches.body, "spent £600 of their shares"));
  EXPECT_EQ(get(path(id, "/results/projects/999999")).status, 404);

  auto token = csrf_in(page.body);
  auto share = post(path(id, "/results"), {{"csrf_token", token}, {"receipt", receipts[0]}});
  ASSERT_EQ(share.status, 200);
  EXPECT_TRUE(contains(share.body, "Where your share went"));
  EXPECT_TRUE(contains(share.body, "Your equal share of the pot was £166.67")) << share.body.substr(0, 4000);
  EXPECT_TRUE(contains(share.body, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">£150</td>"));

  auto csv = get("/api/v1/budgets/" + std::to_string(id) + "/results.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(contains(csv.header("content-type"), "text/csv"));
  EXPECT_TRUE(contains(csv.body, "project_id,title,ward,cost_pence,votes,funded,funded_by_greedy\r\n"));
  EXPECT_TRUE(contains(csv.body, ids_[1] + ",Benches in Manor Park,,40000,4,no,yes\r\n")) << csv.body;

  // The fairness report: everything adds up, the ward is known for the four, and the deciles, too few
  // ballots each to hide among, were cleared at the seal.
  auto f = budgeting::fairness_report(db(), id, closed_at);
  EXPECT_EQ(f.totals[budgeting::kMoney], 100'000);
  EXPECT_EQ(f.totals[budgeting::kVotersByWard], 6);
  EXPECT_EQ(f.totals[budgeting::kVotersByDecile], 6);
  for (auto m : {budgeting::kMoney, budgeting::kProjects, budgeting::kVotersByWard,
                 budgeting::kVotersByDecile, budgeting::kServed, budgeting::kOpened}) {
    std::int64_t wards = 0, deciles = 0;
    for (const auto& r : f.wards) wards += r.values[m];
    for (const auto& r : f.deciles) deciles += r.values[m];
    EXPECT_EQ(wards, f.totals[m]) << "measure " << m;
    EXPECT_EQ(deciles, f.totals[m]) << "measure " << m;
  }
  auto central =
      std::find_if(f.wards.begin(), f.wards.end(), [](const auto& r) { return r.key == "E05013765"; });
  ASSERT_NE(central, f.wards.end());
  EXPECT_EQ(central->values[budgeting::kVotersByWard], 4);
  EXPECT_EQ(central->values[budgeting::kOpened], 4);
  EXPECT_EQ(f.deciles.back().label, "Not known");
  EXPECT_EQ(f.deciles.back().values[budgeting::kVotersByDecile], 6);
  EXPECT_EQ(f.deciles.back().values[budgeting::kServed], 6) << "every ballot had a funded project";
  auto report = get(path(id, "/fairness"));
  ASSERT_EQ(report.status, 200);
  EXPECT_TRUE(contains(report.body, "Money by deprivation decile"));
  EXPECT_TRUE(contains(report.body, "1 (most deprived)"));

  // Delivery: the officer posts updates on a funded project; nobody else can, and an unfunded project
  // has none.
  auto officer = officer_session(closed_at);
  auto trees = path(id, "/delivery/" + ids_[0]);
  auto form_token = csrf_in(get(trees, officer).body);
  auto bad = post(trees, {{"csrf_token", form_token}, {"status", "done"}, {"progress", "50"}, {"note", ""}},
                  officer);
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "A project that is done is 100% along")) << bad.body.substr(0, 3000);
  EXPECT_TRUE(contains(bad.body, "value=\"50\"")) << "what was typed is kept";
  auto posted = post(
      trees,
      {{"csrf_token", form_token}, {"status", "in_progress"}, {"progress", "40"}, {"note", "Trees ordered"}},
      officer);
  EXPECT_EQ(posted.status, 303) << posted.body.substr(0, 3000);
  auto watcher = session_for(person("delivery-watcher@example.org"), closed_at);
  auto refused =
      post(trees,
           {{"csrf_token", csrf_in(get("/account/delete", watcher).body)}, {"status", "done"}, {"note", "x"}},
           watcher);
  EXPECT_EQ(refused.status, 403);
  EXPECT_FALSE(contains(refused.body, "This form has expired"))
      << "refused for who they are, not for the form";
  auto unfunded = path(id, "/delivery/" + ids_[1]);
  EXPECT_EQ(post(unfunded, {{"csrf_token", form_token}, {"status", "done"}, {"note", "x"}}, officer).status,
            409);
  EXPECT_EQ(get(unfunded).status, 404);
  auto delivery = get(path(id, "/delivery"));
  ASSERT_EQ(delivery.status, 200);
  EXPECT_TRUE(contains(delivery.body, "0 of 2 funded projects are done."));
  EXPECT_TRUE(contains(delivery.body, "Trees ordered"));
  EXPECT_TRUE(contains(get(trees).body, "In progress")) << "anyone can follow it";
  server_->clock().set(kServerNow);
}

INSTANTIATE_TEST_SUITE_P(Engines, BudgetingTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
