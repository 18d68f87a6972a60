#include "modules/places/ward_sections.h"

#include "common/section_registry.h"

namespace cw::places {

namespace {

SectionRegistry<WardSection>& registry() {
  static SectionRegistry<WardSection> sections;
  return sections;
}

}  // namespace

void register_ward_section(WardSection section) {
  registry().add(std::move(section));
}

std::vector<std::string> render_ward_sections(store::Tx& tx, const WardSectionContext& ward) {
  auto sections = registry().snapshot();
  std::vector<std::string> out;
  for (const auto& s : *sections)
    if (auto html = s.render(tx, ward); !html.empty()) out.push_back(std::move(html));
  return out;
}

}  // namespace cw::places
