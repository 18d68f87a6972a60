#include "count/pabulib.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "count/rational.h"

namespace cw::count {

std::string_view vote_type_name(VoteType type) {
  switch (type) {
    case VoteType::approval:
      return "approval";
    case VoteType::choose_1:
      return "choose-1";
    case VoteType::cumulative:
      return "cumulative";
    case VoteType::scoring:
      return "scoring";
    case VoteType::ordinal:
      return "ordinal";
  }
  return "approval";
}

const std::string* PbElection::meta_value(std::string_view key) const {
  for (const auto& [k, v] : meta)
    if (k == key) return &v;
  return nullptr;
}

std::optional<size_t> PbElection::project_column(std::string_view name) const {
  for (size_t i = 0; i < project_columns.size(); ++i)
    if (project_columns[i] == name) return i;
  return std::nullopt;
}

std::optional<size_t> PbElection::project_index(std::string_view id) const {
  for (size_t i = 0; i < projects.size(); ++i)
    if (projects[i].id == id) return i;
  return std::nullopt;
}

SplitFields split_pb_fields(std::string_view line) {
  SplitFields out;
  std::string field;
  size_t i = 0;
  while (true) {
    field.clear();
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) return {{}, "a quoted field has no closing quote"};
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ';') return {{}, "text follows a closing quote"};
    } else {
      // A quote inside an unquoted field is kept as it is, as Python's csv module (Pabulib's own tool) does.
      size_t end = line.find(';', i);
      if (end == std::string_view::npos) end = line.size();
      field.assign(line.substr(i, end - i));
      i = end;
    }
    out.fields.push_back(field);
    if (i >= line.size()) return out;
    ++i;  // the ';'
  }
}

