#include "web/router.h"

#include <stdexcept>

namespace cw::web {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 1;
  while (i <= path.size()) {
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool is_param(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

// Returns -1 when the pattern does not match, else the number of literal segments (higher wins).
int match_pattern(std::string_view pattern, const std::vector<std::string_view>& path,
                  std::map<std::string, std::string>* params) {
  auto pat = segments(pattern);
  if (pat.size() != path.size()) return -1;
  int literals = 0;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (is_param(pat[i])) {
      if (path[i].empty()) return -1;
      if (params) (*params)[std::string(pat[i].substr(1, pat[i].size() - 2))] = std::string(path[i]);
    } else if (pat[i] == path[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  return literals;
}

}  // namespace

void Router::add(Method m, std::string pattern, Handler h, RouteOptions o) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  for (const auto& r : routes_)
    if (r.method == m && r.pattern == pattern)
      throw std::invalid_argument("route registered twice: " + pattern);
  routes_.push_back(Route{m, std::move(pattern), std::move(h), std::move(o)});
}

Router::Match Router::match(Method m, const std::string& path) const {
  Match out;
  auto segs = segments(path);
  Method wanted = m == Method::head ? Method::get : m;
  int best = -1;
  for (const auto& r : routes_) {
    int score = match_pattern(r.pattern, segs, nullptr);
    if (score < 0) continue;
    if (r.method != wanted) {
      auto name = std::string(method_name(r.method));
      if (std::find(out.allowed.begin(), out.allowed.end(), name) == out.allowed.end())
        out.allowed.push_back(name);
      if (r.method == Method::get) out.allowed.push_back("HEAD");
      continue;
    }
    if (score > best) {
      best = score;
      out.route = &r;
    }
  }
  if (out.route) {
    out.params.clear();
    match_pattern(out.route->pattern, segs, &out.params);
    out.allowed.clear();
  }
  return out;
}

}  // namespace cw::web
