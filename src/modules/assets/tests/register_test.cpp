// The asset register against both real engines with the demo geography: placing assets, the list's
// filters and distance order, the spatial index, permissions, suggestions, imports and exports.
#include <gtest/gtest.h>

#include "modules/assets/import.h"
#include "modules/assets/module.h"
#include "modules/assets/search_entry.h"
#include "modules/assets/service.h"
#include "modules/assets/store.h"
#include "modules/assets/view_models.h"
#include "modules/moderation/moderation.h"
#include "modules/places/demo.h"
#include "modules/places/overview.h"
#include "modules/places/ward_map.h"
#include "modules/search/index.h"
#include "modules/testing.h"
#include "store/tests/pg_harness.h"
#include "web/forms.h"

namespace cw::assets {
namespace {

using store::Engine;

const std::string kDemo = std::string(CW_SOURCE_DIR) + "/data/demo";
const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
constexpr Micros kNow = 1'790'000'000'000'000;
const std::string kSuttonCentral = "E05013765", kBeddington = "E05013754", kWallington = "E05013771";

class AssetRegister : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = modules::testing::migrated_db(
        GetParam(), sqlite_, {"places", "mail", "audit", "accounts", "moderation", "assets", "search"});
    places::load_demo(*db_, kDemo);
    sutton_ = store::in_read(*db_, [](store::Tx& tx) { return places::locality_refs(tx).front().id; });
    officer_ = {1, "Officer", "officer@sutton.example", "s1", {{"council_officer", sutton_, std::nullopt}}};
    resident_ = {2, "Resident", "resident@example.org", "s2", {{"resident", std::nullopt, std::nullopt}}};
  }
  Acting as(const Actor& a) { return {&a, "192.0.2.7", kNow}; }
  std::int64_t count(const std::string& sql) {
    return store::in_read(*db_, [&](store::Tx& tx) { return tx.run(sql).one().integer(0); });
  }
  AssetDraft building(const std::string& name, const std::string& postcode) {
    AssetDraft d;
    d.kind = "building";
    d.category = "community_centre";
    d.name = name;
    d.postcode = postcode;
    return d;
  }
  AssetDraft group(const std::string& name, std::vector<std::string> wards) {
    AssetDraft d;
    d.kind = "community_group";
    d.category = "youth";
    d.name = name;
    d.ward_codes = std::move(wards);
    return d;
  }
  AssetList list(AssetFilter f) {
    f.locality_id = sutton_;
    return store::in_read(*db_, [&](store::Tx& tx) { return list_assets(tx, f); });
  }
  std::vector<std::string> names(const AssetList& l) {
    std::vector<std::string> out;
    for (const auto& a : l.items) out.push_back(a.name);
    return out;
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
  std::int64_t sutton_ = 0;
  Actor officer_, resident_;
};

TEST_P(AssetRegister, a_building_is_placed_at_its_postcode_and_in_that_wards_list) {
  auto id = add_asset(*db_, as(officer_), sutton_, building("Civic Hall", "sm1 1ea"));
  auto a = store::in_read(*db_, [&](store::Tx& tx) { return find_asset(tx, id); });
  ASSERT_TRUE(a);
  EXPECT_EQ(a->postcode, "SM1 1EA");
  EXPECT_EQ(a->ward_code, kSuttonCentral);
  EXPECT_NEAR(*a->lat, 51.36163, 1e-4);
  EXPECT_EQ(a->ward_codes, std::vector<std::string>{kSuttonCentral});
  EXPECT_EQ(names(list({.ward_code = kSuttonCentral})), std::vector<std::string>{"Civic Hall"});
  EXPECT_EQ(list({.ward_code = kBeddington}).total, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'asset.add'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM asset_changes WHERE change = 'added'"), 1);
}

TEST_P(AssetRegister, a_group_is_listed_in_every_ward_it_serves_and_filters_combine) {
  add_asset(*db_, as(officer_), sutton_, group("Youth Forum", {kBeddington, kWallington}));
  add_asset(*db_, as(officer_), sutton_, building("Beddington 100% Hall", "CR0 4QR"));
  EXPECT_EQ(names(list({.ward_code = kWallington})), std::vector<std::string>{"Youth Forum"});
  EXPECT_EQ(names(list({.ward_code = kBeddington})),
            (std::vector<std::string>{"Beddington 100% Hall", "Youth Forum"}));
  EXPECT_EQ(names(list({.ward_code = kBeddington, .kind = "building"})),
            std::vector<std::string>{"Beddington 100% Hall"});
  EXPECT_EQ(names(list({.text = "YOUTH"})), std::vector<std::string>{"Youth Forum"});
  // LIKE's own characters are taken literally.
  EXPECT_EQ(names(list({.text = "100%"})), std::vector<std::string>{"Beddington 100% Hall"});
  EXPECT_EQ(list({.text = "1_0"}).total, 0);
}

TEST_P(AssetRegister, near_a_postcode_the_nearest_place_comes_first_and_groups_last) {
  add_asset(*db_, as(officer_), sutton_, group("Carers Network", {kSuttonCentral}));
  add_asset(*db_, as(officer_), sutton_, building("Far Hall", "KT4 8ES"));     // Worcester Park
  add_asset(*db_, as(officer_), sutton_, building("Near Hall", "SM1 1EA"));    // Sutton centre
  add_asset(*db_, as(officer_), sutton_, building("Middle Hall", "SM6 0HY"));  // Wallington
  auto l = list({.near_lat = 51.3616, .near_lon = -0.1949});
  EXPECT_EQ(names(l), (std::vector<std::string>{"Near Hall", "Middle Hall", "Far Hall", "Carers Network"}));
  auto page2 = list({.near_lat = 51.3616, .near_lon = -0.1949, .page = 2, .per_page = 3});
  EXPECT_EQ(page2.total, 4);
  EXPECT_EQ(names(page2), std::vector<std::string>{"Carers Network"});
}

TEST_P(AssetRegister, the_site_search_holds_published_assets_in_step_with_the_register) {
  auto doc = [&](std::int64_t id) {
    return count("SELECT count(*) FROM search_documents WHERE kind = 'asset' AND ref = '" +
                 std::to_string(id) + "'");
  };
  auto d = building("Civic Hall", "SM1 1EA");
  d.description = "Home of the **knitting** circle";
  auto id = add_asset(*db_, as(officer_), sutton_, d);
  EXPECT_EQ(doc(id), 1);
  EXPECT_EQ(count("SELECT count(*) FROM search_documents WHERE title = 'Civic Hall' AND lat IS NOT NULL AND "
                  "body LIKE '%knitting circle%'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM search_document_wards WHERE ward_code = '" + kSuttonCentral + "'"),
            1);
  d.name = "Civic Centre";
  edit_asset(*db_, as(officer_), id, d);
  EXPECT_EQ(count("SELECT count(*) FROM search_documents WHERE title = 'Civic Centre'"), 1);
  assets::module();  // registers the register's own moderation hooks (another test replaces them)
  auto kind = moderation::find_content_kind("asset");
  ASSERT_TRUE(kind);
  store::in_write(*db_, [&](store::Tx& tx) { kind->set_hidden(tx, std::to_string(id), true, kNow); });
  EXPECT_EQ(doc(id), 0);
  store::in_write(*db_, [&](store::Tx& tx) { kind->set_hidden(tx, std::to_string(id), false, kNow); });
  EXPECT_EQ(doc(id), 1);
  remove_asset(*db_, as(officer_), id);
  EXPECT_EQ(doc(id), 0);

  // A register that predates the index (or was changed by hand) is reconciled by the job.
  auto kept = add_asset(*db_, as(officer_), sutton_, building("Old Hall", "SM1 1EA"));
  store::in_write(*db_, [&](store::Tx& tx) {
    search::remove_document(tx, "asset", std::to_string(kept));
    search::index_document(
        tx,
        {.kind = "asset", .ref = "999999", .locality_id = sutton_, .title = "Gone", .url = "/assets/999999"});
  });
  EXPECT_EQ(reconcile_search_entries(*db_), 2);
  EXPECT_EQ(doc(kept), 1);
  EXPECT_EQ(doc(999999), 0);
  EXPECT_EQ(reconcile_search_entries(*db_), 0);
}

TEST_P(AssetRegister, bbox_query_uses_exact_bounds_kind_ward_and_leaves_out_hidden_and_soft_assets) {
  auto near = add_asset(*db_, as(officer_), sutton_, building("Near Hall", "SM1 1EA"));
  add_asset(*db_, as(officer_), sutton_, building("Far Hall", "KT4 8ES"));
  add_asset(*db_, as(officer_), sutton_, group("Carers Network", {kSuttonCentral}));
  auto hidden = add_asset(*db_, as(officer_), sutton_, building("Hidden Hall", "SM1 1EA"));
  store::in_write(*db_, [&](store::Tx& tx) { set_asset_status(tx, hidden, "hidden", kNow); });
  auto query = [&](BBoxQuery q) {
    std::vector<std::int64_t> ids;
    for (const auto& p : store::in_read(*db_, [&](store::Tx& tx) { return assets_in_bbox(tx, q); }))
      ids.push_back(p.id);
    return ids;
  };
  EXPECT_EQ(query({-0.20, 51.36, -0.19, 51.37}), std::vector<std::int64_t>{near});
  EXPECT_EQ(query({-0.30, 51.30, -0.10, 51.40}).size(), 2u);
  // SM1 1EA is at 51.361630, -0.194924: a box just beside it must not catch it, whatever the R*Tree's
  // 32-bit rounding says.
  EXPECT_TRUE(query({-0.194923, 51.36, -0.19, 51.37}).empty());
  EXPECT_EQ(query({-0.194924, 51.361630, -0.194924, 51.361630}), std::vector<std::int64_t>{near});
  EXPECT_TRUE(query({-0.30, 51.30, -0.10, 51.40, "open_space"}).empty());
  EXPECT_EQ(query({-0.30, 51.30, -0.10, 51.40, std::nullopt, kSuttonCentral}),
            std::vector<std::int64_t>{near});
  // Moving an asset moves it in the index.
  auto d = building("Near Hall", "KT4 8ES");
  edit_asset(*db_, as(officer_), near, d);
  EXPECT_TRUE(query({-0.20, 51.36, -0.19, 51.37}).empty());
}

TEST_P(AssetRegister, refused_commands_write_nothing) {
  auto before = count("SELECT COUNT(*) FROM assets");
  try {
    add_asset(*db_, as(resident_), sutton_, building("Hall", "SM1 1EA"));
    FAIL() << "a resident added an asset";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 403);
  }
  try {
    add_asset(*db_, as(officer_), sutton_, building("Hall", "SW1A 1AA"));  // Westminster
    FAIL() << "a postcode outside the area was accepted";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.errors.front().field, "postcode");
    EXPECT_NE(std::string(e.what()).find("SW1A 1AA"), std::string::npos);
  }
  try {
    add_asset(*db_, as(officer_), sutton_, group("Group", {"E05000001"}));
    FAIL() << "a ward of another area was accepted";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.errors.front().field, "wards");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM assets"), before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'asset.%'"), 0);
}

