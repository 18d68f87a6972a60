#include "modules/assets/service.h"
#include "common/json_text.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "common/encoding.h"
#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/assets/search_entry.h"
#include "modules/audit/audit.h"
#include "modules/mail/outbox.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "modules/places/places.h"
#include "web/forms.h"

namespace cw::assets {

namespace {

using accounts::Action;
using web::FieldError;
using web::FormInvalid;

[[noreturn]] void refuse(const std::string& message) {
  throw FormInvalid("", message, 403);
}

void audit_asset(store::Tx& tx, const Acting& who, const std::string& action, const Asset& a,
                 const std::string& before, const std::string& after) {
  audit::record_change(tx, who.actor, who.ip, who.now, {action, "asset", a.id, a.locality_id, before, after});
}

std::optional<std::int64_t> user_of(const Acting& who) {
  return who.actor ? std::optional(who.actor->user_id) : std::nullopt;
}

// A hard asset's point and ward: typed coordinates win over the postcode.
void place_hard(store::Tx& tx, std::int64_t locality_id, const AssetDraft& d, Asset& a) {
  auto locality_code = [&] {
    for (const auto& l : places::locality_refs(tx))
      if (l.id == locality_id) return l.code;
    return std::string();
  }();
  std::optional<places::Place> place;
  std::string field = "postcode";
  if (!d.lat.empty()) {
    field = "lat";
    place = places::find_point(tx, *parse_degrees(d.lon, -9, 2.5), *parse_degrees(d.lat, 49, 61));
    if (!place || place->locality_code != locality_code)
      throw FormInvalid(field,
                        "That point is not inside any ward of this area. Check the latitude and longitude");
    place->lat = *parse_degrees(d.lat, 49, 61);
    place->lon = *parse_degrees(d.lon, -9, 2.5);
  } else {
    auto postcode = places::normalise_postcode(d.postcode);
    if (!postcode) throw FormInvalid(field, "Enter a real postcode, for example SM1 1AA");
    place = places::find_postcode(tx, *postcode);
    if (!place || place->locality_code != locality_code)
      throw FormInvalid(field, *postcode +
                                   " is not a postcode in this area. Check it, or give the latitude and "
                                   "longitude instead");
  }
  a.lat = place->lat;
  a.lon = place->lon;
  a.ward_code = place->ward_code;
  a.ward_codes.clear();
  if (place->ward_code) a.ward_codes.push_back(*place->ward_code);
}

void place_soft(store::Tx& tx, std::int64_t locality_id, const AssetDraft& d, Asset& a) {
  auto wards = places::ward_refs(tx, locality_id);
  a.ward_codes.clear();
  for (const auto& code : d.ward_codes) {
    bool known = std::any_of(wards.begin(), wards.end(), [&](const auto& w) { return w.code == code; });
    if (!known)
      throw FormInvalid("wards", "Select wards from the list: " + code.substr(0, 12) + " is not one of them");
    if (std::find(a.ward_codes.begin(), a.ward_codes.end(), code) == a.ward_codes.end())
      a.ward_codes.push_back(code);
  }
  a.lat.reset();
  a.lon.reset();
  a.ward_code = a.ward_codes.empty() ? std::nullopt : std::optional(a.ward_codes.front());
}

void require_valid(const AssetDraft& d) {
  auto errors = check_draft(d);
  if (!errors.empty()) throw FormInvalid(std::move(errors));
}

Asset load(store::Tx& tx, std::int64_t id) {
  auto a = find_asset(tx, id);
  if (!a || a->status == "removed")
    throw FormInvalid("", "There is no asset with that number: it may have been removed.", 404);
  return *a;
}

}  // namespace

bool can_edit(const Actor* actor, const Asset& asset) {
  if (accounts::can(actor, Action::curate_assets, {.locality_id = asset.locality_id})) return true;
  return asset.organisation_id != 0 &&
         accounts::can(actor, Action::edit_organisation,
                       {.locality_id = asset.locality_id, .organisation_id = asset.organisation_id});
}

namespace {

// An organisation admin grant held in this locality: one elsewhere gives no say here.
bool runs_organisation_in(const RoleGrant& g, std::int64_t locality_id) {
  return g.role == accounts::role::organisation_admin && g.organisation_id && *g.organisation_id != 0 &&
         g.locality_id == locality_id;
}

}  // namespace

bool can_add(const Actor* actor, std::int64_t locality_id) {
  if (accounts::can(actor, Action::curate_assets, {.locality_id = locality_id})) return true;
  if (!actor) return false;
  return std::any_of(actor->grants.begin(), actor->grants.end(),
                     [&](const RoleGrant& g) { return runs_organisation_in(g, locality_id); });
}

Asset place_draft(store::Tx& tx, std::int64_t locality_id, const AssetDraft& d) {
  Asset a;
  a.locality_id = locality_id;
  a.kind = d.kind;
  a.category = d.category;
  a.name = d.name;
  a.summary = d.summary;
  a.description = d.description;
  a.steward = d.steward;
  a.address = d.address;
  a.postcode = places::normalise_postcode(d.postcode).value_or(d.postcode);
  a.contact = d.contact;
  a.website = d.website;
  a.opening_hours = d.opening_hours;
  a.accessibility = d.accessibility;
  a.source = d.source;
  if (!d.last_checked.empty()) a.last_checked = d.last_checked;
  if (find_kind(d.kind)->hard)
    place_hard(tx, locality_id, d, a);
  else
    place_soft(tx, locality_id, d, a);
  return a;
}

namespace {

bool curates(const Actor* actor, std::int64_t locality_id) {
  return accounts::can(actor, Action::curate_assets, {.locality_id = locality_id});
}

// Officers say which organisation runs an asset (the form's organisation number); an organisation
// admin's new assets belong to the organisation they run here (their first such role).
std::int64_t organisation_of(const Actor* actor, std::int64_t locality_id, const AssetDraft& d) {
  if (curates(actor, locality_id)) return organisation_number(d).value_or(0);
  if (!actor) return 0;
  for (const auto& g : actor->grants)
    if (runs_organisation_in(g, locality_id)) return *g.organisation_id;
  return 0;
}

std::int64_t insert_new(store::Tx& tx, const Acting& who, Asset a, const std::string& how) {
  a.created_by = user_of(who);
  a.created_at = a.updated_at = who.now;
  a.id = insert_asset(tx, a);
  set_asset_wards(tx, a.id, a.ward_codes);
  sync_search_entry(tx, a.id);
  insert_change(tx, a, "added", how, user_of(who), who.now);
  audit_asset(tx, who, "asset.add", a, "", a.name);
  return a.id;
}

// `organisation_id` replaces the asset's organisation when set (an officer's edit); suggestions and
// organisation admins leave it as it was.
void apply_edit(store::Tx& tx, const Acting& who, const Asset& before, const AssetDraft& d,
                const std::string& how, std::optional<std::int64_t> organisation_id = std::nullopt) {
  Asset a = place_draft(tx, before.locality_id, d);
  a.id = before.id;
  a.organisation_id = organisation_id.value_or(before.organisation_id);
  a.updated_at = who.now;
  update_asset(tx, a);
  set_asset_wards(tx, a.id, a.ward_codes);
  sync_search_entry(tx, a.id);
  insert_change(tx, a, "updated", how, user_of(who), who.now);
  audit_asset(tx, who, "asset.edit", a, before.name, a.name);
}

}  // namespace

std::int64_t add_asset(store::Db& db, const Acting& who, std::int64_t locality_id, const AssetDraft& d) {
  if (!can_add(who.actor, locality_id)) refuse("You cannot add assets in this area.");
  require_valid(d);
  return store::in_write(db, [&](store::Tx& tx) {
    Asset a = place_draft(tx, locality_id, d);
    a.organisation_id = organisation_of(who.actor, locality_id, d);
    return insert_new(tx, who, std::move(a), "Added to the register");
  });
}

void edit_asset(store::Db& db, const Acting& who, std::int64_t asset_id, const AssetDraft& d) {
  require_valid(d);
  store::in_write(db, [&](store::Tx& tx) {
    Asset before = load(tx, asset_id);
    if (!can_edit(who.actor, before)) refuse("You cannot change this asset.");
    std::optional<std::int64_t> organisation;
    if (curates(who.actor, before.locality_id)) organisation = organisation_number(d).value_or(0);
    apply_edit(tx, who, before, d, "Details updated", organisation);
  });
}

void remove_asset(store::Db& db, const Acting& who, std::int64_t asset_id) {
  store::in_write(db, [&](store::Tx& tx) {
    Asset a = load(tx, asset_id);
    if (!can_edit(who.actor, a)) refuse("You cannot remove this asset.");
    set_asset_status(tx, a.id, "removed", who.now);
    sync_search_entry(tx, a.id);
    insert_change(tx, a, "removed", "Taken off the register", user_of(who), who.now);
    audit_asset(tx, who, "asset.remove", a, a.status, "removed");
  });
}

std::int64_t add_photo(store::Db& db, const Acting& who, std::int64_t asset_id, const NewPhoto& p) {
  if (p.alt_text.size() > kShortFieldMax)
    throw FormInvalid("alt_text", "The description of the photo must be 300 characters or fewer");
  return store::in_write(db, [&](store::Tx& tx) {
    Asset a = load(tx, asset_id);
    if (!can_edit(who.actor, a)) refuse("You cannot add photos to this asset.");
    if (list_photos(tx, asset_id).size() >= 12)
      throw FormInvalid("photo", "An asset can have up to 12 photos. Remove one before adding another");
    Photo row{0,       asset_id, p.content_type, p.alt_text, sha256_hex(p.bytes),
              p.width, p.height, base64(p.bytes)};
    auto id = insert_photo(tx, row, user_of(who), who.now);
    insert_change(tx, a, "photo_added", "A photo was added", user_of(who), who.now);
    audit_asset(tx, who, "asset.photo_add", a, "", "photo " + std::to_string(id));
    return id;
  });
}

void remove_photo(store::Db& db, const Acting& who, std::int64_t asset_id, std::int64_t photo_id) {
  store::in_write(db, [&](store::Tx& tx) {
    Asset a = load(tx, asset_id);
    if (!can_edit(who.actor, a)) refuse("You cannot remove photos of this asset.");
    delete_photo(tx, asset_id, photo_id);
    audit_asset(tx, who, "asset.photo_remove", a, "photo " + std::to_string(photo_id), "");
  });
}

std::int64_t suggest(store::Db& db, const Acting& who, std::int64_t locality_id,
                     std::optional<std::int64_t> asset_id, const AssetDraft& d, const std::string& note) {
  if (!accounts::can(who.actor, Action::act_as_resident)) refuse("Sign in to suggest an asset.");
  require_valid(d);
  if (note.size() > kLongFieldMax) throw FormInvalid("note", "Your note must be 2000 characters or fewer");
  return store::in_write(db, [&](store::Tx& tx) {
    if (asset_id) locality_id = load(tx, *asset_id).locality_id;
    place_draft(tx, locality_id, d);  // refuses unknown places now, not when an officer reviews it
    Suggestion s;
    s.locality_id = locality_id;
    s.asset_id = asset_id;
    s.fields_json = draft_to_json(d);
    s.note = note;
    s.user_id = user_of(who);
    auto id = insert_suggestion(tx, s, who.now);
    audit::record_audit(tx,
                        {.actor_user_id = user_of(who),
                         .actor_label = who.actor->email,
                         .action = asset_id ? "asset.suggest_change" : "asset.suggest",
                         .object_type = "asset_suggestion",
                         .object_id = std::to_string(id),
                         .locality_id = locality_id,
                         .ip = who.ip,
                         .after = d.name.substr(0, 200)},
                        who.now);
    return id;
  });
}

namespace {

Suggestion open_suggestion(store::Tx& tx, const Acting& who, std::int64_t id) {
  auto s = find_suggestion(tx, id);
  if (!s || s->status != "open") throw FormInvalid("", "That suggestion has already been dealt with.", 409);
  if (!accounts::can(who.actor, Action::curate_assets, {.locality_id = s->locality_id}))
    refuse("You cannot review suggestions in this area.");
  return *s;
}

// Tells the resident who made the suggestion what became of it. The name stays out of the subject: it
// is what someone typed, and a header is no place for it.
void tell_suggester(store::Tx& tx, const Acting& who, const Suggestion& s, const std::string& outcome,
                    std::vector<std::string> paragraphs, std::optional<std::int64_t> asset_id) {
  if (!who.views || !s.user_id) return;
  auto to = accounts::contact_of(tx, *s.user_id);
  if (!to) return;
  nlohmann::json data{{"subject", "Your suggestion for the community asset register"},
                      {"greeting", "Hello " + to->display_name + ","},
                      {"paragraphs", std::move(paragraphs)},
                      {"footer", "You are told because you sent this suggestion to " + who.base_url + "."}};
  if (asset_id)
    data["action"] = {{"label", "See the asset"},
                      {"url", who.base_url + "/assets/" + std::to_string(*asset_id)}};
  mail::enqueue_mail(
      tx, mail::render_mail(*who.views, "mail/notice", data, to->email, "assets.suggestion_" + outcome),
      who.now);
}

std::string suggested_name(const Suggestion& s) {
  return s.asset_id ? s.asset_name : draft_from_json(s.fields_json).name;
}

}  // namespace

std::int64_t accept_suggestion(store::Db& db, const Acting& who, std::int64_t suggestion_id) {
  return store::in_write(db, [&](store::Tx& tx) {
    Suggestion s = open_suggestion(tx, who, suggestion_id);
    AssetDraft d = draft_from_json(s.fields_json);
    require_valid(d);
    std::int64_t id = 0;
    if (s.asset_id) {
      apply_edit(tx, who, load(tx, *s.asset_id), d, "Corrected from a resident's suggestion");
      id = *s.asset_id;
    } else {
      Asset a = place_draft(tx, s.locality_id, d);
      a.source = a.source.empty() ? "Suggested by a resident" : a.source;
      id = insert_new(tx, who, std::move(a), "Added from a resident's suggestion");
    }
    close_suggestion(tx, suggestion_id, "accepted", "", who.actor->user_id, who.now);
    tell_suggester(tx, who, s, "accepted",
                   {"Thank you: the council has accepted your suggestion about " + suggested_name(s) +
                    ", and the register now shows it."},
                   id);
    return id;
  });
}

void decline_suggestion(store::Db& db, const Acting& who, std::int64_t suggestion_id,
                        const std::string& reason) {
  if (reason.size() > kLongFieldMax)
    throw FormInvalid("reason", "The reason must be 2000 characters or fewer");
  store::in_write(db, [&](store::Tx& tx) {
    Suggestion s = open_suggestion(tx, who, suggestion_id);
    close_suggestion(tx, suggestion_id, "declined", reason, who.actor->user_id, who.now);
    std::vector<std::string> said{"Thank you for your suggestion about " + suggested_name(s) +
                                  ". The council has looked at it and decided not to change the register."};
    if (!reason.empty()) said.push_back("The reason given: " + reason);
    tell_suggester(tx, who, s, "declined", std::move(said), std::nullopt);
    audit::record_audit(tx,
                        {.actor_user_id = who.actor->user_id,
                         .actor_label = who.actor->email,
                         .action = "asset.suggestion_decline",
                         .object_type = "asset_suggestion",
                         .object_id = std::to_string(s.id),
                         .locality_id = s.locality_id,
                         .ip = who.ip,
                         .after = reason.substr(0, 200)},
                        who.now);
  });
}

AssetDraft draft_of(const Asset& a) {
  AssetDraft d{a.kind,
               a.category,
               a.name,
               a.summary,
               a.description,
               a.steward,
               a.address,
               a.postcode,
               a.contact,
               a.website,
               a.opening_hours,
               a.accessibility,
               a.source,
               a.last_checked.value_or(""),
               "",
               "",
               a.ward_codes,
               a.organisation_id ? std::to_string(a.organisation_id) : ""};
  if (a.lat && a.lon) {
    d.lat = nlohmann::json(*a.lat).dump();
    d.lon = nlohmann::json(*a.lon).dump();
  }
  return d;
}

namespace {

#define CW_DRAFT_FIELDS(X) \
  X(kind)                  \
  X(category)              \
  X(name)                  \
  X(summary)               \
  X(description)           \
  X(steward)               \
  X(address)               \
  X(postcode) X(contact) X(website) X(opening_hours) X(accessibility) X(source) X(last_checked) X(lat) X(lon)

}  // namespace

std::string draft_to_json(const AssetDraft& d) {
  nlohmann::json j;
#define CW_PUT(f) j[#f] = d.f;
  CW_DRAFT_FIELDS(CW_PUT)
#undef CW_PUT
  j["wards"] = d.ward_codes;
  return json_text(j);
}

AssetDraft draft_from_json(const std::string& json) {
  auto j = nlohmann::json::parse(json);
  AssetDraft d;
#define CW_GET(f) d.f = j.value(#f, std::string());
  CW_DRAFT_FIELDS(CW_GET)
#undef CW_GET
  d.ward_codes = j.value("wards", std::vector<std::string>{});
  return d;
}

}  // namespace cw::assets
