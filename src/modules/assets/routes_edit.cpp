// Changing the register: officers and organisation admins add, edit and remove assets; signed-in
// residents suggest new assets and corrections; officers accept or decline suggestions. Every form
// posts back to itself and shows what was typed, with the errors, when a rule is broken.
#include <nlohmann/json.hpp>

#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/assets/routes.h"
#include "modules/assets/rules.h"
#include "modules/assets/view_models.h"
#include "web/forms.h"

namespace cw::assets {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::HttpError;
using web::Request;
using web::Response;
using Choice = web::FormView::Choice;

Response sign_in(const Request& req) {
  return Response::redirect("/account/sign-in?next=" + web::percent_encode(req.target.substr(0, 500)));
}

// A refusal that is not about a field (not allowed, gone, already done) is a page of its own.
[[noreturn]] void rethrow_as_page(const FormInvalid& e) {
  throw HttpError(e.status,
                  e.status == 403   ? "forbidden"
                  : e.status == 404 ? "not_found"
                                    : "conflict",
                  e.what());
}

bool is_field_error(const FormInvalid& e) {
  return e.status == 422;
}

enum class FormPurpose { add, edit, suggest_new, suggest_change };

struct AssetForm {
  FormPurpose purpose;
  std::string action, heading, button;
  places::LocalityRef locality;
  std::vector<places::WardRef> wards;
  AssetDraft draft;  // the values to show when nothing was submitted
  std::optional<std::int64_t> asset_id;
  bool officer = false;  // only officers say which organisation runs an asset
};

bool is_officer(const Context& ctx, std::int64_t locality_id) {
  return accounts::can(ctx.actor, accounts::Action::curate_assets, {.locality_id = locality_id});
}

json asset_form_fields(const AssetForm& f, const web::FormView& form) {
  std::vector<Choice> kinds, categories{{"", "Choose a category", ""}}, wards;
  for (const auto& k : asset_kinds()) kinds.push_back({k.name, k.label, k.hint});
  for (const auto& c : asset_categories()) categories.push_back({c.name, c.label, ""});
  for (const auto& w : f.wards) wards.push_back({w.code, w.name, ""});
  const auto& d = f.draft;
  return {
      {"kind", form.choices("kind", "What kind of asset is it?", kinds, {d.kind}, false)},
      {"category", form.select("category", "Category", categories, d.category)},
      {"name", form.field("name", "Name", d.name)},
      {"summary",
       form.field("summary", "Summary", d.summary, {.hint = "One sentence for lists, up to 240 characters"})},
      {"description",
       form.textarea("description", "Description", d.description,
                     "You can use Markdown: *emphasis*, lists with -, links as [text](https://…)", 8)},
      {"steward", form.field("steward", "Who looks after it (optional)", d.steward)},
      {"organisation",
       f.officer && f.purpose != FormPurpose::suggest_new && f.purpose != FormPurpose::suggest_change
           ? form.field(
                 "organisation", "Organisation number (optional)", d.organisation,
                 {.hint = "The admins of this organisation can then keep the asset up to date", .width = "5"})
           : json(false)},
      {"address", form.field("address", "Address (optional)", d.address, {.autocomplete = "street-address"})},
      {"postcode",
       form.field("postcode", "Postcode", d.postcode,
                  {.autocomplete = "postal-code",
                   .hint = "For a place: we put it on the map at the postcode's centre unless you give "
                           "its latitude and longitude",
                   .width = "10"})},
      {"lat",
       form.field("lat", "Latitude (optional)", d.lat, {.hint = "For example 51.3618", .width = "10"})},
      {"lon",
       form.field("lon", "Longitude (optional)", d.lon, {.hint = "For example -0.1946", .width = "10"})},
      {"wards", form.choices("wards", "Which wards does it serve?", wards, d.ward_codes, true,
                             "For groups, services, skills, networks and events. Select all that apply")},
      {"contact", form.field("contact", "Contact (optional)", d.contact,
                             {.hint = "An email address or phone number people can use"})},
      {"website", form.field("website", "Website (optional)", d.website, {.type = "url"})},
      {"opening_hours",
       form.textarea("opening_hours", "Opening hours or when it meets (optional)", d.opening_hours, "", 3)},
      {"accessibility", form.textarea("accessibility", "Accessibility (optional)", d.accessibility,
                                      "Step-free access, accessible toilets, hearing loops, quiet times", 3)},
      {"source", form.field("source", "Source of this information (optional)", d.source)},
      {"last_checked", form.field("last_checked", "Date last checked (optional)", d.last_checked,
                                  {.hint = "As YYYY-MM-DD, for example 2026-11-23", .width = "10"})}};
}

Response render_asset_form(const Context& ctx, const AssetForm& f, const web::FormView& form,
                           const web::Params& submitted, int status = 200) {
  bool suggesting = f.purpose == FormPurpose::suggest_new || f.purpose == FormPurpose::suggest_change;
  json data{{"heading", f.heading},
            {"action", f.action},
            {"button", f.button},
            {"locality_code", f.locality.code},
            {"fields", asset_form_fields(f, form)},
            {"suggesting", suggesting},
            {"note", suggesting
                         ? form.textarea("note", "Anything the council should know (optional)",
                                         submitted.get_or("note", ""), "How you know, or what has changed", 3)
                         : json(false)},
            {"back_href", f.asset_id ? asset_href(*f.asset_id) : "/assets"},
            {"errors", form.summary()}};
  return ctx.page("assets/form",
                  {.title = f.heading,
                   .breadcrumbs = {{"Home", "/"}, {"Community assets", "/assets"}},
                   .has_errors = form.has_errors(),
                   .nav_current = "/assets"},
                  std::move(data), status);
}

AssetForm new_form(const Context& ctx, const Request& req, FormPurpose purpose) {
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    AssetForm f{purpose, "", "", "", request_locality(tx, req), {}, {}, std::nullopt};
    f.wards = places::ward_refs(tx, f.locality.id);
    f.officer = is_officer(ctx, f.locality.id);
    bool add = purpose == FormPurpose::add;
    f.action = std::string(add ? "/assets/new" : "/assets/suggest") + "?locality=" + f.locality.code;
    f.heading = add ? "Add an asset to the register" : "Suggest an asset";
    f.button = add ? "Add the asset" : "Send your suggestion";
    return f;
  });
}

