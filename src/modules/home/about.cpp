// The pages every footer links to: the privacy notice (UK GDPR articles 13 and 14), the accessibility
// statement, cookies and how to contact whoever runs the site. The controller's name, addresses and the
// lawful bases come from the site's settings (serve's --controller-* and --lawful-basis options).
#include <map>

#include "web/context.h"
#include "web/router.h"

namespace cw::home {

namespace {

// The purposes the notice covers, with the basis it states unless the operator set another.
struct Purpose {
  const char* key;
  const char* what;
  const char* default_basis;
};
constexpr Purpose kPurposes[] = {
    {"accounts", "Your account", "Public task (UK GDPR article 6(1)(e)): running a service for residents"},
    {"petitions", "Petitions you start or sign",
     "Public task (article 6(1)(e)): the council's petition scheme"},
    {"consultations", "Your consultation responses",
     "Public task (article 6(1)(e)): consulting residents before decisions"},
    {"alerts", "Email alerts", "Consent (article 6(1)(a)): you ask for them and can stop them at any time"},
    {"assets", "Nominations, transfer requests and suggestions about community assets",
     "Legal obligation (article 6(1)(c)) for the Right to Bid; public task for the rest"},
    {"security", "Keeping the site safe (sign-in attempts, network prefixes, the audit log)",
     "Legitimate interests (article 6(1)(f)) and public task: protecting the service and showing who "
     "decided what"},
};

nlohmann::json controller_json(const web::Site::Controller& c) {
  auto or_false = [](const std::string& v) { return v.empty() ? nlohmann::json(false) : nlohmann::json(v); };
  return {{"name", c.name},
          {"email", or_false(c.email)},
          {"address", or_false(c.address)},
          {"dpo_email", or_false(c.dpo_email)},
          {"has_contact", !c.email.empty() || !c.address.empty()}};
}

web::Response privacy(const web::Request&, web::Context& ctx) {
  const auto& c = ctx.site.controller;
  nlohmann::json purposes = nlohmann::json::array();
  for (const auto& p : kPurposes) {
    auto set = c.lawful_bases.find(p.key);
    purposes.push_back({{"what", p.what},
                        {"basis", set == c.lawful_bases.end() ? std::string(p.default_basis) : set->second}});
  }
  return ctx.page("home/privacy",
                  {.title = "Privacy notice",
                   .breadcrumbs = {{"Home", "/"}},
                   .description = "How " + c.name + " uses your information on " + ctx.site.product +
                                  ": what we hold, why, for how long, and your rights."},
                  {{"controller", controller_json(c)}, {"purposes", std::move(purposes)}});
}

web::Response simple(web::Context& ctx, const std::string& view, const std::string& title,
                     const std::string& description) {
  return ctx.page(view, {.title = title, .breadcrumbs = {{"Home", "/"}}, .description = description},
                  {{"controller", controller_json(ctx.site.controller)}, {"product", ctx.site.product}});
}

}  // namespace

void register_about_routes(web::Router& router) {
  router.get("/privacy", privacy);
  router.get("/accessibility", [](const web::Request&, web::Context& ctx) {
    return simple(ctx, "home/accessibility", "Accessibility statement",
                  "How accessible this site is, what we know is not yet right, and how to tell us.");
  });
  router.get("/cookies", [](const web::Request&, web::Context& ctx) {
    return simple(ctx, "home/cookies", "Cookies",
                  "The two cookies this site sets, only for forms and signing in, and why.");
  });
  router.get("/contact", [](const web::Request&, web::Context& ctx) {
    return simple(ctx, "home/contact", "Contact us", "Who runs this site and how to get in touch.");
  });
}

}  // namespace cw::home
