// Consultations against both real engines: create, build and publish (audited, in site search), respond
// anonymously and signed in (one response per person by the unique constraint, drafts replaced, not
// resubmitted), the clock closing it, results by ward and decile equal to a recount, and the outcome
// mailed once to those who asked.
#include "modules/consultations/service.h"

#include <gtest/gtest.h>

#include "html/views.h"
#include "modules/accounts/permissions.h"
#include "modules/consultations/formats.h"
#include "modules/testing.h"
#include "store/tests/pg_harness.h"
#include "web/forms.h"

namespace cw::consultations {
namespace {

using store::Engine;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);

const Micros kNow = *date_from_parts("1", "3", "2027") + 9 * 3600 * 1'000'000LL;

class Consultations : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = modules::testing::migrated_db(GetParam(), sqlite_,
                                        {"places", "mail", "audit", "accounts", "search", "consultations"});
    store::in_write(*db_, [&](store::Tx& tx) {
      here_ = tx.run("INSERT INTO localities (code, name) VALUES ('E09000029', 'Sutton') RETURNING id")
                  .one()
                  .integer(0);
      for (const char* w : {"E05000001", "E05000002"})
        tx.run(
            "INSERT INTO wards (locality_id, code, name, geometry, min_lon, min_lat, max_lon, max_lat) "
            "VALUES "
            "($1, $2, $2, '{}', 0, 0, 0, 0)",
            here_, w);
      tx.run(
          "INSERT INTO lsoas (locality_id, code, name, imd_rank, imd_decile, ward_code) VALUES "
          "($1, 'E01000001', 'A', 100, 1, 'E05000001'), ($1, 'E01000002', 'B', 30000, 9, 'E05000002')",
          here_);
      tx.run(
          "INSERT INTO postcodes (locality_id, postcode, lat, lon, ward_code, lsoa_code) VALUES "
          "($1, 'SM1 1AA', 51.3, -0.2, 'E05000001', 'E01000001'), "
          "($1, 'SM2 2BB', 51.3, -0.2, 'E05000002', 'E01000002')",
          here_);
    });
    officer_.grants = {{accounts::role::council_officer, here_, {}}};
  }
  Command as(const Actor* a, Micros at = kNow) {
    return {a, views_, "https://cw.example", "203.0.113.9", at};
  }
  std::int64_t count(const std::string& sql) {
    return store::in_read(*db_, [&](store::Tx& tx) { return tx.run(sql).one().integer(0); });
  }
  Consultation load(std::int64_t id) {
    return store::in_read(*db_, [&](store::Tx& tx) { return *find_consultation(tx, id); });
  }
  // A draft open from 1 to 31 March 2027.
  static ConsultationDraft march(std::string title, std::string summary) {
    return {.title = std::move(title),
            .summary = std::move(summary),
            .start_day = "1",
            .start_month = "3",
            .start_year = "2027",
            .end_day = "31",
            .end_month = "3",
            .end_year = "2027"};
  }
  // Open from 1 to 31 March 2027 with "Do you cycle?" and, only for Yes, "Where to?".
  std::int64_t published(const std::string& responders = "anyone") {
    auto d = march("Cycle lanes", "Where should new cycle lanes go?");
    d.responders = responders;
    d.ward_codes = {"E05000001"};
    d.topics = {"transport"};
    auto id = create_consultation(*db_, as(&officer_), here_, d);
    Question cycle;
    cycle.type = QuestionType::single_choice;
    cycle.title = "Do you cycle?";
    cycle.options = {"Yes", "No"};
    cycle.required = true;
    auto first = save_question(*db_, as(&officer_), id, cycle);
    Question where;
    where.type = QuestionType::short_text;
    where.title = "Where to?";
    where.required = true;
    where.condition = Condition{first, "Yes"};
    save_question(*db_, as(&officer_), id, where);
    publish(*db_, as(&officer_), id);
    return id;
  }
  ResponseForm answer(const char* cycle, const char* where = "", const char* postcode = "") {
    ResponseForm f;
    f.answers["q1"] = {cycle};
    if (*where) f.answers["q2"] = {where};
    f.postcode = postcode;
    return f;
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
  const html::Views& views_ = html::shared_views();
  std::int64_t here_ = 0;
  Actor officer_{200, "Olu", "officer@council.example", "s1", {}};
  Actor resident_{300, "Ria", "ria@example.org", "s2", {}};
  Actor other_{301, "Sam", "sam@example.org", "s3", {}};
};

