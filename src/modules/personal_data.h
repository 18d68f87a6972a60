// Everything the site holds about one person, gathered from every module's `Module::personal_data`
// (registered while the site is built, app/site.cpp): the "Your activity" page, the "Download my data"
// file and account deletion all go through here, so a new module is in all three or in none.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "modules/module.h"
#include "store/db.h"

namespace cw::modules {

void register_personal_data(const std::vector<PersonalData>& parts);
// The registered keys, in order ("account" first when accounts registers it).
std::vector<std::string> personal_data_keys();

struct ActivitySection {
  std::string key, heading;
  std::vector<ActivityItem> items;  // newest first
};
// Each module's activity for `person`, in order, leaving out modules with nothing to list.
std::vector<ActivitySection> collect_activity(store::Tx& tx, const Person& person, Micros now);

// One object with each module's export under its key.
nlohmann::json export_personal_data(store::Tx& tx, const Person& person, Micros now);

// Every module's `forget`, in order, in the caller's transaction.
void forget_person(store::Tx& tx, const Person& person, Micros now);

// Rows of a query as an export writes them: an object per row with `columns` as keys, in the SELECT's
// order. A column named "…_at" is an instant, written as ISO 8601; a NULL is null.
nlohmann::json export_rows(const store::Result& result, std::initializer_list<std::string_view> columns);

}  // namespace cw::modules
