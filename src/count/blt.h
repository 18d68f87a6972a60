// Reader and writer for BLT, the ballot format of OpenSTV, droop and the ERS, including droop's
// extensions ([withdrawn], [tie], [nick] option lines, nicknames and equal rankings in ballots, a BOM).
// A file that cannot be read raises StvFileError whose message is exactly "file:line: reason".
#pragma once
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

#include "count/stv.h"

namespace cw::count {

// Limits that keep a hostile file from asking for unbounded memory or overflowing the fixed-point
// counts: Meek holds weight × 10^9 in int64, so the total weight stays under 10^9.
inline constexpr int kBltMaxCandidates = 1000;
inline constexpr int64_t kBltMaxTotalWeight = 1'000'000'000;
inline constexpr size_t kBltMaxLineLength = 1 << 20;

StvElection read_blt(std::istream& in, const std::string& file_name);
StvElection read_blt(std::string_view text, const std::string& file_name);
StvElection read_blt_file(const std::filesystem::path& path);

// Always quotes names and the title (a `"` inside is doubled) and writes candidates by number.
void write_blt(std::ostream& out, const StvElection& election);
std::string write_blt(const StvElection& election);

}  // namespace cw::count
