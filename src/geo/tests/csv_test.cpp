#include "geo/csv.h"

#include <gtest/gtest.h>

namespace cw::geo {
namespace {

TEST(Csv, reads_header_and_records_with_line_numbers) {
  auto t = CsvTable::parse("a,b\n1,2\n3,4\n");
  ASSERT_EQ(t.header(), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t.records().size(), 2u);
  EXPECT_EQ(t.records()[1].fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(t.records()[1].line, 3u);
  EXPECT_EQ(t.column("b"), 1u);
}

TEST(Csv, quoted_fields_keep_commas_quotes_and_line_breaks) {
  auto t =
      CsvTable::parse("name,note\n\"Carshalton South & Clockhouse, ward\",\"say \"\"hi\"\"\nthere\"\nx,y\n");
  ASSERT_EQ(t.records().size(), 2u);
  EXPECT_EQ(t.records()[0].fields[0], "Carshalton South & Clockhouse, ward");
  EXPECT_EQ(t.records()[0].fields[1], "say \"hi\"\nthere");
  EXPECT_EQ(t.records()[1].line, 4u) << "the quoted line break counts as a line";
}

TEST(Csv, accepts_crlf_bom_empty_fields_and_no_final_newline) {
  auto t = CsvTable::parse("\xEF\xBB\xBFpcds,doterm\r\nSM1 1EA,\r\n\r\nSM1 1EB,");
  EXPECT_EQ(t.header()[0], "pcds");
  ASSERT_EQ(t.records().size(), 2u);
  EXPECT_EQ(t.records()[0].fields, (std::vector<std::string>{"SM1 1EA", ""}));
  EXPECT_EQ(t.records()[1].fields, (std::vector<std::string>{"SM1 1EB", ""}));
}

TEST(Csv, wrong_field_count_is_rejected_with_its_line) {
  try {
    CsvTable::parse("a,b\n1,2\n3\n");
    FAIL() << "expected CsvError";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line, 3u);
    EXPECT_NE(std::string(e.what()).find("expected 2 fields, found 1"), std::string::npos);
  }
}

TEST(Csv, unterminated_quote_and_stray_quotes_are_rejected) {
  EXPECT_THROW(CsvTable::parse("a\n\"open\n"), CsvError);
  EXPECT_THROW(CsvTable::parse("a\n\"x\"y\n"), CsvError);
  EXPECT_THROW(CsvTable::parse("a\nx\"y\n"), CsvError);
  EXPECT_THROW(CsvTable::parse(""), CsvError);
}

TEST(Csv, unknown_column_is_named) {
  auto t = CsvTable::parse("a\n1\n");
  EXPECT_THROW(t.column("lsoa_code"), CsvError);
}

}  // namespace
}  // namespace cw::geo