TEST_P(Consultations, an_organisation_admin_runs_consultations_only_where_their_role_is) {
  auto elsewhere = store::in_write(*db_, [](store::Tx& tx) {
    return tx.run("INSERT INTO localities (code, name) VALUES ('E09000030', 'Tower Hamlets') RETURNING id")
        .one()
        .integer(0);
  });
  Actor org{400, "Orla", "orla@trust.example", "s4", {{accounts::role::organisation_admin, here_, 12}}};
  auto d = march("Opening hours", "When should the library open?");
  EXPECT_THROW(create_consultation(*db_, as(&org), elsewhere, d), web::FormInvalid)
      << "their organisation role is in Sutton, not Tower Hamlets";
  auto id = create_consultation(*db_, as(&org), here_, d);
  EXPECT_EQ(load(id).organisation_id, 12);
}

TEST_P(Consultations, an_officer_builds_and_publishes_it_audited_and_in_site_search) {
  EXPECT_THROW(create_consultation(*db_, as(&resident_), here_, {}), web::FormInvalid);
  auto id = published();
  auto c = load(id);
  EXPECT_EQ(c.status, "published");
  EXPECT_EQ(phase(c, kNow), Phase::open);
  EXPECT_EQ(c.survey.size(), 2u);
  EXPECT_EQ(c.ward_codes, std::vector<std::string>{"E05000001"});
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'consultation'"), 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM search_documents WHERE kind = 'consultation' AND status = 'open'"),
            1);
  // The survey is fixed once published.
  Question late;
  late.title = "Too late";
  try {
    save_question(*db_, as(&officer_), id, late);
    FAIL() << "changed a published survey";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 409);
  }
  withdraw(*db_, as(&officer_), id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM search_documents WHERE kind = 'consultation'"), 0);
}

TEST_P(Consultations, a_draft_without_questions_cannot_be_published) {
  auto id = create_consultation(*db_, as(&officer_), here_,
                                {.title = "Empty",
                                 .summary = "Nothing",
                                 .start_day = "1",
                                 .start_month = "3",
                                 .start_year = "2027",
                                 .end_day = "2",
                                 .end_month = "3",
                                 .end_year = "2027"});
  EXPECT_THROW(publish(*db_, as(&officer_), id), web::FormInvalid);
  EXPECT_EQ(load(id).status, "draft");
}

TEST_P(Consultations, responses_follow_the_conditions_and_one_per_signed_in_person) {
  auto id = published();
  // Anonymous: "No" needs no second answer; "Yes" does.
  respond(*db_, as(nullptr), id, answer("No", "ignored"), true);
  try {
    respond(*db_, as(nullptr), id, answer("Yes"), true);
    FAIL() << "accepted a missing required answer";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.errors.at(0).field, "q2");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses WHERE answers LIKE '%ignored%'"), 0);
  // Signed in: a draft, replaced by the submitted response, then no second one.
  respond(*db_, as(&resident_), id, answer("Yes"), false);
  respond(*db_, as(&resident_), id, answer("Yes", "To the station"), true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses WHERE user_id = 300"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses WHERE user_id = 300 AND status = 'submitted'"),
            1);
  try {
    respond(*db_, as(&resident_), id, answer("No"), true);
    FAIL() << "a second response from one person";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 409);
  }
  // The rule is the database's: a second row for the same person is refused by the engine itself.
  EXPECT_THROW(store::in_write(*db_,
                               [&](store::Tx& tx) {
                                 tx.run(
                                     "INSERT INTO consultation_responses (consultation_id, user_id, status, "
                                     "created_at, updated_at) VALUES ($1, 300, 'submitted', 1, 1)",
                                     id);
                               }),
               store::DbError);
}

TEST_P(Consultations, a_consultation_that_needs_signing_in_refuses_anonymous_responses) {
  auto id = published("signed_in");
  try {
    respond(*db_, as(nullptr), id, answer("No"), true);
    FAIL() << "accepted an anonymous response";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 403);
  }
  respond(*db_, as(&resident_), id, answer("No"), true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses"), 1);
}

TEST_P(Consultations, the_clock_closes_it_and_the_job_moves_it_to_closed_in_search) {
  auto id = published();
  auto after = *date_from_parts("1", "4", "2027");
  EXPECT_EQ(phase(load(id), after - 1), Phase::open);  // the whole of the last day
  try {
    respond(*db_, as(nullptr, after), id, answer("No"), true);
    FAIL() << "accepted a response after the end";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 409);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses"), 0);
  EXPECT_EQ(reindex_closed(*db_, after), 1);
  EXPECT_EQ(reindex_closed(*db_, after), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM search_documents WHERE kind = 'consultation' AND status = 'closed'"),
            1);
}

