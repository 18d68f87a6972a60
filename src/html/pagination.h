// Data for partials/pagination (the GOV.UK pagination component) on every list and search page.
// Pure; thread-safe.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace cw::html {

// {previous, next, items: [{number, href, current}]} for `total` things shown `per_page` at a time, with
// the first, the last and the pages within two of `page`; false when everything fits on one page.
// `href(n)` is the address of page n.
nlohmann::json pagination(std::int64_t total, int page, int per_page,
                          const std::function<std::string(int)>& href);

}  // namespace cw::html
