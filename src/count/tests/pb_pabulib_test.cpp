// Pabulib reader and writer: the CSV field splitter, every real file read and written back, and bad files
// refused with exact "file:line: reason" messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "count/pabulib.h"
#include "count/rational.h"

namespace cw::count {
namespace {

std::string data_dir() {
  return std::string(CW_SOURCE_DIR) + "/tests/data/pabulib";
}

std::vector<std::string> real_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir()))
    if (entry.path().extension() == ".pb") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const char* kSmall =
    "META\n"
    "key;value\n"
    "budget;100,5\n"
    "vote_type;approval\n"
    "rule;greedy\n"
    "PROJECTS\n"
    "project_id;cost;name;selected\n"
    "1;60;\"A \"\"quoted\"\" name; with a semicolon\";1\n"
    "2;50;None;0\n"
    "VOTES\n"
    "voter_id;vote;age\n"
    "v1;1,2;30\n"
    "v2;2;None\n";

std::string error_of(const std::string& text) {
  try {
    read_pabulib_string(text, "x.pb");
  } catch (const PabulibError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PabulibSplit, plain_fields_split_on_semicolons_and_keep_empty_ones) {
  EXPECT_EQ(split_pb_fields("a;;b;").fields, (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ(split_pb_fields("").fields, (std::vector<std::string>{""}));
}

TEST(PabulibSplit, quoted_fields_keep_semicolons_and_doubled_quotes) {
  EXPECT_EQ(split_pb_fields("\"a;b\";\"say \"\"hi\"\"\";\"\"").fields,
            (std::vector<std::string>{"a;b", "say \"hi\"", ""}));
}

TEST(PabulibSplit, malformed_quotes_are_reported) {
  EXPECT_EQ(split_pb_fields("\"open;x").error, "a quoted field has no closing quote");
  EXPECT_EQ(split_pb_fields("\"a\"b;c").error, "text follows a closing quote");
  EXPECT_EQ(split_pb_fields("a\"b;c").fields, (std::vector<std::string>{"a\"b", "c"}));
}

TEST(PabulibSplit, quoting_a_field_for_writing_is_minimal_and_reversible) {
  EXPECT_EQ(quote_pb_field("plain"), "plain");
  EXPECT_EQ(quote_pb_field("a;\"b\""), "\"a;\"\"b\"\"\"");
  EXPECT_EQ(split_pb_fields(quote_pb_field("a;\"b\"")).fields.front(), "a;\"b\"");
}

TEST(PabulibRational, decimal_points_and_decimal_commas_parse_exactly) {
  EXPECT_EQ(*parse_decimal("214386.4"), mpq_class(1071932, 5));
  EXPECT_EQ(*parse_decimal("222176,85"), mpq_class(4443537, 20));
  EXPECT_EQ(*parse_decimal("-3"), mpq_class(-3));
  EXPECT_FALSE(parse_decimal("1e3"));
  EXPECT_FALSE(parse_decimal("12."));
  EXPECT_FALSE(parse_decimal(""));
  EXPECT_EQ(format_money(mpq_class(1071932, 5)), "214386.4");
  EXPECT_EQ(format_money(mpq_class(1, 3)), "1/3");
  EXPECT_EQ(format_fraction(mpq_class(100)), "100/1");
}

TEST(PabulibRead, small_file_gives_projects_votes_and_exact_budget) {
  PbElection e = read_pabulib_string(kSmall, "small.pb");
  EXPECT_EQ(e.budget, mpq_class(201, 2));
  ASSERT_EQ(e.projects.size(), 2u);
  EXPECT_EQ(e.projects[0].fields[2], "A \"quoted\" name; with a semicolon");
  EXPECT_EQ(e.projects[1].fields[2], "None");
  ASSERT_EQ(e.votes.size(), 2u);
  EXPECT_EQ(e.votes[0].projects, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(e.votes[1].fields[2], "None");
  EXPECT_EQ(write_pabulib_string(e), kSmall);
}

TEST(PabulibRead, byte_order_mark_is_accepted_and_written_back) {
  std::string text = std::string("\xEF\xBB\xBF") + kSmall;
  PbElection e = read_pabulib_string(text, "bom.pb");
  EXPECT_TRUE(e.byte_order_mark);
  EXPECT_EQ(e.meta.front().first, "budget");
  EXPECT_EQ(write_pabulib_string(e), text);
}

TEST(PabulibRead, crlf_line_endings_are_accepted_and_written_back) {
  std::string text;
  for (char c : std::string(kSmall)) text += c == '\n' ? std::string("\r\n") : std::string(1, c);
  PbElection e = read_pabulib_string(text, "crlf.pb");
  EXPECT_TRUE(e.crlf);
  EXPECT_EQ(e.projects[1].id, "2");
  EXPECT_EQ(e.votes[1].fields.back(), "None");
  EXPECT_EQ(write_pabulib_string(e), text);
}

TEST(PabulibRead, every_real_file_reads_and_writes_back_byte_for_byte) {
  std::vector<std::string> files = real_files();
  ASSERT_EQ(files.size(), 13u);
  for (const std::string& file : files) {
    std::string text = slurp(file);
    PbElection e = read_pabulib_file(file);
    EXPECT_EQ(std::to_string(e.votes.size()), *e.meta_value("num_votes")) << file;
    EXPECT_EQ(std::to_string(e.projects.size()), *e.meta_value("num_projects")) << file;
    std::string written = write_pabulib_string(e);
    EXPECT_EQ(written, text) << file;
    PbElection again = read_pabulib_string(written, file);
    EXPECT_EQ(again.meta, e.meta) << file;
    EXPECT_EQ(again.project_columns, e.project_columns) << file;
    ASSERT_EQ(again.projects.size(), e.projects.size()) << file;
    for (size_t p = 0; p < e.projects.size(); ++p) EXPECT_EQ(again.projects[p].fields, e.projects[p].fields);
    ASSERT_EQ(again.votes.size(), e.votes.size()) << file;
    for (size_t v = 0; v < e.votes.size(); ++v) EXPECT_EQ(again.votes[v].fields, e.votes[v].fields);
  }
}

TEST(PabulibRead, non_canonical_quoting_is_normalised_but_keeps_every_value) {
  std::string text = kSmall;
  text.replace(text.find("2;50;None;0"), 11, "\"2\";50;\"None\";0");
  PbElection e = read_pabulib_string(text, "q.pb");
  PbElection again = read_pabulib_string(write_pabulib_string(e), "q.pb");
  EXPECT_EQ(again.projects[1].fields, (std::vector<std::string>{"2", "50", "None", "0"}));
  EXPECT_EQ(write_pabulib_string(again), kSmall);
}

TEST(PabulibRead, decimal_budget_of_warszawa_2019_is_exact) {
  PbElection e = read_pabulib_file(data_dir() + "/Poland_Warszawa_2019_Grochow_Kinowa.pb");
  EXPECT_EQ(e.budget, mpq_class(4443537, 20));  // 222176.85
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(PabulibErrors, missing_sections_are_named) {
  EXPECT_EQ(error_of("key;value\n"), "x.pb:1: expected the META section, found \"key;value\"");
  EXPECT_EQ(error_of(""), "x.pb:1: the file has no META section");
  std::string no_votes = std::string(kSmall).substr(0, std::string(kSmall).find("VOTES"));
  EXPECT_EQ(error_of(no_votes), "x.pb:9: the file ends without a VOTES section");
  std::string small = kSmall;
  std::string no_projects = small.substr(0, small.find("PROJECTS")) + small.substr(small.find("VOTES"));
  EXPECT_EQ(error_of(no_projects), "x.pb:6: the PROJECTS section is missing before VOTES");
  EXPECT_EQ(error_of(replaced(kSmall, "budget;100,5\n", "")), "x.pb:5: META has no budget");
}

TEST(PabulibErrors, bad_numbers_are_refused) {
  EXPECT_EQ(error_of(replaced(kSmall, "budget;100,5", "budget;100k")),
            "x.pb:3: budget \"100k\" is not a non-negative number");
  EXPECT_EQ(error_of(replaced(kSmall, "2;50;", "2;5O;")),
            "x.pb:9: project \"2\" has cost \"5O\", not a non-negative number");
  EXPECT_EQ(error_of(replaced(kSmall, "2;50;", "2;None;")), "x.pb:9: project \"2\" has no cost");
  EXPECT_EQ(error_of(replaced(kSmall, "2;50;", "2;;")), "x.pb:9: project \"2\" has no cost");
}

TEST(PabulibErrors, unknown_project_in_a_vote_is_refused) {
  EXPECT_EQ(error_of(replaced(kSmall, "v2;2;", "v2;7;")),
            "x.pb:13: voter \"v2\" votes for unknown project \"7\"");
}

TEST(PabulibErrors, points_length_mismatch_is_refused) {
  std::string cumulative =
      replaced(replaced(kSmall, "vote_type;approval", "vote_type;cumulative"),
               "voter_id;vote;age\nv1;1,2;30\nv2;2;None", "voter_id;vote;points\nv1;1,2;3,2\nv2;2;1,1");
  EXPECT_EQ(error_of(cumulative), "x.pb:13: voter \"v2\" has 1 projects but 2 points");
  EXPECT_EQ(error_of(replaced(cumulative, "3,2", "3,x")),
            "x.pb:12: voter \"v1\" has points \"x\", not a whole number from 0 to 10^9");
  EXPECT_EQ(error_of(replaced(cumulative, "voter_id;vote;points", "voter_id;vote;pts")),
            "x.pb:11: cumulative votes need a points column");
}

TEST(PabulibErrors, wrong_field_counts_and_bad_quotes_are_refused) {
  EXPECT_EQ(error_of(replaced(kSmall, "v1;1,2;30", "v1;1,2")),
            "x.pb:12: expected 3 fields as in the header, found 2");
  EXPECT_EQ(error_of(replaced(kSmall, "2;50;None;0", "2;50;\"None;0")),
            "x.pb:9: a quoted field has no closing quote");
  EXPECT_EQ(error_of(replaced(kSmall, "vote_type;approval", "vote_type;plurality")),
            "x.pb:4: unknown vote_type \"plurality\"");
  EXPECT_EQ(error_of(replaced(kSmall, "PROJECTS\n", "PROJECTS\n\n")), "x.pb:7: blank line inside the file");
  EXPECT_EQ(error_of(replaced(kSmall, "VOTES\nvoter_id;vote;age\nv1;1,2;30\nv2;2;None\n", "VOTES\n")),
            "x.pb:10: the VOTES section has no header line");
}

TEST(PabulibErrors, a_file_that_cannot_be_opened_is_named) {
  EXPECT_THROW(read_pabulib_file("/nonexistent/x.pb"), PabulibError);
}

}  // namespace
}  // namespace cw::count
