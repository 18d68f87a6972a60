// Reader for PrefLib ordinal preference files: .soi (strict orders, incomplete) and .toc (orders with
// ties, complete), in the PrefLib 2022 format with `# KEY: value` metadata, as STV elections.
#pragma once
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

#include "count/stv.h"

namespace cw::count {

// PrefLib files carry no number of seats; the election gets `seats` (checked against the candidates).
// Ties in .toc orders ({2,3}) become equal rankings. Errors are StvFileError("file:line: reason").
StvElection read_preflib(std::istream& in, const std::string& file_name, int seats = 1);
StvElection read_preflib(std::string_view text, const std::string& file_name, int seats = 1);
StvElection read_preflib_file(const std::filesystem::path& path, int seats = 1);

}  // namespace cw::count