TEST_P(AssetRegister, organisation_admins_edit_their_own_assets_only) {
  Actor org{3, "Org", "org@example.org", "s3", {{"organisation_admin", sutton_, 42}}};
  auto theirs = add_asset(*db_, as(org), sutton_, building("Co-op Hall", "SM1 1EA"));
  auto council = add_asset(*db_, as(officer_), sutton_, building("Council Hall", "SM1 1EA"));
  auto a = store::in_read(*db_, [&](store::Tx& tx) { return *find_asset(tx, theirs); });
  EXPECT_EQ(a.organisation_id, 42);
  auto d = building("Co-op Hall (renamed)", "SM1 1EA");
  edit_asset(*db_, as(org), theirs, d);
  EXPECT_THROW(edit_asset(*db_, as(org), council, d), web::FormInvalid);
  EXPECT_THROW(remove_asset(*db_, as(org), council), web::FormInvalid);
  remove_asset(*db_, as(officer_), council);
  EXPECT_EQ(names(list({})), std::vector<std::string>{"Co-op Hall (renamed)"});
}

TEST_P(AssetRegister, suggestions_become_assets_or_corrections_when_an_officer_accepts) {
  auto hall = add_asset(*db_, as(officer_), sutton_, building("Hall", "SM1 1EA"));
  EXPECT_THROW(suggest(*db_, {nullptr, "", kNow}, sutton_, std::nullopt, building("X", "SM1 1EA"), ""),
               web::FormInvalid);
  auto fresh =
      suggest(*db_, as(resident_), sutton_, std::nullopt, building("Scout Hut", "SM6 0HY"), "I go there");
  auto fix = suggest(*db_, as(resident_), sutton_, hall, building("Town Hall", "SM1 1EA"), "");
  auto spam = suggest(*db_, as(resident_), sutton_, std::nullopt, building("Casino", "SM1 1EA"), "");
  EXPECT_EQ(list({}).total, 1);  // nothing public until accepted
  EXPECT_THROW(accept_suggestion(*db_, as(resident_), fresh), web::FormInvalid);
  auto scout = accept_suggestion(*db_, as(officer_), fresh);
  EXPECT_EQ(accept_suggestion(*db_, as(officer_), fix), hall);
  decline_suggestion(*db_, as(officer_), spam, "Not a community asset");
  EXPECT_THROW(accept_suggestion(*db_, as(officer_), spam), web::FormInvalid);  // already dealt with
  EXPECT_EQ(names(list({})), (std::vector<std::string>{"Scout Hut", "Town Hall"}));
  auto s = store::in_read(*db_, [&](store::Tx& tx) { return *find_asset(tx, scout); });
  EXPECT_EQ(s.ward_code, kWallington);
  EXPECT_EQ(count("SELECT COUNT(*) FROM asset_suggestions WHERE status = 'open'"), 0);
}

