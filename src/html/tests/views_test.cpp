#include "html/views.h"

#include "html/table.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cw::html {
namespace {

using nlohmann::json;

const Views& views() {
  static const Views v;
  return v;
}

TEST(Views, values_are_html_escaped) {
  auto out = views().render("partials/tag", {{"text", "<b>\"x\" & 'y'</b>"}, {"colour", false}});
  EXPECT_NE(out.find("&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"), std::string::npos) << out;
  EXPECT_EQ(out.find("<b>"), std::string::npos);
}

TEST(Views, false_and_missing_values_hide_sections_and_strings_show_them) {
  auto plain = views().render("partials/tag", {{"text", "Open"}, {"colour", false}});
  EXPECT_NE(plain.find("class=\"govuk-tag\""), std::string::npos) << plain;
  auto green = views().render("partials/tag", {{"text", "Open"}, {"colour", "green"}});
  EXPECT_NE(green.find("govuk-tag--green"), std::string::npos) << green;
  auto missing = views().render("partials/tag", {{"text", "Open"}});
  EXPECT_EQ(missing, plain);
}

TEST(Views, lists_of_objects_render_each_item_in_its_own_context) {
  json data{{"rows",
             {{{"key", "Ward"}, {"value", "Beddington"}, {"href", "/w/1"}},
              {{"key", "Code"}, {"value", "E05013754"}, {"href", false}}}}};
  auto out = views().render("partials/summary_list", data);
  EXPECT_NE(out.find("<dt class=\"govuk-summary-list__key\">Ward</dt>"), std::string::npos) << out;
  EXPECT_NE(out.find("<a class=\"govuk-link\" href=\"/w/1\">Beddington</a>"), std::string::npos);
  EXPECT_NE(out.find("E05013754</dd>"), std::string::npos);
  EXPECT_EQ(out.find("href=\"\""), std::string::npos) << "the second row's false href hides its link";
}

TEST(Views, nested_lists_and_numbers_render_in_order) {
  Table table("Deciles", {{"Decile"}, {"Count", true}});
  table.add_row({{"1"}, {"42", {}, true}});
  table.add_row({{"2", "/d/2"}, {"7", {}, true}});
  EXPECT_THROW(table.add_row({{"3"}}), std::invalid_argument);
  auto out = views().render("partials/table", table.data());
  EXPECT_NE(out.find("<th scope=\"row\" class=\"govuk-table__header\">1</th>"), std::string::npos) << out;
  EXPECT_NE(out.find("govuk-table__cell--numeric\">42</td>"), std::string::npos) << out;
  EXPECT_LT(out.find(">Decile<"), out.find(">Count<"));
  EXPECT_NE(out.find("<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Count"),
            std::string::npos);
  EXPECT_NE(
      out.find("<th scope=\"row\" class=\"govuk-table__header\"><a class=\"govuk-link\" href=\"/d/2\">2</a>"),
      std::string::npos)
      << out;
  EXPECT_LT(out.find(">1<"), out.find(">2<"));
}

TEST(Views, unknown_view_and_non_object_data_are_refused) {
  EXPECT_FALSE(views().has("no/such/view"));
  EXPECT_THROW(views().render("no/such/view", json::object()), std::out_of_range);
  EXPECT_THROW(views().render("partials/tag", json::array()), std::invalid_argument);
}

}  // namespace
}  // namespace cw::html
