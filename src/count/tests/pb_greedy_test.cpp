// Greedy PB rules: every real Pabulib file reproduces its published selected = 1 set with the rule its
// META declares, and small elections show each variant, the threshold and tie reporting.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "count/pabulib.h"
#include "count/pb_count.h"
#include "count/pb_greedy.h"
#include "pb_test_profiles.h"

namespace cw::count {
namespace {

std::string data_dir() {
  return std::string(CW_SOURCE_DIR) + "/tests/data/pabulib";
}

using testing::ids;

// Approval ballots given as (letters, number of voters casting that ballot).
PbProfile approval_profile(std::vector<int> costs, int budget,
                           std::vector<std::pair<std::string, int>> ballots,
                           TieBreak tie_break = TieBreak::file) {
  std::vector<std::string> each;
  for (const auto& [letters, voters] : ballots) each.insert(each.end(), static_cast<size_t>(voters), letters);
  return testing::approval(std::move(costs), budget, each, tie_break);
}

TEST(PbGreedyRealFiles, every_file_reproduces_its_published_selection_with_its_meta_rule) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir())) {
    if (entry.path().extension() != ".pb") continue;
    ++files;
    PbElection election = read_pabulib_file(entry.path().string());
    std::optional<PbRule> rule = parse_pb_rule(*election.meta_value("rule"));
    ASSERT_TRUE(rule) << entry.path();
    PbProfile profile = make_profile(election);
    PbOutcome outcome = count_pb(profile, *rule);
    size_t column = *election.project_column("selected");
    std::set<std::string> published, counted;
    for (const PbProject& project : election.projects)
      if (project.fields[column] == "1") published.insert(project.id);
    for (uint32_t p : outcome.selected) counted.insert(profile.ids[p]);
    EXPECT_EQ(counted, published) << entry.path();
    EXPECT_TRUE(outcome.ties.empty()) << entry.path();
    EXPECT_LE(outcome.cost, profile.budget);
  }
  EXPECT_EQ(files, 13u);
}

TEST(PbGreedyRealFiles, plain_greedy_differs_where_the_threshold_or_no_skip_matters) {
  // Gdynia 2021 Babie Doły: greedy-no-skip with threshold 50 funds 2; plain greedy would fund more.
  PbElection election = read_pabulib_file(data_dir() + "/Poland_Gdynia_2021_Babie_Doly__small.pb");
  PbProfile profile = make_profile(election);
  EXPECT_EQ(count_greedy(profile, GreedyVariant::no_skip).selected.size(), 2u);
  profile.min_score_threshold.reset();
  EXPECT_GT(count_greedy(profile, GreedyVariant::skip).selected.size(), 2u);
}

