// `commonweal import geo`: loads a locality's wards, LSOAs with deprivation ranks, and postcodes from
// ONS-style files, all or nothing, so a council can run commonweal on its own area.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/cli.h"
#include "app/modules.h"
#include "modules/assets/import.h"
#include "modules/places/demo.h"
#include "modules/places/places.h"
#include "store/migrate.h"

namespace cw::app {
namespace {

struct ImportOptions {
  std::string db = "sqlite:var/commonweal.db";
  places::GeoImport geo;
  std::string asset_locality, asset_file;
};

void import_geo(const ImportOptions& o) {
  if (!places::is_local_authority_code(o.geo.locality_code)) {
    std::cerr << "commonweal import geo: --locality must be a local authority code such as E09000029\n";
    throw CLI::RuntimeError(2);
  }
  try {
    auto db = store::Db::open(o.db, 2);
    store::migrate(*db, all_migrations(db->engine()));
    std::cout << places::import_geo(*db, o.geo) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "commonweal import geo: " << e.what() << "\nNothing was imported.\n";
    throw CLI::RuntimeError(1);
  }
}

void import_assets(const ImportOptions& o) {
  try {
    std::ifstream in(o.asset_file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto db = store::Db::open(o.db, 2);
    store::migrate(*db, all_migrations(db->engine()));
    std::cout << assets::import_assets_csv(*db, o.asset_locality, text.str(), o.asset_file,
                                           SystemClock().now())
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "commonweal import assets: " << e.what() << "\nNothing was imported.\n";
    throw CLI::RuntimeError(1);
  }
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto* import = app.add_subcommand("import", "Import data into commonweal");
  import->require_subcommand(1);
  auto o = std::make_shared<ImportOptions>();
  auto* geo = import->add_subcommand("geo", "A locality's wards, LSOAs (with IMD 2019) and postcodes");
  geo->add_option("--locality", o->geo.locality_code, "The local authority's code, e.g. E09000029")
      ->required();
  geo->add_option("--name", o->geo.name, "Its name as shown on pages, e.g. Sutton")->required();
  geo->add_option("--wards", o->geo.wards, "Ward boundaries (GeoJSON)")->required()->check(CLI::ExistingFile);
  geo->add_option("--lsoa", o->geo.lsoa, "LSOA boundaries (GeoJSON; needs --imd)")->check(CLI::ExistingFile);
  geo->add_option("--imd", o->geo.imd, "LSOAs with IMD 2019 rank and decile (CSV)")->check(CLI::ExistingFile);
  geo->add_option("--postcodes", o->geo.postcodes, "Postcodes (ONS Postcode Directory CSV)")
      ->check(CLI::ExistingFile);
  geo->add_option("--attribution", o->geo.attribution, "The data's sources and licences, for page footers");
  geo->add_option("--db", o->db, "Database URL")->envname("COMMONWEAL_DB")->capture_default_str();
  geo->callback([o] { import_geo(*o); });

  auto* assets = import->add_subcommand("assets", "Community assets from a CSV with the register's columns");
  assets->add_option("--locality", o->asset_locality, "The local authority's code, e.g. E09000029")
      ->required();
  assets->add_option("--file", o->asset_file, "The CSV file (as the register's CSV export writes it)")
      ->required()
      ->check(CLI::ExistingFile);
  assets->add_option("--db", o->db, "Database URL")->envname("COMMONWEAL_DB")->capture_default_str();
  assets->callback([o] { import_assets(*o); });
}

}  // namespace cw::app
