#include "modules/assets/import.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "geo/csv.h"
#include "modules/assets/search_entry.h"
#include "modules/assets/service.h"
#include "modules/assets/store.h"
#include "modules/audit/audit.h"
#include "modules/places/overview.h"
#include "web/forms.h"

namespace cw::assets {

namespace {

constexpr const char* kLibrariesSource =
    "Arts Council England basic dataset for libraries 2023, cleaned by Libraries Hacked (OGL v3.0)";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

places::LocalityRef find_locality(store::Tx& tx, const std::string& code) {
  for (auto& l : places::locality_refs(tx))
    if (l.code == code) return l;
  throw std::runtime_error("there is no locality with the code " + code + " (import its geography first)");
}

// The value of `column` in the record, or "" when the file has no such column.
struct Columns {
  const geo::CsvTable& table;
  std::string get(const geo::CsvRecord& r, const char* column) const {
    const auto& h = table.header();
    auto at = std::find(h.begin(), h.end(), column);
    return at == h.end() ? std::string() : r.fields[static_cast<std::size_t>(at - h.begin())];
  }
};

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Adds drafts in the caller's transaction; `line_of(i)` names the source line of draft i in errors.
std::size_t insert_drafts(store::Tx& tx, std::int64_t locality_id, const std::vector<AssetDraft>& drafts,
                          const std::vector<std::size_t>& lines, const std::string& label, Micros now) {
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    auto fail = [&](const std::string& what) {
      throw std::runtime_error(fmt::format("{}: line {}: {}", label, lines[i], what));
    };
    auto errors = check_draft(drafts[i]);
    if (!errors.empty()) fail(errors.front().message);
    Asset a;
    try {
      a = place_draft(tx, locality_id, drafts[i]);
    } catch (const web::FormInvalid& e) {
      fail(e.what());
    }
    a.created_at = a.updated_at = now;
    a.id = insert_asset(tx, a);
    set_asset_wards(tx, a.id, a.ward_codes);
    sync_search_entry(tx, a.id);
    insert_change(tx, a, "added", "Imported from " + label, std::nullopt, now);
  }
  audit::record_audit(tx,
                      {.actor_label = "system",
                       .action = "asset.import",
                       .object_type = "locality",
                       .object_id = std::to_string(locality_id),
                       .locality_id = locality_id,
                       .after = fmt::format("{} assets from {}", drafts.size(), label)},
                      now);
  return drafts.size();
}

}  // namespace

std::string import_assets_csv(store::Db& db, const std::string& locality_code, const std::string& csv,
                              const std::string& label, Micros now) {
  geo::CsvTable table;
  try {
    table = geo::CsvTable::parse(csv);
  } catch (const geo::CsvError& e) {
    throw std::runtime_error(label + ": " + e.what());
  }
  for (const char* required : {"name", "kind", "category"})
    if (std::find(table.header().begin(), table.header().end(), required) == table.header().end())
      throw std::runtime_error(label + ": line 1: the header has no \"" + required + "\" column");
  Columns c{table};
  std::vector<AssetDraft> drafts;
  std::vector<std::size_t> lines;
  for (const auto& r : table.records()) {
    drafts.push_back({c.get(r, "kind"), c.get(r, "category"), c.get(r, "name"), c.get(r, "summary"),
                      c.get(r, "description"), c.get(r, "steward"), c.get(r, "address"), c.get(r, "postcode"),
                      c.get(r, "contact"), c.get(r, "website"), c.get(r, "opening_hours"),
                      c.get(r, "accessibility"), c.get(r, "source"), c.get(r, "last_checked"),
                      c.get(r, "lat"), c.get(r, "lon"), split_words(c.get(r, "wards"))});
    lines.push_back(r.line);
  }
  auto n = store::in_write(db, [&](store::Tx& tx) {
    return insert_drafts(tx, find_locality(tx, locality_code).id, drafts, lines, label, now);
  });
  return fmt::format("Imported {} assets into {}", n, locality_code);
}

std::vector<AssetDraft> library_drafts(const std::string& csv, const std::string& label) {
  geo::CsvTable table;
  try {
    table = geo::CsvTable::parse(csv);
  } catch (const geo::CsvError& e) {
    throw std::runtime_error(label + ": " + e.what());
  }
  Columns c{table};
  std::vector<AssetDraft> out;
  for (const auto& r : table.records()) {
    bool archive = c.get(r, "asset_type") == "archive";
    bool open = c.get(r, "status") == "open";
    auto hours = c.get(r, "hours_per_week");
    std::string summary = open ? fmt::format("{} run by Sutton Council{}.",
                                             archive ? "Archive and local studies centre" : "Public library",
                                             hours.empty() ? "" : ", open " + hours + " hours a week")
                               : fmt::format("Former public library building; the library closed in {}.",
                                             c.get(r, "year_closed"));
    out.push_back({"building",
                   archive ? "arts" : "library",
                   c.get(r, "name"),
                   summary,
                   "",
                   open ? "London Borough of Sutton" : "",
                   c.get(r, "address"),
                   c.get(r, "postcode"),
                   c.get(r, "contact"),
                   "",
                   open && !hours.empty() ? hours + " hours a week" : "",
                   "",
                   kLibrariesSource,
                   "2023-12-31",
                   c.get(r, "lat"),
                   c.get(r, "long"),
                   {}});
  }
  return out;
}

std::string load_demo_assets(store::Db& db, const std::string& locality_code, const std::string& path,
                             Micros now) {
  auto drafts = library_drafts(read_file(path), path);
  std::vector<std::size_t> lines;
  for (std::size_t i = 0; i < drafts.size(); ++i) lines.push_back(i + 2);
  auto n = store::in_write(db, [&](store::Tx& tx) -> std::size_t {
    auto locality = find_locality(tx, locality_code);
    auto existing =
        list_assets(tx, {.locality_id = locality.id, .text = drafts.empty() ? "" : drafts.front().name});
    for (const auto& a : existing.items)
      if (a.source == kLibrariesSource) return 0;
    return insert_drafts(tx, locality.id, drafts, lines, path, now);
  });
  return n ? fmt::format("{} libraries added to the asset register", n)
           : "the libraries were already in the register";
}

}  // namespace cw::assets
