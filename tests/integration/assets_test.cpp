// The asset register over real HTTP on SQLite and PostgreSQL, with the demo's libraries loaded: finding
// assets from a postcode, the map, the bbox API and exports, an officer adding an asset through the form
// (and a resident being refused), a resident's suggestion accepted, and the ward page's assets.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "modules/accounts/permissions.h"
#include "modules/accounts/store.h"
#include "site_fixture.h"

namespace cw::testing {
namespace {

// PNG by hand, so the test needs no image library: chunks with their CRC, pixels in a stored
// (uncompressed) deflate block.
std::uint32_t crc32_of(const std::string& bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string png_chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32_of(type + data));
}

// A 2 × 2 red RGB picture carrying a tEXt comment, as a camera or editor might leave one.
std::string png_with_text(const std::string& comment) {
  std::string rows;
  for (int y = 0; y < 2; ++y) rows += std::string("\0\xFF\x00\x00\xFF\x00\x00", 7);
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : rows) a = (a + c) % 65521, b = (b + a) % 65521;
  auto len = static_cast<std::uint16_t>(rows.size());
  std::string zlib = std::string("\x78\x01\x01", 3) + static_cast<char>(len & 0xFF) +
                     static_cast<char>(len >> 8) + static_cast<char>(~len & 0xFF) +
                     static_cast<char>((~len >> 8) & 0xFF) + rows + be32(b << 16 | a);
  std::string ihdr = be32(2) + be32(2) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) +
         png_chunk("tEXt", std::string("Comment\0", 8) + comment) + png_chunk("IDAT", zlib) +
         png_chunk("IEND", "");
}

std::string multipart_photo(const std::string& boundary, const std::string& token,
                            const std::string& filename, const std::string& type, const std::string& bytes) {
  auto part = [&](const std::string& disposition, const std::string& body) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\n" + body +
           "\r\n";
  };
  return part("name=\"csrf_token\"", token) + part("name=\"alt_text\"", "The front of the hall") + "--" +
         boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + filename +
         "\"\r\nContent-Type: " + type + "\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
}

class AssetsTest : public SiteTest {
 protected:
};

TEST_P(AssetsTest, a_resident_finds_the_assets_of_their_ward_from_their_postcode) {
  auto r = get("/assets?postcode=sm6%200hy");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body,
                       "SM6 0HY is in <a class=\"govuk-link\" "
                       "href=\"/places/E09000029/wards/E05013771\">Wallington South ward</a>"))
      << r.body.substr(0, 3000);
  // The nearest comes first: Wallington Library is at that postcode.
  auto first = r.body.find("govuk-heading-s");
  EXPECT_TRUE(contains(r.body.substr(first, 300), "Wallington Library"));
  auto ward = get("/assets?ward=E05013771");
  EXPECT_TRUE(contains(ward.body, "<strong>1 asset</strong>"));
  auto page = get("/places/E09000029/wards/E05013771");
  EXPECT_TRUE(contains(page.body, "Wallington Library"));
  auto map = get("/assets/map?postcode=SM6+0HY");
  EXPECT_EQ(map.status, 200);
  EXPECT_TRUE(contains(map.body, "<svg")) << map.body.substr(0, 2000);
  EXPECT_TRUE(contains(map.body, "<title>Wallington Library</title>"));
}

