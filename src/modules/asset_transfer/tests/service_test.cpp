// Community Asset Transfer against both real engines: a whole case from expression of interest to
// transfer, with the consent a large discount needs, audit rows and the applicant's mail; refusals.
#include "modules/asset_transfer/service.h"

#include <gtest/gtest.h>

#include "html/views.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/accounts/store.h"
#include "modules/assets/store.h"
#include "modules/audit/audit.h"
#include "modules/testing.h"
#include "store/tests/pg_harness.h"
#include "web/forms.h"

namespace cw::asset_transfer {
namespace {

using store::Engine;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);

Date d(const char* iso_text) {
  return *civil::parse_iso_date(iso_text);
}
Micros at(const char* iso_text) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d(iso_text).time_since_epoch()).count() +
         12LL * 3600 * 1'000'000;
}

class Transfers : public modules::testing::ServiceTest {
 protected:
  void SetUp() override {
    open({"places", "mail", "audit", "accounts", "assets", "search", "asset_transfer"});
    write([&](store::Tx& tx) {
      here_ = insert_locality(tx, "E09000029", "Sutton");
      applicant_.user_id = accounts::insert_user(
          tx, "trust@example.org", accounts::hash_password("x", {1, 8192}), "Tam", "", at("2027-01-01"));
    });
    officer_.grants = {{accounts::role::council_officer, here_, {}}};
  }
  Command as(const Actor& a, const char* on) { return command(a, at(on)); }
  std::int64_t start() {
    auto id = write([&](store::Tx& tx) {
      return express_interest(tx, as(applicant_, "2027-01-10"), here_, std::nullopt,
                              {"Old Library", "Library Trust", "charity", "Run it as a community library"});
    });
    write([&](store::Tx& tx) {
      consider_interest(tx, as(officer_, "2027-01-20"), id, true, d("2027-01-20"), "");
    });
    return id;
  }

  std::int64_t here_ = 0;
  Actor applicant_{0, "Tam", "trust@example.org", "s1", {}};
  Actor officer_{200, "Officer", "officer@council.example", "s2", {}};
};

TEST_P(Transfers, a_case_runs_to_transfer_with_consent_for_a_large_discount) {
  auto id = start();
  write([&](store::Tx& tx) {
    submit_business_case(tx, as(applicant_, "2027-02-01"), id,
                         {"A library and café", "Reading groups", "Grants"});
  });
  auto row = [&] { return store::in_read(*db_, [&](store::Tx& tx) { return *find_transfer(tx, id); }); };
  EXPECT_FALSE(may_view(nullptr, row())) << "undecided cases are private";
  write([&](store::Tx& tx) {
    record_valuation(tx, as(officer_, "2027-03-01"), id,
                     {350'000'000, 100'000'000, "District Valuer", d("2027-03-01")});
    decide_transfer(tx, as(officer_, "2027-04-01"), id, true, d("2027-04-01"), "Strong community support");
    agree_heads_of_terms(tx, as(officer_, "2027-05-01"), id,
                         {"leasehold", 125, 100, "Full repairing lease", d("2027-05-01")});
  });
  EXPECT_TRUE(may_view(nullptr, row()));
  try {
    write([&](store::Tx& tx) { complete_transfer(tx, as(officer_, "2027-06-01"), id, d("2027-06-01")); });
    FAIL() << "transferred without consent";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.errors[0].field, "transferred_on");
  }
  write([&](store::Tx& tx) {
    record_consent(tx, as(officer_, "2027-06-10"), id, d("2027-06-10"));
    complete_transfer(tx, as(officer_, "2027-07-01"), id, d("2027-07-01"));
  });
  EXPECT_EQ(row().facts.stage, Stage::transferred);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'transfer.%'"), 8);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'trust@example.org'"), 8);
  EXPECT_EQ(count("SELECT market_value_pence - consideration_pence FROM asset_transfers"), 250'000'000);
  EXPECT_TRUE(audit::verify_audit_chain(*db_).ok);
}

TEST_P(Transfers, only_officers_value_or_decide_and_a_refused_case_is_closed) {
  auto id = start();
  write([&](store::Tx& tx) {
    submit_business_case(tx, as(applicant_, "2027-02-01"), id, {"Use", "Benefits", "Money"});
  });
  try {
    write([&](store::Tx& tx) {
      record_valuation(tx, as(applicant_, "2027-03-01"), id, {1, 0, "Me", d("2027-03-01")});
    });
    FAIL();
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 403);
  }
  write([&](store::Tx& tx) {
    record_valuation(tx, as(officer_, "2027-03-01"), id, {50'000'000, 0, "District Valuer", d("2027-03-01")});
    decide_transfer(tx, as(officer_, "2027-04-01"), id, false, d("2027-04-01"), "Needed for housing");
  });
  EXPECT_THROW(write([&](store::Tx& tx) { withdraw_transfer(tx, as(applicant_, "2027-04-02"), id, ""); }),
               web::FormInvalid);
  EXPECT_EQ(count("SELECT COUNT(*) FROM asset_transfers WHERE stage = 'refused'"), 1);
}

