// How other modules add to a ward's page: each registers a section (assets, later petitions, budgets,
// services) that renders its own view for the ward, so the ward page is where a ward's information meets
// without places knowing those modules. Public header. Registration happens while modules are built;
// rendering is then read-only and thread-safe.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/actor.h"
#include "html/views.h"
#include "store/db.h"

namespace cw::places {

struct WardSectionContext {
  std::int64_t locality_id = 0;
  std::string locality_code, ward_code, ward_name;
  const html::Views* views = nullptr;
  const Actor* actor = nullptr;
};

struct WardSection {
  std::string name;  // "assets"; a second registration of the same name replaces the first
  int order = 0;     // lower first
  // HTML from the module's own view (escaped by the template), or "" to show nothing for this ward.
  // Runs in the page's read transaction.
  std::function<std::string(store::Tx&, const WardSectionContext&)> render;
};

void register_ward_section(WardSection section);
// Every section's HTML for the ward, in order.
std::vector<std::string> render_ward_sections(store::Tx& tx, const WardSectionContext& ward);

}  // namespace cw::places
