// libFuzzer target for the Pabulib reader: any input must either parse or be refused with PabulibError,
// and whatever parses must write back to text that parses to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "count/pabulib.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  cw::count::PbElection election;
  try {
    election = cw::count::read_pabulib_string(text, "fuzz.pb");
  } catch (const cw::count::PabulibError&) {
    return 0;
  }
  cw::count::PbElection again =
      cw::count::read_pabulib_string(cw::count::write_pabulib_string(election), "again.pb");
  if (again.meta != election.meta || again.projects.size() != election.projects.size() ||
      again.votes.size() != election.votes.size())
    std::abort();
  for (size_t i = 0; i < election.projects.size(); ++i)
    if (again.projects[i].fields != election.projects[i].fields) std::abort();
  return 0;
}
