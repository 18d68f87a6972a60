// The Right to Bid against both real engines: a whole case from nomination to compensation claim, the
// refusals, the audit rows and mails each step writes, a locality changing its periods, and the reminder
// job sending each reminder once.
#include "modules/community_value/service.h"

#include <gtest/gtest.h>

#include "html/views.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/store.h"
#include "modules/audit/audit.h"
#include "modules/community_value/routes.h"
#include "modules/testing.h"
#include "store/tests/pg_harness.h"
#include "web/forms.h"

namespace cw::community_value {
namespace {

using store::Engine;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);

Date d(const char* iso_text) {
  return *parse_iso_date(iso_text);
}
Micros at(const char* iso_text) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d(iso_text).time_since_epoch()).count() +
         12LL * 3600 * 1'000'000;
}

Nomination red_lion() {
  return {"The Red Lion",
          "1 High Street, Sutton",
          "A pub with a function room",
          "The building and its garden",
          "Brewery plc, 2 Road, London",
          "owner@example.org",
          "The only meeting place in the village",
          "Friends of the Red Lion",
          "unincorporated_group",
          "24",
          "Members' names and addresses attached"};
}

class CommunityValue : public modules::testing::ServiceTest {
 protected:
  void SetUp() override {
    open({"places", "mail", "audit", "accounts", "assets", "search", "community_value"});
    write([&](store::Tx& tx) {
      here_ = insert_locality(tx, "E09000029", "Sutton");
      elsewhere_ = insert_locality(tx, "E09000030", "Tower Hamlets");
      auto hash = accounts::hash_password("x", {1, 8192});
      resident_.user_id =
          accounts::insert_user(tx, "nominator@example.org", hash, "Nia", "", at("2027-01-01"));
      follower_id_ = accounts::insert_user(tx, "follower@example.org", hash, "Fola", "", at("2027-01-01"));
      asset_ =
          tx.run(
                "INSERT INTO assets (locality_id, kind, category, name, created_at, updated_at) VALUES ($1, "
                "'building', 'pub', 'The Red Lion', 0, 0) RETURNING id",
                here_)
              .one()
              .integer(0);
    });
    officer_.grants = {{accounts::role::council_officer, here_, {}}};
    admin_.grants = {{accounts::role::locality_admin, here_, {}}};
  }

  Command as(const Actor& a, const char* on) { return command(a, at(on)); }
  std::int64_t nominate_red_lion(const char* on = "2027-01-17") {
    return write([&](store::Tx& tx) { return nominate(tx, as(resident_, on), here_, asset_, red_lion()); });
  }
  std::string refusal(const std::function<void(store::Tx&)>& step) {
    try {
      write(step);
    } catch (const web::FormInvalid& e) {
      return e.what();
    }
    return "not refused";
  }

  std::int64_t here_ = 0, elsewhere_ = 0, asset_ = 0, follower_id_ = 0;
  Actor resident_{0, "Nia", "nominator@example.org", "s1", {}};
  Actor officer_{200, "Officer", "officer@council.example", "s2", {}};
  Actor admin_{300, "Admin", "admin@council.example", "s3", {}};
};

TEST_P(CommunityValue, a_whole_case_runs_from_nomination_to_compensation_with_audit_and_mail) {
  auto id = nominate_red_lion();
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'nominator@example.org'"), 1);
  write([&](store::Tx& tx) {
    decide_nomination(tx, as(officer_, "2027-03-01"), id, true, d("2027-03-01"), "");
  });
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'owner@example.org' AND subject LIKE "
                  "'%The Red Lion – listed'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM asset_changes WHERE change = 'listed'"), 1);
  EXPECT_EQ(refusal([&](store::Tx& tx) {
              request_review(tx, as(officer_, "2027-05-01"), id, d("2027-04-27"), "It is a shop now");
            }),
            "The owner's review request came after the 8-week deadline of 26 April 2027");
  write(
      [&](store::Tx& tx) { request_review(tx, as(officer_, "2027-05-01"), id, d("2027-04-26"), "A shop"); });
  write([&](store::Tx& tx) {
    decide_review(tx, as(officer_, "2027-06-01"), id, true, d("2027-06-01"), "Still a pub in use");
  });
  auto notice = write([&](store::Tx& tx) {
    return record_notice(tx, as(officer_, "2027-09-01"), id, d("2027-08-31"), "For sale");
  });
  write([&](store::Tx& tx) {
    record_bidder(tx, as(officer_, "2027-09-20"), id, notice, "Red Lion Community Pub Ltd", d("2027-09-10"));
  });
  write([&](store::Tx& tx) { record_notice(tx, as(officer_, "2028-06-01"), id, d("2028-06-01"), "Again"); });
  EXPECT_EQ(count("SELECT COUNT(*) FROM community_value_notices WHERE starts_moratorium = 0"), 1)
      << "the second notice falls in the protected period";
  EXPECT_EQ(refusal([&](store::Tx& tx) {
              record_claim(tx, as(officer_, "2028-09-01"), id,
                           {0, "Brewery plc", d("2028-03-01"), d("2028-06-01"), 120000, "Lost sale"});
            }),
            "The compensation claim came after the 13-week deadline of 31 May 2028");
  write([&](store::Tx& tx) {
    record_claim(tx, as(officer_, "2028-09-01"), id,
                 {0, "Brewery plc", d("2028-03-01"), d("2028-05-31"), 120000, "Lost sale"});
  });
  auto row = store::in_read(*db_, [&](store::Tx& tx) { return *find_case(tx, id); });
  auto m = moratorium_of(row.facts.notices[0], Periods{});
  EXPECT_EQ(m.full_end, d("2028-02-29"));
  for (const char* action : {"nominate", "list", "review_request", "review_keep", "disposal_notice",
                             "bidder_request", "compensation_claim"})
    EXPECT_EQ(
        count(std::string("SELECT COUNT(*) FROM audit_log WHERE action = 'community_value.") + action + "'"),
        action == std::string("disposal_notice") ? 2 : 1)
        << action;
  EXPECT_TRUE(audit::verify_audit_chain(*db_).ok);
}

