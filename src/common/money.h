// Money as residents type it and as pages and letters show it. Amounts are integer pence everywhere (see
// docs/ARCHITECTURE.md); these are the only conversions to and from text. Pure; safe from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cw::money {

// "£1,250,000" or "1250000.50" → pence; nullopt unless a non-negative amount with at most two decimals
// below £10 billion.
std::optional<std::int64_t> parse(std::string_view typed);
// 125000050 → "£1,250,000.50"; whole pounds without decimals.
std::string format(std::int64_t pence);

}  // namespace cw::money
