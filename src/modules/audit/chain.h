// The hash chain of the audit log: how an entry's hash is computed from its fields and the previous
// entry's hash. Changing this changes every hash, so it is versioned by the domain tag in chain.cpp.
// Pure functions; safe from any thread.
#pragma once
#include <string>
#include <string_view>

#include "modules/audit/audit.h"

namespace cw::audit {

// The prev_hash of the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// BLAKE2b-256, in lower-case hex, over every field of `row` except `hash` (prev_hash included). Each
// field is tagged with its type and text is length-prefixed, so no two different rows serialise alike
// (moving a character from one field to the next, or a null to "", changes the hash).
std::string entry_hash(const AuditRow& row);

}  // namespace cw::audit
