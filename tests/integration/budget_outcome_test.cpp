// The manifest's last parts and the published outcome: the comparison step of the Method of Equal
// Shares, projects excluded by the organisers after the count with their published reasons (the rules'
// outcome beside the published one, and a recount of the file that honours both), and a minimum age that
// voters declare. On SQLite and PostgreSQL.
#include "budget_fixture.h"
#include "modules/budgeting/service.h"

namespace cw::testing {
namespace {

class BudgetOutcomeTest : public BudgetingTest {
 protected:
  // Three people want Trees and Benches, two want Bins (costs £600, £300 and £500 of a £1,000 pot).
  // Equal Shares funds only Trees: Bins would take its voters past the pot. Greedy funds Trees and
  // Benches, which three voters prefer and nobody likes less.
  std::int64_t counted_budget(bool comparison) {
    server_->clock().set(kServerNow);  // voting open again, should another budget have closed
    auto id = open_budget(budgeting::BallotType::approval, budgeting::Rule::equal_shares);
    store::in_write(db(), [&](store::Tx& tx) {
      tx.run("UPDATE budget_processes SET comparison = $2 WHERE id = $1", id, comparison ? 1 : 0);
    });
    int n = comparison ? 0 : 10;
    for (int v = 0; v < 5; ++v)
      EXPECT_EQ(
          vote(id, resident(n + v), v < 3 ? std::vector{ids_[0], ids_[1]} : std::vector{ids_[2]}).status,
          200);
    close_voting();
    return id;
  }
  HttpReply exclude(std::int64_t id, const std::string& session, const std::string& project,
                    const std::string& reason) {
    auto to = path(id, "/results");
    return send_form(
        path(id, "/exclusions"),
        {{"csrf_token", csrf_in(get(to, session).body)}, {"project", project}, {"reason", reason}}, session);
  }
};

TEST_P(BudgetOutcomeTest, the_comparison_step_publishes_greedys_outcome_when_more_voters_prefer_it) {
  auto without = counted_budget(false);
  EXPECT_EQ(published(without), (std::set<std::string>{ids_[0]}));
  auto with = counted_budget(true);
  EXPECT_EQ(published(with), (std::set<std::string>{ids_[0], ids_[1]}));
  auto pb = pabulib(with);
  EXPECT_TRUE(contains(pb, "comparison;satisfaction")) << pb;
  EXPECT_FALSE(contains(pabulib(without), "comparison;"));
  EXPECT_EQ(recount_with_cli(pb), published(with));
  auto page = get(path(with, "/results"));
  EXPECT_TRUE(contains(page.body,
                       "0 voters have more under Equal Shares and 3 have more under greedy, so "
                       "the greedy outcome is published"))
      << page.body.substr(0, 6000);
  EXPECT_TRUE(contains(page.body, "Funded by Equal Shares"))
      << "the chart beside the published one is Equal Shares'";
  auto api = nlohmann::json::parse(get("/api/v1/budgets/" + std::to_string(with) + "/results").body);
  EXPECT_EQ(api["comparison"], "greedy");
  // Greedy's outcome has no equal shares to explain: the receipt check says funded or not.
  auto budget_page = get(path(with));
  EXPECT_TRUE(contains(budget_page.body, "comparison step")) << "the rules say so before voting too";
}

TEST_P(BudgetOutcomeTest, an_officer_sets_the_comparison_step_only_with_equal_shares) {
  auto officer = officer_session();
  auto id = open_budget();
  auto form = get(path(id, "/edit"), officer);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "name=\"comparison\""));
  EXPECT_TRUE(contains(form.body, "name=\"min_age\""));
  auto d = budgeting::draft_of(
      *store::in_read(db(), [&](store::Tx& tx) { return budgeting::find_process(tx, id); }));
  std::vector<std::pair<std::string, std::string>> fields{{"csrf_token", csrf_in(form.body)},
                                                          {"title", d.title},
                                                          {"pot", d.pot},
                                                          {"rule", "greedy"},
                                                          {"ballot_type", "approval"},
                                                          {"min_projects", "1"},
                                                          {"max_projects", "2"},
                                                          {"tie_break", "file"},
                                                          {"comparison", "yes"},
                                                          {"min_age", "sixteen"}};
  for (std::size_t i = 0; i < budgeting::kDatedPhases.size(); ++i) {
    std::string name = budgeting::phase_slug(budgeting::kDatedPhases[i]);
    fields.insert(fields.end(), {{name + "-day", d.starts[i][0]},
                                 {name + "-month", d.starts[i][1]},
                                 {name + "-year", d.starts[i][2]}});
  }
  auto refused = send_form(path(id, "/edit"), fields, officer);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "The comparison step is part of the Method of Equal Shares"));
  EXPECT_TRUE(contains(refused.body, "Enter the youngest age at which people may vote"));
  EXPECT_TRUE(contains(refused.body, "value=\"sixteen\"")) << "what was typed is kept";
  fields[3].second = "equalshares/add1";
  fields[9].second = "16";  // min_age
  auto saved = send_form(path(id, "/edit"), fields, officer);
  EXPECT_EQ(saved.status, 303) << saved.body.substr(saved.body.find("govuk-error-summary__list"), 800);
  auto p = store::in_read(db(), [&](store::Tx& tx) { return budgeting::find_process(tx, id); });
  EXPECT_TRUE(p->rules.comparison);
  EXPECT_EQ(p->rules.min_age, 16);
}

