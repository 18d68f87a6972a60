#include "modules/petitions/module.h"

#include <atomic>

#include <nlohmann/json.hpp>

#include "modules/accounts/people.h"
#include "modules/moderation/moderation.h"
#include "modules/petitions/notices.h"
#include "modules/petitions/pages.h"
#include "modules/petitions/routes.h"
#include "modules/places/ward_sections.h"

namespace cw::petitions {

namespace {

// Readers can report an open petition; a moderator's "hide" takes it off the site.
moderation::ContentKind petition_content_kind() {
  return {.name = "petition",
          .label = "Petition",
          .describe = [](store::Tx& tx, const std::string& id) -> std::optional<moderation::ContentInfo> {
            auto n = moderation::content_number(id);
            if (!n) return std::nullopt;
            auto p = find_petition(tx, *n);
            if (!p || (!is_public(p->state) && p->state != State::hidden)) return std::nullopt;
            return moderation::ContentInfo{.title = "Petition: " + p->action,
                                           .text = p->background + "\n\n" + p->details,
                                           .author_user_id = p->creator_user_id,
                                           .locality_id = p->locality_id,
                                           .url = petition_href(p->id),
                                           .hidden = p->state == State::hidden};
          },
          .set_hidden =
              [](store::Tx& tx, const std::string& id, bool hidden, Micros now) {
                if (auto n = moderation::content_number(id)) set_hidden_from_queue(tx, *n, hidden, now);
              }};
}

std::string ward_section(store::Tx& tx, const places::WardSectionContext& ward) {
  auto open = list_petitions(tx, {.locality_id = ward.locality_id,
                                  .states = {State::open},
                                  .ward_code = ward.ward_code,
                                  .per_page = 10});
  nlohmann::json items = nlohmann::json::array();
  for (const auto& p : open.items) items.push_back(list_item(p));
  return ward.views->render("petitions/ward_section", {{"ward_name", ward.ward_name},
                                                       {"items", std::move(items)},
                                                       {"has_items", open.total > 0},
                                                       {"all_href", "/petitions?ward=" + ward.ward_code},
                                                       {"new_href", "/petitions/new"}});
}

constexpr Micros kSecond = 1'000'000;

std::vector<modules::Job> jobs() {
  // Confirmations that commit out of order (PostgreSQL) are caught by looking back a margin each run.
  auto last = std::make_shared<std::atomic<Micros>>(0);
  return {
      {.name = "petitions.tally",
       .every = std::chrono::seconds(2),
       .run =
           [last](const modules::JobContext& j) {
             auto now = j.clock.now();
             auto since = last->load() == 0 ? 0 : last->load() - 10 * kSecond;
             tally(j.db, j.views, j.site.base_url, since, now);
             last->store(now);
           }},
      {.name = "petitions.close",
       .every = std::chrono::seconds(60),
       .run = [](const modules::JobContext& j) { close_due(j.db, j.views, j.site.base_url, j.clock.now()); }},
      {.name = "petitions.erase_signers",
       .every = std::chrono::hours(6),
       .run = [](const modules::JobContext& j) { erase_old_signers(j.db, j.clock.now()); }},
      {.name = "petitions.mailouts",
       .every = std::chrono::seconds(5),
       .run = [](const modules::JobContext& j) {
         send_mailouts(j.db, j.views, j.site.base_url, j.clock.now());
       }}};
}

// The moderators' two queues on the officer home, in the localities where they moderate.
std::vector<modules::Queue> queues() {
  auto mine = [](store::Tx& tx, const Actor& a) {
    return accounts::locality_ids_where(tx, &a, accounts::Action::moderate_content);
  };
  return {{.title = "Petitions to check",
           .href = "/petitions/moderate",
           .order = 10,
           .count = [mine](store::Tx& tx, const Actor& a, Micros) -> std::optional<std::int64_t> {
             auto ids = mine(tx, a);
             if (ids.empty()) return std::nullopt;
             return static_cast<std::int64_t>(moderation_queue(tx, ids).size());
           }},
          {.title = "Suspect signatures to release or strike out",
           .href = "/petitions/moderate",
           .order = 11,
           .count = [mine](store::Tx& tx, const Actor& a, Micros) -> std::optional<std::int64_t> {
             auto ids = mine(tx, a);
             if (ids.empty()) return std::nullopt;
             std::int64_t n = 0;
             for (const auto& s : petitions_with_suspects(tx, ids)) n += s.suspects;
             return n;
           }}};
}

}  // namespace

modules::Module module() {
  moderation::register_content_kind(petition_content_kind());
  places::register_ward_section({.name = "petitions", .order = 20, .render = ward_section});
  auto signing = std::make_shared<Signing>();
  return {.name = "petitions",
          .nav = {{.label = "Petitions",
                   .href = "/petitions",
                   .summary = "Ask the council to act, and see how many neighbours agree, ward by ward."}},
          .register_routes =
              [signing](web::Router& router) {
                register_public_routes(router, signing);
                register_council_routes(router);
              },
          .jobs = jobs(),
          .queues = queues(),
          .personal_data = {personal_data()}};
}

}  // namespace cw::petitions