TEST_P(Consultations, results_by_ward_and_decile_equal_a_recount_of_the_postcodes) {
  auto id = published();
  const std::vector<const char*> postcodes{"SM1 1AA", "sm1 1aa", "SM2 2BB", "", "SM9 9ZZ"};
  for (const char* p : postcodes) respond(*db_, as(nullptr), id, answer("No", "", p), true);
  EXPECT_THROW(respond(*db_, as(nullptr), id, answer("No", "", "not a postcode"), true), web::FormInvalid);
  auto [wards, deciles] = store::in_read(
      *db_, [&](store::Tx& tx) { return std::pair(responses_by_ward(tx, id), responses_by_decile(tx, id)); });
  auto find = [](const std::vector<GroupCount>& v, std::optional<std::string> key) {
    for (const auto& g : v)
      if (g.key == key) return g.count;
    return std::int64_t{0};
  };
  // The recount, from the stored postcodes through the postcode table.
  auto recount = [&](const char* sql) { return count(sql); };
  EXPECT_EQ(
      find(wards, "E05000001"),
      recount("SELECT COUNT(*) FROM consultation_responses r JOIN postcodes p ON p.postcode = r.postcode "
              "WHERE p.ward_code = 'E05000001'"));
  EXPECT_EQ(find(wards, "E05000001"), 2);
  EXPECT_EQ(find(wards, "E05000002"), 1);
  EXPECT_EQ(find(wards, std::nullopt), 2);  // none given, and one outside the area
  EXPECT_EQ(find(deciles, "1"), 2);
  EXPECT_EQ(find(deciles, "9"), 1);
  EXPECT_EQ(find(deciles, std::nullopt), 2);
  std::int64_t total = 0;
  for (const auto& g : wards) total += g.count;
  EXPECT_EQ(total, static_cast<std::int64_t>(postcodes.size()));
}

TEST_P(Consultations, the_outcome_is_published_after_closing_and_mailed_once_to_those_who_asked) {
  auto id = published();
  auto follow = answer("No");
  follow.email = "fan@example.org";
  follow.wants_updates = true;
  follow.send_copy = true;
  respond(*db_, as(nullptr), id, follow, true);
  respond(*db_, as(nullptr), id, answer("No"), true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'consultation.receipt'"), 1);
  EXPECT_THROW(save_outcome(*db_, as(&officer_), id, "We will build it.", true),
               web::FormInvalid);  // still open
  close_now(*db_, as(&officer_, kNow + 3600'000'000LL), id);
  auto later = kNow + 7200'000'000LL;
  save_outcome(*db_, as(&officer_, later), id, "## We did\n\nWe will build it.", true);
  save_outcome(*db_, as(&officer_, later), id, "## We did\n\nWe will build it soon.", true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'consultation.outcome' AND to_address = "
                  "'fan@example.org'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'consultation.outcome'"), 1);
  EXPECT_TRUE(load(id).outcome_published_at.has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'consultation.outcome.publish'"), 2);
}

TEST_P(Consultations, a_point_on_the_map_is_kept_inside_the_area_and_refused_outside_it) {
  // Ward E05000001 becomes a real square around SM1 1AA (51.3, -0.2); nothing else has a boundary.
  store::in_write(*db_, [&](store::Tx& tx) {
    tx.run(
        "UPDATE wards SET geometry = $1, min_lon = -0.25, min_lat = 51.25, max_lon = -0.15, max_lat = 51.35 "
        "WHERE code = 'E05000001'",
        std::string(R"({"type":"Polygon","coordinates":[[[-0.25,51.25],[-0.15,51.25],[-0.15,51.35],)"
                    R"([-0.25,51.35],[-0.25,51.25]]]})"));
  });
  auto d = march("New crossings", "Where should a new crossing go?");
  d.responders = "anyone";
  auto id = create_consultation(*db_, as(&officer_), here_, d);
  Question where;
  where.type = QuestionType::map_point;
  where.title = "Where is a crossing most needed?";
  where.required = true;
  auto q = save_question(*db_, as(&officer_), id, where);
  publish(*db_, as(&officer_), id);
  auto at = [&](const char* lat, const char* lon) {
    ResponseForm f;
    f.answers[q] = {"", lat, lon};
    return f;
  };
  respond(*db_, as(nullptr), id, at("51.300001", "-0.200002"), true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses WHERE answers LIKE '%51.300001%' AND answers "
                  "LIKE '%-0.200002%'"),
            1);
  try {
    respond(*db_, as(nullptr), id, at("51.5", "-0.1"), true);  // in the UK, outside Sutton
    FAIL() << "accepted a point outside the area";
  } catch (const web::FormInvalid& e) {
    ASSERT_EQ(e.errors.size(), 1u);
    EXPECT_EQ(e.errors[0].field, q);
    EXPECT_NE(e.errors[0].message.find("must be in Sutton"), std::string::npos) << e.errors[0].message;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM consultation_responses"), 1);
}

TEST_P(Consultations, a_new_consultation_takes_signed_in_people_only_unless_an_officer_chooses) {
  auto d = march("Bins", "When should bins be collected?");
  EXPECT_EQ(d.responders, "signed_in");
  d.responders = "whoever";
  try {
    create_consultation(*db_, as(&officer_), here_, d);
    FAIL() << "accepted an unknown choice";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.errors.at(0).field, "responders");
  }
  d.responders = "signed_in";
  auto id = create_consultation(*db_, as(&officer_), here_, d);
  EXPECT_EQ(load(id).responders, Responders::signed_in);
}