TEST_P(AssetRegister, csv_import_is_all_or_nothing_and_names_the_line) {
  std::string good =
      "name,kind,category,postcode,wards,summary\n"
      "Old Fire Station,building,arts,SM1 1EA,,\"A hall, with a stage\"\n"
      "Litter Pickers,community_group,environment,,E05013754 E05013771,Saturday mornings\n";
  EXPECT_EQ(import_assets_csv(*db_, "E09000029", good, "good.csv", kNow), "Imported 2 assets into E09000029");
  EXPECT_EQ(names(list({.ward_code = kWallington})), std::vector<std::string>{"Litter Pickers"});
  std::string bad = "name,kind,category,postcode\nA,building,arts,SM1 1EA\nB,building,arts,ZZ1 1ZZ\n";
  try {
    import_assets_csv(*db_, "E09000029", bad, "bad.csv", kNow);
    FAIL() << "imported a row with an unknown postcode";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv: line 3:"), std::string::npos) << e.what();
  }
  EXPECT_EQ(list({}).total, 2);
  EXPECT_THROW(import_assets_csv(*db_, "E09000029", "name,kind\nA,building\n", "x.csv", kNow),
               std::runtime_error);
}

TEST_P(AssetRegister, demo_libraries_load_once_in_the_right_wards) {
  EXPECT_EQ(load_demo_assets(*db_, "E09000029", kDemo + "/assets.csv", kNow),
            "11 libraries added to the asset register");
  EXPECT_EQ(load_demo_assets(*db_, "E09000029", kDemo + "/assets.csv", kNow),
            "the libraries were already in the register");
  EXPECT_EQ(list({}).total, 11);
  // Each library sits in the ward the source file gives it.
  EXPECT_EQ(names(list({.ward_code = kSuttonCentral})),
            (std::vector<std::string>{"Sutton Central Archive and Local Studies", "Sutton Central Library"}));
  EXPECT_EQ(names(list({.ward_code = kWallington})), std::vector<std::string>{"Wallington Library"});
}

