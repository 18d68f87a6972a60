// The Right to Bid and asset transfer pages through their handlers (router, context, views) on SQLite:
// every page renders, a bad form comes back as 422 with the GOV.UK error summary and what was typed, and
// officers see the forms for the next steps. The statutory logic itself is tested in the other files.
#include <gtest/gtest.h>

#include "html/views.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/store.h"
#include "modules/asset_transfer/routes.h"
#include "modules/community_value/routes.h"
#include "modules/community_value/rules.h"
#include "modules/testing.h"
#include "web/context.h"
#include "web/router.h"

namespace cw::community_value {
namespace {

Micros at(const char* iso_text) {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             community_value::parse_iso_date(iso_text)->time_since_epoch())
      .count();
}

class Pages : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = modules::testing::migrated_db(
        store::Engine::sqlite, sqlite_,
        {"places", "mail", "audit", "accounts", "assets", "search", "community_value", "asset_transfer"});
    store::in_write(*db_, [&](store::Tx& tx) {
      here_ = tx.run("INSERT INTO localities (code, name) VALUES ('E09000029', 'Sutton') RETURNING id")
                  .one()
                  .integer(0);
      resident_.user_id = accounts::insert_user(
          tx, "nia@example.org", accounts::hash_password("x", {1, 8192}), "Nia", "", clock_.now());
    });
    officer_.grants = {{accounts::role::council_officer, here_, {}}};
    register_routes(router_);
    asset_transfer::register_routes(router_);
  }

  web::Response call(const std::string& method, const std::string& target, const Actor* actor,
                     const std::string& body = {}) {
    web::Headers headers;
    if (!body.empty()) headers.emplace("Content-Type", "application/x-www-form-urlencoded");
    auto req = web::build_request(method, target, headers, body, "203.0.113.5");
    auto match = router_.match(req.method, req.path);
    if (!match.route) return web::Response::text("no route", "text/plain", 404);
    req.path_params = match.params;
    web::Context ctx{*db_, views_, clock_, site_, &req, actor, "key"};
    try {
      return match.route->handler(req, ctx);
    } catch (const web::HttpError& e) {
      return web::Response::text(e.what(), "text/plain", e.status);
    }
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
  const html::Views& views_ = html::shared_views();
  FixedClock clock_{0};
  web::Site site_;
  web::Router router_;
  std::int64_t here_ = 0;
  Actor resident_{0, "Nia", "nia@example.org", "s1", {}};
  Actor officer_{200, "Officer", "officer@council.example", "s2", {}};
};

bool has(const web::Response& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

const char* kNomination =
    "locality=1&asset_name=The+Red+Lion&address=1+High+St&description=A+pub&boundaries=The+building&owners="
    "Brewery"
    "&owner_email=&reasons=Meeting+place&body_name=Friends&body_type=parish_council&local_members=&"
    "eligibility=Parish";

TEST_F(Pages, a_nomination_goes_from_the_form_to_the_lists_and_the_case_page) {
  clock_.set(at("2027-01-17"));
  EXPECT_EQ(call("GET", "/assets/community-value/nominate", nullptr).status, 303) << "sign in first";
  auto form = call("GET", "/assets/community-value/nominate", &resident_);
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(has(form, "Nominate an asset of community value"));
  auto bad = call("POST", "/assets/community-value/nominate", &resident_,
                  "locality=1&asset_name=The+Red+Lion&body_type=unincorporated_group&local_members=3");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "govuk-error-summary"));
  EXPECT_TRUE(has(bad, "An unincorporated group needs at least 21 members"));
  EXPECT_TRUE(has(bad, "value=\"The Red Lion\"")) << "what was typed comes back";
  auto sent = call("POST", "/assets/community-value/nominate", &resident_, kNomination);
  ASSERT_EQ(sent.status, 303);
  auto location = sent.headers.find("Location")->second;
  EXPECT_EQ(location, "/assets/community-value/1?done=nominated");
  auto list = call("GET", "/assets/community-value?status=awaiting_decision", nullptr);
  EXPECT_TRUE(has(list, "The Red Lion"));
  EXPECT_TRUE(has(list, "14 March 2027"));
  auto public_view = call("GET", "/assets/community-value/1", nullptr);
  EXPECT_EQ(public_view.status, 200);
  EXPECT_TRUE(has(public_view, "Council decision due"));
  EXPECT_FALSE(has(public_view, "Record the decision"));
  const auto& body = public_view.body;
  auto tag = body.find(">Awaiting decision</strong>");
  ASSERT_NE(tag, std::string::npos);
  EXPECT_EQ(body.find(">Awaiting decision</strong>", tag + 1), std::string::npos)
      << "the status is shown once";
  EXPECT_FALSE(has(public_view, "See the case for")) << "no link from the case page to itself";
  auto officer_view = call("GET", "/assets/community-value/1", &officer_);
  EXPECT_TRUE(has(officer_view, "Record the decision"));
  auto late =
      call("POST", "/assets/community-value/1/decision", &officer_,
           "outcome=list&decided_on-day=1&decided_on-month=13&decided_on-year=2027&decision_reasons=");
  EXPECT_EQ(late.status, 422);
  EXPECT_TRUE(has(late, "Enter the date of the decision as a real date"));
  EXPECT_EQ(call("POST", "/assets/community-value/1/decision", &resident_,
                 "outcome=list&decided_on-day=1&decided_on-month=2&decided_on-year=2027")
                .status,
            403);
  clock_.set(at("2027-02-01"));
  auto listed =
      call("POST", "/assets/community-value/1/decision", &officer_,
           "outcome=list&decided_on-day=1&decided_on-month=2&decided_on-year=2027&decision_reasons=");
  EXPECT_EQ(listed.status, 303);
  clock_.set(at("2027-05-01"));
  auto review = call("POST", "/assets/community-value/1/review-request", &officer_,
                     "requested_on-day=30&requested_on-month=3&requested_on-year=2027&grounds=");
  EXPECT_EQ(review.status, 422);
  EXPECT_TRUE(
      has(review, "The owner&#39;s review request came after the 8-week deadline of 29 March 2027") ||
      has(review, "The owner&apos;s review request came after the 8-week deadline of 29 March 2027") ||
      has(review, "The owner&#x27;s review request came after the 8-week deadline of 29 March 2027"))
      << review.body.substr(0, 400);
  auto api = call("GET", "/api/v1/community-value?status=listed", nullptr);
  EXPECT_TRUE(has(api, "\"listed_until\":{\"iso\":\"2032-02-01\""));
  EXPECT_EQ(call("GET", "/assets/community-value/99", nullptr).status, 404);
  EXPECT_EQ(call("GET", "/assets/community-value/abc", nullptr).status, 404);
  EXPECT_EQ(call("POST", "/assets/community-value/1/follow", &resident_, "follow=1").status, 303);
  EXPECT_TRUE(has(call("GET", "/assets/community-value/1", &resident_), "Stop following"));
}