TEST_P(AssetsTest, an_asset_page_leads_to_its_open_case_and_the_transfer_form_names_the_asset) {
  auto library = count("SELECT id FROM assets WHERE name = $1", "Worcester Park Library");
  auto path = "/assets/" + std::to_string(library);
  EXPECT_TRUE(contains(get(path).body, "Nominate it as an asset of community value"));
  EXPECT_TRUE(contains(get(path).body, "Stone Place, Windsor Road, Worcester Park"))
      << "the corrected address";
  store::in_write(db(), [&](store::Tx& tx) {
    tx.run(
        "INSERT INTO community_value_cases (locality_id, asset_id, asset_name, address, description, "
        "boundaries, "
        "owners, reasons, body_name, body_type, eligibility, received_on, created_at, updated_at) VALUES "
        "($1, $2, "
        "'Worcester Park Library', 'Stone Place', 'A library', 'The building', 'The council', 'Reading', "
        "'Friends', 'parish_council', 'Parish', '2026-11-20', 1, 1)",
        demo_locality(), library);
  });
  auto page = get(path);
  EXPECT_TRUE(contains(page.body, "See its Right to Bid case"));
  EXPECT_FALSE(contains(page.body, "Nominate it as an asset of community value"))
      << "one open case at a time";

  auto form =
      get("/assets/transfers/new?asset=" + std::to_string(library), session_for(person("ann@example.org")));
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(
      contains(form.body, "For <a class=\"govuk-link\" href=\"" + path + "\">Worcester Park Library</a>"));
  EXPECT_TRUE(contains(form.body, "value=\"Worcester Park Library\"")) << "the name is filled in";
}

TEST_P(AssetsTest, a_bad_postcode_or_filter_says_what_to_fix_and_keeps_what_was_typed) {
  auto r = get("/assets?postcode=XX99&kind=castle&q=hall");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "Enter a real postcode, for example SM1 1EA"));
  EXPECT_TRUE(contains(r.body, "Select a kind of asset from the list"));
  EXPECT_TRUE(contains(r.body, "value=\"XX99\""));
  EXPECT_TRUE(contains(r.body, "value=\"hall\""));
  auto outside = get("/assets?postcode=SW1A%201AA");
  EXPECT_EQ(outside.status, 400);
  EXPECT_TRUE(contains(outside.body, "SW1A 1AA is not in Sutton"));
}