TEST(PbGreedy, greedy_skips_a_project_that_does_not_fit_and_funds_cheaper_ones_after_it) {
  // Scores a=3, b=2, c=1; budget 10: a (6) fits, b (5) does not (4 left), c (4) fits.
  PbProfile profile = approval_profile({6, 5, 4}, 10, {{"abc", 1}, {"ab", 1}, {"a", 1}});
  PbOutcome outcome = count_greedy(profile, GreedyVariant::skip);
  EXPECT_EQ(ids(profile, outcome.selected), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(outcome.cost, 10);
  EXPECT_EQ(outcome.rounds[1].action, "skipped");
}

TEST(PbGreedy, greedy_no_skip_stops_at_first_project_that_does_not_fit) {
  PbProfile profile = approval_profile({6, 5, 4}, 10, {{"abc", 1}, {"ab", 1}, {"a", 1}});
  PbOutcome outcome = count_greedy(profile, GreedyVariant::no_skip);
  EXPECT_EQ(ids(profile, outcome.selected), (std::vector<std::string>{"a"}));
  EXPECT_EQ(outcome.rounds[1].action, "stopped");
  EXPECT_EQ(outcome.rounds[2].action, "after stop");
}

TEST(PbGreedy, threshold_excludes_low_scores_under_every_variant) {
  // Scores a=3, b=2, c=1 with threshold 2: c is never funded even though it would fit.
  PbProfile profile = approval_profile({6, 5, 1}, 20, {{"abc", 1}, {"ab", 1}, {"a", 1}});
  profile.min_score_threshold = mpq_class(2);
  for (GreedyVariant variant : {GreedyVariant::skip, GreedyVariant::no_skip, GreedyVariant::threshold}) {
    PbOutcome outcome = count_greedy(profile, variant);
    EXPECT_EQ(ids(profile, outcome.selected), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(outcome.rounds[2].action, "below threshold");
  }
}

TEST(PbGreedy, cumulative_score_is_total_points_not_number_of_voters) {
  // a: two voters give 1 point each (score 2); b: one voter gives 3 (score 3). Budget fits one.
  std::vector<PbVote> votes(3);
  votes[0].projects = {0}, votes[0].points = {1};
  votes[1].projects = {0}, votes[1].points = {1};
  votes[2].projects = {1}, votes[2].points = {3};
  PbProfile profile = make_profile({"a", "b"}, {5, 5}, 5, true, votes);
  EXPECT_EQ(ids(profile, count_greedy(profile, GreedyVariant::skip).selected),
            (std::vector<std::string>{"b"}));
}

TEST(PbGreedy, ordinal_votes_count_as_points_by_place_up_to_max_length) {
  // Three places: a 1st choice is worth 3, a 2nd 2, a 3rd 1. a: 3 + 3 = 6 from two voters; b: 2 + 2 + 3 =
  // 7 from three; c: 1 + 1 + 2 = 4. Greedy funds b, then c, which fits where a does not.
  auto text =
      "META\nkey;value\nnum_projects;3\nnum_votes;3\nbudget;10\nvote_type;ordinal\nmax_length;3\n"
      "PROJECTS\nproject_id;cost\na;6\nb;5\nc;4\n"
      "VOTES\nvoter_id;vote\n1;a,b,c\n2;a,b,c\n3;b,c\n";
  PbProfile profile = make_profile(read_pabulib_string(text, "ranked.pb"));
  EXPECT_EQ(profile.scores(), (std::vector<mpq_class>{6, 7, 4}));
  EXPECT_EQ(ids(profile, count_greedy(profile, GreedyVariant::skip).selected),
            (std::vector<std::string>{"b", "c"}));
  // Without max_length the longest vote sets the places: the same here.
  auto no_length = std::string(text).replace(std::string(text).find("max_length;3\n"), 13, "");
  EXPECT_EQ(make_profile(read_pabulib_string(no_length, "ranked.pb")).scores(), profile.scores());
  auto bad = std::string(text).replace(std::string(text).find("max_length;3"), 12, "max_length;x");
  EXPECT_THROW(make_profile(read_pabulib_string(bad, "ranked.pb")), std::invalid_argument);
}

TEST(PbGreedy, equal_scores_follow_file_order_and_the_tie_is_reported) {
  // a and b both score 1 and cost 5; budget 5 funds only one: the earlier in the file (a).
  PbProfile profile = approval_profile({5, 5}, 5, {{"a", 1}, {"b", 1}});
  PbOutcome outcome = count_greedy(profile, GreedyVariant::skip);
  EXPECT_EQ(ids(profile, outcome.selected), (std::vector<std::string>{"a"}));
  ASSERT_EQ(outcome.ties.size(), 1u);
  EXPECT_EQ(ids(profile, outcome.ties[0].projects), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(outcome.ties[0].round, 0u);
}

TEST(PbGreedy, tie_break_by_cost_prefers_the_cheaper_project) {
  // a costs 5 and b 4, both score 1; budget 5. By cost b comes first and then a no longer fits.
  PbProfile profile = approval_profile({5, 4}, 5, {{"a", 1}, {"b", 1}}, TieBreak::cost);
  PbOutcome outcome = count_greedy(profile, GreedyVariant::skip);
  EXPECT_EQ(ids(profile, outcome.selected), (std::vector<std::string>{"b"}));
  EXPECT_EQ(outcome.ties.size(), 1u);
}

TEST(PbGreedy, tie_break_by_id_compares_numeric_ids_as_numbers) {
  std::vector<PbVote> votes(2);
  votes[0].projects = {0}, votes[1].projects = {1};
  PbProfile profile = make_profile({"10", "9"}, {5, 5}, 5, false, votes, TieBreak::id);
  EXPECT_EQ(ids(profile, count_greedy(profile, GreedyVariant::skip).selected),
            (std::vector<std::string>{"9"}));
}

TEST(PbGreedy, a_tie_that_decides_nothing_is_not_reported) {
  // a and b tie but both fit: any order funds both.
  PbProfile profile = approval_profile({5, 5}, 10, {{"a", 1}, {"b", 1}});
  EXPECT_TRUE(count_greedy(profile, GreedyVariant::skip).ties.empty());
}

TEST(PbGreedy, identical_ballots_are_grouped) {
  PbProfile profile = approval_profile({5, 5}, 10, {{"ab", 3}, {"ba", 2}, {"a", 4}});
  EXPECT_EQ(profile.ballots.size(), 2u);
  EXPECT_EQ(profile.voter_count, 9u);
}

}  // namespace
}  // namespace cw::count
