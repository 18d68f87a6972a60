#include "modules/queues.h"

#include "common/section_registry.h"

namespace cw::modules {

namespace {

// By title: a second registration of the same title replaces the first.
SectionRegistry<Named<Queue>>& registry() {
  static SectionRegistry<Named<Queue>> queues;
  return queues;
}

}  // namespace

void register_queues(const std::vector<Queue>& queues) {
  for (const auto& q : queues) registry().add({q.title, q.order, q});
}

std::vector<QueueCount> count_queues(store::Tx& tx, const Actor& actor, Micros now) {
  std::vector<QueueCount> out;
  for (const auto& q : *registry().snapshot())
    if (auto n = q.item.count(tx, actor, now)) out.push_back({q.item.title, q.item.href, *n});
  return out;
}

}  // namespace cw::modules