TEST_P(Transfers, completing_a_transfer_hands_the_registers_asset_to_the_receiving_organisation) {
  auto asset = write([&](store::Tx& tx) {
    assets::Asset a;
    a.locality_id = here_;
    a.kind = "building";
    a.category = "library";
    a.name = "Old Library";
    a.steward = "Sutton Council";
    return assets::insert_asset(tx, a);
  });
  auto id = write([&](store::Tx& tx) {
    return express_interest(tx, as(applicant_, "2027-01-10"), here_, asset,
                            {"Old Library", "Library Trust", "charity", "Run it as a community library"});
  });
  write([&](store::Tx& tx) {
    consider_interest(tx, as(officer_, "2027-01-20"), id, true, d("2027-01-20"), "");
    submit_business_case(tx, as(applicant_, "2027-02-01"), id, {"A library", "Reading groups", "Grants"});
    record_valuation(tx, as(officer_, "2027-03-01"), id,
                     {20'000'000, 1'000'000, "District Valuer", d("2027-03-01")});
    decide_transfer(tx, as(officer_, "2027-04-01"), id, true, d("2027-04-01"), "Strong community support");
    agree_heads_of_terms(tx, as(officer_, "2027-05-01"), id,
                         {"freehold", std::nullopt, 0, "Freehold", d("2027-05-01")});
  });
  auto steward = [&] {
    return store::in_read(*db_, [&](store::Tx& tx) { return assets::find_asset(tx, asset)->steward; });
  };
  EXPECT_EQ(steward(), "Sutton Council") << "nothing changes before the transfer";
  write([&](store::Tx& tx) { complete_transfer(tx, as(officer_, "2027-06-01"), id, d("2027-06-01")); });
  EXPECT_EQ(steward(), "Library Trust");
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM asset_changes WHERE change = 'transferred' AND summary = 'Transferred "
            "to Library Trust'"),
      1);
}

TEST_P(Transfers, the_council_declines_an_interest_with_published_reasons_and_every_problem_shows_at_once) {
  auto id = write([&](store::Tx& tx) {
    return express_interest(tx, as(applicant_, "2027-01-10"), here_, std::nullopt,
                            {"Old Library", "Library Trust", "charity", "Run it as a community library"});
  });
  try {
    write([&](store::Tx& tx) { submit_business_case(tx, as(applicant_, "2027-01-11"), id, {"", "", ""}); });
    FAIL() << "a business case before the council agreed to consider";
  } catch (const web::FormInvalid& e) {
    ASSERT_EQ(e.errors.size(), 3u) << "the stage and the two other empty answers, all at once";
    EXPECT_EQ(e.errors[0].field, "proposed_use");
    EXPECT_EQ(e.errors[1].field, "benefits");
    EXPECT_EQ(e.errors[2].field, "finances");
  }
  try {
    write([&](store::Tx& tx) {
      consider_interest(tx, as(officer_, "2027-01-20"), id, false, d("2027-01-01"), "");
    });
    FAIL() << "declined without reasons";
  } catch (const web::FormInvalid& e) {
    ASSERT_EQ(e.errors.size(), 2u);
    EXPECT_EQ(e.errors[0].field, "considered_on");
    EXPECT_EQ(e.errors[1].field, "consider_reasons");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'transfer.decline'"), 0) << "nothing written";
  write([&](store::Tx& tx) {
    consider_interest(tx, as(officer_, "2027-01-20"), id, false, d("2027-01-20"),
                      "The building is to be sold");
  });
  auto t = store::in_read(*db_, [&](store::Tx& tx) { return *find_transfer(tx, id); });
  EXPECT_EQ(t.facts.stage, Stage::refused);
  EXPECT_EQ(t.decision_reasons, "The building is to be sold");
  EXPECT_TRUE(may_view(nullptr, t)) << "a declined interest is a published decision";
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'transfer.decline'"), 1);
}

TEST_P(Transfers, heads_of_terms_name_every_missing_answer_at_once) {
  auto id = start();
  write([&](store::Tx& tx) {
    submit_business_case(tx, as(applicant_, "2027-02-01"), id, {"Use", "Benefits", "Money"});
    record_valuation(tx, as(officer_, "2027-03-01"), id, {50'000'000, 0, "District Valuer", d("2027-03-01")});
    decide_transfer(tx, as(officer_, "2027-04-01"), id, true, d("2027-04-01"), "Support");
  });
  try {
    write([&](store::Tx& tx) {
      agree_heads_of_terms(tx, as(officer_, "2027-05-01"), id,
                           {"", std::nullopt, std::nullopt, "", d("2027-03-01")});
    });
    FAIL();
  } catch (const web::FormInvalid& e) {
    ASSERT_EQ(e.errors.size(), 3u);
    EXPECT_EQ(e.errors[0].field, "terms_on");
    EXPECT_EQ(e.errors[1].field, "tenure");
    EXPECT_EQ(e.errors[2].field, "terms");
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, Transfers, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::asset_transfer
