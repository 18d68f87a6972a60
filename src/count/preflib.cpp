// PrefLib .soi/.toc reader (see preflib.h). Metadata lines come first; then `count: order` lines where an
// order is a comma-separated list of alternatives and `{a,b}` groups alternatives ranked equal.
#include "count/preflib.h"

#include <fstream>
#include <sstream>

#include "count/blt.h"
#include "count/stv_lines.h"

namespace cw::count {
namespace {

using detail::LineReader;

class PrefLibParser {
 public:
  PrefLibParser(std::istream& in, const std::string& file_name, int seats)
      : lines_(in, file_name, kBltMaxLineLength), seats_(seats) {}

  StvElection parse() {
    std::string line;
    int64_t total = 0;
    while (lines_.next(line)) {
      const auto text = detail::trim(line);
      if (text.empty()) continue;
      if (text.front() == '#') {
        read_metadata(text.substr(1));
        continue;
      }
      if (election_.names.empty()) lines_.fail("order before '# NUMBER ALTERNATIVES'");
      StvBallot ballot = read_order(text);
      total += ballot.weight;
      if (total > kBltMaxTotalWeight)
        lines_.fail("total ballot weight exceeds " + std::to_string(kBltMaxTotalWeight));
      election_.ballots.push_back(std::move(ballot));
    }
    if (election_.names.empty()) lines_.fail_at(lines_.line_number(), "missing '# NUMBER ALTERNATIVES'");
    if (seats_ < 1 || seats_ > election_.candidate_count())
      lines_.fail_at(lines_.line_number(),
                     "number of seats must be between 1 and the number of candidates (" +
                         std::to_string(election_.candidate_count()) + ")");
    election_.seats = seats_;
    return std::move(election_);
  }

 private:
  void read_metadata(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return;  // a plain comment
    const auto key = detail::trim(text.substr(0, colon));
    const auto value = detail::trim(text.substr(colon + 1));
    if (key == "TITLE") {
      election_.title = std::string(value);
    } else if (key == "NUMBER ALTERNATIVES") {
      int64_t count = 0;
      if (!detail::parse_int(value, count) || count < 1 || count > kBltMaxCandidates)
        lines_.fail("number of alternatives must be between 1 and " + std::to_string(kBltMaxCandidates));
      if (!election_.names.empty()) lines_.fail("'# NUMBER ALTERNATIVES' given twice");
      election_.names.resize(static_cast<size_t>(count));
      for (size_t i = 0; i < election_.names.size(); ++i) election_.names[i] = std::to_string(i + 1);
    } else if (key.starts_with("ALTERNATIVE NAME ")) {
      int64_t number = 0;
      if (!detail::parse_int(key.substr(17), number)) lines_.fail("bad alternative number");
      election_.names[static_cast<size_t>(alternative(number))] = std::string(value);
    }
  }

  int alternative(int64_t number) {
    if (number < 1 || number > election_.candidate_count())
      lines_.fail("alternative " + std::to_string(number) + " is not between 1 and " +
                  std::to_string(election_.candidate_count()));
    return static_cast<int>(number - 1);
  }

  StvBallot read_order(std::string_view text) {
    const auto colon = text.find(':');
    StvBallot ballot;
    if (colon == std::string_view::npos ||
        !detail::parse_int(detail::trim(text.substr(0, colon)), ballot.weight) || ballot.weight < 1)
      lines_.fail("expected '<count>: <order>'");
    if (ballot.weight > kBltMaxTotalWeight)
      lines_.fail("total ballot weight exceeds " + std::to_string(kBltMaxTotalWeight));
    std::vector<bool> seen(election_.names.size(), false);
    const auto order = detail::trim(text.substr(colon + 1));
    size_t i = 0;
    while (i < order.size()) {
      std::vector<int> level;
      if (order[i] == '{') {
        const auto close = order.find('}', i);
        if (close == std::string_view::npos) lines_.fail("'{' without '}'");
        for (auto item : detail::split(order.substr(i + 1, close - i - 1), ','))
          level.push_back(item_at(item, seen));
        i = close + 1;
      } else {
        const auto comma = order.find(',', i);
        const auto end = comma == std::string_view::npos ? order.size() : comma;
        level.push_back(item_at(order.substr(i, end - i), seen));
        i = end;
      }
      ballot.ranking.push_back(std::move(level));
      while (i < order.size() && (order[i] == ' ' || order[i] == '\t')) ++i;
      if (i < order.size()) {
        if (order[i] != ',') lines_.fail("expected ',' between alternatives");
        ++i;
        while (i < order.size() && (order[i] == ' ' || order[i] == '\t')) ++i;
        if (i == order.size()) lines_.fail("order ends with ','");
      }
    }
    return ballot;
  }

  int item_at(std::string_view item, std::vector<bool>& seen) {
    int64_t number = 0;
    if (!detail::parse_int(detail::trim(item), number))
      lines_.fail("'" + std::string(detail::trim(item)) + "' is not an alternative number");
    const int index = alternative(number);
    if (seen[static_cast<size_t>(index)])
      lines_.fail("alternative " + std::to_string(number) + " appears twice in the order");
    seen[static_cast<size_t>(index)] = true;
    return index;
  }

  LineReader lines_;
  int seats_;
  StvElection election_;
};

}  // namespace

StvElection read_preflib(std::istream& in, const std::string& file_name, int seats) {
  return PrefLibParser(in, file_name, seats).parse();
}

StvElection read_preflib(std::string_view text, const std::string& file_name, int seats) {
  std::istringstream in{std::string(text)};
  return read_preflib(in, file_name, seats);
}

StvElection read_preflib_file(const std::filesystem::path& path, int seats) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StvFileError(path.string() + ":0: cannot open the file");
  return read_preflib(in, path.string(), seats);
}

}  // namespace cw::count