TEST_P(BudgetOutcomeTest, voters_declare_the_minimum_age_and_its_absence_is_named_with_the_ballot_kept) {
  auto id = open_budget();
  store::in_write(
      db(), [&](store::Tx& tx) { tx.run("UPDATE budget_processes SET min_age = 16 WHERE id = $1", id); });
  EXPECT_TRUE(contains(get(path(id)).body, "Anyone aged 16 or over may vote"));
  auto voter = resident(1);
  auto page = get(path(id, "/vote"), voter);
  EXPECT_TRUE(contains(page.body, "I am 16 or older"));
  auto refused = vote(id, voter, {ids_[0]});
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "Confirm that you are 16 or older")) << refused.body.substr(0, 4000);
  EXPECT_TRUE(contains(refused.body, "href=\"#age_declared\""));
  EXPECT_TRUE(contains(refused.body, "value=\"" + ids_[0] + "\" checked")) << "the ballot is kept";
  // A bad ballot and no declaration: both said at once.
  auto both = vote(id, voter, {ids_[0], ids_[1], ids_[2]});
  EXPECT_TRUE(contains(both.body, "Confirm that you are 16 or older"));
  EXPECT_TRUE(contains(both.body, "Choose no more than 2"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots WHERE box = $1", budgeting::box_of(id)), 0);
  auto cast = vote_with(id, voter, {{"projects", ids_[0]}, {"age_declared", "yes"}});
  EXPECT_EQ(cast.status, 200) << cast.body.substr(0, 3000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ballots WHERE box = $1", budgeting::box_of(id)), 1);
}

TEST_P(BudgetOutcomeTest,
       an_officer_excludes_a_funded_project_with_a_published_reason_and_the_box_is_recounted) {
  auto id = counted_budget(false);  // Equal Shares funds Trees only
  auto officer = officer_session(server_->clock().now());
  auto results = get(path(id, "/results"), officer);
  EXPECT_TRUE(contains(results.body, "Exclude a project")) << results.body.substr(0, 3000);
  EXPECT_FALSE(contains(get(path(id, "/results")).body, "Exclude a project")) << "not for the public";
  // No reason: refused, the choice kept, nothing recounted.
  auto blank = exclude(id, officer, ids_[0], "  ");
  EXPECT_EQ(blank.status, 422);
  EXPECT_TRUE(contains(blank.body, "Say why the project is excluded"));
  EXPECT_TRUE(contains(blank.body, "value=\"" + ids_[0] + "\" selected")) << blank.body.substr(0, 5000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_exclusions WHERE process_id = $1", id), 0);
  // A resident cannot.
  EXPECT_EQ(exclude(id, resident(40), ids_[0], "I do not like trees").status, 403);

  auto done = exclude(id, officer, ids_[0], "The trees would block the new cycle lane.");
  EXPECT_EQ(done.status, 303) << done.body.substr(0, 3000);
  EXPECT_EQ(published(id), (std::set<std::string>{ids_[1], ids_[2]}))
      << "the money Trees no longer needs pays for Benches and Bins";
  auto page = get(path(id, "/results")).body;
  EXPECT_TRUE(contains(page, "Projects excluded by the organisers"));
  EXPECT_TRUE(contains(page, "Why: The trees would block the new cycle lane."));
  EXPECT_TRUE(contains(page, "What the rules alone funded, and what is published"));
  EXPECT_TRUE(contains(
      page, "<td class=\"govuk-table__cell\">Funded</td><td class=\"govuk-table__cell\">Excluded</td>"))
      << page;
  auto why = get(path(id, "/results/projects/" + ids_[0])).body;
  EXPECT_TRUE(contains(why, "The count by the rules funded it, but the organisers excluded it"));
  auto api = nlohmann::json::parse(get("/api/v1/budgets/" + std::to_string(id) + "/results").body);
  EXPECT_EQ(api["excluded"][0]["id"], ids_[0]);
  EXPECT_EQ(api["excluded"][0]["reason"], "The trees would block the new cycle lane.");
  EXPECT_EQ(api["selected_by_the_rules"], nlohmann::json::array({ids_[0]}));
  auto pb = pabulib(id);
  EXPECT_TRUE(contains(pb, "excluded;" + ids_[0])) << pb;
  EXPECT_EQ(recount_with_cli(pb), published(id)) << "the file's recount honours the exclusion";
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'budget.exclude' AND object_id = $1", id),
            1);
  // Twice: said on the field.
  auto again = exclude(id, officer, ids_[0], "Still in the way.");
  EXPECT_EQ(again.status, 422);
  EXPECT_TRUE(contains(again.body, "That project is excluded already"));
}

TEST_P(BudgetOutcomeTest, nothing_is_excluded_while_voting_is_open) {
  auto id = open_budget();
  auto officer = officer_session();
  auto token = csrf_in(get(path(id), officer).body);
  auto r = send_form(path(id, "/exclusions"),
                     {{"csrf_token", token}, {"project", ids_[0]}, {"reason", "No."}}, officer);
  EXPECT_EQ(r.status, 409) << r.body.substr(0, 2000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM budget_exclusions WHERE process_id = $1", id), 0);
}

// Anyone signed in counts a Pabulib file; this budget's own file gives the published outcome back.
TEST_P(BudgetOutcomeTest, a_published_file_uploaded_to_be_counted_agrees_with_itself) {
  auto id = counted_budget(true);
  // The per-account limit outlives a test's server; the same account id counts again on the second
  // engine, a few minutes later.
  server_->clock().set(server_->clock().now() + static_cast<int>(GetParam()) * 600'000'000LL);
  auto reader = session_for(person("reader@example.org"), server_->clock().now());
  auto form = get("/budgets/count-a-file", reader);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "enctype=\"multipart/form-data\""));
  EXPECT_TRUE(contains(get("/budgets/count-a-file").body, "Sign in to count a file"));
  auto upload = [&](const std::string& name, const std::string& bytes, const std::string& rule) {
    std::string boundary = "x-pb-boundary-7", body;
    auto part = [&](const std::string& disposition, const std::string& value) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\n" + value +
              "\r\n";
    };
    part("name=\"csrf_token\"", csrf_in(form.body));
    part("name=\"rule\"", rule);
    part("name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: application/octet-stream", bytes);
    body += "--" + boundary + "--\r\n";
    return http_request(port(), "POST", "/budgets/count-a-file", body,
                        "multipart/form-data; boundary=" + boundary,
                        cookie_header(reader) + "Sec-Fetch-Site: same-origin\r\n");
  };
  auto counted = upload("budget.pb", pabulib(id), "file");
  ASSERT_EQ(counted.status, 200) << counted.body.substr(0, 3000);
  EXPECT_TRUE(contains(counted.body, "with the comparison step"));
  EXPECT_TRUE(contains(counted.body, "This count funds exactly the projects the file marks as selected."));
  auto by_greedy = upload("budget.pb", pabulib(id), "equalshares/add1");
  EXPECT_TRUE(contains(by_greedy.body, "This count differs from the outcome the file publishes"))
      << "Equal Shares without the comparison step funds Trees alone";
  auto broken = upload("notes.txt", "Shopping list", "file");
  EXPECT_EQ(broken.status, 422);
  EXPECT_TRUE(contains(broken.body, "notes.txt:1:")) << broken.body.substr(0, 3000);
  EXPECT_TRUE(contains(broken.body, "href=\"#file\""));
}

INSTANTIATE_TEST_SUITE_P(Engines, BudgetOutcomeTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
