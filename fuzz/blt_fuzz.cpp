// libFuzzer target for the BLT reader: any input must either parse or raise StvFileError, and what
// parses must survive a write/read round trip unchanged and count under both rules without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "count/blt.h"
#include "count/stv_meek.h"
#include "count/stv_scottish.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cw::count::StvElection election;
  try {
    election = cw::count::read_blt(text, "fuzz.blt");
  } catch (const cw::count::StvFileError&) {
    return 0;
  }
  if (cw::count::read_blt(cw::count::write_blt(election), "written.blt") != election) __builtin_trap();
  // Counting cost grows with candidates × ballots; keep each run short so the fuzzer explores parsing.
  if (election.candidate_count() > 40 || election.ballots.size() > 200) return 0;
  try {
    cw::count::count_scottish(election, {.seed = 1});
    cw::count::count_meek(election);
  } catch (const cw::count::StvCountError&) {
  }
  return 0;
}
