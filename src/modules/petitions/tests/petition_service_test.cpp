// E-petitions against both real engines: a petition from creation through supporters and moderation to
// signatures counted by ward and decile; duplicates, shared addresses, suspects, thresholds, closing,
// mail-outs, and the group commit under many writers — each count checked against a recount of the rows.
#include "modules/petitions/service.h"

#include <gtest/gtest.h>

#include <atomic>

#include <fmt/format.h>

#include <regex>
#include <thread>

#include "html/views.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/petitions/pages.h"
#include "modules/testing.h"
#include "store/group_commit.h"
#include "store/tests/pg_harness.h"
#include "web/forms.h"

namespace cw::petitions {
namespace {

using store::Engine;

const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new store::testing::PostgresEnvironment);
constexpr Micros kNow = 1'800'000'000'000'000;  // 15 January 2027
constexpr Micros kDay = 86'400'000'000;

class Petitions : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = modules::testing::migrated_db(
        GetParam(), sqlite_, {"places", "mail", "audit", "accounts", "moderation", "search", "petitions"});
    store::in_write(*db_, [&](store::Tx& tx) {
      here_ = tx.run("INSERT INTO localities (code, name) VALUES ('E09000029', 'Sutton') RETURNING id")
                  .one()
                  .integer(0);
      for (auto [code, name] : {std::pair{"E05000001", "Ash"}, std::pair{"E05000002", "Beech"}})
        tx.run(
            "INSERT INTO wards (locality_id, code, name, geometry, min_lon, min_lat, max_lon, max_lat) "
            "VALUES "
            "($1, $2, $3, '{\"type\":\"Polygon\",\"coordinates\":[]}', 0, 0, 1, 1)",
            here_, code, name);
      tx.run(
          "INSERT INTO lsoas (locality_id, code, name, imd_rank, imd_decile, ward_code) VALUES "
          "($1, 'E01000001', 'A', 100, 1, 'E05000001'), ($1, 'E01000002', 'B', 30000, 10, 'E05000002')",
          here_);
      tx.run(
          "INSERT INTO postcodes (locality_id, postcode, lat, lon, ward_code, lsoa_code) VALUES "
          "($1, 'SM1 1AA', 51.3, -0.2, 'E05000001', 'E01000001'), "
          "($1, 'SM2 2BB', 51.4, -0.1, 'E05000002', 'E01000002')",
          here_);
      save_settings(tx, here_, {.mailbox = "petitions@council.example"});
    });
    moderator_.grants = {{accounts::role::moderator, here_, {}}};
    officer_.grants = {{accounts::role::council_officer, here_, {}}};
  }

  Command as(const Actor* a, Micros at = kNow) {
    return {a, views_, "https://cw.example", "203.0.113.9", at};
  }
  template <typename F>
  auto write(F&& f) {
    return store::in_write(*db_, std::forward<F>(f));
  }
  std::int64_t count(const std::string& sql) {
    return store::in_read(*db_, [&](store::Tx& tx) { return tx.run(sql).one().integer(0); });
  }
  // The token in the newest mail to `to` (mail holds the only copy of a confirmation token).
  std::string token_mailed_to(const std::string& to) {
    auto body = store::in_read(*db_, [&](store::Tx& tx) {
      return tx.run("SELECT text_body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1", to)
          .one()
          .text(0);
    });
    std::smatch m;
    EXPECT_TRUE(std::regex_search(body, m, std::regex("/petitions/confirm/([A-Za-z0-9_-]+)"))) << body;
    return m[1].str();
  }
  SignerPlace place(const std::string& postcode) {
    return store::in_read(*db_, [&](store::Tx& tx) { return place_signer(tx, here_, postcode); });
  }
  SignOutcome sign_as(std::int64_t id, const std::string& name, const std::string& email,
                      const std::string& postcode = "SM1 1AA", bool supporter = false, bool suspect = false) {
    SignatureRequest r{.petition_id = id,
                       .as_supporter = supporter,
                       .signer = {name, email, postcode, true, true},
                       .where = place(postcode)};
    r.verdict.suspect = suspect;
    r.verdict.reason = suspect ? "many signatures from one network" : "";
    // As the handler does: the confirmation mail made before the write.
    auto action = store::in_read(*db_, [&](store::Tx& tx) { return find_petition(tx, id)->action; });
    r.prepared = prepare_confirmation(as(nullptr), action, email, name);
    return write([&](store::Tx& tx) { return sign(tx, as(nullptr), r).outcome; });
  }
  void confirm_mailed(const std::string& email) {
    auto token = token_mailed_to(email);
    write([&](store::Tx& tx) { confirm(tx, as(nullptr), token); });
  }
  std::int64_t open_petition() {
    auto id = write([&](store::Tx& tx) {
      return create_petition(tx, as(nullptr), here_,
                             {.action = "Fix the lights on Ash Road",
                              .background = "It is dark",
                              .topic = "transport",
                              .ward_code = "E05000001",
                              .name = "Cara Creator",
                              .email = "cara@example.org",
                              .postcode = "SM1 1AA",
                              .declaration = true},
                             place("SM1 1AA"));
    });
    confirm_mailed("cara@example.org");
    for (int i = 0; i < 5; ++i) {
      auto email = "supporter" + std::to_string(i) + "@example.org";
      sign_as(id, "Supporter " + std::to_string(i), email, "SM1 1AA", true);
      confirm_mailed(email);
    }
    write([&](store::Tx& tx) { moderate(tx, as(&moderator_), id, {"publish", "", ""}); });
    return id;
  }
  State state_of(std::int64_t id) {
    return store::in_read(*db_, [&](store::Tx& tx) { return find_petition(tx, id)->state; });
  }
  std::int64_t published_count(std::int64_t id) {
    tally(*db_, views_, "https://cw.example", 0, kNow);
    return store::in_read(*db_, [&](store::Tx& tx) { return find_petition(tx, id)->signature_count; });
  }

  store::testing::TempSqlite sqlite_;
  std::unique_ptr<store::Db> db_;
  const html::Views& views_ = html::shared_views();
  std::int64_t here_ = 0;
  Actor moderator_{200, "Mo", "mo@council.example", "s2", {}};
  Actor officer_{300, "Olu", "olu@council.example", "s3", {}};
};

