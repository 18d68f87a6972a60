#include "modules/places/ward_sections.h"

#include <algorithm>
#include <memory>
#include <mutex>

namespace cw::places {

namespace {

// Copy-on-write, so a page takes a snapshot with one atomic load instead of copying every section.
std::mutex registry_mutex;
std::shared_ptr<const std::vector<WardSection>> registry = std::make_shared<const std::vector<WardSection>>();

}  // namespace

void register_ward_section(WardSection section) {
  std::lock_guard lock(registry_mutex);
  auto next = std::make_shared<std::vector<WardSection>>(*registry);
  std::erase_if(*next, [&](const WardSection& s) { return s.name == section.name; });
  next->push_back(std::move(section));
  std::stable_sort(next->begin(), next->end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  std::atomic_store(&registry, std::shared_ptr<const std::vector<WardSection>>(std::move(next)));
}

std::vector<std::string> render_ward_sections(store::Tx& tx, const WardSectionContext& ward) {
  auto sections = std::atomic_load(&registry);
  std::vector<std::string> out;
  for (const auto& s : *sections)
    if (auto html = s.render(tx, ward); !html.empty()) out.push_back(std::move(html));
  return out;
}

}  // namespace cw::places
