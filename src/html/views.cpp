#include "html/views.h"
#include "common/json_text.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <kainjow/mustache.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "common/html_escape.h"
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

// A mustache context that reads straight from the view's JSON. Values are turned into kainjow data
// only when a template asks for them: converting the whole JSON tree up front (and kainjow copying each
// subtree per level) was the largest cost of rendering a page. Lookup follows kainjow's own context:
// innermost frame first, dotted names walked within each frame.
class JsonContext final : public mustache::basic_context<std::string> {
 public:
  explicit JsonContext(const nlohmann::json& root) {
    stack_.reserve(16);
    stack_.push_back({nullptr, &root});
  }

  void push(const mustache::data* d) override { stack_.push_back({d, origin(d)}); }
  void pop() override { stack_.pop_back(); }

  const mustache::data* get(const std::string& name) const override {
    if (name == ".") return stack_.back().data ? stack_.back().data : materialise(*stack_.back().json);
    bool dotted = name.find('.') != std::string::npos;
    for (auto frame = stack_.rbegin(); frame != stack_.rend(); ++frame) {
      const nlohmann::json* j = frame->json;
      if (!dotted) {  // the common case, without splitting the name
        if (!j || !j->is_object()) continue;
        auto found = j->find(name);
        if (found != j->end()) return materialise(*found);
        continue;
      }
      std::size_t start = 0;
      while (j && start <= name.size()) {
        auto dot = name.find('.', start);
        auto part = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!j->is_object()) {
          j = nullptr;
          break;
        }
        auto found = j->find(part);
        j = found == j->end() ? nullptr : &*found;
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      if (j) return materialise(*j);
    }
    return nullptr;
  }
  const mustache::data* get_partial(const std::string&) const override { return nullptr; }

 private:
  struct Frame {
    const mustache::data* data;
    const nlohmann::json* json;  // whose fields names are looked up in; null for a scalar
  };
  // An object or list already turned into kainjow data, kept so a section that reads it twice, and the
  // items kainjow pushes while iterating a list, map back to their JSON. A page has a few dozen, so a
  // linear scan beats hashing.
  struct Made {
    const nlohmann::json* json;
    const mustache::data* data;
  };

  static mustache::data scalar(const nlohmann::json& j) {
    switch (j.type()) {
      case nlohmann::json::value_t::string:
        return mustache::data{j.get_ref<const std::string&>()};
      case nlohmann::json::value_t::boolean:
        return j.get<bool>() ? mustache::data::type::bool_true : mustache::data::type::bool_false;
      case nlohmann::json::value_t::null:
      case nlohmann::json::value_t::discarded:
        return mustache::data::type::bool_false;
      // An object only needs to be truthy and to have an address: its fields are read from the JSON.
      // kainjow treats a true value and an object alike, and true costs no allocation.
      case nlohmann::json::value_t::object:
        return mustache::data::type::bool_true;
      case nlohmann::json::value_t::array:
        return mustache::data::type::list;  // filled by materialise
      default:
        return mustache::data{json_text(j)};
    }
  }

  // The JSON behind data kainjow pushes: a list item, or an object this context made.
  const nlohmann::json* origin(const mustache::data* d) const {
    for (const auto& m : made_) {
      if (m.data == d) return m.json;
      if (m.json->is_array()) {
        const auto& items = m.data->list_value();
        std::less<const mustache::data*> before;  // a total order, even across unrelated objects
        if (!items.empty() && !before(d, &items.front()) && !before(&items.back(), d))
          return &(*m.json)[static_cast<std::size_t>(d - &items.front())];
      }
    }
    return nullptr;
  }