TEST_P(Petitions, a_petition_needs_its_creator_and_five_supporters_before_a_moderator_opens_it) {
  auto id = write([&](store::Tx& tx) {
    return create_petition(tx, as(nullptr), here_,
                           {.action = "Plant trees",
                            .background = "Shade",
                            .name = "Cara",
                            .email = "cara@example.org",
                            .postcode = "SM1 1AA",
                            .declaration = true},
                           place("SM1 1AA"));
  });
  EXPECT_EQ(state_of(id), State::pending);
  EXPECT_THROW(sign_as(id, "Early", "early@example.org"), web::FormInvalid);  // not open yet
  confirm_mailed("cara@example.org");
  EXPECT_EQ(state_of(id), State::validated);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'cara@example.org' AND subject = 'Get "
                  "supporters for your petition'"),
            1);
  for (int i = 0; i < 4; ++i) {
    sign_as(id, "S" + std::to_string(i), "s" + std::to_string(i) + "@example.org", "SM1 1AA", true);
    confirm_mailed("s" + std::to_string(i) + "@example.org");
  }
  EXPECT_EQ(state_of(id), State::validated);
  sign_as(id, "S4", "s4@example.org", "SM2 2BB", true);
  confirm_mailed("s4@example.org");
  EXPECT_EQ(state_of(id), State::sponsored);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'petitions@council.example'"), 1);
  EXPECT_THROW(write([&](store::Tx& tx) {
                 moderate(tx, as(&officer_), id, {"publish", "", ""});
               }),
               web::FormInvalid);
  write([&](store::Tx& tx) { moderate(tx, as(&moderator_), id, {"publish", "", ""}); });
  EXPECT_EQ(state_of(id), State::open);
  auto p = store::in_read(*db_, [&](store::Tx& tx) { return *find_petition(tx, id); });
  EXPECT_EQ(p.closes_at, closing_time(kNow, 6));
  EXPECT_EQ(count("SELECT COUNT(*) FROM search_documents WHERE kind = 'petition'"), 1);
  EXPECT_EQ(published_count(id), 6);  // the creator and five supporters
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'petition.publish'"), 1);
}

