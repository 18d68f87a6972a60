// Counting an uploaded Pabulib file: by its META rule or a chosen one, beside the file's own outcome,
// with every problem of the file named on the form's fields.
#include <gtest/gtest.h>

#include "modules/budgeting/imported_count.h"
#include "web/forms.h"

namespace cw::budgeting {
namespace {

std::string project_line(int i, const std::string& selected) {
  static const char* rows[] = {"a;50;Trees", "b;50;Benches", "c;100;Hall"};
  return std::string(rows[i]) + ";" + selected + "\n";
}

// Three projects; the pot fits a and b, or c alone. a and b have the most votes.
std::string file(const std::string& rule, const std::string& selected = "1,1,0") {
  std::string text =
      "META\nkey;value\ndescription;Greener Wroclaw\nnum_projects;3\nnum_votes;4\nbudget;100\n"
      "vote_type;approval\n" +
      (rule.empty() ? "" : "rule;" + rule + "\n") + "PROJECTS\nproject_id;cost;name;selected\n";
  for (int i = 0; i < 3; ++i) text += project_line(i, selected.substr(static_cast<std::size_t>(i) * 2, 1));
  return text + "VOTES\nvoter_id;vote\n1;a,b\n2;a,b\n3;c\n4;a\n";
}

std::string refusal(const std::string& text, const std::string& rule) {
  try {
    count_imported(text, "w.pb", rule);
    return "";
  } catch (const web::FormInvalid& e) {
    return e.errors.at(0).field + ": " + e.errors.at(0).message;
  }
}

TEST(ImportedCount, counts_by_the_files_rule_and_agrees_with_its_selected_column) {
  auto c = count_imported(file("greedy"), "w.pb", "file");
  EXPECT_EQ(c.title, "Greener Wroclaw");
  EXPECT_EQ(c.voters, 4u);
  EXPECT_EQ(c.rule_name, "Greedy (most votes first)");
  ASSERT_EQ(c.projects.size(), 3u);
  EXPECT_EQ(c.projects[0].id, "a");
  EXPECT_EQ(c.projects[0].name, "Trees");
  EXPECT_EQ(c.projects[0].score, "3");
  EXPECT_TRUE(c.projects[0].funded && c.projects[1].funded && !c.projects[2].funded);
  EXPECT_EQ(c.left, "0");
  ASSERT_TRUE(c.agrees_with_file);
  EXPECT_TRUE(*c.agrees_with_file);
}

TEST(ImportedCount, a_file_whose_published_outcome_differs_is_said_to) {
  auto c = count_imported(file("greedy", "0,0,1"), "w.pb", "file");
  EXPECT_FALSE(*c.agrees_with_file);
  EXPECT_EQ(*c.projects[2].funded_in_file, true);
}

TEST(ImportedCount, a_chosen_rule_replaces_the_files_and_a_file_without_one_must_be_given_one) {
  auto c = count_imported(file(""), "w.pb", "equalshares/add1");
  EXPECT_EQ(c.rule_name, "Method of Equal Shares, add1 completion");
  EXPECT_EQ(refusal(file(""), "file"),
            "rule: The file does not say how to count it: choose greedy or the Method of Equal Shares");
  EXPECT_EQ(
      refusal(file("borda"), "file"),
      "rule: The file's rule \"borda\" is not one we count: choose greedy or the Method of Equal Shares");
}

TEST(ImportedCount, a_broken_file_is_named_with_its_line) {
  auto broken = file("greedy");
  broken.replace(broken.find("a;50;Trees"), 10, "a;fifty;Trees");
  auto said = refusal(broken, "file");
  EXPECT_TRUE(said.starts_with("file: w.pb:")) << said;
  EXPECT_EQ(refusal("not a pabulib file", "file").substr(0, 11), "file: w.pb:");
  auto no_votes = file("greedy");
  no_votes.erase(no_votes.find("1;a,b"));
  EXPECT_EQ(refusal(no_votes, "file"), "file: w.pb: the file has no votes to count");
}

TEST(ImportedCount, repeated_projects_on_a_ballot_are_counted_once_and_reported) {
  auto repeated = file("greedy");
  repeated.replace(repeated.find("4;a\n"), 4, "4;a,a\n");
  auto c = count_imported(repeated, "w.pb", "file");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.projects[0].score, "3");
}

}  // namespace
}  // namespace cw::budgeting
