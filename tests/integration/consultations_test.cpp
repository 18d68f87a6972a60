// Consultations over real HTTP on SQLite and PostgreSQL, with the demo loaded: an officer builds a
// survey with a conditional question through the forms and publishes it; a resident answers without
// JavaScript (an error summary, the answers refilled); results and the CSV; documents; closing stops
// responses; "You said, we did"; and the lists, feeds, calendar and JSON everyone can read.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "modules/accounts/permissions.h"
#include "modules/accounts/store.h"
#include "site_fixture.h"

namespace cw::testing {
namespace {

class ConsultationsTest : public SiteTest {
 protected:
  // Through the officer's forms: details, "Do you cycle?" and, only for Yes, "Where to?"; published.
  std::int64_t build_and_publish(const std::string& officer, const std::string& responders = "anyone") {
    auto token = token_from("/consultations/new", officer);
    auto created = post("/consultations/new",
                        {{"csrf_token", token},
                         {"title", "Cycle lanes for Sutton"},
                         {"summary", "Where should new cycle lanes go?"},
                         {"body", "## Background\n\nWe have money for **two** routes."},
                         {"starts-day", "14"},
                         {"starts-month", "11"},
                         {"starts-year", "2023"},
                         {"ends-day", "31"},
                         {"ends-month", "12"},
                         {"ends-year", "2023"},
                         {"wards", "E05013765"},
                         {"topics", "transport"},
                         {"responders", responders}},
                        officer);
    EXPECT_EQ(created.status, 303) << created.body.substr(0, 3000);
    auto survey = created.header("location");
    auto id = std::stoll(survey.substr(std::string("/consultations/").size()));
    for (const char* type : {"single_choice", "scale", "ranking", "map_point"}) {
      auto page = get(survey + "/new?type=" + type, officer);
      EXPECT_EQ(page.status, 200) << type << page.body.substr(0, 3000);
    }
    auto first = post(survey + "/new?type=single_choice",
                      {{"csrf_token", token},
                       {"title", "Do you cycle?"},
                       {"options", "Yes\nNo"},
                       {"required", "yes"},
                       {"condition", ""}},
                      officer);
    EXPECT_EQ(first.status, 303) << first.body.substr(0, 3000);
    auto second = post(
        survey + "/new?type=short_text",
        {{"csrf_token", token}, {"title", "Where to?"}, {"required", "yes"}, {"condition", "q1=0"}}, officer);
    EXPECT_EQ(second.status, 303) << second.body.substr(0, 3000);
    auto published =
        post("/consultations/" + std::to_string(id) + "/publish", {{"csrf_token", token}}, officer);
    EXPECT_EQ(published.status, 303) << published.body.substr(0, 3000);
    return id;
  }
  std::string path(std::int64_t id, const std::string& rest = "") {
    return "/consultations/" + std::to_string(id) + rest;
  }
};

TEST_P(ConsultationsTest, an_officer_builds_a_conditional_survey_and_a_resident_answers_without_javascript) {
  auto officer = officer_session();
  auto resident = session_for(person("res@example.org"));
  EXPECT_EQ(get("/consultations/new", resident).status, 403);
  auto bad =
      post("/consultations/new",
           {{"csrf_token", token_from("/consultations/new", officer)}, {"title", "<b>x</b>"}}, officer);
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "href=\"#summary\""));
  EXPECT_TRUE(contains(bad.body, "value=\"&lt;b&gt;x&lt;/b&gt;\""));
  auto id = build_and_publish(officer);
  auto builder = get(path(id, "/survey"), officer);
  EXPECT_TRUE(contains(builder.body, "Answer this if you chose &#39;Yes&#39; in question 1."))
      << builder.body;