TEST_P(CommunityValue, steps_out_of_order_or_by_the_wrong_person_are_refused_and_change_nothing) {
  auto id = nominate_red_lion();
  Actor elsewhere{
      201, "Other", "other@council.example", "s4", {{accounts::role::council_officer, elsewhere_, {}}}};
  try {
    write([&](store::Tx& tx) {
      decide_nomination(tx, as(elsewhere, "2027-02-01"), id, true, d("2027-02-01"), "");
    });
    FAIL() << "an officer of another council decided";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 403);
  }
  EXPECT_EQ(
      refusal([&](store::Tx& tx) { record_notice(tx, as(officer_, "2027-02-01"), id, d("2027-02-01"), ""); }),
      "The asset is not listed, so its owner does not need to give notice of a disposal");
  EXPECT_EQ(refusal([&](store::Tx& tx) {
              decide_nomination(tx, as(officer_, "2027-02-01"), id, false, d("2027-02-01"), "");
            }),
            "Give the reasons it is not listed: they are published");
  write([&](store::Tx& tx) {
    decide_nomination(tx, as(officer_, "2027-02-01"), id, false, d("2027-02-01"),
                      "Not used by the community");
  });
  EXPECT_EQ(refusal([&](store::Tx& tx) {
              decide_nomination(tx, as(officer_, "2027-02-02"), id, true, d("2027-02-02"), "");
            }),
            "This nomination was already decided on 1 February 2027");
  EXPECT_EQ(count("SELECT COUNT(*) FROM community_value_cases WHERE status = 'not_listed'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'community_value.%'"), 2);
}

