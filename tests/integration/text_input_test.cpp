// Text that is not text: bytes that are not UTF-8, control characters and direction overrides are refused
// where requests are parsed, with a 400 naming the field; rows stored before that are repaired once,
// and until then JSON and feeds written from them still work.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "modules/audit/audit.h"
#include "site_fixture.h"
#include "store/repair_text.h"

namespace cw::testing {
namespace {

class TextInputTest : public SiteTest {};

TEST_P(TextInputTest, a_form_field_that_is_not_text_is_refused_naming_the_field_and_nothing_is_stored) {
  auto before = count("SELECT COUNT(*) FROM petition_signatures WHERE petition_id = $1", 1);
  auto sign = post("/petitions/1/sign", {{"csrf_token", token_from("/petitions/1")},
                                         {"name", "Ann \xFF\xFE"},
                                         {"email", "ann@example.org"},
                                         {"postcode", "SM1 1EA"},
                                         {"declaration", "live"}});
  EXPECT_EQ(sign.status, 400);
  EXPECT_TRUE(contains(sign.body, "The field \xE2\x80\x9cname\xE2\x80\x9d is not valid UTF-8 text"))
      << sign.body;
  auto override_ = post("/petitions/1/sign", {{"csrf_token", token_from("/petitions/1")},
                                              {"name", "Ann\xE2\x80\xAEnimdA"},
                                              {"email", "ann@example.org"},
                                              {"postcode", "SM1 1EA"},
                                              {"declaration", "live"}});
  EXPECT_EQ(override_.status, 400);
  EXPECT_TRUE(contains(override_.body, "changes the direction of text"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM petition_signatures WHERE petition_id = $1", 1), before);
}

TEST_P(TextInputTest, addresses_that_are_not_text_get_a_400_not_a_500) {
  auto api = get("/api/v1/postcodes/%ff");
  EXPECT_EQ(api.status, 400);
  EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["code"], "invalid_text");
  EXPECT_FALSE(api.header("content-security-policy").empty())
      << "refused before routing, still with the headers";
  EXPECT_EQ(get("/search?q=%ff%fe").status, 400);
  EXPECT_EQ(get("/search?q=bell%07").status, 400);
  EXPECT_EQ(get("/search?q=caf%C3%A9").status, 200) << "real text in any language is fine";
}

TEST_P(TextInputTest, rows_stored_before_the_checks_break_nothing_and_are_repaired_once) {
  bool lite = GetParam() == EngineUnderTest::sqlite;
  // PostgreSQL never stored invalid UTF-8; both could store control characters.
  std::string bad = lite ? std::string("Save the \x01Red Lion \xFF") : std::string("Save the \x01Red Lion");
  store::in_write(db(), [&](store::Tx& tx) { tx.run("UPDATE petitions SET action = $1 WHERE id = 1", bad); });
  auto api = get("/api/v1/petitions");
  ASSERT_EQ(api.status, 200) << api.body.substr(0, 200);
  EXPECT_TRUE(nlohmann::json::accept(api.body)) << "the whole list is still JSON";
  auto feed = get("/petitions.atom?state=open");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.body.find('\x01'), std::string::npos) << "XML forbids it";
  EXPECT_TRUE(contains(feed.body, "Save the Red Lion"));

  store::in_write(db(), [](store::Tx& tx) { tx.run("DELETE FROM text_repairs"); });
  EXPECT_GE(store::repair_stored_text(db()), 1);
  auto title = store::in_read(
      db(), [](store::Tx& tx) { return tx.run("SELECT action FROM petitions WHERE id = 1").one().text(0); });
  EXPECT_EQ(title, lite ? "Save the Red Lion \xEF\xBF\xBD" : "Save the Red Lion");
  EXPECT_EQ(store::repair_stored_text(db()), 0) << "once per database";
  EXPECT_TRUE(audit::verify_audit_chain(db()).ok) << "the audit log is left as written";
}

INSTANTIATE_TEST_SUITE_P(Engines, TextInputTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