AssetForm existing_form(const Context& ctx, const Request& req, FormPurpose purpose) {
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    Asset a = visible_asset(tx, ctx, path_id(req));
    AssetForm f{
        purpose,     "",  "", "", locality_by_id(tx, a.locality_id), places::ward_refs(tx, a.locality_id),
        draft_of(a), a.id};
    f.officer = is_officer(ctx, a.locality_id);
    bool edit = purpose == FormPurpose::edit;
    if (edit && !can_edit(ctx.actor, a)) throw HttpError(403, "forbidden", "You cannot change this asset.");
    f.action = asset_href(a.id) + (edit ? "/edit" : "/suggest");
    f.heading = (edit ? "Change " : "Suggest a correction to ") + a.name;
    f.button = edit ? "Save the changes" : "Send your suggestion";
    return f;
  });
}

Response add_form(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto f = new_form(ctx, req, FormPurpose::add);
  if (!can_add(ctx.actor, f.locality.id))
    throw HttpError(403, "forbidden", "You cannot add assets in this area.");
  return render_asset_form(ctx, f, {}, {});
}

Response add_submit(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto f = new_form(ctx, req, FormPurpose::add);
  auto form = req.form();
  try {
    auto id = add_asset(ctx.db, acting(ctx), f.locality.id, draft_from_form(form));
    return Response::redirect(asset_href(id));
  } catch (const FormInvalid& e) {
    if (!is_field_error(e)) rethrow_as_page(e);
    return render_asset_form(ctx, f, {form, e.errors}, form, e.status);
  }
}

Response edit_form(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  return render_asset_form(ctx, existing_form(ctx, req, FormPurpose::edit), {}, {});
}

Response edit_submit(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto f = existing_form(ctx, req, FormPurpose::edit);
  auto form = req.form();
  try {
    edit_asset(ctx.db, acting(ctx), *f.asset_id, draft_from_form(form));
    return Response::redirect(asset_href(*f.asset_id));
  } catch (const FormInvalid& e) {
    if (!is_field_error(e)) rethrow_as_page(e);
    return render_asset_form(ctx, f, {form, e.errors}, form, e.status);
  }
}

Response suggest_form(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  bool change = req.path_params.contains("id");
  auto f = change ? existing_form(ctx, req, FormPurpose::suggest_change)
                  : new_form(ctx, req, FormPurpose::suggest_new);
  return render_asset_form(ctx, f, {}, {});
}

Response suggest_submit(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  bool change = req.path_params.contains("id");
  auto f = change ? existing_form(ctx, req, FormPurpose::suggest_change)
                  : new_form(ctx, req, FormPurpose::suggest_new);
  auto form = req.form();
  try {
    suggest(ctx.db, acting(ctx), f.locality.id, f.asset_id, draft_from_form(form), form.get_or("note", ""));
  } catch (const FormInvalid& e) {
    if (!is_field_error(e)) rethrow_as_page(e);
    return render_asset_form(ctx, f, {form, e.errors}, form, e.status);
  }
  return ctx.page("assets/suggested",
                  {.title = "Thank you for your suggestion",
                   .breadcrumbs = {{"Home", "/"}, {"Community assets", "/assets"}}},
                  {{"back_href", f.asset_id ? asset_href(*f.asset_id) : "/assets"}});
}

Response remove_confirm(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto f = existing_form(ctx, req, FormPurpose::edit);
  return ctx.page(
      "assets/remove",
      {.title = "Remove " + f.draft.name, .breadcrumbs = {{"Home", "/"}, {"Community assets", "/assets"}}},
      {{"name", f.draft.name},
       {"action", asset_href(*f.asset_id) + "/remove"},
       {"back_href", asset_href(*f.asset_id)}});
}

Response remove_submit(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  try {
    remove_asset(ctx.db, acting(ctx), path_id(req));
  } catch (const FormInvalid& e) {
    rethrow_as_page(e);
  }
  return Response::redirect("/assets");
}

}  // namespace

void register_suggestion_routes(web::Router& router);  // routes_suggestions.cpp

void register_edit_routes(web::Router& router) {
  router.get("/assets/new", add_form);
  router.post("/assets/new", add_submit);
  router.get("/assets/suggest", suggest_form);
  router.post("/assets/suggest", suggest_submit);
  router.get("/assets/{id}/edit", edit_form);
  router.post("/assets/{id}/edit", edit_submit);
  router.get("/assets/{id}/suggest", suggest_form);
  router.post("/assets/{id}/suggest", suggest_submit);
  router.get("/assets/{id}/remove", remove_confirm);
  router.post("/assets/{id}/remove", remove_submit);
  register_suggestion_routes(router);
}

}  // namespace cw::assets