TEST_F(Pages, a_group_asks_to_bid_on_the_case_page_while_officers_see_only_their_own_form) {
  clock_.set(at("2027-01-17"));
  ASSERT_EQ(call("POST", "/assets/community-value/nominate", &resident_, kNomination).status, 303);
  clock_.set(at("2027-02-01"));
  ASSERT_EQ(call("POST", "/assets/community-value/1/decision", &officer_,
                 "outcome=list&decided_on-day=1&decided_on-month=2&decided_on-year=2027&decision_reasons=")
                .status,
            303);
  EXPECT_FALSE(has(call("GET", "/assets/community-value/1", &resident_), "Ask to be treated as a potential"))
      << "no sale, nothing to bid in";
  clock_.set(at("2027-09-01"));
  ASSERT_EQ(call("POST", "/assets/community-value/1/notice", &officer_,
                 "notice_on-day=31&notice_on-month=8&notice_on-year=2027&notice_note=")
                .status,
            303);
  auto resident_view = call("GET", "/assets/community-value/1", &resident_);
  EXPECT_TRUE(has(resident_view, "Ask to be treated as a potential bidder"));
  EXPECT_TRUE(has(resident_view, "Until the end of 12 October 2027"));
  EXPECT_FALSE(has(resident_view, "Record the request to bid")) << "the officers' form is theirs only";
  EXPECT_TRUE(has(call("GET", "/assets/community-value/1", nullptr), "to ask for your group"));
  auto officer_view = call("GET", "/assets/community-value/1", &officer_);
  EXPECT_TRUE(has(officer_view, "Record the request to bid"));
  EXPECT_FALSE(has(officer_view, "Send the request"));
  auto empty = call("POST", "/assets/community-value/1/ask-to-bid", &resident_, "group_name=");
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(has(empty, "Enter the name of your community group"));
  EXPECT_TRUE(has(empty, "Choose what kind of group it is"));
  EXPECT_TRUE(has(empty, "Confirm that your group"));
  EXPECT_EQ(call("POST", "/assets/community-value/1/ask-to-bid", nullptr, "group_name=X").status, 303)
      << "to sign in";
  auto sent = call("POST", "/assets/community-value/1/ask-to-bid", &resident_,
                   "group_name=Red+Lion+Pub+Ltd&group_type=community_benefit_society&local_connection=yes");
  ASSERT_EQ(sent.status, 303);
  EXPECT_EQ(sent.headers.find("Location")->second, "/assets/community-value/1?done=asked");
  EXPECT_TRUE(has(call("GET", "/assets/community-value/1?done=asked", &resident_), "Request sent"));
  auto claim = call("POST", "/assets/community-value/1/claim", &officer_, "claimant=&claim_amount=lots");
  EXPECT_EQ(claim.status, 422);
  EXPECT_TRUE(has(claim, "Enter the amount claimed in pounds"));
  EXPECT_TRUE(has(claim, "Enter who is claiming compensation"));
  EXPECT_TRUE(has(claim, "Enter the date of the loss or expense as a real date")) << "every field at once";
}

