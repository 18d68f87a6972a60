// BLT reader and writer (see blt.h). The reader works line by line so every error names its line.
#include "count/blt.h"

#include <fstream>
#include <set>
#include <sstream>

#include "count/stv_lines.h"

namespace cw::count {
namespace {

using detail::LineReader;

class BltParser {
 public:
  BltParser(std::istream& in, const std::string& file_name) : lines_(in, file_name, kBltMaxLineLength) {}

  StvElection parse() {
    read_header();
    const std::string first_ballot = read_options();
    read_ballots(first_ballot);
    read_names();
    return std::move(election_);
  }

 private:
  // Skips blank lines; false at end of input.
  bool next_content_line(std::string& line) {
    while (lines_.next(line))
      if (!detail::trim(line).empty()) return true;
    return false;
  }

  void read_header() {
    std::string line;
    if (!next_content_line(line)) lines_.fail_at(1, "empty file: expected '<candidates> <seats>'");
    const auto parts = detail::tokens(line);
    int64_t candidates = 0;
    int64_t seats = 0;
    if (parts.size() != 2 || !detail::parse_int(parts[0], candidates) || !detail::parse_int(parts[1], seats))
      lines_.fail("expected '<candidates> <seats>', found '" + std::string(detail::trim(line)) + "'");
    if (candidates < 1 || candidates > kBltMaxCandidates)
      lines_.fail("number of candidates must be between 1 and " + std::to_string(kBltMaxCandidates));
    if (seats < 1 || seats > candidates)
      lines_.fail("number of seats must be between 1 and the number of candidates (" +
                  std::to_string(candidates) + ")");
    election_.seats = static_cast<int>(seats);
    election_.names.resize(static_cast<size_t>(candidates));
  }

  // Reads withdrawn lines (-4 -7) and droop option lines ([tie 3 2 1]); returns the first ballot line.
  std::string read_options() {
    std::string line;
    while (next_content_line(line)) {
      const auto text = detail::trim(line);
      if (text.front() == '-') {
        for (auto token : detail::tokens(text)) add_withdrawn(token.substr(1), token);
      } else if (text.front() == '[') {
        read_option(text);
      } else {
        return line;
      }
    }
    lines_.fail("missing the 0 line that ends the ballots");
  }

  void add_withdrawn(std::string_view candidate_token, std::string_view shown) {
    if (shown.front() != '-') lines_.fail("withdrawn candidates must be written as negative numbers");
    const int candidate = candidate_index(candidate_token);
    for (int existing : election_.withdrawn)
      if (existing == candidate) return;
    election_.withdrawn.push_back(candidate);
  }

  void read_option(std::string_view text) {
    if (text.back() != ']') lines_.fail("option line must end with ']'");
    const auto words = detail::tokens(text.substr(1, text.size() - 2));
    if (words.empty()) lines_.fail("empty option line");
    const std::string name(words[0]);
    if (name == "nick") {
      if (words.size() - 1 != election_.names.size())
        lines_.fail("[nick] must give one nickname per candidate (" + std::to_string(election_.names.size()) +
                    ")");
      election_.nicknames.assign(words.begin() + 1, words.end());
    } else if (name == "withdrawn") {
      for (size_t i = 1; i < words.size(); ++i) add_withdrawn(words[i], "-");
    } else if (name == "tie") {
      election_.tie_order.clear();
      std::set<int> seen;
      for (size_t i = 1; i < words.size(); ++i) {
        const int candidate = candidate_index(words[i]);
        if (!seen.insert(candidate).second) lines_.fail("candidate appears twice in [tie]");
        election_.tie_order.push_back(candidate);
      }
    } else {
      lines_.fail("unknown option [" + name + "]");
    }
  }

  int candidate_index(std::string_view token) {
    int64_t number = 0;
    if (detail::parse_int(token, number)) {
      if (number < 1 || number > static_cast<int64_t>(election_.names.size()))
        lines_.fail("candidate " + std::string(token) + " is not between 1 and " +
                    std::to_string(election_.names.size()));
      return static_cast<int>(number - 1);
    }
    for (size_t i = 0; i < election_.nicknames.size(); ++i)
      if (election_.nicknames[i] == token) return static_cast<int>(i);
    lines_.fail("unknown candidate '" + std::string(token) + "'");
  }