TEST_P(Petitions, signatures_count_once_confirmed_by_ward_and_decile_as_a_recount_of_the_rows) {
  auto id = open_petition();
  sign_as(id, "Dee", "dee@example.org", "SM2 2BB");
  EXPECT_EQ(published_count(id), 6);  // not yet confirmed
  confirm_mailed("dee@example.org");
  sign_as(id, "Eve", "eve@example.org", "SM1 1AA");
  confirm_mailed("eve@example.org");
  EXPECT_EQ(published_count(id), 8);
  auto [folded, fresh] =
      store::in_read(*db_, [&](store::Tx& tx) { return std::pair(tallies(tx, id), recount(tx, id)); });
  ASSERT_EQ(folded.size(), 2u);
  ASSERT_EQ(fresh.size(), folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    EXPECT_EQ(folded[i].ward_code, fresh[i].ward_code);
    EXPECT_EQ(folded[i].signatures, fresh[i].signatures);
  }
  EXPECT_EQ(folded[0].ward_code, "E05000001");
  EXPECT_EQ(folded[0].imd_decile, 1);
  EXPECT_EQ(folded[0].signatures, 7);
  EXPECT_EQ(folded[1].imd_decile, 10);
  EXPECT_EQ(folded[1].signatures, 1);
  // A confirmation link works once; a second click says so without counting twice.
  auto again =
      write([&](store::Tx& tx) { return confirm(tx, as(nullptr), token_mailed_to("eve@example.org")); });
  EXPECT_EQ(again.outcome, ConfirmOutcome::already_confirmed);
  EXPECT_EQ(published_count(id), 8);
}

TEST_P(Petitions, signature_keys_sort_by_time_and_a_link_mailed_before_keys_had_the_time_still_confirms) {
  auto id = open_petition();
  sign_as(id, "Dee", "dee@example.org");
  sign_as(id, "Eve", "eve@example.org");
  auto dee = token_mailed_to("dee@example.org"), eve = token_mailed_to("eve@example.org");
  auto keys = store::in_read(*db_, [&](store::Tx& tx) {
    return tx.run("SELECT token_hash FROM petition_signatures WHERE email IN ($1, $2) ORDER BY id",
                  std::string("dee@example.org"), std::string("eve@example.org"));
  });
  ASSERT_EQ(keys.rows.size(), 2u);
  // The key is the token's time in the clear and then the hash of the whole token, never the token.
  EXPECT_EQ(keys.rows[0].text(0), dee.substr(0, 16) + accounts::token_hash(dee));
  EXPECT_LE(keys.rows[0].text(0), keys.rows[1].text(0)) << "a later signature's key sorts after";
  EXPECT_EQ(keys.rows[1].text(0).find(eve), std::string::npos);
  // A signature stored with a plain hash of a token without the time, as links were made before.
  auto old_token = accounts::random_token();
  write([&](store::Tx& tx) {
    tx.run("UPDATE petition_signatures SET token_hash = $1 WHERE email = $2", accounts::token_hash(old_token),
           std::string("dee@example.org"));
  });
  auto confirmed = write([&](store::Tx& tx) { return confirm(tx, as(nullptr), old_token); });
  EXPECT_EQ(confirmed.outcome, ConfirmOutcome::confirmed);
  EXPECT_EQ(write([&](store::Tx& tx) { return confirm(tx, as(nullptr), eve); }).outcome,
            ConfirmOutcome::confirmed);
  // A made-up token with a time in front finds nothing.
  EXPECT_THROW(write([&](store::Tx& tx) { confirm(tx, as(nullptr), dee.substr(0, 16) + "forged"); }),
               web::FormInvalid);
  EXPECT_EQ(published_count(id), 8);
}

