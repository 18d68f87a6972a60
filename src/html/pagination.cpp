#include "html/pagination.h"

#include <cstdlib>

namespace cw::html {

nlohmann::json pagination(std::int64_t total, int page, int per_page,
                          const std::function<std::string(int)>& href) {
  using nlohmann::json;
  int pages = static_cast<int>((total + per_page - 1) / per_page);
  if (pages <= 1) return false;
  json items = json::array();
  for (int n = 1; n <= pages; ++n) {
    // First, last and the pages around the current one, as GOV.UK pagination shows them.
    if (n != 1 && n != pages && std::abs(n - page) > 2) continue;
    items.push_back({{"number", n}, {"href", href(n)}, {"current", n == page}});
  }
  return {{"previous", page > 1 ? json(href(page - 1)) : json(false)},
          {"next", page < pages ? json(href(page + 1)) : json(false)},
          {"items", std::move(items)}};
}

}  // namespace cw::html
