// The template registry: every mustache view, parsed once at start-up, rendered with HTML escaping on
// ({{x}} escapes; {{{x}}} is reserved for HTML the program built itself). Views are named by path:
// "layout", "partials/…" (src/html/views) and "<module>/<view>" (src/modules/<module>/views). A view whose
// name ends in ".txt" (file `x.txt.mustache`, e.g. a plain-text mail body) is rendered without escaping.
// Immutable after construction; render() is safe from any thread.
#pragma once
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace cw::html {

class Views {
 public:
  // Loads every embedded *.mustache file. Throws std::runtime_error naming a view that does not parse.
  Views();
  ~Views();
  Views(const Views&) = delete;
  Views& operator=(const Views&) = delete;

  // REQUIRES: the view exists (throws std::out_of_range otherwise). Partials: {{> partials/x}}.
  std::string render(const std::string& view, const nlohmann::json& data) const;
  bool has(const std::string& view) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The process's one parsed set, built on first use. A runtime uses it, and so do tests that build many
// services or servers in one process: parsing every view is most of a small test's time under the
// sanitizers, and each thread keeps its own copy of each set it renders with.
const Views& shared_views();

}  // namespace cw::html
