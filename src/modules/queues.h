// The officer home's list of queues: every module's `Module::queues`, gathered while the site is built
// (app/site.cpp) and counted for the person who opens /manage. Registration happens at start-up;
// counting is read-only and thread-safe.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/actor.h"
#include "common/clock.h"
#include "modules/module.h"
#include "store/db.h"

namespace cw::modules {

void register_queues(const std::vector<Queue>& queues);

struct QueueCount {
  std::string title, href;
  std::int64_t count = 0;
};
// The queues that are `actor`'s, in order, with their counts (0 included: "nothing waiting" is news).
std::vector<QueueCount> count_queues(store::Tx& tx, const Actor& actor, Micros now);

}  // namespace cw::modules
