// The one CSV writer: cells a spreadsheet cannot run as formulas, quoted when they need it.
#include "common/csv_writer.h"

#include <gtest/gtest.h>

namespace cw::csv {
namespace {

TEST(CsvWriter, cells_that_start_like_formulas_are_defused_and_quoted_when_needed) {
  EXPECT_EQ(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(cell("+44 20"), "'+44 20");
  EXPECT_EQ(cell("-1"), "'-1");
  EXPECT_EQ(cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(cell("\tTab"), "'\tTab");
  EXPECT_EQ(cell("\rReturn"), "\"'\rReturn\"");
  EXPECT_EQ(cell("  =1+1"), "'  =1+1") << "spaces before a formula do not hide it";
  EXPECT_EQ(cell("plain"), "plain");
  EXPECT_EQ(cell(""), "");
  EXPECT_EQ(cell("a, b"), "\"a, b\"");
  EXPECT_EQ(cell("two\nlines"), "\"two\nlines\"");
}

TEST(CsvWriter, rows_are_comma_separated_and_end_in_crlf) {
  EXPECT_EQ(row({"1", "x,y"}), "1,\"x,y\"\r\n");
  EXPECT_EQ(row({}), "\r\n");
}

}  // namespace
}  // namespace cw::csv
