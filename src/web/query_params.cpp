#include "web/query_params.h"

#include <algorithm>
#include <charconv>

namespace cw::web {

std::optional<std::string> given(const Request& req, const char* name) {
  auto v = req.query.get(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

int page_number(const Request& req, int last_page) {
  auto text = req.query.get_or("page", "1");
  int page = 1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), page);
  if (ec != std::errc() || end != text.data() + text.size()) return 1;
  return std::clamp(page, 1, last_page);
}

std::string query_string(const Request& req, std::initializer_list<const char*> names, int page) {
  std::string out;
  for (const char* name : names)
    if (auto v = given(req, name))
      out += (out.empty() ? "?" : "&") + std::string(name) + "=" + percent_encode(*v);
  if (page > 1) out += (out.empty() ? "?" : "&") + std::string("page=") + std::to_string(page);
  return out;
}

}  // namespace cw::web
