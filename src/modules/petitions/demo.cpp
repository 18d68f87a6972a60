#include "modules/petitions/demo.h"

#include <random>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "modules/petitions/notices.h"
#include "modules/petitions/store.h"
#include "modules/places/overview.h"
#include "modules/search/index.h"

namespace cw::petitions {

namespace {

constexpr Micros kDay = 86'400'000'000;

struct DemoPetition {
  const char* action;
  const char* background;
  const char* details;
  const char* topic;
  State state;
  int signatures;
  int opened_days_ago;
  const char* response;   // "" for none
  const char* debate;     // "" for none
  const char* rejection;  // a reason code, or ""
};

const DemoPetition kDemo[] = {
    {"Put a zebra crossing on Sutton High Street by the library",
     "People cross between parked buses to reach the library and the shops. A crossing would make it safe "
     "for "
     "children, older people and anyone using a wheelchair or a pushchair.",
     "The nearest crossing is 300 metres away.", "transport", State::open, 180, 20, "", "", ""},
    {"Keep Wallington Library open on Sunday afternoons",
     "Sunday is the only day many families and people who work shifts can visit the library.", "", "culture",
     State::open, 620, 75,
     "Thank you to everyone who signed. The council will **keep Sunday opening** until at least the end of "
     "next year, funded by savings in the library service's energy bills.\n\nWe will review use of Sunday "
     "opening with the Friends of Wallington Library in the spring.",
     "", ""},
    {"Plant 1,000 more street trees in Sutton's most deprived wards",
     "Streets with fewer trees are hotter in summer and have worse air. They are mostly in the wards with "
     "the highest deprivation.",
     "", "environment", State::closed, 2700, 230,
     "The council supports the aim and will bring a costed plan to the Environment Committee.",
     "Full council agreed to plant 600 trees over two winters in the wards with the fewest street trees, "
     "and to ask residents where they should go.",
     ""},
    {"Make the council build a new motorway", "It would be faster.", "", "transport", State::rejected, 0, 40,
     "", "", "not_council"},
};

void add_signatures(store::Tx& tx, std::int64_t petition, int n, Micros from, Micros to,
                    const std::vector<places::PostcodeArea>& postcodes) {
  std::mt19937_64 random(static_cast<std::uint64_t>(petition) * 7919);
  for (int i = 0; i < n && !postcodes.empty(); ++i) {
    auto k = static_cast<std::size_t>(random() % postcodes.size());
    auto at =
        from + static_cast<Micros>(random() % static_cast<std::uint64_t>(std::max<Micros>(to - from, 1)));
    insert_signature(tx, {.petition_id = petition,
                          .name = fmt::format("Demo signer {}", i + 1),
                          .name_key = fmt::format("demo signer {}", i + 1),
                          .email = fmt::format("signer-{}-{}@example.invalid", petition, i + 1),
                          .email_key = fmt::format("signer-{}-{}@example.invalid", petition, i + 1),
                          .postcode = postcodes[k].postcode,
                          .ward_code = postcodes[k].ward_code,
                          .imd_decile = postcodes[k].decile,
                          .state = "confirmed",
                          .token_hash = fmt::format("demo-{}-{}", petition, i + 1),
                          .created_at = at,
                          .confirmed_at = at});
  }
}

}  // namespace

std::string load_demo_petitions(store::Db& db, const std::string& locality_code, Micros now) {
  return store::in_write(db, [&](store::Tx& tx) -> std::string {
    std::int64_t locality = 0;
    for (const auto& l : places::locality_refs(tx))
      if (l.code == locality_code) locality = l.id;
    if (locality == 0) return "No petitions loaded: the demo locality is missing";
    auto postcodes = places::postcode_areas(tx, locality);
    save_settings(tx, locality, load_settings(tx, locality));
    int loaded = 0;
    for (const auto& d : kDemo) {
      for (const auto& r :
           tx.run("SELECT id FROM petitions WHERE locality_id = $1 AND action = $2", locality, d.action)
               .rows) {
        search::remove_document(tx, "petition", std::to_string(r.integer(0)));
        delete_petition(tx, r.integer(0));
      }
      Micros opened = now - d.opened_days_ago * kDay;
      PetitionRow p{.locality_id = locality,
                    .action = d.action,
                    .background = d.background,
                    .details = d.details,
                    .topic = d.topic,
                    .state = State::pending,
                    .creator_name = "Demo Creator",
                    .creator_email = "creator@example.invalid",
                    .sponsor_token = fmt::format("demo-{}", loaded),
                    .created_at = opened - 10 * kDay};
      p.id = insert_petition(tx, p);
      bool was_open = d.state != State::rejected;
      auto closes = closing_time(opened, 6);
      tx.run(
          "UPDATE petitions SET state = $1, validated_at = $2, sponsored_at = $2, moderated_at = $3, "
          "opened_at = $4, closes_at = $5, closed_at = $6, rejection_code = $7, updated_at = $3 WHERE id = "
          "$8",
          state_name(d.state), opened - 9 * kDay, opened, was_open ? std::optional(opened) : std::nullopt,
          was_open ? std::optional(closes) : std::nullopt,
          d.state == State::closed ? std::optional(closes) : std::nullopt, d.rejection, p.id);
      add_signatures(tx, p.id, d.signatures, opened, std::min(now, closes), postcodes);
      save_tallies(tx, p.id, recount(tx, p.id), now);
      auto s = load_settings(tx, locality);
      if (d.signatures >= s.response_threshold) record_threshold(tx, p.id, false, opened + 20 * kDay);
      if (d.signatures >= s.debate_threshold) record_threshold(tx, p.id, true, opened + 60 * kDay);
      if (*d.response) save_response(tx, p.id, d.response, opened + 40 * kDay);
      auto debated = closes + 14 * kDay;
      auto debate_on =
          fmt::format("{:%Y-%m-%d}", std::chrono::sys_seconds(std::chrono::seconds(debated / 1'000'000)));
      if (*d.debate) save_debate(tx, p.id, debate_on, d.debate, debated);
      index_petition(tx, *find_petition(tx, p.id));
      ++loaded;
    }
    return fmt::format("Loaded {} petitions", loaded);
  });
}

}  // namespace cw::petitions