  auto form = get(path(id, "/respond"));
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "2. Where to?"));
  EXPECT_TRUE(contains(form.body, "Answer this if you chose &#39;Yes&#39; in question 1."));
  auto token = csrf_in(form.body);
  auto missing =
      post(path(id, "/respond"), {{"csrf_token", token}, {"q1", "Yes"}, {"q2", ""}, {"postcode", "SM1 1EA"}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(contains(missing.body, "<a href=\"#q2\">Answer question 2</a>"))
      << missing.body.substr(0, 4000);
  EXPECT_TRUE(contains(missing.body, "value=\"Yes\" checked"));
  EXPECT_TRUE(contains(missing.body, "value=\"SM1 1EA\""));
  EXPECT_TRUE(contains(missing.body, "<title>Error: "));
  // "No" needs no second answer, and one typed anyway is ignored.
  auto no = post(path(id, "/respond"), {{"csrf_token", token}, {"q1", "No"}, {"q2", "=ignored"}});
  ASSERT_EQ(no.status, 303) << no.body.substr(0, 3000);
  EXPECT_EQ(no.header("location"), path(id, "/responded"));
  auto yes = post(path(id, "/respond"), {{"csrf_token", token},
                                         {"q1", "Yes"},
                                         {"q2", "=HYPERLINK(\"evil\")"},
                                         {"postcode", "sm1 1ea"},
                                         {"email", "res@example.org"},
                                         {"follow", "copy"}});
  ASSERT_EQ(yes.status, 303) << yes.body.substr(0, 3000);
  // Not signed in: the typed address is told a response came, without the answers.
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = $1", "consultation.receipt"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1", id), 2);

  EXPECT_EQ(get(path(id, "/results"), resident).status, 403);
  auto results = get(path(id, "/results"), officer);
  ASSERT_EQ(results.status, 200);
  EXPECT_TRUE(contains(results.body, "2 responses"));
  EXPECT_TRUE(contains(results.body, "<svg class=\"app-chart\""));
  EXPECT_TRUE(contains(results.body, "=HYPERLINK(&quot;evil&quot;)"));
  auto csv = get(path(id, "/responses.csv"), officer);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(
      csv.body.starts_with("response,submitted,ward,deprivation decile,1. Do you cycle?,2. Where to?\r\n"));
  EXPECT_TRUE(contains(csv.body, ",Sutton Central,"));
  EXPECT_TRUE(contains(csv.body, "\"'=HYPERLINK(\"\"evil\"\")\""));
  EXPECT_FALSE(contains(csv.body, "ignored"));
}

TEST_P(ConsultationsTest, a_signed_in_resident_saves_a_draft_comes_back_to_it_and_responds_once) {
  auto officer = officer_session();
  auto id = build_and_publish(officer);
  auto resident = session_for(person("res@example.org"));
  auto token = token_from(path(id, "/respond"), resident);
  EXPECT_TRUE(contains(get(path(id, "/respond")).body, "Send my response"));
  EXPECT_FALSE(contains(get(path(id, "/respond")).body, "Save and come back later"));
  auto saved =
      post(path(id, "/respond"), {{"csrf_token", token}, {"q1", "Yes"}, {"action", "save"}}, resident);
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 2000);
  auto back = get(path(id, "/respond"), resident);
  EXPECT_TRUE(contains(back.body, "You saved these answers on"));
  EXPECT_TRUE(contains(back.body, "value=\"Yes\" checked"));
  auto sent =
      post(path(id, "/respond"), {{"csrf_token", token}, {"q1", "Yes"}, {"q2", "The station"}}, resident);
  ASSERT_EQ(sent.status, 303);
  EXPECT_TRUE(contains(get(path(id, "/respond"), resident).body, "You have already responded"));
  auto again = post(path(id, "/respond"), {{"csrf_token", token}, {"q1", "No"}}, resident);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1", id), 1);
}

TEST_P(ConsultationsTest, documents_must_be_pdfs_and_are_served_as_downloads) {
  auto officer = officer_session();
  auto id = build_and_publish(officer);
  auto token = token_from(path(id, "/documents"), officer);
  auto upload = [&](const std::string& bytes) {
    std::string b =
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token +
        "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nThe plan\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"document\"; filename=\"C:\\docs\\plan x.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n" +
        bytes + "\r\n--XyZ--\r\n";
    return http_request(port(), "POST", path(id, "/documents"), b, "multipart/form-data; boundary=XyZ",
                        cookie_header(officer));
  };
  auto refused = upload("GIF89a not a pdf");
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "The file must be a PDF"));
  auto ok = upload("%PDF-1.4\n%binary\n");
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 2000);
  auto doc = count("SELECT MAX(id) FROM consultation_documents WHERE consultation_id = $1", id);
  auto file = get(path(id, "/documents/" + std::to_string(doc)));
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.header("content-type"), "application/pdf");
  EXPECT_TRUE(file.body.starts_with("%PDF-1.4"));
  auto disposition = file.header("content-disposition");
  EXPECT_EQ(disposition, "attachment; filename=\"plan_x.pdf\"");
  EXPECT_TRUE(contains(get(path(id)).body, "The plan"));
}