std::string quote_pb_field(std::string_view field) {
  if (field.find_first_of(";\"\r\n") == std::string_view::npos) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

namespace {

// Walks the text line by line and builds the election; each method handles one kind of line.
class Reader {
 public:
  Reader(std::string_view text, const std::string& file_name) : text_(text) {
    election_.file_name = file_name;
  }
  PbElection read();

 private:
  enum class Section { start, meta_header, meta, project_header, projects, vote_header, votes };

  [[noreturn]] void fail(const std::string& what) const {
    throw PabulibError(fmt::format("{}:{}: {}", election_.file_name, line_number_, what));
  }
  std::vector<std::string> fields_of(std::string_view line) const;
  void read_line(std::string_view line);
  bool enter_section(std::string_view line);
  void finish_meta();
  void read_meta(std::vector<std::string> fields);
  void read_project_header(std::vector<std::string> fields);
  void read_project(std::vector<std::string> fields);
  void read_vote_header(std::vector<std::string> fields);
  void read_vote(std::vector<std::string> fields);
  std::vector<uint32_t> projects_of(std::string_view list, const std::string& voter) const;
  std::vector<int64_t> points_of(std::string_view list, const std::string& voter) const;
  void merge_repeats(PbVote& vote, const std::string& voter);
  void check_width(const std::vector<std::string>& fields, size_t expected) const;

  std::string_view text_;
  PbElection election_;
  Section section_ = Section::start;
  size_t line_number_ = 0;
  size_t budget_line_ = 0;
  size_t cost_column_ = 0;
  size_t vote_column_ = 0;
  std::optional<size_t> points_column_;
  std::optional<size_t> voter_id_column_;
  std::unordered_map<std::string, uint32_t> project_by_id_;
};

std::vector<std::string> Reader::fields_of(std::string_view line) const {
  SplitFields split = split_pb_fields(line);
  if (!split.error.empty()) fail(split.error);
  return std::move(split.fields);
}

void Reader::check_width(const std::vector<std::string>& fields, size_t expected) const {
  if (fields.size() != expected)
    fail(fmt::format("expected {} fields as in the header, found {}", expected, fields.size()));
}

PbElection Reader::read() {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
    election_.byte_order_mark = true;
    text_.remove_prefix(3);
  }
  election_.final_newline = !text_.empty() && text_.back() == '\n';
  size_t first_end = text_.find('\n');
  election_.crlf = first_end != std::string_view::npos && first_end > 0 && text_[first_end - 1] == '\r';
  size_t pos = 0;
  size_t blank_lines = 0;
  while (pos < text_.size()) {
    size_t end = text_.find('\n', pos);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view line = text_.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    ++line_number_;
    if (line.empty()) {  // blank lines are tolerated only at the end of the file
      ++blank_lines;
      continue;
    }
    if (blank_lines > 0) {
      --line_number_;
      fail("blank line inside the file");
    }
    read_line(line);
  }
  if (section_ == Section::start) {
    line_number_ = std::max<size_t>(line_number_, 1);
    fail("the file has no META section");
  }
  if (section_ <= Section::meta) fail("the file ends without a PROJECTS section");
  if (section_ <= Section::projects) fail("the file ends without a VOTES section");
  if (section_ == Section::vote_header) fail("the VOTES section has no header line");
  return std::move(election_);
}

bool Reader::enter_section(std::string_view line) {
  if (line != "META" && line != "PROJECTS" && line != "VOTES") return false;
  if (line == "META") {
    if (section_ != Section::start) fail("a second META section");
    section_ = Section::meta_header;
  } else if (line == "PROJECTS") {
    if (section_ == Section::start) fail("expected the META section first, found PROJECTS");
    if (section_ != Section::meta) fail("the PROJECTS section comes out of order");
    finish_meta();
    section_ = Section::project_header;
  } else {
    if (section_ == Section::start || section_ <= Section::meta)
      fail("the PROJECTS section is missing before VOTES");
    if (section_ != Section::projects) fail("the VOTES section comes out of order");
    section_ = Section::vote_header;
  }
  return true;
}

void Reader::read_line(std::string_view line) {
  if (enter_section(line)) return;
  switch (section_) {
    case Section::start:
      fail(fmt::format("expected the META section, found \"{}\"", line));
    case Section::meta_header:
      election_.meta_header = fields_of(line);
      section_ = Section::meta;
      return;
    case Section::meta:
      return read_meta(fields_of(line));
    case Section::project_header:
      return read_project_header(fields_of(line));
    case Section::projects:
      return read_project(fields_of(line));
    case Section::vote_header:
      return read_vote_header(fields_of(line));
    case Section::votes:
      return read_vote(fields_of(line));
  }
}

void Reader::read_meta(std::vector<std::string> fields) {
  if (fields.size() != 2) fail(fmt::format("a META line needs key;value, found {} fields", fields.size()));
  if (election_.meta_value(fields[0])) fail(fmt::format("META key \"{}\" appears twice", fields[0]));
  if (fields[0] == "budget") {
    std::optional<mpq_class> budget = parse_decimal(fields[1]);
    if (!budget || *budget < 0) fail(fmt::format("budget \"{}\" is not a non-negative number", fields[1]));
    election_.budget = *budget;
    budget_line_ = line_number_;
  } else if (fields[0] == "vote_type") {
    const std::string& type = fields[1];
    if (type == "approval")
      election_.vote_type = VoteType::approval;
    else if (type == "choose-1")
      election_.vote_type = VoteType::choose_1;
    else if (type == "cumulative")
      election_.vote_type = VoteType::cumulative;
    else if (type == "scoring")
      election_.vote_type = VoteType::scoring;
    else if (type == "ordinal")
      election_.vote_type = VoteType::ordinal;
    else
      fail(fmt::format("unknown vote_type \"{}\"", type));
  }
  election_.meta.emplace_back(std::move(fields[0]), std::move(fields[1]));
}

void Reader::finish_meta() {
  if (!election_.meta_value("budget")) fail("META has no budget");
  if (!election_.meta_value("vote_type")) fail("META has no vote_type");
}

void Reader::read_project_header(std::vector<std::string> fields) {
  if (fields.size() < 2 || fields[0] != "project_id" || fields[1] != "cost")
    fail("the PROJECTS header must begin with project_id;cost");
  election_.project_columns = std::move(fields);
  cost_column_ = 1;
  section_ = Section::projects;
}

void Reader::read_project(std::vector<std::string> fields) {
  check_width(fields, election_.project_columns.size());
  const std::string& id = fields[0];
  const std::string& cost_text = fields[cost_column_];
  if (cost_text.empty() || cost_text == "None") fail(fmt::format("project \"{}\" has no cost", id));
  std::optional<mpq_class> cost = parse_decimal(cost_text);
  if (!cost || *cost < 0)
    fail(fmt::format("project \"{}\" has cost \"{}\", not a non-negative number", id, cost_text));
  auto index = static_cast<uint32_t>(election_.projects.size());
  if (!project_by_id_.emplace(id, index).second) fail(fmt::format("project \"{}\" appears twice", id));
  election_.projects.push_back(PbProject{id, *cost, std::move(fields)});
}

void Reader::read_vote_header(std::vector<std::string> fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == "vote") vote_column_ = i + 1;
    if (fields[i] == "points") points_column_ = i;
    if (fields[i] == "voter_id") voter_id_column_ = i;
  }
  if (vote_column_ == 0) fail("the VOTES header has no vote column");
  --vote_column_;
  VoteType type = election_.vote_type;
  if ((type == VoteType::cumulative || type == VoteType::scoring) && !points_column_)
    fail(fmt::format("{} votes need a points column", vote_type_name(type)));
  election_.vote_columns = std::move(fields);
  section_ = Section::votes;
}

