#include "modules/queues.h"

#include "common/section_registry.h"

namespace cw::modules {

namespace {

struct NamedQueue {
  std::string name;  // the title: a second registration of the same title replaces the first
  int order = 0;
  Queue queue;
};

SectionRegistry<NamedQueue>& registry() {
  static SectionRegistry<NamedQueue> queues;
  return queues;
}

}  // namespace

void register_queues(const std::vector<Queue>& queues) {
  for (const auto& q : queues) registry().add({q.title, q.order, q});
}

std::vector<QueueCount> count_queues(store::Tx& tx, const Actor& actor, Micros now) {
  std::vector<QueueCount> out;
  for (const auto& q : *registry().snapshot())
    if (auto n = q.queue.count(tx, actor, now)) out.push_back({q.queue.title, q.queue.href, *n});
  return out;
}

}  // namespace cw::modules
