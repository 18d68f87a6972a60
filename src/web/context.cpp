#include "web/context.h"

#include <cctype>

#include "web/csrf.h"

namespace cw::web {

namespace {
constexpr std::string_view kContentMarker =
    "\x1f"
    "page content"
    "\x1f";
}  // namespace

std::string Context::csrf_token() const {
  return actor ? session_csrf_token(csrf_key, actor->session_key) : std::string(kAnonymousCsrfMarker);
}

const std::string& Context::remote_ip() const {
  static const std::string none;
  return request ? request->remote_ip : none;
}

Response Context::page(const std::string& view, const PageMeta& meta, nlohmann::json data, int status) const {
  auto token = csrf_token();
  if (data.is_object()) {
    if (!data.contains("csrf_token")) data["csrf_token"] = token;
    if (!data.contains("signed_in")) data["signed_in"] = actor != nullptr;
  }
  std::string content = views.render(view, data);
  nlohmann::json nav = nlohmann::json::array();
  for (const auto& n : site.nav) {
    bool current =
        !meta.nav_current.empty() ? n.href == meta.nav_current : request && request->path.starts_with(n.href);
    nav.push_back({{"label", n.label}, {"href", n.href}, {"current", current}});
  }
  nlohmann::json crumbs = nlohmann::json::array();
  for (const auto& b : meta.breadcrumbs) crumbs.push_back({{"label", b.label}, {"href", b.href}});
  nlohmann::json layout{
      {"product", site.product},
      {"page_title", (meta.has_errors ? "Error: " : "") + meta.title + " – " + site.product},
      {"description", !meta.description.empty()
                          ? meta.description
                          : meta.title + ", on " + site.product +
                                ": petitions, consultations, community assets and local services, run by "
                                "residents together with their council."},
      {"nav", nav},
      {"breadcrumbs", crumbs},
      {"has_breadcrumbs", !meta.breadcrumbs.empty()},
      {"assets", site.assets},
      {"attribution", site.attribution},
      {"content", kContentMarker},
      {"signed_in", actor != nullptr},
      {"has_work", actor != nullptr && actor->holds_a_role()},
      {"second_factor_due", actor != nullptr && actor->second_factor_due &&
                                !(request && request->path.starts_with("/account/two-factor"))},
      {"work_current", request && request->path == "/manage"},
      {"account_current", request && request->path.starts_with("/account")},
      {"csrf_token", std::move(token)},
  };
  // The page's HTML is spliced in after rendering rather than passed as template data, which would copy
  // it twice more. Only fixed text follows the marker in the layout, so the last one found is the real one.
  std::string html = views.render("layout", layout);
  auto at = html.rfind(kContentMarker);
  html.replace(at, kContentMarker.size(), content);
  return Response::html(std::move(html), status);
}

std::string url_origin(const std::string& url) {
  std::size_t start = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
  if (start == 0) return {};
  auto end = url.find('/', start);
  auto origin = url.substr(0, end);
  if (origin.size() == start) return {};
  // Host names, IPv4 and ports only: anything else could smuggle text into the CSP header.
  for (std::size_t i = start; i < origin.size(); ++i) {
    char c = origin[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':') return {};
  }
  return origin;
}

}  // namespace cw::web