// Comma-separated lists: "" is an empty list, "1,,2" has an empty (and so unknown) middle entry.
template <typename Each>
void for_each_in_list(std::string_view list, Each&& each) {
  for (size_t pos = 0; !list.empty() && pos <= list.size();) {
    size_t end = std::min(list.find(',', pos), list.size());
    each(list.substr(pos, end - pos));
    pos = end + 1;
  }
}

std::vector<uint32_t> Reader::projects_of(std::string_view list, const std::string& voter) const {
  std::vector<uint32_t> projects;
  for_each_in_list(list, [&](std::string_view id) {
    auto found = project_by_id_.find(std::string(id));
    if (found == project_by_id_.end())
      fail(fmt::format("voter \"{}\" votes for unknown project \"{}\"", voter, id));
    projects.push_back(found->second);
  });
  return projects;
}

std::vector<int64_t> Reader::points_of(std::string_view list, const std::string& voter) const {
  std::vector<int64_t> points;
  for_each_in_list(list, [&](std::string_view text) {
    std::optional<mpq_class> value = parse_decimal(text);
    if (!value || value->get_den() != 1 || *value < 0 || *value > mpq_class(1'000'000'000))
      fail(fmt::format("voter \"{}\" has points \"{}\", not a whole number from 0 to 10^9", voter, text));
    points.push_back(value->get_num().get_si());
  });
  return points;
}

// Real files list a project twice on one ballot now and then (a 2026 Warszawa file does), and the
// published counts took it as one approval, so it is kept once where it first appears; a cumulative or
// scoring ballot keeps every point the file gives, added up. Refusing such a file would leave a city's
// published count impossible to check.
void Reader::merge_repeats(PbVote& vote, const std::string& voter) {
  bool repeated = false;
  for (size_t i = 1; i < vote.projects.size() && !repeated; ++i)
    repeated = std::find(vote.projects.begin(), vote.projects.begin() + i, vote.projects[i]) !=
               vote.projects.begin() + i;
  if (!repeated) return;
  std::vector<uint32_t> projects;
  std::vector<int64_t> points;
  std::vector<std::vector<int64_t>> given;  // per kept project: the points listed for it, in order
  std::vector<size_t> times;
  for (size_t i = 0; i < vote.projects.size(); ++i) {
    size_t at = std::find(projects.begin(), projects.end(), vote.projects[i]) - projects.begin();
    if (at == projects.size()) {
      projects.push_back(vote.projects[i]);
      times.push_back(0);
      given.emplace_back();
      if (!vote.points.empty()) points.push_back(0);
    }
    ++times[at];
    if (!vote.points.empty()) points[at] += vote.points[i], given[at].push_back(vote.points[i]);
  }
  for (size_t at = 0; at < projects.size(); ++at) {
    if (times[at] == 1) continue;
    std::string listed = times[at] == 2 ? "twice" : fmt::format("{} times", times[at]);
    std::string counted = vote.points.empty() ? "counted once"
                                              : fmt::format("counted once with its points added up ({} = {})",
                                                            fmt::join(given[at], " + "), points[at]);
    election_.warnings.push_back(fmt::format("{}:{}: voter \"{}\" names project \"{}\" {}; {}",
                                             election_.file_name, line_number_, voter,
                                             election_.projects[projects[at]].id, listed, counted));
  }
  vote.projects = std::move(projects);
  vote.points = std::move(points);
}

void Reader::read_vote(std::vector<std::string> fields) {
  check_width(fields, election_.vote_columns.size());
  std::string voter =
      voter_id_column_ ? fields[*voter_id_column_] : std::to_string(election_.votes.size() + 1);
  PbVote vote;
  vote.projects = projects_of(fields[vote_column_], voter);
  if (points_column_ &&
      (election_.vote_type == VoteType::cumulative || election_.vote_type == VoteType::scoring)) {
    vote.points = points_of(fields[*points_column_], voter);
    if (vote.points.size() != vote.projects.size())
      fail(fmt::format("voter \"{}\" has {} projects but {} points", voter, vote.projects.size(),
                       vote.points.size()));
  }
  merge_repeats(vote, voter);
  if (election_.vote_type == VoteType::choose_1 && vote.projects.size() > 1)
    fail(fmt::format("voter \"{}\" names {} projects in a choose-1 vote", voter, vote.projects.size()));
  vote.fields = std::move(fields);
  election_.votes.push_back(std::move(vote));
}

}  // namespace

PbElection read_pabulib_string(std::string_view text, const std::string& file_name) {
  return Reader(text, file_name).read();
}

PbElection read_pabulib(std::istream& in, const std::string& file_name) {
  std::stringstream buffer;
  buffer << in.rdbuf();
  return read_pabulib_string(buffer.str(), file_name);
}

PbElection read_pabulib_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PabulibError(fmt::format("{}:0: cannot open the file", path));
  return read_pabulib(in, path);
}

void write_pabulib(std::ostream& out, const PbElection& election) {
  const char* eol = election.crlf ? "\r\n" : "\n";
  bool first_line = true;
  auto line = [&](auto&& write_body) {
    if (!first_line) out << eol;
    first_line = false;
    write_body();
  };
  auto row = [&](const std::vector<std::string>& fields) {
    line([&] {
      for (size_t i = 0; i < fields.size(); ++i) out << (i ? ";" : "") << quote_pb_field(fields[i]);
    });
  };
  if (election.byte_order_mark) out << "\xEF\xBB\xBF";
  line([&] { out << "META"; });
  row(election.meta_header);
  for (const auto& [key, value] : election.meta) row({key, value});
  line([&] { out << "PROJECTS"; });
  row(election.project_columns);
  for (const PbProject& project : election.projects) row(project.fields);
  line([&] { out << "VOTES"; });
  row(election.vote_columns);
  for (const PbVote& vote : election.votes) row(vote.fields);
  if (election.final_newline) out << eol;
}

std::string write_pabulib_string(const PbElection& election) {
  std::ostringstream out;
  write_pabulib(out, election);
  return out.str();
}

}  // namespace cw::count