TEST_P(CommunityValue, an_incomplete_nomination_is_refused_with_every_problem) {
  auto n = red_lion();
  n.reasons = "";
  n.local_members = "12";
  try {
    write([&](store::Tx& tx) { nominate(tx, as(resident_, "2027-01-17"), here_, std::nullopt, n); });
    FAIL();
  } catch (const web::FormInvalid& e) {
    ASSERT_EQ(e.errors.size(), 2u);
    EXPECT_EQ(e.errors[0].field, "reasons");
    EXPECT_EQ(e.errors[1].field, "local_members");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM community_value_cases"), 0);
}

TEST_P(CommunityValue, a_locality_admin_changes_a_period_and_the_dates_move) {
  EXPECT_EQ(store::in_read(*db_, [&](store::Tx& tx) { return load_periods(tx, here_); }), Periods{})
      << "the seeded defaults are the statutory periods";
  auto id = nominate_red_lion();
  write([&](store::Tx& tx) {
    decide_nomination(tx, as(officer_, "2027-03-01"), id, true, d("2027-03-01"), "");
  });
  auto notice = write(
      [&](store::Tx& tx) { return record_notice(tx, as(officer_, "2027-09-01"), id, d("2027-08-31"), ""); });
  write([&](store::Tx& tx) {
    record_bidder(tx, as(officer_, "2027-09-20"), id, notice, "Red Lion Community Pub Ltd", d("2027-09-10"));
  });
  auto full_end = [&] {
    return store::in_read(*db_, [&](store::Tx& tx) {
      auto row = *find_case(tx, id);
      return *moratorium_of(row.facts.notices[0], load_periods(tx, row.locality_id)).full_end;
    });
  };
  EXPECT_EQ(full_end(), d("2028-02-29"));
  EXPECT_THROW(
      write([&](store::Tx& tx) {
        save_settings(tx, as(officer_, "2027-10-01"), here_, {{"full_moratorium", {12, Unit::months}}}, "");
      }),
      web::FormInvalid);
  write([&](store::Tx& tx) {
    save_settings(tx, as(admin_, "2027-10-01"), here_, {{"full_moratorium", {12, Unit::months}}},
                  "rtb@council.example");
  });
  EXPECT_EQ(full_end(), d("2028-08-31"));
  EXPECT_EQ(store::in_read(*db_, [&](store::Tx& tx) { return load_periods(tx, elsewhere_); }), Periods{});
  auto shown =
      store::in_read(*db_, [&](store::Tx& tx) { return timeline_for_asset(tx, asset_, at("2027-10-01")); });
  ASSERT_TRUE(shown);
  EXPECT_NE(shown->dump().find("31 August 2028"), std::string::npos) << shown->dump();
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'community_value.settings'"), 1);
}

TEST_P(CommunityValue, the_reminder_job_sends_each_reminder_once) {
  auto id = nominate_red_lion("2027-01-17");
  auto run = [&](const char* on) { return send_due_reminders(*db_, views_, "https://cw.example", at(on)); };
  EXPECT_EQ(run("2027-03-01"), 0) << "nobody to tell until the council sets its mailbox";
  write(
      [&](store::Tx& tx) { save_settings(tx, as(admin_, "2027-03-01"), here_, {}, "rtb@council.example"); });
  EXPECT_EQ(run("2027-03-01"), 1);
  EXPECT_EQ(run("2027-03-01"), 0);
  EXPECT_EQ(run("2027-03-10"), 0);
  EXPECT_EQ(run("2027-03-15"), 1);
  EXPECT_EQ(run("2027-03-16"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'rtb@council.example' AND subject LIKE "
                  "'%due soon'"),
            1);
  EXPECT_EQ(
      count(
          "SELECT COUNT(*) FROM outbox WHERE to_address = 'rtb@council.example' AND subject LIKE '%overdue'"),
      1);
  Actor follower{follower_id_, "Fola", "follower@example.org", "s5", {}};
  write([&](store::Tx& tx) {
    set_following(tx, as(follower, "2027-03-16"), id, true);
    decide_nomination(tx, as(officer_, "2027-03-16"), id, true, d("2027-03-16"), "");
    record_notice(tx, as(officer_, "2027-08-31"), id, d("2027-08-31"), "");
  });
  EXPECT_EQ(run("2027-10-01"), 1);
  EXPECT_EQ(run("2027-10-02"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'follower@example.org' AND kind = "
                  "'community_value.bid_window_closing'"),
            1);
}

TEST_P(CommunityValue, a_group_asks_online_to_bid_within_the_interim_moratorium_only) {
  auto id = nominate_red_lion();
  BidRequest ask{"Red Lion Community Pub Ltd", "community_benefit_society", true};
  EXPECT_EQ(refusal([&](store::Tx& tx) { ask_to_bid(tx, as(resident_, "2027-03-02"), id, ask); }),
            "The owner has not told the council of a sale, so there is nothing to bid in yet");
  write([&](store::Tx& tx) {
    decide_nomination(tx, as(officer_, "2027-03-01"), id, true, d("2027-03-01"), "");
    record_notice(tx, as(officer_, "2027-09-01"), id, d("2027-08-31"), "For sale");
  });
  try {
    write([&](store::Tx& tx) { ask_to_bid(tx, as(resident_, "2027-09-05"), id, {"", "", false}); });
    FAIL() << "an empty request";
  } catch (const web::FormInvalid& e) {
    ASSERT_EQ(e.errors.size(), 3u) << "every problem at once";
    EXPECT_EQ(e.errors[0].field, "group_name");
    EXPECT_EQ(e.errors[1].field, "group_type");
    EXPECT_EQ(e.errors[2].field, "local_connection");
  }
  EXPECT_THROW(write([&](store::Tx& tx) {
                 ask_to_bid(tx, Command{nullptr, views_, "", "", at("2027-09-05")}, id, ask);
               }),
               web::FormInvalid)
      << "signed in only";
  write([&](store::Tx& tx) { ask_to_bid(tx, as(resident_, "2027-09-05"), id, ask); });
  EXPECT_EQ(refusal([&](store::Tx& tx) { ask_to_bid(tx, as(resident_, "2027-09-06"), id, ask); }),
            "Red Lion Community Pub Ltd has already asked to be treated as a potential bidder");
  auto row = store::in_read(*db_, [&](store::Tx& tx) { return *find_case(tx, id); });
  EXPECT_EQ(moratorium_of(row.facts.notices[0], Periods{}).full_end, d("2028-02-29"))
      << "the request starts the full moratorium";
  EXPECT_EQ(count("SELECT COUNT(*) FROM community_value_bidders WHERE requested_by IS NOT NULL AND "
                  "recorded_by IS NULL AND group_type = 'community_benefit_society'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'owner@example.org' AND kind = "
                  "'community_value.bidder'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'nominator@example.org' AND kind = "
                  "'community_value.bid_request'"),
            1)
      << "the person who asked gets a copy";
  EXPECT_EQ(refusal([&](store::Tx& tx) {
              ask_to_bid(tx, as(resident_, "2027-10-13"), id, {"Another Group", "charity", true});
            }),
            "The request to be treated as a potential bidder came after the interim moratorium ended on 12 "
            "October 2027");
}

INSTANTIATE_TEST_SUITE_P(Engines, CommunityValue, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::community_value
