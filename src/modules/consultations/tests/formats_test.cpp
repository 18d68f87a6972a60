// The text formats (CSV cells are common/tests/csv_writer_test.cpp): RFC 5545 text escaping and line
// folding (75 octets, never inside a UTF-8 character, CRLF), a whole calendar, dates from date inputs,
// and the CSV of responses.
#include "modules/consultations/formats.h"

#include <gtest/gtest.h>

#include "modules/consultations/results.h"

namespace cw::consultations {
namespace {

TEST(ConsultationFormats, ical_text_is_escaped) {
  EXPECT_EQ(ical_escape("Parks, roads; and\\or\r\nmore\nlines"),
            "Parks\\, roads\\; and\\\\or\\nmore\\nlines");
}

TEST(ConsultationFormats, ical_lines_fold_at_75_octets_without_splitting_a_character) {
  std::string line = "SUMMARY:" + std::string(100, 'a');
  auto folded = ical_fold(line);
  EXPECT_EQ(folded.substr(0, 77), line.substr(0, 75) + "\r\n");
  EXPECT_EQ(folded.substr(77), " " + line.substr(75) + "\r\n");
  // 73 ASCII octets, then "é" (2 octets) fits exactly; the next "é" must move whole to the next line.
  std::string accents = std::string(73, 'b') + "éé";
  auto f = ical_fold(accents);
  auto first = f.substr(0, f.find("\r\n"));
  EXPECT_EQ(first.size(), 75u);
  EXPECT_EQ(f.substr(first.size()), "\r\n é\r\n");
  auto long_fold = ical_fold("DESCRIPTION:" + std::string(300, 'c'));
  for (std::size_t start = 0, end; (end = long_fold.find("\r\n", start)) != std::string::npos;
       start = end + 2)
    EXPECT_LE(end - start, 75u);
}

TEST(ConsultationFormats, a_calendar_has_one_all_day_event_per_closing_date_with_crlf_lines) {
  Micros day = *date_from_parts("3", "6", "2027");
  auto cal = ical_calendar(
      "Closing, soon",
      {{"consultation-7@example.org", day, "Last day: Parks; trees", "x", "https://e.org/c/7"}}, day);
  EXPECT_TRUE(cal.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_TRUE(cal.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
  EXPECT_NE(cal.find("X-WR-CALNAME:Closing\\, soon\r\n"), std::string::npos);
  EXPECT_NE(cal.find("DTSTART;VALUE=DATE:20270603\r\nDTEND;VALUE=DATE:20270604\r\n"), std::string::npos);
  EXPECT_NE(cal.find("SUMMARY:Last day: Parks\\; trees\r\n"), std::string::npos);
  EXPECT_NE(cal.find("DTSTAMP:20270603T000000Z\r\n"), std::string::npos);
  // No bare LF anywhere.
  for (std::size_t i = 0; i < cal.size(); ++i)
    if (cal[i] == '\n') {
      EXPECT_EQ(cal[i - 1], '\r');
    }
}

TEST(ConsultationFormats, dates_from_the_date_input_must_be_real) {
  EXPECT_TRUE(date_from_parts("29", "2", "2028"));
  EXPECT_FALSE(date_from_parts("29", "2", "2027"));
  EXPECT_FALSE(date_from_parts("1", "13", "2027"));
  EXPECT_FALSE(date_from_parts("1", "1", "27"));
  EXPECT_FALSE(date_from_parts("x", "1", "2027"));
  EXPECT_EQ(long_date(*date_from_parts(" 3 ", "06", "2027")), "3 June 2027");
  EXPECT_EQ(iso_date(*date_from_parts("3", "6", "2027") + kDay - 1), "2027-06-03");
}

TEST(ConsultationFormats, the_responses_csv_defuses_answers_and_leaves_blank_what_did_not_apply) {
  Consultation c;
  Question a;
  a.id = "q1";
  a.type = QuestionType::short_text;
  a.title = "Your idea";
  Question b = a;
  b.id = "q2";
  b.title = "Why";
  c.survey = {a, b};
  ResponseRow r;
  r.id = 5;
  r.answers = {{"q1", {"=cmd|' /C calc'!A0"}}};
  r.ward_code = "E1";
  r.imd_decile = 3;
  auto csv = responses_csv(c, {r}, {{"E1", "Cheam"}});
  EXPECT_EQ(csv,
            "response,submitted,ward,deprivation decile,1. Your idea,2. Why\r\n5,,Cheam,3,'=cmd|' /C "
            "calc'!A0,\r\n");
}

}  // namespace
}  // namespace cw::consultations