TEST_F(Pages, the_settings_page_is_for_the_locality_admin) {
  Actor admin{300, "Admin", "admin@council.example", "s3", {{accounts::role::locality_admin, here_, {}}}};
  EXPECT_EQ(call("GET", "/assets/community-value/settings", &officer_).status, 403);
  auto page = call("GET", "/assets/community-value/settings", &admin);
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "Full moratorium, from the owner"));
  std::string body = "locality=1&officer_email=rtb%40council.example";
  for (const auto& info : community_value::period_infos()) {
    community_value::Period p = community_value::Periods{}.*(info.member);
    if (std::string(info.name) == "full_moratorium") p = {12, community_value::Unit::months};
    body += std::string("&") + info.name + "-amount=" + std::to_string(p.amount) + "&" + info.name +
            "-unit=" + community_value::unit_name(p.unit);
  }
  EXPECT_EQ(call("POST", "/assets/community-value/settings", &admin, body).status, 303);
  EXPECT_TRUE(has(call("GET", "/assets/community-value/settings", &admin), "value=\"12\""));
  auto bad = call("POST", "/assets/community-value/settings", &admin,
                  "locality=1&decision-amount=0&decision-unit=weeks");
  EXPECT_EQ(bad.status, 422);
}

TEST_F(Pages, transfer_pages_render_and_undecided_cases_stay_private) {
  clock_.set(at("2027-01-10"));
  EXPECT_EQ(call("GET", "/assets/transfers", nullptr).status, 200);
  EXPECT_EQ(call("GET", "/assets/transfers/new", &resident_).status, 200);
  auto bad = call("POST", "/assets/transfers/new", &resident_, "locality=1&asset_name=Old+Library");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "Enter the name of your organisation"));
  EXPECT_EQ(call("POST", "/assets/transfers/new", &resident_,
                 "locality=1&asset_name=Old+Library&organisation_name=Library+Trust&organisation_type="
                 "charity&proposal=Run+it")
                .status,
            303);
  EXPECT_EQ(call("GET", "/assets/transfers/1", nullptr).status, 404);
  auto waiting = call("GET", "/assets/transfers/1", &resident_);
  EXPECT_TRUE(has(waiting, "The council will decide whether to consider this expression of interest"));
  EXPECT_FALSE(has(waiting, "Send the business case")) << "not until the council agrees to consider it";
  EXPECT_FALSE(has(waiting, "Decide whether to consider it")) << "the council's form is the officers' only";
  auto deciding = call("GET", "/assets/transfers/1", &officer_);
  EXPECT_TRUE(has(deciding, "Decide whether to consider it"));
  EXPECT_FALSE(has(deciding, "Send the business case"));
  auto both_wrong = call("POST", "/assets/transfers/1/consider", &officer_, "consider_reasons=");
  EXPECT_EQ(both_wrong.status, 422);
  EXPECT_TRUE(has(both_wrong, "Choose whether the council will consider it"));
  EXPECT_TRUE(has(both_wrong, "Enter the date of the decision as a real date")) << "every field at once";
  EXPECT_EQ(call("POST", "/assets/transfers/1/consider", &officer_,
                 "consider=agree&considered_on-day=10&considered_on-month=1&considered_on-year=2027")
                .headers.find("Location")
                ->second,
            "/assets/transfers/1?done=consider");
  auto invited = call("GET", "/assets/transfers/1", &resident_);
  EXPECT_TRUE(has(invited, "Invited to send a business case"));
  EXPECT_TRUE(has(invited, "Send the business case"));
  EXPECT_FALSE(has(invited, "Record the valuation"));
  EXPECT_EQ(call("POST", "/assets/transfers/1/business-case", &resident_,
                 "proposed_use=Library&benefits=Reading&finances=Grants")
                .status,
            303);
  auto officer_view = call("GET", "/assets/transfers/1", &officer_);
  EXPECT_TRUE(has(officer_view, "Record the valuation"));
  auto bad_money =
      call("POST", "/assets/transfers/1/valuation", &officer_,
           "market_value=lots&price=0&valuer=DV&valued_on-day=10&valued_on-month=1&valued_on-year=2027");
  EXPECT_EQ(bad_money.status, 422);
  EXPECT_TRUE(has(bad_money, "Enter the market value in pounds"));
  auto all_bad = call("POST", "/assets/transfers/1/valuation", &officer_,
                      "market_value=lots&price=some&valuer=DV&valued_on-day=40");
  EXPECT_TRUE(has(all_bad, "Enter the market value in pounds"));
  EXPECT_TRUE(has(all_bad, "Enter the price in pounds"));
  EXPECT_TRUE(has(all_bad, "Enter the date of the valuation as a real date"));
  EXPECT_EQ(call("GET", "/api/v1/transfers", nullptr).body, "{\"transfers\":[]}");
}

}  // namespace
}  // namespace cw::community_value
