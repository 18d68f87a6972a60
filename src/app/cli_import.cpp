// `commonweal import geo`: loads a locality's wards, LSOAs with deprivation ranks, and postcodes from
// ONS-style files, all or nothing, so a council can run commonweal on its own area.
#include <iostream>
#include <memory>

#include "app/cli.h"
#include "app/modules.h"
#include "modules/places/demo.h"
#include "modules/places/places.h"
#include "store/migrate.h"

namespace cw::app {
namespace {

struct ImportOptions {
  std::string db = "sqlite:var/commonweal.db";
  places::GeoImport geo;
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
}

}  // namespace cw::app
