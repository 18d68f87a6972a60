// The rules of places that need no database: what a postcode or a GSS area code looks like, and the
// deprivation deciles of the English Indices of Deprivation. Pure functions; safe from any thread.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cw::places {

// A UK postcode in its normal form ("SM1 1EA"): upper case, one space before the inward code. Accepts
// any case and any spacing ("sm11ea", " SM1  1EA "). nullopt when it is not shaped like a postcode.
std::optional<std::string> normalise_postcode(std::string_view input);

// A GSS statistical code: a capital letter, two digits naming the entity type, six digits, e.g.
// "E05013754". `entity` ("E05" wards, "E01" LSOAs, "E06"–"E09" local authorities) is checked when given.
bool is_gss_code(std::string_view code, std::string_view entity = {});
bool is_local_authority_code(std::string_view code);

// Number of LSOAs ranked in each edition of the Index of Multiple Deprivation (England).
inline constexpr int kImd2019Areas = 32844;
inline constexpr int kImd2025Areas = 33755;

// The national decile of an IMD rank: ceil(10 × rank / areas). Decile 1 is the most deprived tenth.
// This is the rule MHCLG publishes; (rank-1)*10/areas + 1 differs on exact decile boundaries.
// REQUIRES: 1 <= rank <= areas.
int imd_decile(int rank, int areas);

// How many of the given deciles fall in each of 1…10 (index 0 is decile 1). Values outside 1…10 are
// ignored.
std::array<int, 10> decile_counts(const std::vector<int>& deciles);

}  // namespace cw::places