  const mustache::data* materialise(const nlohmann::json& j) const {
    // Booleans and nulls (most section tests) share two constants: no allocation, nothing to remember.
    static const mustache::data yes{mustache::data::type::bool_true}, no{mustache::data::type::bool_false};
    if (j.is_boolean()) return j.get<bool>() ? &yes : &no;
    if (j.is_null()) return &no;
    // Strings are copied afresh at each use: cheaper than remembering them, and nothing maps back to them.
    if (!j.is_structured()) return &arena_.emplace_back(scalar(j));
    for (const auto& m : made_)
      if (m.json == &j) return m.data;
    mustache::data& d = arena_.emplace_back(scalar(j));
    if (j.is_array())
      for (const auto& item : j) d.push_back(item.is_array() ? *materialise(item) : scalar(item));
    made_.push_back({&j, &d});
    return &d;
  }

  std::vector<Frame> stack_;
  mutable std::deque<mustache::data> arena_;  // deque: addresses stay valid as it grows
  mutable std::vector<Made> made_;
};

// kainjow writes its output through operator<<; appending to one string spares an ostringstream.
struct StringSink {
  std::string text;
  StringSink& operator<<(const std::string& s) {
    text += s;
    return *this;
  }
};

// Replaces every {{> partials/x}} with the partial's text, recursively. Mustache renders a partial in
// the caller's context, so inlining is equivalent; doing it once at start-up spares kainjow re-parsing
// each partial at every use (measured: parsing was the largest cost of rendering a page).
std::string inline_partials(const std::string& name, const std::string& text,
                            const std::unordered_map<std::string, std::string>& sources, int depth = 0) {
  static const std::regex partial_tag(R"(\{\{>\s*([^\s}]+)\s*\}\})");
  if (depth > 10) throw std::runtime_error("view " + name + ": partials nested more than 10 deep");
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), partial_tag), end; it != end; ++it) {
    out.append(last, text.cbegin() + it->position());
    auto partial = (*it)[1].str();
    auto found = sources.find(partial);
    if (found == sources.end()) throw std::runtime_error("view " + name + " uses unknown partial " + partial);
    out += inline_partials(partial, found->second, sources, depth + 1);
    last = text.cbegin() + it->position() + it->length();
  }
  out.append(last, text.cend());
  return out;
}

}  // namespace

struct Views::Impl {
  // Parsed templates are copied once into each rendering thread: kainjow's render() is not const, so
  // sharing one parsed tree between threads would be a data race.
  std::unordered_map<std::string, mustache::mustache> parsed;
  mutable std::mutex copy_mutex;
};

Views::Views() : impl_(std::make_unique<Impl>()) {
  // The sources are needed only until every partial has been inlined.
  std::unordered_map<std::string, std::string> sources;
  for (const auto& f : embedded_files()) {
    if (!f.path.ends_with(".mustache")) continue;
    auto name = view_name(f.path);
    if (!name.empty()) sources.emplace(name, std::string(f.content));
  }
  for (const auto& [name, source] : sources) {
    mustache::mustache m{inline_partials(name, source, sources)};
    if (!m.is_valid()) throw std::runtime_error("view " + name + " does not parse: " + m.error_message());
    // Plain-text views (mail bodies) are not HTML: escaping would put "&amp;" into someone's inbox.
    if (name.ends_with(".txt"))
      m.set_custom_escape([](const std::string& text) { return text; });
    else
      m.set_custom_escape([](const std::string& text) { return html_escape(text); });
    impl_->parsed.emplace(name, std::move(m));
  }
}

Views::~Views() = default;

bool Views::has(const std::string& view) const {
  return impl_->parsed.count(view) > 0;
}

std::string Views::render(const std::string& view, const nlohmann::json& data) const {
  thread_local std::unordered_map<const Impl*, std::unordered_map<std::string, mustache::mustache>> copies;
  auto& mine = copies[impl_.get()];
  auto it = mine.find(view);
  if (it == mine.end()) {
    std::lock_guard lock(impl_->copy_mutex);
    it = mine.emplace(view, impl_->parsed.at(view)).first;
  }
  if (!data.is_object()) throw std::invalid_argument("view data must be an object: " + view);
  JsonContext context(data);
  StringSink sink;
  sink.text.reserve(16 * 1024);
  it->second.render(context, sink);
  return std::move(sink.text);
}

const Views& shared_views() {
  static const Views views;
  return views;
}

}  // namespace cw::html
