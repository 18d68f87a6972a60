#include "html/views.h"

#include <kainjow/mustache.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>

#include "common/resources.h"

namespace cw::html {
namespace mustache = kainjow::mustache;

namespace {

// "modules/places/views/ward.mustache" → "places/ward"; "html/views/layout.mustache" → "layout".
std::string view_name(std::string_view path) {
  constexpr std::string_view ext = ".mustache";
  path.remove_suffix(ext.size());
  if (path.starts_with("html/views/")) return std::string(path.substr(11));
  if (path.starts_with("modules/")) {
    auto rest = path.substr(8);
    auto slash = rest.find('/');
    auto module = rest.substr(0, slash);
    auto view = rest.substr(slash + 1);
    if (view.starts_with("views/")) return std::string(module) + "/" + std::string(view.substr(6));
  }
  return {};
}

mustache::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, to_data(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case nlohmann::json::value_t::string: return mustache::data{j.get<std::string>()};
    case nlohmann::json::value_t::boolean: return j.get<bool>() ? mustache::data::type::bool_true
                                                                : mustache::data::type::bool_false;
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded: return mustache::data::type::bool_false;
    default: return mustache::data{j.dump()};
  }
}

}  // namespace

struct Views::Impl {
  std::unordered_map<std::string, std::string> sources;
  // Parsed templates are copied once into each rendering thread: kainjow's render() is not const, so
  // sharing one parsed tree between threads would be a data race.
  std::unordered_map<std::string, mustache::mustache> parsed;
  mutable std::mutex copy_mutex;
};

Views::Views() : impl_(std::make_unique<Impl>()) {
  for (const auto& f : embedded_files()) {
    if (!f.path.ends_with(".mustache")) continue;
    auto name = view_name(f.path);
    if (name.empty()) continue;
    mustache::mustache m{std::string(f.content)};
    if (!m.is_valid()) throw std::runtime_error("view " + name + " does not parse: " + m.error_message());
    impl_->sources.emplace(name, std::string(f.content));
    impl_->parsed.emplace(name, std::move(m));
  }
}

Views::~Views() = default;

bool Views::has(const std::string& view) const { return impl_->parsed.count(view) > 0; }

std::string Views::render(const std::string& view, const nlohmann::json& data) const {
  thread_local std::unordered_map<const Impl*, std::unordered_map<std::string, mustache::mustache>> copies;
  auto& mine = copies[impl_.get()];
  auto it = mine.find(view);
  if (it == mine.end()) {
    std::lock_guard lock(impl_->copy_mutex);
    it = mine.emplace(view, impl_->parsed.at(view)).first;
  }
  mustache::data d = to_data(data);
  if (!d.is_object()) throw std::invalid_argument("view data must be an object: " + view);
  for (const auto& [name, source] : impl_->sources)
    if (name.starts_with("partials/")) d.set(name, mustache::partial([&src = source] { return src; }));
  return it->second.render(d);
}

}  // namespace cw::html