TEST_P(Petitions, signing_twice_mails_you_already_signed_and_a_shared_address_has_a_limit) {
  auto id = open_petition();
  EXPECT_EQ(sign_as(id, "Dee Dee", "dee@example.org"), SignOutcome::mailed_confirmation);
  EXPECT_EQ(sign_as(id, " dee  DEE ", "Dee+x@Example.org"), SignOutcome::mailed_already_signed);
  EXPECT_EQ(count("SELECT COUNT(*) FROM petition_signatures WHERE email_key = 'dee@example.org'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE subject = 'You have already signed this petition'"), 1);
  // The confirmation made ready for the second attempt was withdrawn.
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE subject = 'Confirm your signature' AND to_address LIKE "
                  "'%ee%'"),
            1);
  // A household shares one address: three names may sign with it, a fourth may not.
  sign_as(id, "Dee's partner", "dee@example.org");
  sign_as(id, "Dee's son", "dee@example.org");
  try {
    sign_as(id, "Dee's lodger", "dee@example.org");
    FAIL() << "a fourth name was accepted";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.errors[0].field, "email");
  }
  // A postcode outside the area is refused with the reason.
  try {
    place("SW1A 1AA");
    FAIL();
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "SW1A 1AA is not in Sutton. Check the postcode, or if you work or study in Sutton but live outside "
        "it, say so under \"Do you live in the area?\"");
  }
}

TEST_P(Petitions, people_who_work_or_study_here_sign_from_home_and_count_as_outside_the_area) {
  auto outside =
      store::in_read(*db_, [&](store::Tx& tx) { return place_signer(tx, here_, "SW1A 1AA", true); });
  EXPECT_EQ(outside.postcode, "SW1A 1AA");
  EXPECT_EQ(outside.ward_code, kOutsideWard);
  auto resident =
      store::in_read(*db_, [&](store::Tx& tx) { return place_signer(tx, here_, "SM1 1AA", true); });
  EXPECT_NE(resident.ward_code, kOutsideWard)
      << "a postcode in the area counts in its ward whatever was said";
  auto counts = counts_by_ward({{.ward_code = kOutsideWard, .signatures = 3}}, {{"E05000001", "Cheam"}});
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[1].name, "Outside the area (people who work or study here)");
  EXPECT_EQ(counts[1].signatures, 3);
}

TEST_P(Petitions, suspect_signatures_count_only_when_a_moderator_releases_them) {
  auto id = open_petition();
  for (int i = 0; i < 3; ++i) {
    auto email = "bot" + std::to_string(i) + "@bots.example";
    sign_as(id, "Bot " + std::to_string(i), email, "SM1 1AA", false, true);
    confirm_mailed(email);
  }
  EXPECT_EQ(published_count(id), 6);
  auto flagged = store::in_read(*db_, [&](store::Tx& tx) { return petitions_with_suspects(tx, {here_}); });
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].suspects, 3);
  EXPECT_THROW(write([&](store::Tx& tx) { decide_suspects(tx, as(&officer_), id, true); }), web::FormInvalid);
  EXPECT_EQ(write([&](store::Tx& tx) { return decide_suspects(tx, as(&moderator_, kNow + 1), id, true); }),
            3);
  tally(*db_, views_, "https://cw.example", kNow + 1, kNow + 2);
  EXPECT_EQ(store::in_read(*db_, [&](store::Tx& tx) { return find_petition(tx, id)->signature_count; }), 9);
}

