// Files compiled into the binary: SQL migrations and mustache views, keyed by their path under src/
// (e.g. "modules/places/migrations/001_places.sql"). Immutable; safe from any thread.
#pragma once
#include <span>
#include <string_view>
#include <vector>

namespace cw {

struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
};

// Every embedded file, sorted by path.
std::span<const EmbeddedFile> embedded_files();

// The embedded files whose path starts with `prefix`, sorted by path.
std::vector<EmbeddedFile> embedded_files_under(std::string_view prefix);

}  // namespace cw