TEST_P(Consultations, a_copy_of_the_answers_goes_only_to_an_address_known_to_be_the_respondents) {
  auto id = published();
  auto typed = answer("Yes", "Buy cheap pills at spam.example");
  typed.email = "stranger@example.org";
  typed.send_copy = true;
  respond(*db_, as(nullptr), id, typed, true);
  auto body = store::in_read(*db_, [](store::Tx& tx) {
    return tx.run("SELECT text_body FROM outbox WHERE to_address = 'stranger@example.org'").one().text(0);
  });
  EXPECT_EQ(body.find("spam.example"), std::string::npos) << body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'consultation.receipt'"), 1);
  auto mine = answer("Yes", "The station");
  mine.send_copy = true;  // the account's own address
  respond(*db_, as(&resident_), id, mine, true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'consultation.copy' AND to_address = "
                  "'ria@example.org' AND text_body LIKE '%The station%'"),
            1);
}

TEST_P(Consultations, an_email_confirmed_response_counts_only_once_its_link_is_followed) {
  auto id = published("email_confirmed");
  try {
    respond(*db_, as(nullptr), id, answer("No"), true);
    FAIL() << "accepted a response with no address to confirm";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.errors.at(0).field, "email");
  }
  auto f = answer("Yes", "The high street");
  f.email = "ann@example.org";
  f.send_copy = true;
  respond(*db_, as(nullptr), id, f, true);
  EXPECT_EQ(store::in_read(*db_, [&](store::Tx& tx) { return count_submitted(tx, id); }), 0);
  auto mail = store::in_read(*db_, [](store::Tx& tx) {
    return tx.run("SELECT text_body FROM outbox WHERE kind = 'consultation.confirm'").one().text(0);
  });
  EXPECT_EQ(mail.find("high street"), std::string::npos) << "no answers before the address is confirmed";
  auto at = mail.find("/consultations/confirm/");
  ASSERT_NE(at, std::string::npos) << mail;
  auto token = mail.substr(at + 23, mail.find_first_of("\r\n", at) - at - 23);
  EXPECT_THROW(confirm_response(*db_, as(nullptr), "not-a-token"), web::FormInvalid);
  EXPECT_EQ(confirm_response(*db_, as(nullptr), token), id);
  EXPECT_EQ(store::in_read(*db_, [&](store::Tx& tx) { return count_submitted(tx, id); }), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'consultation.copy' AND text_body LIKE "
                  "'%high street%'"),
            1);
  EXPECT_THROW(confirm_response(*db_, as(nullptr), token), web::FormInvalid) << "a link works once";
}

TEST_P(Consultations, responses_held_as_suspect_are_not_counted_until_an_officer_counts_them) {
  auto id = published();
  auto f = answer("No");
  f.network = "203.0.113";
  f.suspect_reason = "many responses from one network (203.0.113)";
  respond(*db_, as(nullptr), id, f, true);
  respond(*db_, as(nullptr), id, answer("No"), true);
  store::in_read(*db_, [&](store::Tx& tx) {
    EXPECT_EQ(count_submitted(tx, id), 1);
    EXPECT_EQ(held_responses(tx, id).suspect, 1);
  });
  EXPECT_THROW(count_suspects(*db_, as(&resident_), id), web::FormInvalid);
  EXPECT_EQ(count_suspects(*db_, as(&officer_), id), 1);
  EXPECT_EQ(store::in_read(*db_, [&](store::Tx& tx) { return count_submitted(tx, id); }), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, Consultations, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::consultations
