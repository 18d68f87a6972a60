// JSON as text for responses and storage. nlohmann::json::dump throws on a string that is not valid
// UTF-8; requests are checked where they are parsed (common/text.h), and this writes U+FFFD for
// anything that still is not, so one bad row can never break a whole page or API answer.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace cw {

// `indent` as nlohmann::json::dump takes it: -1 for one line.
inline std::string json_text(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cw
