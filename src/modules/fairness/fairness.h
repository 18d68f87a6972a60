// Fairness as data: any decision broken down by ward and by deprivation decile, against how many people
// live there, so a page can show whether money, projects or votes reached those most in need. Shared by
// every capability that reports on fairness (participatory budgets first). Pure; safe from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cw::fairness {

// A neighbourhood (LSOA): its ward, its national deprivation decile (1 most deprived, 0 not known) and
// its residents. Without a population figure each counts as 1: LSOAs are drawn to hold about the same
// number of people (around 1,500), so their count stands in for population.
struct Neighbourhood {
  std::string ward_code;  // "" when in no ward
  int decile = 0;
  std::int64_t people = 1;
};

// Splits `amount` in proportion to `weights`, in whole units that add up to `amount` exactly (largest
// remainder, ties to the earlier). All weights 0: all to the first. REQUIRES: weights not empty, >= 0.
std::vector<std::int64_t> apportion(std::int64_t amount, const std::vector<std::int64_t>& weights);

struct Row {
  std::string key;    // ward code, decile "1"…"10", or "" for "not known"
  std::string label;  // "Cheam", "1 (most deprived)", "Not known"
  std::int64_t people = 0;
  std::vector<std::int64_t> values;  // one per measure
};

struct Breakdown {
  std::vector<std::string> measures;  // their names, as the columns are headed
  std::vector<Row> wards;             // in the order the wards were given, then "Not known" if used
  std::vector<Row> deciles;           // 1…10, then "Not known" if used
  std::int64_t people = 0;
  std::vector<std::int64_t> totals;  // per measure: each breakdown's rows add up to these
};

struct WardName {
  std::string code, name;
};

// Adds things up by ward and by decile. Everything added lands in exactly one ward row and is split
// over the decile rows, so both breakdowns add up to the same totals.
class Builder {
 public:
  Builder(std::vector<Neighbourhood> areas, const std::vector<WardName>& wards,
          std::vector<std::string> measures);
  // Something that belongs to a ward, such as a project: the whole amount to the ward's row, and split
  // over its neighbourhoods' deciles by people. "" is the whole locality: split over every
  // neighbourhood, for the ward rows as for the decile rows.
  void add_to_ward(std::size_t measure, const std::string& ward_code, std::int64_t amount);
  // Something for the whole area that is counted, not shared out (a borough-wide project): the whole
  // amount to a "The whole area" ward row, and split over every neighbourhood's decile by people.
  void add_to_whole_area(std::size_t measure, std::int64_t amount);
  // Something that belongs to a person or household whose ward and decile are known (or not).
  void add_to_person(std::size_t measure, const std::string& ward_code, int decile, std::int64_t count = 1);
  // Something known only by decile, such as a ballot: its ward row is "Not known".
  void add_to_decile(std::size_t measure, int decile, std::int64_t count = 1);
  Breakdown build() const;

 private:
  Row& ward_row(const std::string& code);
  Row& decile_row(int decile);
  std::vector<Neighbourhood> areas_;
  Breakdown out_;
};

// "12.5%": part of whole to one decimal place; "–" when whole is 0.
std::string percent(std::int64_t part, std::int64_t whole);
// "1 (most deprived)", "2", …, "10 (least deprived)".
std::string decile_label(int decile);

}  // namespace cw::fairness
