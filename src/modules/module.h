// The manifest every capability provides: its name, navigation entries, routes and (by convention) its
// migrations in src/modules/<name>/migrations and views in src/modules/<name>/views, both embedded in
// the binary. Adding a capability touches its folder plus one line in src/app/modules.cpp.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/actor.h"
#include "common/clock.h"

#include "store/db.h"
#include "store/migrate.h"
#include "web/auth.h"
#include "web/context.h"
#include "web/router.h"

namespace cw::modules {

// Work a module needs done in the background while the server runs (e.g. delivering mail). `run` is
// called every `every` on one job thread, and must catch its own errors per item so one bad item does
// not stop the rest; an exception escaping `run` is logged and the job runs again next time.
// What a job is given: the database, the clock, the views (for mail) and the site (its public address).
struct JobContext {
  store::Db& db;
  const Clock& clock;
  const html::Views& views;
  const web::Site& site;
};

struct Job {
  std::string name;
  std::chrono::milliseconds every{1000};
  std::function<void(const JobContext&)> run;
};

// A kind of work waiting for the council's people, as the officer home (/manage) lists it with its
// count: petitions to check, reports to moderate, decisions due. `count` runs in the page's read
// transaction and counts only what `actor` may act on; nullopt when the queue is not theirs at all
// (a moderator has no Right to Bid decisions), so the page leaves it out rather than showing 0.
struct Queue {
  std::string title;  // "Petitions to check"
  std::string href;   // where the work is done
  int order = 0;      // lower first
  std::function<std::optional<std::int64_t>(store::Tx&, const Actor& actor, Micros now)> count;
};

// Who "Your activity", "Download my data" and account deletion are about: the account, and its email
// address once confirmed. Modules that take signatures or subscriptions without an account know people
// only by that address, and anyone could have typed it, so it counts only when confirmed.
struct Person {
  std::int64_t user_id = 0;
  std::optional<std::string> email;  // as the account holds it (lower case); nullopt until confirmed
};

// One line of "Your activity": what the person did, to what, when, and where it stands now.
struct ActivityItem {
  std::string what;   // a past tense the date follows: "Signed" (on 3 June 2027), "Followed"
  std::string title;  // the petition's request, the consultation's title, …
  std::string href;   // empty when there is no page to link to
  Micros at = 0;
  std::string status;  // "Open", "Closed on 3 June 2027", "Waiting for a decision", …
};

// What a module holds about a person. Every module that keeps personal data provides one, and all three
// parts run through the same registry (modules/personal_data.h), so no module's data is left out of the
// activity page, the download or a deletion:
//  - `activity`: its section of /account/activity (may be unset when there is nothing to list);
//  - `export_data`: everything it holds about them, by account and by confirmed email, with ISO 8601
//    times (modules::export_rows helps);
//  - `forget`: what account deletion removes or anonymises, in the deletion's transaction. Records that
//    must outlive the account (a petition's count, a consultation's answers) lose every detail that
//    identifies the person.
struct PersonalData {
  std::string key;      // the download's key: "petitions"
  std::string heading;  // the activity page's heading: "Petitions"
  int order = 0;        // lower first
  std::function<std::vector<ActivityItem>(store::Tx&, const Person&, Micros now)> activity;
  std::function<nlohmann::json(store::Tx&, const Person&, Micros now)> export_data;
  std::function<void(store::Tx&, const Person&, Micros now)> forget;
};

struct Module {
  std::string name;  // folder name under src/modules, and migration namespace
  std::vector<web::NavEntry> nav;
  std::function<void(web::Router&)> register_routes;
  std::vector<Job> jobs;
  std::vector<Queue> queues;  // listed on the officer home
  std::vector<PersonalData> personal_data;
  // Set by the one module that knows who is signed in (accounts); the web layer asks it per request.
  std::shared_ptr<const web::Authenticator> authenticator;
};

// The module's migrations for `engine`, read from the embedded files under modules/<name>/migrations/.
std::vector<store::Migration> module_migrations(const std::string& name, store::Engine engine);

}  // namespace cw::modules