TEST_P(AssetsTest, the_bbox_api_and_the_exports_return_the_register) {
  auto all = get("/api/v1/assets?bbox=-0.26,51.34,-0.12,51.40");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.header("content-type"), "application/geo+json");
  auto doc = nlohmann::json::parse(all.body);
  EXPECT_EQ(doc["features"].size(), 11u);
  auto centre = nlohmann::json::parse(get("/api/v1/assets?bbox=-0.196,51.360,-0.194,51.362").body);
  EXPECT_EQ(centre["features"].size(), 2u);  // the central library and the archive share a building
  auto bad = get("/api/v1/assets?bbox=-0.1,51.4,-0.2,51.3");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(contains(bad.body, "\"field\":\"bbox\""));
  auto csv = get("/assets/export.csv");
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("id,name,kind,category"));
  EXPECT_TRUE(contains(csv.body, "Worcester Park Library"));
  auto atom = get("/assets/changes.atom");
  EXPECT_TRUE(contains(atom.body, "<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_TRUE(contains(atom.body, "Added: "));
}

TEST_P(AssetsTest, an_officer_adds_an_asset_through_the_form_and_a_resident_cannot) {
  auto officer = officer_session();
  auto resident = session_for(person("res@example.org"));
  auto refused =
      post("/assets/new", {{"csrf_token", token_from("/assets", resident)}, {"kind", "building"}}, resident);
  EXPECT_EQ(refused.status, 403);
  auto token = token_from("/assets/new", officer);
  auto invalid = post("/assets/new",
                      {{"csrf_token", token},
                       {"kind", "building"},
                       {"category", "library"},
                       {"name", "Hall & <b>"},
                       {"postcode", "ZZ1 1ZZ"}},
                      officer);
  EXPECT_EQ(invalid.status, 422);
  EXPECT_TRUE(contains(invalid.body, "govuk-error-summary"));
  EXPECT_TRUE(contains(invalid.body, "value=\"Hall &amp; &lt;b&gt;\""))
      << invalid.body.substr(invalid.body.find("id=\"name\"") - 200, 600);
  auto before = count("SELECT COUNT(*) FROM assets WHERE status = $1", "published");
  auto added = post("/assets/new",
                    {{"csrf_token", token},
                     {"kind", "open_space"},
                     {"category", "park"},
                     {"name", "Manor Park"},
                     {"postcode", "SM1 4AE"},
                     {"description", "A park with a *bandstand*."}},
                    officer);
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM assets WHERE status = $1", "published"), before + 1);
  auto page = get(added.header("location"), officer);
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Manor Park"));
  EXPECT_TRUE(contains(page.body, "Change the details"));
}

TEST_P(AssetsTest, a_residents_suggestion_waits_for_an_officer) {
  auto resident = session_for(person("res@example.org"));
  auto sent = post("/assets/suggest",
                   {{"csrf_token", token_from("/assets/suggest", resident)},
                    {"kind", "community_group"},
                    {"category", "food"},
                    {"name", "Sutton Community Fridge"},
                    {"wards", "E05013765"}},
                   resident);
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_TRUE(contains(sent.body, "Thank you for your suggestion"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = $1", "asset.suggest"), 1);
  EXPECT_FALSE(contains(get("/assets?q=fridge").body, "Sutton Community Fridge</a>"));
  EXPECT_EQ(get("/assets/suggestions", resident).status, 403);
  auto officer = officer_session();
  auto queue = get("/assets/suggestions", officer);
  ASSERT_TRUE(contains(queue.body, "New asset: Sutton Community Fridge"));
  auto id = count("SELECT MAX(id) FROM asset_suggestions WHERE status = $1", "open");
  auto accepted = post("/assets/suggestions/" + std::to_string(id),
                       {{"csrf_token", csrf_in(queue.body)}, {"decision", "accept"}}, officer);
  ASSERT_EQ(accepted.status, 303) << accepted.body;
  EXPECT_TRUE(contains(get("/assets?q=fridge").body, "Sutton Community Fridge</a>"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'res@example.org' AND kind = $1",
                  "assets.suggestion_accepted"),
            1)
      << "the resident is told";

  // A second suggestion, declined with a reason: the resident is told that too, with the reason.
  post("/assets/suggest",
       {{"csrf_token", token_from("/assets/suggest", resident)},
        {"kind", "community_group"},
        {"category", "food"},
        {"name", "Another Fridge"},
        {"wards", "E05013765"}},
       resident);
  auto second = count("SELECT MAX(id) FROM asset_suggestions WHERE status = $1", "open");
  auto declined =
      post("/assets/suggestions/" + std::to_string(second),
           {{"csrf_token", csrf_in(queue.body)}, {"decision", "decline"}, {"reason", "It closed in May"}},
           officer);
  ASSERT_EQ(declined.status, 303) << declined.body.substr(0, 2000);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM outbox WHERE kind = 'assets.suggestion_declined' AND text_body LIKE $1",
            "%It closed in May%"),
      1);
}

TEST_P(AssetsTest, an_organisation_admin_keeps_their_own_organisations_asset_up_to_date_and_no_other) {
  auto officer = officer_session();
  auto token = token_from("/assets/new", officer);
  auto add = [&](const std::string& name, const std::string& organisation) {
    auto r = post("/assets/new",
                  {{"csrf_token", token},
                   {"kind", "building"},
                   {"category", "community_centre"},
                   {"name", name},
                   {"postcode", "SM1 4AE"},
                   {"organisation", organisation}},
                  officer);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
    return r.header("location");
  };
  auto ours = add("Benhill Hall", "7"), theirs = add("Other Hall", "8");
  auto admin_id = person("org@example.org", "Orla Organiser");
  store::in_write(db(), [&](store::Tx& tx) {
    accounts::insert_grant(tx, admin_id, {accounts::role::organisation_admin, demo_locality(), 7},
                           std::nullopt, kServerNow);
  });
  auto admin = session_for(admin_id);
  auto form = get(ours + "/edit", admin);
  ASSERT_EQ(form.status, 200);
  EXPECT_FALSE(contains(form.body, "name=\"organisation\"")) << "only officers say who runs an asset";
  auto edit = [&](const std::string& href) {
    return post(href + "/edit",
                {{"csrf_token", csrf_in(form.body)},
                 {"kind", "building"},
                 {"category", "community_centre"},
                 {"name", "Benhill Hall (renamed)"},
                 {"postcode", "SM1 4AE"},
                 {"organisation", "8"}},
                admin);
  };
  EXPECT_EQ(edit(ours).status, 303);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM assets WHERE organisation_id = 7 AND name = $1", "Benhill Hall (renamed)"),
      1)
      << "renamed, and still their organisation's: an organisation admin cannot move it";
  EXPECT_EQ(edit(theirs).status, 403);
  EXPECT_EQ(get(theirs + "/edit", admin).status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM assets WHERE name = $1", "Other Hall"), 1);
}

TEST_P(AssetsTest, a_photo_is_stored_without_its_text_chunks_and_a_file_that_is_not_one_is_refused) {
  auto officer = officer_session();
  auto id = count("SELECT MIN(id) FROM assets WHERE status = $1", "published");
  auto path = "/assets/" + std::to_string(id) + "/photos";
  auto token = token_from(path, officer);
  const std::string boundary = "cwphotoboundary7";
  auto upload = [&](const std::string& filename, const std::string& type, const std::string& bytes) {
    return http_request(port(), "POST", path, multipart_photo(boundary, token, filename, type, bytes),
                        "multipart/form-data; boundary=" + boundary, cookie_header(officer));
  };
  auto input = png_with_text("secret-camera-serial-1234");
  ASSERT_TRUE(contains(input, "secret-camera-serial"));
  auto sent = upload("hall.png", "image/png", input);
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 2000);
  auto photo = count("SELECT MAX(id) FROM asset_photos WHERE asset_id = $1", id);
  auto served = get(path + "/" + std::to_string(photo) + ".png");
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.header("content-type"), "image/png");
  EXPECT_TRUE(served.body.starts_with("\x89PNG"));
  EXPECT_FALSE(contains(served.body, "secret-camera-serial")) << "the comment is gone";
  EXPECT_FALSE(contains(served.body, "tEXt"));

  auto text = upload("notes.jpg", "image/jpeg", "These are my notes, not a photo.\n");
  EXPECT_EQ(text.status, 422);
  EXPECT_TRUE(contains(text.body, "The photo must be a JPEG or PNG file.")) << text.body.substr(0, 3000);
  EXPECT_TRUE(contains(text.body, "govuk-error-summary"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM asset_photos WHERE asset_id = $1", id), 1);

  // A body over the ordinary 1 MiB limit is read only from someone signed in: anyone else is stopped
  // at the head (413) before the server holds their megabytes.
  auto big = png_with_text(std::string(1200 * 1024, 'x'));
  auto anonymous =
      http_request(port(), "POST", path, multipart_photo(boundary, token, "big.png", "image/png", big),
                   "multipart/form-data; boundary=" + boundary, "");
  EXPECT_EQ(anonymous.status, 413) << anonymous.body.substr(0, 500);
  EXPECT_TRUE(contains(anonymous.body, "The limit here is 1024 KiB"));
  auto bad_cookie =
      http_request(port(), "POST", path, multipart_photo(boundary, token, "big.png", "image/png", big),
                   "multipart/form-data; boundary=" + boundary, cookie_header("not-a-session"));
  EXPECT_EQ(bad_cookie.status, 413) << "a cookie that is not a live session counts for nothing";
  EXPECT_NE(upload("big.png", "image/png", big).status, 413) << "an officer may send a large photo";
}

INSTANTIATE_TEST_SUITE_P(Engines, AssetsTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