TEST_P(Petitions, thresholds_are_recorded_once_and_the_response_is_mailed_to_signers_who_asked) {
  write([&](store::Tx& tx) {
    save_settings(tx, here_,
                  {.response_threshold = 7, .debate_threshold = 8, .mailbox = "petitions@council.example"});
  });
  auto id = open_petition();
  // Publishing tells the five supporters (not the creator, who is mailed directly).
  while (send_mailouts(*db_, views_, "https://cw.example", kNow) > 0) {
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE subject = 'News about a petition you supported'"), 5);
  sign_as(id, "Dee", "dee@example.org");
  confirm_mailed("dee@example.org");
  EXPECT_EQ(published_count(id), 7);
  EXPECT_EQ(published_count(id), 7);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM outbox WHERE subject = 'A petition has enough signatures for a response'"),
      1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM outbox WHERE subject = 'A petition has enough signatures for a debate'"),
      0);
  EXPECT_THROW(write([&](store::Tx& tx) { respond(tx, as(&moderator_), id, "We will"); }), web::FormInvalid);
  write([&](store::Tx& tx) { respond(tx, as(&officer_), id, "We will fix the lights in **March**."); });
  EXPECT_EQ(send_mailouts(*db_, views_, "https://cw.example", kNow, 3), 3);  // batches of 3
  EXPECT_EQ(send_mailouts(*db_, views_, "https://cw.example", kNow, 3), 3);
  EXPECT_EQ(send_mailouts(*db_, views_, "https://cw.example", kNow, 3), 1);
  EXPECT_EQ(send_mailouts(*db_, views_, "https://cw.example", kNow, 3), 0);
  EXPECT_EQ(
      count(
          "SELECT COUNT(*) FROM outbox WHERE subject = 'The council has responded to a petition you signed'"),
      7);
  // Every such mail carries a link that stops further mail about the petition; the debate's news then
  // goes to the other six.
  auto body = store::in_read(*db_, [&](store::Tx& tx) {
    return tx
        .run("SELECT text_body FROM outbox WHERE to_address = 'dee@example.org' ORDER BY id DESC LIMIT 1")
        .one()
        .text(0);
  });
  std::smatch m;
  ASSERT_TRUE(std::regex_search(body, m, std::regex("/petitions/news/stop/([A-Za-z0-9_-]+)"))) << body;
  auto token = m[1].str();
  EXPECT_EQ(write([&](store::Tx& tx) { return stop_news(tx, accounts::token_hash(token)); }), id);
  EXPECT_FALSE(write([&](store::Tx& tx) { return stop_news(tx, accounts::token_hash("nope")); }));
  write([&](store::Tx& tx) { record_debate(tx, as(&officer_), id, "2027-03-01", "Agreed"); });
  while (send_mailouts(*db_, views_, "https://cw.example", kNow) > 0) {
  }
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM outbox WHERE subject = 'The council has debated a petition you signed'"),
      6);
}

TEST_P(Petitions, a_petition_closes_when_its_time_is_up_and_then_takes_no_signatures) {
  auto id = open_petition();
  sign_as(id, "Late", "late@example.org");
  EXPECT_EQ(close_due(*db_, views_, "https://cw.example", kNow + 100 * kDay), 0);
  EXPECT_EQ(close_due(*db_, views_, "https://cw.example", kNow + 200 * kDay), 1);
  EXPECT_EQ(state_of(id), State::closed);
  EXPECT_THROW(sign_as(id, "Later", "later@example.org"), web::FormInvalid);
  try {
    confirm_mailed("late@example.org");
    FAIL() << "a signature was confirmed after closing";
  } catch (const web::FormInvalid& e) {
    EXPECT_EQ(e.status, 409);
  }
  // A year after closing, who signed is erased; the counts by ward stand.
  auto before = store::in_read(*db_, [&](store::Tx& tx) { return recount(tx, id); });
  EXPECT_EQ(erase_old_signers(*db_, kNow + 400 * kDay), 0);
  EXPECT_EQ(erase_old_signers(*db_, kNow + 600 * kDay), 7);
  EXPECT_EQ(count("SELECT COUNT(*) FROM petition_signatures WHERE email <> '' OR name <> ''"), 0);
  auto after = store::in_read(*db_, [&](store::Tx& tx) { return recount(tx, id); });
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after[0].signatures, before[0].signatures);
}

