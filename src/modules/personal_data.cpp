#include "modules/personal_data.h"

#include <algorithm>

#include "common/civil_date.h"
#include "common/section_registry.h"

namespace cw::modules {

namespace {

// By key: a second registration of the same key replaces the first.
SectionRegistry<Named<PersonalData>>& registry() {
  static SectionRegistry<Named<PersonalData>> parts;
  return parts;
}

nlohmann::json cell_json(const store::Value& v, bool instant) {
  if (const auto* i = std::get_if<std::int64_t>(&v))
    return instant ? nlohmann::json(civil::iso_time(*i)) : nlohmann::json(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

}  // namespace

void register_personal_data(const std::vector<PersonalData>& parts) {
  for (const auto& p : parts) registry().add({p.key, p.order, p});
}

std::vector<std::string> personal_data_keys() {
  std::vector<std::string> out;
  for (const auto& p : *registry().snapshot()) out.push_back(p.item.key);
  return out;
}

std::vector<ActivitySection> collect_activity(store::Tx& tx, const Person& person, Micros now) {
  std::vector<ActivitySection> out;
  for (const auto& p : *registry().snapshot()) {
    if (!p.item.activity) continue;
    auto items = p.item.activity(tx, person, now);
    if (items.empty()) continue;
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.at > b.at; });
    out.push_back({p.item.key, p.item.heading, std::move(items)});
  }
  return out;
}

nlohmann::json export_personal_data(store::Tx& tx, const Person& person, Micros now) {
  auto out = nlohmann::json::object();
  for (const auto& p : *registry().snapshot())
    if (p.item.export_data) out[p.item.key] = p.item.export_data(tx, person, now);
  return out;
}

void forget_person(store::Tx& tx, const Person& person, Micros now) {
  for (const auto& p : *registry().snapshot())
    if (p.item.forget) p.item.forget(tx, person, now);
}

nlohmann::json export_rows(const store::Result& result, std::initializer_list<std::string_view> columns) {
  auto out = nlohmann::json::array();
  for (const auto& row : result.rows) {
    auto item = nlohmann::json::object();
    std::size_t i = 0;
    for (auto name : columns) {
      bool instant = name.size() > 3 && name.ends_with("_at");
      item[std::string(name)] = cell_json(row.cell(i++), instant);
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace cw::modules
