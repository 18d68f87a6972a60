#include "modules/places/contact.h"

#include <algorithm>

#include <boost/url/parse.hpp>
#include <nlohmann/json.hpp>

#include "modules/accounts/permissions.h"
#include "modules/accounts/rules.h"
#include "modules/audit/audit.h"
#include "modules/command.h"
#include "modules/places/overview.h"
#include "modules/places/store.h"
#include "web/context.h"
#include "web/form_fields.h"
#include "web/problems.h"

namespace cw::places {

namespace {

using web::Context;
using web::FormInvalid;
using web::FormView;
using web::HttpError;
using web::Params;
using web::Request;
using web::Response;

bool is_web_address(const std::string& text) {
  auto u = boost::urls::parse_absolute_uri(text);
  return u && (u->scheme() == "https" || u->scheme() == "http") && !u->host().empty();
}

bool is_phone_number(const std::string& text) {
  auto digits = std::count_if(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  return digits >= 6 && text.size() <= 30 && std::all_of(text.begin(), text.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || ch == ' ' || ch == '+' || ch == '(' || ch == ')' || ch == '-';
         });
}

// The locality named in the path, when the actor is its admin.
LocalityRef administered(store::Tx& tx, const Context& ctx, const std::string& code) {
  auto l = find_locality(tx, code);
  if (!l) throw HttpError(404, "not_found", "There is no area with the code " + code + ".");
  if (!accounts::can(ctx.actor, accounts::Action::configure_locality, {.locality_id = l->id}))
    throw HttpError(403, "forbidden", "Only the area's admins can change how to contact the council.");
  return {l->id, l->code, l->name};
}

Response contact_page(const Request& req, Context& ctx, const FormView& form, int status = 200) {
  if (!ctx.actor) return modules::sign_in_redirect(req);
  auto [locality, saved] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = administered(tx, ctx, req.param("locality"));
    return std::pair{l, find_contact(tx, l.id)};
  });
  nlohmann::json data{
      {"errors", form.summary()},
      {"locality", {{"name", locality.name}, {"code", locality.code}}},
      {"banner", web::done_banner(req.query, {{"1", "Contact details saved"}})},
      {"website", form.field("website", "Website", saved.website,
                             {.type = "url", .hint = "For example https://www.sutton.gov.uk"})},
      {"phone", form.field("phone", "Phone number", saved.phone, {.type = "tel", .width = "20"})},
      {"email", form.field("email", "Email address", saved.email, {.type = "email"})},
      {"address", form.textarea("address", "Postal address", saved.address, {}, 3)}};
  return web::form_page(ctx, "places/contact", "How residents contact " + locality.name,
                        {"Places", "/places"}, std::move(data), form, status, "/places");
}

Response contact_post(const Request& req, Context& ctx) {
  if (!ctx.actor) return modules::sign_in_redirect(req);
  auto f = req.form();
  auto trimmed = [&](const char* name) {
    auto v = f.get_or(name, "");
    auto first = v.find_first_not_of(" \t\r\n");
    return first == std::string::npos ? std::string()
                                      : v.substr(first, v.find_last_not_of(" \t\r\n") - first + 1);
  };
  LocalityContact c{trimmed("website"), trimmed("phone"), trimmed("email"), trimmed("address")};
  auto code = req.param("locality");
  try {
    store::in_write(ctx.db, [&](store::Tx& tx) {
      auto l = administered(tx, ctx, code);
      auto problems = contact_problems(c);
      if (!problems.empty()) throw FormInvalid(problems);
      if (auto email = accounts::canonical_email(c.email)) c.email = *email;
      auto before = find_contact(tx, l.id);
      save_contact(tx, l.id, c);
      audit::record_change(tx, ctx.actor, ctx.remote_ip(), ctx.clock.now(),
                           {"locality.contact", "locality", l.id, l.id,
                            before.website + " " + before.phone + " " + before.email,
                            c.website + " " + c.phone + " " + c.email});
    });
  } catch (const FormInvalid& e) {
    return contact_page(req, ctx, FormView(f, e.errors), e.status);
  }
  return Response::redirect("/places/" + code + "/contact?done=1");
}

}  // namespace

std::vector<web::FieldError> contact_problems(const LocalityContact& c) {
  web::Problems p;
  if (!c.website.empty() && (c.website.size() > 300 || !is_web_address(c.website)))
    p.add("website", "Enter the website as a full address starting https://, like https://www.sutton.gov.uk");
  if (!c.phone.empty() && !is_phone_number(c.phone))
    p.add("phone", "Enter a phone number, like 020 8770 5000");
  if (!c.email.empty() && !accounts::canonical_email(c.email))
    p.add("email", "Enter an email address in the correct format, like name@example.com");
  if (c.address.size() > 300) p.add("address", "Keep the address to 300 characters or fewer");
  return p.errors();
}

LocalityContact find_contact(store::Tx& tx, std::int64_t locality_id) {
  auto r = tx.run(
      "SELECT contact_website, contact_phone, contact_email, contact_address FROM localities WHERE id = $1",
      locality_id);
  if (r.empty()) return {};
  const auto& row = r.rows[0];
  return {row.text(0), row.text(1), row.text(2), row.text(3)};
}

void save_contact(store::Tx& tx, std::int64_t locality_id, const LocalityContact& c) {
  tx.run(
      "UPDATE localities SET contact_website = $2, contact_phone = $3, contact_email = $4, contact_address = "
      "$5 WHERE id = $1",
      locality_id, c.website, c.phone, c.email, c.address);
}

nlohmann::json contact_view(const LocalityContact& c, const std::string& locality_name) {
  if (c.empty()) return false;
  auto or_false = [](const std::string& s) { return s.empty() ? nlohmann::json(false) : nlohmann::json(s); };
  std::string tel;
  for (char ch : c.phone)
    if ((ch >= '0' && ch <= '9') || ch == '+') tel += ch;
  return {
      {"council", locality_name},
      {"website", or_false(c.website)},
      {"phone", c.phone.empty() ? nlohmann::json(false) : nlohmann::json{{"text", c.phone}, {"tel", tel}}},
      {"email", or_false(c.email)},
      {"address", or_false(c.address)}};
}

void register_contact_routes(web::Router& router) {
  router.get("/places/{locality}/contact",
             [](const Request& req, Context& ctx) { return contact_page(req, ctx, {}); });
  router.post("/places/{locality}/contact", contact_post);
}

}  // namespace cw::places