TEST_P(Petitions, a_hidden_rejection_takes_the_petition_off_the_site_and_tells_only_the_creator) {
  auto id = write([&](store::Tx& tx) {
    save_settings(tx, here_, {.sponsors_required = 0});
    return create_petition(tx, as(nullptr), here_,
                           {.action = "Buy my product",
                            .background = "It is great",
                            .name = "Ad",
                            .email = "ad@example.org",
                            .postcode = "SM1 1AA",
                            .declaration = true},
                           place("SM1 1AA"));
  });
  confirm_mailed("ad@example.org");
  EXPECT_EQ(state_of(id), State::sponsored);
  EXPECT_THROW(write([&](store::Tx& tx) {
                 moderate(tx, as(&moderator_), id, {"reject", "", ""});
               }),
               web::FormInvalid);
  write([&](store::Tx& tx) {
    moderate(tx, as(&moderator_), id, {"reject", "advert", "Adverts are not allowed"});
  });
  EXPECT_EQ(state_of(id), State::hidden);
  EXPECT_EQ(count("SELECT COUNT(*) FROM search_documents WHERE kind = 'petition'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE to_address = 'ad@example.org' AND subject = 'We could "
                  "not publish your petition'"),
            1);
  EXPECT_THROW(write([&](store::Tx& tx) {
                 moderate(tx, as(&moderator_), id, {"publish", "", ""});
               }),
               web::FormInvalid);
  // Nor can the moderation queue's generic "restore" show it again.
  EXPECT_THROW(write([&](store::Tx& tx) { set_hidden_from_queue(tx, id, false, kNow); }), web::FormInvalid);
  EXPECT_EQ(state_of(id), State::hidden);
}

TEST_P(Petitions, the_queues_restore_shows_a_reported_petition_again_with_its_closing_date) {
  auto id = open_petition();
  auto closes = store::in_read(*db_, [&](store::Tx& tx) { return find_petition(tx, id)->closes_at; });
  ASSERT_TRUE(closes);
  write([&](store::Tx& tx) { set_hidden_from_queue(tx, id, true, kNow + 10); });
  EXPECT_EQ(state_of(id), State::hidden);
  write([&](store::Tx& tx) { set_hidden_from_queue(tx, id, false, kNow + 20); });
  EXPECT_EQ(state_of(id), State::open);
  EXPECT_EQ(store::in_read(*db_, [&](store::Tx& tx) { return find_petition(tx, id)->closes_at; }), closes)
      << "restoring keeps the date it always had";
}

TEST_P(Petitions, many_writers_sign_and_confirm_through_the_group_commit_and_every_one_counts) {
  auto id = open_petition();
  store::GroupCommit group;
  constexpr int kWriters = 8, kEach = 15;
  auto where = place("SM2 2BB");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w)
    threads.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        auto email = fmt::format("w{}-{}@example.org", w, i);
        SignatureRequest r{
            .petition_id = id, .signer = {"Writer", email, "SM2 2BB", true, false}, .where = where};
        r.prepared = prepare_confirmation(as(nullptr), "Fix the lights on Ash Road", email, "Writer");
        Signed first, again;
        group.run(*db_, sign_command(as(nullptr), r, first));
        if (i % 5 == 0) {  // signing twice, perhaps in the same batch as the first time
          r.prepared = prepare_confirmation(as(nullptr), "Fix the lights on Ash Road", email, "Writer");
          group.run(*db_, sign_command(as(nullptr), r, again));
          if (again.outcome != SignOutcome::mailed_already_signed) ++wrong;
        }
        if (first.outcome != SignOutcome::mailed_confirmation) ++wrong;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE subject = 'You have already signed this petition'"),
            kWriters * kEach / 5);
  auto tokens = store::in_read(*db_, [&](store::Tx& tx) {
    std::vector<std::string> out;
    for (const auto& r : tx.run("SELECT text_body FROM outbox WHERE subject = 'Confirm your signature' AND "
                                "to_address LIKE 'w%'")
                             .rows) {
      std::smatch m;
      auto body = r.text(0);
      if (std::regex_search(body, m, std::regex("/petitions/confirm/([A-Za-z0-9_-]+)")))
        out.push_back(m[1].str());
    }
    return out;
  });
  ASSERT_EQ(tokens.size(), static_cast<std::size_t>(kWriters * kEach));
  threads.clear();
  for (int w = 0; w < kWriters; ++w)
    threads.emplace_back([&, w] {
      for (int i = w; i < static_cast<int>(tokens.size()); i += kWriters) {
        Confirmed done;
        group.run(*db_, confirm_command(as(nullptr), tokens[static_cast<std::size_t>(i)], done));
        if (done.outcome != ConfirmOutcome::confirmed || done.petition_id != id) ++wrong;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(published_count(id), 6 + kWriters * kEach);
  EXPECT_LT(group.stats().commits, group.stats().commands);
}

INSTANTIATE_TEST_SUITE_P(Engines, Petitions, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace cw::petitions
