#include "web/path_number.h"

#include <charconv>

namespace cw::web {

std::int64_t path_number(const Request& req, const std::string& name, const std::string& not_found) {
  const auto& text = req.param(name);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    throw HttpError(404, "not_found", not_found);
  return id;
}

}  // namespace cw::web
