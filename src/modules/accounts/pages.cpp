#include "modules/accounts/pages.h"

#include <ctime>

#include "web/auth.h"
#include "web/cookies.h"

namespace cw::accounts {

AccountService service(const web::Context& ctx) {
  return AccountService(ctx.db, ctx.views, ctx.clock, ctx.site.base_url);
}

std::string session_cookie(const web::Context& ctx, const std::string& value) {
  // A browser-session cookie (no Max-Age): closing the browser signs out, which is what people expect
  // on a shared computer in a library. The server ends it anyway after 2 idle hours or 30 days.
  web::CookieOptions o{.secure = ctx.site.behind_tls, .max_age = value.empty() ? 0 : -1};
  return web::set_cookie_header(web::session_cookie_name(ctx.site.behind_tls), value.empty() ? "x" : value,
                                o);
}

std::string safe_next(const std::string& next) {
  if (next.size() < 2 || next.size() > 500 || next[0] != '/' || next[1] == '/' || next[1] == '\\')
    return "/account";
  for (unsigned char c : next)
    if (c < 0x20 || c == 0x7f) return "/account";
  return next;
}

web::Response form_page(const web::Context& ctx, const std::string& view, const std::string& title,
                        nlohmann::json data, const web::FormView& form, int status) {
  data["errors"] = form.summary();
  return ctx.page(view,
                  {.title = title,
                   .breadcrumbs = {{"Home", "/"}},
                   .has_errors = form.has_errors(),
                   .nav_current = "/account"},
                  std::move(data), status);
}

}  // namespace cw::accounts