  void read_ballots(std::string line) {
    int64_t total = 0;
    do {
      const auto words = detail::tokens(line);
      if (words.size() == 1 && words[0] == "0") return;
      StvBallot ballot = parse_ballot(words);
      total += ballot.weight;
      if (total > kBltMaxTotalWeight)
        lines_.fail("total ballot weight exceeds " + std::to_string(kBltMaxTotalWeight));
      election_.ballots.push_back(std::move(ballot));
    } while (next_content_line(line));
    lines_.fail("missing the 0 line that ends the ballots");
  }

  StvBallot parse_ballot(const std::vector<std::string_view>& words) {
    StvBallot ballot;
    if (!detail::parse_int(words[0], ballot.weight) || ballot.weight < 1)
      lines_.fail("ballot weight '" + std::string(words[0]) + "' is not a positive whole number");
    if (ballot.weight > kBltMaxTotalWeight)
      lines_.fail("total ballot weight exceeds " + std::to_string(kBltMaxTotalWeight));
    if (words.back() != "0" || words.size() < 2) lines_.fail("ballot does not end with 0");
    std::vector<bool> seen(election_.names.size(), false);
    for (size_t i = 1; i + 1 < words.size(); ++i) {
      std::vector<int> level;
      for (auto item : detail::split(words[i], '=')) {
        if (item == "0") lines_.fail("text after the 0 that ends the ballot");
        const int candidate = candidate_index(item);
        if (seen[static_cast<size_t>(candidate)])
          lines_.fail("candidate " + std::to_string(candidate + 1) + " appears twice in the ballot");
        seen[static_cast<size_t>(candidate)] = true;
        level.push_back(candidate);
      }
      ballot.ranking.push_back(std::move(level));
    }
    return ballot;
  }

  void read_names() {
    std::string line;
    for (size_t i = 0; i < election_.names.size(); ++i) {
      if (!next_content_line(line))
        lines_.fail("expected " + std::to_string(election_.names.size()) + " candidate names, found " +
                    std::to_string(i));
      election_.names[i] = parse_name(line);
    }
    // droop ignores whatever follows the title; M135.blt carries its provenance and expected result there.
    if (next_content_line(line)) election_.title = parse_name(line);
  }

  // A name line is either raw text or one or more quoted strings ("" inside a quote is a quote),
  // joined by a space: the 2022 Scottish files write `"Simon SCOTT" "Scottish Green Party"`.
  std::string parse_name(std::string_view line) {
    auto text = detail::trim(line);
    if (text.front() != '"') return std::string(text);
    std::string name;
    size_t i = 0;
    while (i < text.size() && text[i] == '"') {
      if (!name.empty()) name += ' ';
      ++i;
      while (true) {
        if (i >= text.size()) lines_.fail("unterminated quoted name");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            name += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        name += text[i++];
      }
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    }
    if (i < text.size()) {
      name += ' ';
      name += text.substr(i);
    }
    return name;
  }

  LineReader lines_;
  StvElection election_;
};

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

}  // namespace

StvElection read_blt(std::istream& in, const std::string& file_name) {
  return BltParser(in, file_name).parse();
}

StvElection read_blt(std::string_view text, const std::string& file_name) {
  std::istringstream in{std::string(text)};
  return read_blt(in, file_name);
}

StvElection read_blt_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StvFileError(path.string() + ":0: cannot open the file");
  return read_blt(in, path.string());
}

void write_blt(std::ostream& out, const StvElection& election) {
  out << election.names.size() << ' ' << election.seats << '\n';
  if (!election.withdrawn.empty()) {
    for (size_t i = 0; i < election.withdrawn.size(); ++i)
      out << (i ? " " : "") << -(election.withdrawn[i] + 1);
    out << '\n';
  }
  if (!election.nicknames.empty()) {
    out << "[nick";
    for (const auto& nick : election.nicknames) out << ' ' << nick;
    out << "]\n";
  }
  if (!election.tie_order.empty()) {
    out << "[tie";
    for (int candidate : election.tie_order) out << ' ' << candidate + 1;
    out << "]\n";
  }
  for (const auto& ballot : election.ballots) {
    out << ballot.weight;
    for (const auto& level : ballot.ranking) {
      for (size_t i = 0; i < level.size(); ++i) out << (i ? '=' : ' ') << level[i] + 1;
    }
    out << " 0\n";
  }
  out << "0\n";
  for (const auto& name : election.names) out << quoted(name) << '\n';
  out << quoted(election.title) << '\n';
}

std::string write_blt(const StvElection& election) {
  std::ostringstream out;
  write_blt(out, election);
  return out.str();
}

}  // namespace cw::count
