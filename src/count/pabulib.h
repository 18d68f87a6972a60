// Reader and writer for Pabulib `.pb` participatory budgeting files (META, PROJECTS, VOTES sections).
// The reader keeps every raw field so that writing a file back reproduces it, and refuses a bad file
// with a PabulibError whose message is exactly "file:line: what is wrong"; what real files get wrong
// harmlessly (a project listed twice on one ballot) is accepted and listed in PbElection::warnings.
#pragma once
#include <gmpxx.h>

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cw::count {

class PabulibError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class VoteType { approval, choose_1, cumulative, scoring, ordinal };

std::string_view vote_type_name(VoteType type);

struct PbProject {
  std::string id;
  mpq_class cost;
  std::vector<std::string> fields;  // raw values, one per PROJECTS column
};

struct PbVote {
  std::vector<uint32_t> projects;   // indices into PbElection::projects, in the voter's order, each once
  std::vector<int64_t> points;      // same length as projects for cumulative/scoring, else empty
  std::vector<std::string> fields;  // raw values, one per VOTES column
};

struct PbElection {
  std::string file_name;
  std::vector<std::string> meta_header;  // usually {"key", "value"}
  std::vector<std::pair<std::string, std::string>> meta;
  std::vector<std::string> project_columns;
  std::vector<PbProject> projects;
  std::vector<std::string> vote_columns;
  std::vector<PbVote> votes;
  // "file:line: what was accepted", one per voter and project listed more than once on a ballot.
  std::vector<std::string> warnings;

  mpq_class budget;
  VoteType vote_type = VoteType::approval;

  // How the file was laid out, so that writing it back gives the same bytes.
  bool byte_order_mark = false;
  bool crlf = false;
  bool final_newline = true;

  const std::string* meta_value(std::string_view key) const;
  std::optional<size_t> project_column(std::string_view name) const;
  std::optional<size_t> project_index(std::string_view id) const;
};

// Splits one line into `;`-separated fields with CSV quoting ("a;""b""" -> a, "b"). Debian ships no C++
// CSV library, and Pabulib needs only this much of CSV: one record per line, no embedded line breaks.
// Returns an error message instead of fields when a quote is malformed.
struct SplitFields {
  std::vector<std::string> fields;
  std::string error;
};
SplitFields split_pb_fields(std::string_view line);

// Quotes a field only when it must be quoted (it holds ';', '"', or a line break, or starts with a space).
std::string quote_pb_field(std::string_view field);

PbElection read_pabulib(std::istream& in, const std::string& file_name);
PbElection read_pabulib_string(std::string_view text, const std::string& file_name);
PbElection read_pabulib_file(const std::string& path);  // file_name in messages = path

void write_pabulib(std::ostream& out, const PbElection& election);
std::string write_pabulib_string(const PbElection& election);

}  // namespace cw::count
