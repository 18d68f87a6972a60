// Named sections that modules register while they are built and pages read on every request, so a page
// (a ward's, an asset's) shows what other modules add to it without knowing them. Adding a section of a
// name already there replaces it; the list stays in `order`. Thread-safe: reads take a snapshot with one
// atomic load (copy-on-write), so a page never copies the sections or waits for a registration.
#pragma once
#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cw {

// A plain value kept under a name and an order, for registries of values that carry neither (the
// officer home's queues, the personal-data parts).
template <typename T>
struct Named {
  std::string name;
  int order = 0;
  T item;
};

// REQUIRES: Section has `std::string name` and `int order` (lower first).
template <typename Section>
class SectionRegistry {
 public:
  void add(Section section) {
    std::lock_guard lock(mu_);
    auto next = std::make_shared<std::vector<Section>>(*sections_);
    std::erase_if(*next, [&](const Section& s) { return s.name == section.name; });
    next->push_back(std::move(section));
    std::stable_sort(next->begin(), next->end(),
                     [](const auto& a, const auto& b) { return a.order < b.order; });
    std::atomic_store(&sections_, std::shared_ptr<const std::vector<Section>>(std::move(next)));
  }

  std::shared_ptr<const std::vector<Section>> snapshot() const { return std::atomic_load(&sections_); }

 private:
  std::mutex mu_;
  std::shared_ptr<const std::vector<Section>> sections_ = std::make_shared<const std::vector<Section>>();
};

}  // namespace cw