TEST_P(AssetRegister, moderators_hide_an_asset_through_its_content_kind) {
  auto id = add_asset(*db_, as(officer_), sutton_, building("Hall", "SM1 1EA"));
  moderation::register_content_kind(
      {"asset", "Community asset", nullptr, [](store::Tx& tx, const std::string& i, bool h, Micros) {
         set_asset_status(tx, std::stoll(i), h ? "hidden" : "published", 0);
       }});
  auto kind = moderation::find_content_kind("asset");
  store::in_write(*db_, [&](store::Tx& tx) { kind->set_hidden(tx, std::to_string(id), true, kNow); });
  EXPECT_EQ(list({}).total, 0);
  EXPECT_EQ(list({.include_hidden = true}).total, 1);
}

TEST_P(AssetRegister, exports_and_the_map_show_what_the_register_holds) {
  add_asset(*db_, as(officer_), sutton_, building("=HYPERLINK(\"x\")", "SM1 1EA"));
  add_asset(*db_, as(officer_), sutton_, group("Quilters, \"the best\"", {kBeddington}));
  auto all = store::in_read(*db_, [&](store::Tx& tx) { return all_assets(tx, sutton_); });
  ASSERT_EQ(all.size(), 2u);
  auto csv = assets_csv(all, "https://example.org");
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"x\"\")\","), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"Quilters, \"\"the best\"\"\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("," + kBeddington + ","), std::string::npos);
  auto f = feature(all[1], "https://example.org");
  EXPECT_TRUE(f["geometry"].is_null());
  EXPECT_EQ(f["properties"]["wards"][0], kBeddington);
  auto changes = store::in_read(*db_, [&](store::Tx& tx) { return recent_changes(tx, sutton_, 10); });
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes.front().asset_name, "Quilters, \"the best\"");  // newest first
  auto shapes = store::in_read(*db_, [&](store::Tx& tx) { return places::ward_shapes(tx, sutton_); });
  auto map =
      places::svg_map(shapes, {{1, "Hall", "building", "/assets/1", 51.36163, -0.194924}}, {.title = "t"});
  EXPECT_EQ(map["wards"].size(), 20u);
  EXPECT_EQ(map["points"].size(), 1u);
  EXPECT_GT(map["height"].get<int>(), 300);
}

INSTANTIATE_TEST_SUITE_P(Engines, AssetRegister, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::assets