TEST_P(ConsultationsTest, closing_stops_responses_and_the_outcome_is_published_and_mailed) {
  auto officer = officer_session();
  auto id = build_and_publish(officer);
  auto token = token_from(path(id, "/respond"));
  auto fan = post(path(id, "/respond"),
                  {{"csrf_token", token}, {"q1", "No"}, {"email", "fan@example.org"}, {"follow", "updates"}});
  ASSERT_EQ(fan.status, 303);
  EXPECT_EQ(get(path(id, "/outcome")).status, 404);
  auto closed = post(path(id, "/close"), {{"csrf_token", token_from(path(id, "/close"), officer)}}, officer);
  ASSERT_EQ(closed.status, 303);
  auto page = get(path(id, "/respond"));
  EXPECT_TRUE(contains(page.body, "This consultation has closed"));
  auto late = post(path(id, "/respond"), {{"csrf_token", token}, {"q1", "No"}});
  EXPECT_EQ(late.status, 409);
  EXPECT_TRUE(contains(late.body, "This consultation has closed"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1", id), 1);

  auto edit_token = token_from(path(id, "/outcome/edit"), officer);
  auto empty = post(path(id, "/outcome/edit"),
                    {{"csrf_token", edit_token}, {"outcome", " "}, {"action", "publish"}}, officer);
  EXPECT_EQ(empty.status, 422);
  auto published =
      post(path(id, "/outcome/edit"),
           {{"csrf_token", edit_token},
            {"outcome", "## You said\n\nMore lanes.\n\n## We did\n\nTwo new routes. <script>x</script>"},
            {"action", "publish"}},
           officer);
  ASSERT_EQ(published.status, 303) << published.body.substr(0, 2000);
  EXPECT_EQ(published.header("location"), path(id, "/outcome/publish"))
      << "a preview and a confirmation first";
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = $1", "fan@example.org"), 0)
      << "nothing sent yet";
  auto check = get(path(id, "/outcome/publish"), officer);
  ASSERT_EQ(check.status, 200);
  EXPECT_TRUE(contains(check.body, "Publishing will email 1 person who asked for updates"));
  EXPECT_TRUE(contains(check.body, "Two new routes."));
  EXPECT_EQ(get(path(id, "/outcome")).status, 404) << "still not public";
  auto confirmed = post(path(id, "/outcome/publish"),
                        {{"csrf_token", token_from(path(id, "/outcome/publish"), officer)}}, officer);
  ASSERT_EQ(confirmed.status, 303);
  auto outcome = get(path(id, "/outcome"));
  ASSERT_EQ(outcome.status, 200);
  EXPECT_TRUE(contains(outcome.body, "\">We did</h3>")) << outcome.body;
  EXPECT_TRUE(contains(outcome.body, "Two new routes."));
  EXPECT_FALSE(contains(outcome.body, "<script>x"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = $1", "fan@example.org"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = $1", "consultation.outcome.publish"), 1);
  auto outcomes = get("/consultations?show=outcomes");
  EXPECT_TRUE(contains(outcomes.body, "Cycle lanes for Sutton"))
      << outcomes.body.substr(outcomes.body.find("<main"), 5000);
}

TEST_P(ConsultationsTest, a_closed_consultation_shows_residents_how_many_responded_and_how_answers_split) {
  auto id = count("SELECT id FROM consultations WHERE title LIKE $1", "Library opening hours%");
  auto page = get(path(id, ""));
  ASSERT_EQ(page.status, 200);
  auto responses = count(
      "SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1 AND status = "
      "'submitted'",
      id);
  ASSERT_GT(responses, 0) << "the demo's closed consultation has responses";
  EXPECT_TRUE(contains(page.body, "What people said"));
  EXPECT_TRUE(contains(page.body, std::to_string(responses) + " responses."));
  EXPECT_TRUE(contains(page.body, "people answered"));
  EXPECT_TRUE(contains(page.body, "%)</dd>"));
}

TEST_P(ConsultationsTest, lists_feeds_the_calendar_and_json_show_the_demo_consultations) {
  auto list = get("/consultations");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(contains(list.body, "A safer, greener Sutton High Street"));
  auto recent = list.body.find("Recently closed");
  ASSERT_NE(recent, std::string::npos) << "closed consultations come under the open ones";
  EXPECT_GT(list.body.find("Library opening hours"), recent);
  EXPECT_TRUE(contains(get("/consultations?show=outcomes").body, "Library opening hours"));
  EXPECT_FALSE(contains(get("/consultations?ward=E05013771").body, "Sutton High Street</a>"));
  EXPECT_TRUE(contains(get("/consultations?ward=E05013765&topic=transport").body, "Sutton High Street</a>"));
  auto bad = get("/consultations?show=everything&topic=knitting");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(contains(bad.body, "href=\"#show\""));
  EXPECT_TRUE(contains(bad.body, "href=\"#topic\""));
  auto ics = get("/consultations/closing.ics");
  EXPECT_EQ(ics.header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_TRUE(ics.body.starts_with("BEGIN:VCALENDAR\r\n"));
  EXPECT_TRUE(contains(ics.body, "SUMMARY:Last day to respond: A safer\\, greener Sutton High Street\r\n"));
  auto atom = get("/consultations/feed.atom");
  EXPECT_TRUE(contains(atom.body, "<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  auto api = nlohmann::json::parse(get("/api/v1/consultations").body);
  ASSERT_EQ(api["consultations"].size(), 2u);
  auto open = api["consultations"][1]["status"] == "open" ? api["consultations"][1] : api["consultations"][0];
  auto one =
      nlohmann::json::parse(get("/api/v1/consultations/" + std::to_string(open["id"].get<int>())).body);
  EXPECT_EQ(one["questions"][1]["condition"]["option"], "Yes");
  EXPECT_EQ(get("/api/v1/consultations/99999").status, 404);
  auto library = get("/consultations/" +
                     std::to_string(api["consultations"][0]["status"] == "closed"
                                        ? api["consultations"][0]["id"].get<int>()
                                        : api["consultations"][1]["id"].get<int>()) +
                     "/outcome");
  EXPECT_TRUE(contains(library.body, "Sunday opening at the Central Library continues"));
}

TEST_P(ConsultationsTest, the_officer_chooses_who_may_respond_and_signed_in_only_is_the_default) {
  auto officer = officer_session();
  auto page = get("/consultations/new", officer);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Anyone, confirmed by email"));
  EXPECT_TRUE(contains(page.body, "value=\"signed_in\" checked")) << page.body.substr(0, 6000);
  auto id = build_and_publish(officer, "signed_in");
  auto anonymous = get(path(id, "/respond"));
  EXPECT_TRUE(contains(anonymous.body, "Sign in to respond"));
}

TEST_P(ConsultationsTest, an_email_confirmed_response_is_held_until_its_mailed_link_is_followed) {
  auto officer = officer_session();
  auto id = build_and_publish(officer, "email_confirmed");
  // A day on while answering, so the per-address limits that earlier tests in this process used (on
  // one fixed clock) have refilled; back again for the officer, whose session was made now.
  server_->clock().advance(24LL * 3600 * 1'000'000);
  auto form = get(path(id, "/respond"));
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "your response counts once you follow it"));
  auto token = csrf_in(form.body);
  auto no_address = post(path(id, "/respond"), {{"csrf_token", token}, {"q1", "No"}});
  EXPECT_EQ(no_address.status, 422);
  EXPECT_TRUE(contains(no_address.body, "<a href=\"#email\">Enter your email address"));
  EXPECT_TRUE(contains(no_address.body, "value=\"No\" checked"));
  auto sent = post(path(id, "/respond"),
                   {{"csrf_token", token}, {"q1", "No"}, {"email", "held@example.org"}, {"follow", "copy"}});
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 3000);
  EXPECT_EQ(sent.header("location"), path(id, "/responded?confirm=1"));
  EXPECT_TRUE(contains(get(sent.header("location")).body, "Check your email"));
  server_->clock().set(kServerNow);
  EXPECT_TRUE(
      contains(get(path(id, "/results"), officer).body, "1 more waiting for their email confirmation"));
  auto mail = store::in_read(db(), [](store::Tx& tx) {
    return tx.run("SELECT text_body FROM outbox WHERE kind = 'consultation.confirm'").one().text(0);
  });
  auto at = mail.find("/consultations/confirm/");
  ASSERT_NE(at, std::string::npos) << mail;
  auto link = mail.substr(at, mail.find('\n', at) - at);
  auto confirmed = get(link);
  EXPECT_EQ(confirmed.status, 200) << confirmed.body.substr(0, 3000);
  EXPECT_TRUE(contains(confirmed.body, "Your response is confirmed"));
  EXPECT_TRUE(contains(get(path(id, "/results"), officer).body, "1 response"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = $1", "consultation.copy"), 1);
  EXPECT_EQ(get(link).status, 404) << "a link works once";
}

INSTANTIATE_TEST_SUITE_P(Engines, ConsultationsTest,
                         ::testing::Values(EngineUnderTest::sqlite, EngineUnderTest::postgresql),
                         [](const auto& info) { return engine_name(info.param); });

}  // namespace
}  // namespace cw::testing
